/** Read-only summaries of a store: schema version, table counts, date range. */
import type Database from 'better-sqlite3';

/** Tables reported by `desk info`, in display order. */
export const COUNTED_TABLES = [
  'products', 'images', 'inventory', 'customers', 'orders', 'order_lines', 'daily_sales', 'browsing_events',
  'competitor_prices', 'signals', 'promotions', 'calendar_events', 'price_history', 'conversations', 'messages',
  'kb_articles', 'jobs', 'model_runs', 'import_runs',
] as const;

/** Row counts per table. */
export function tableCounts(db: Database.Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of COUNTED_TABLES) {
    out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}

/** First and last date with sales (from daily_sales), or nulls for an empty store. */
export function salesDateRange(db: Database.Database): { from: string | null; to: string | null } {
  const r = db.prepare('SELECT min(date) AS from_, max(date) AS to_ FROM daily_sales').get() as { from_: string | null; to_: string | null };
  return { from: r.from_, to: r.to_ };
}
