/**
 * Stock on hand as Inventory shows it, in one place: a store may count stock in several warehouses (locations), each on
 * its own days, so a product's stock is the sum over locations of each location's latest count. Taking only the rows
 * of the product's latest count date drops a warehouse counted a day earlier.
 */
import type Database from 'better-sqlite3';

/**
 * SQL of each product's stock now, for a CTE (`WITH stock AS (${STOCK_NOW_SQL}) …`): columns product_id, on_hand,
 * on_order, each location's latest count summed over locations. Products without any count have no row.
 */
export const STOCK_NOW_SQL = stockNowSql('');

/** The same as STOCK_NOW_SQL for one product (bound as @productId), read through the primary key. */
const STOCK_ONE_SQL = stockNowSql('WHERE product_id = @productId');

function stockNowSql(filter: string): string {
  return `SELECT i.product_id, sum(i.on_hand) AS on_hand, sum(i.on_order) AS on_order
            FROM inventory i
            JOIN (SELECT product_id, location_id, max(date) AS d FROM inventory ${filter} GROUP BY product_id, location_id) last
              ON last.product_id = i.product_id AND last.location_id = i.location_id AND last.d = i.date
           GROUP BY i.product_id`;
}

/** One product's stock now (each location's latest count, summed), or null when it was never counted. */
export function productStock(db: Database.Database, productId: number): { onHand: number; onOrder: number } | null {
  const r = db.prepare(STOCK_ONE_SQL).get({ productId }) as { on_hand: number; on_order: number } | undefined;
  return r ? { onHand: r.on_hand, onOrder: r.on_order } : null;
}
