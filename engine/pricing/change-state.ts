/** Where a product's price stands today, from its price history: what the per-day, changes-per-day and cool-down guardrails need. */
import type Database from 'better-sqlite3';

/** Changes made today, the price in force when the day began, and the time of the last change. */
export interface ChangeState {
  changesToday: number;
  priceAtStartOfDay: number;
  lastChangeAt: string | null;
}

/** Reads a product's change state at `now` (ISO); with no history before today the current price opened the day. */
export function changeState(db: Database.Database, productId: number, currentPrice: number, now: string): ChangeState {
  const today = now.slice(0, 10);
  const r = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM price_history WHERE product_id = ? AND substr(effective_at, 1, 10) = ?) AS n,
              (SELECT price FROM price_history WHERE product_id = ? AND effective_at < ? ORDER BY effective_at DESC LIMIT 1) AS opening,
              (SELECT MAX(effective_at) FROM price_history WHERE product_id = ?) AS at`,
    )
    .get(productId, today, productId, today, productId) as { n: number; opening: number | null; at: string | null };
  return { changesToday: r.n, priceAtStartOfDay: r.n > 0 && r.opening !== null ? r.opening : currentPrice, lastChangeAt: r.at };
}
