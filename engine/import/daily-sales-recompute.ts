/** Set-based upkeep of daily_sales for bulk loads: the per-row triggers stand aside and whole days are recomputed. */

import { VOID_SQL } from './order-status';

/** The one-row table whose row makes the daily_sales triggers stand aside (migration 006). */
export const BULK_FLAG_TABLE = 'daily_sales_bulk';

/** TEMP tables the recompute uses; the caller drops them afterwards. */
export const RECOMPUTE_TABLES = ['temp.import_days'] as const;

/** Statements that turn the triggers off for the rest of this transaction (run first, inside the write transaction). */
export const BEGIN_BULK = [
  `INSERT INTO ${BULK_FLAG_TABLE} (id) VALUES (1)`,
  'DROP TABLE IF EXISTS temp.import_days',
  'CREATE TABLE temp.import_days (date TEXT PRIMARY KEY) WITHOUT ROWID',
] as const;

/** Adds the days of timestamp (or date) `column` over `from` (a FROM ... WHERE tail) to the days to recompute. */
export function touchDays(column: string, from: string): string {
  return `INSERT OR IGNORE INTO temp.import_days (date) SELECT DISTINCT substr(${column}, 1, 10) FROM ${from}`;
}

/**
 * Makes daily_sales agree with order_lines on every touched day, then turns the triggers back on. Per product and
 * day: units, revenue and the number of lines (source 'orders') of orders that are sales (not cancelled or unpaid:
 * order-status.ts), as the triggers keep them. Rows of those days are
 * first set to zero, so a row whose lines all left stays at zero, as the delete trigger leaves it; the stockout
 * flag is never touched.
 */
export const END_BULK = [
  `UPDATE daily_sales SET units = 0, revenue = 0, order_count = 0
    WHERE source = 'orders' AND date IN (SELECT date FROM temp.import_days) AND (units <> 0 OR revenue <> 0 OR order_count <> 0)`,
  // CROSS JOIN fixes the order: days outer, orders by their ordered_at index, lines by (order_id, line_no), so the cost
  // follows the lines on touched days, not every line in the store.
  `INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
    SELECT l.product_id, d.date, sum(l.quantity), sum(l.quantity * l.unit_price - l.discount), count(*), 'orders'
    FROM temp.import_days d
    CROSS JOIN orders o ON o.ordered_at >= d.date AND o.ordered_at < d.date || char(1114111) AND substr(o.ordered_at, 1, 10) = d.date
      AND o.status NOT IN ${VOID_SQL}
    CROSS JOIN order_lines l ON l.order_id = o.id
    GROUP BY d.date, l.product_id
    ON CONFLICT (product_id, date) DO UPDATE SET
      units = excluded.units, revenue = excluded.revenue, order_count = excluded.order_count, source = 'orders'`,
  `DELETE FROM ${BULK_FLAG_TABLE}`,
] as const;
