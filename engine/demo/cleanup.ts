/** Removes what a failed or cancelled demo generation had already committed, leaving an empty store. */
import type Database from 'better-sqlite3';

/** Tables the generator writes, children before parents. */
export const DEMO_TABLES = [
  'tryon_photos',
  'browsing_events', 'messages', 'conversations', 'kb_articles', 'demo_truth', 'signals', 'competitor_prices', 'inventory', 'locations',
  'daily_sales', 'order_lines', 'orders', 'customers', 'price_history', 'promotions', 'calendar_events', 'images', 'products',
] as const;

/** Deletes every row the generator writes (the store was empty when it started). */
export function wipeDemo(db: Database.Database): void {
  db.transaction(() => {
    for (const t of DEMO_TABLES) db.prepare(`DELETE FROM ${t}`).run();
  })();
}
