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

/**
 * SQL of a product's units on hand as Inventory showed them on a past day, as a scalar expression: per location its
 * latest count on or before `asOf`, summed; NULL when none was counted by then. `productId` and `asOf` are SQL (a
 * column such as `p.id`, a bound parameter such as `@end`). One primary-key seek per location: reading the stock of a
 * few days (the Dashboard's period ends) this way is much cheaper than grouping the whole inventory history.
 */
export function onHandAsOfSql(productId: string, asOf: string): string {
  return `(SELECT sum((SELECT i.on_hand FROM inventory i WHERE i.product_id = ${productId} AND i.location_id = l.id AND i.date <= ${asOf}
                       ORDER BY i.date DESC LIMIT 1)) FROM locations l)`;
}

/** One product's stock now (each location's latest count, summed), or null when it was never counted. */
export function productStock(db: Database.Database, productId: number): { onHand: number; onOrder: number } | null {
  const r = db.prepare(STOCK_ONE_SQL).get({ productId }) as { on_hand: number; on_order: number } | undefined;
  return r ? { onHand: r.on_hand, onOrder: r.on_order } : null;
}

/** A product's stock on a day some location of it was counted. */
export interface StockOnDay {
  productId: number;
  date: string;
  onHand: number;
}

/**
 * Each product's stock on every day on or after `from` that one of its locations was counted: per location its latest
 * count on or before that day, summed (a warehouse counted on another day, even before `from`, keeps its count), by
 * product then date. A day with only one warehouse counted is neither a stockout because the other was not counted
 * that day, nor short of the other's stock. The store is busy reading until the loop over it ends: query it after.
 */
export function* stockOnCountDays(db: Database.Database, from: string): Generator<StockOnDay> {
  // The counts since `from` and, per location, its latest count before it (SQLite gives on_hand of the max(date) row).
  const rows = db
    .prepare(
      `SELECT product_id, location_id, date, on_hand FROM inventory WHERE date >= @from
       UNION ALL
       SELECT product_id, location_id, max(date), on_hand FROM inventory WHERE date < @from GROUP BY product_id, location_id
       ORDER BY 1, 3`,
    )
    .raw()
    .iterate({ from }) as Iterable<[number, number, string, number]>;
  let pid = -1;
  let date = '';
  const byLocation = new Map<number, number>();
  const day = (): StockOnDay => {
    let onHand = 0;
    for (const v of byLocation.values()) onHand += v;
    return { productId: pid, date, onHand };
  };
  for (const [p, loc, d, onHand] of rows) {
    if (p !== pid || d !== date) {
      if (pid !== -1 && date >= from) yield day();
      if (p !== pid) byLocation.clear();
      pid = p;
      date = d;
    }
    byLocation.set(loc, onHand);
  }
  if (pid !== -1 && date >= from) yield day();
}
