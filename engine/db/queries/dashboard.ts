/** Read-only aggregates for the dashboard: KPIs per period, daily trend, movers and stock alerts. */
import type Database from 'better-sqlite3';
import { onHandAsOfSql, STOCK_NOW_SQL } from './inventory';

/** Shifts a 'YYYY-MM-DD' date by whole days. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Last date with sales, or null for a store without sales. */
export function lastSalesDate(db: Database.Database): string | null {
  const r = db.prepare('SELECT max(date) AS d FROM daily_sales').get() as { d: string | null };
  return r.d;
}

/** Totals of one period. */
export interface PeriodTotals {
  revenue: number;
  units: number;
  cogs: number;
  stockoutDays: number;
  activeSkus: number;
}

/** Sums daily_sales over [from, to] (dates inclusive); cost comes from products.cost (0 when unknown). */
export function periodTotals(db: Database.Database, from: string, to: string): PeriodTotals {
  const r = db
    .prepare(
      `SELECT coalesce(sum(s.revenue), 0) AS revenue, coalesce(sum(s.units), 0) AS units,
              coalesce(sum(s.units * coalesce(p.cost, 0)), 0) AS cogs, coalesce(sum(s.stockout), 0) AS stockoutDays,
              count(DISTINCT CASE WHEN s.units > 0 THEN s.product_id END) AS activeSkus
         FROM daily_sales s JOIN products p ON p.id = s.product_id
        WHERE s.date BETWEEN ? AND ?`,
    )
    .get(from, to) as PeriodTotals;
  return r;
}

/**
 * Units on hand over all products as Inventory showed them on `asOf` (the end of a Dashboard period): each location's
 * latest count on or before it, summed; null without any count by then. A count after `asOf` belongs to a later period.
 */
export function onHandAsOf(db: Database.Database, asOf: string): number | null {
  const r = db.prepare(`SELECT sum(${onHandAsOfSql('p.id', '@asOf')}) AS n FROM products p`).get({ asOf }) as { n: number | null };
  return r.n;
}

/** One day of the trend. */
export interface DailyPoint {
  date: string;
  revenue: number;
  units: number;
}

/** Revenue and units per day over [from, to]; days without rows are absent. */
export function dailyTotals(db: Database.Database, from: string, to: string): DailyPoint[] {
  return db
    .prepare('SELECT date, sum(revenue) AS revenue, sum(units) AS units FROM daily_sales WHERE date BETWEEN ? AND ? GROUP BY date ORDER BY date')
    .all(from, to) as DailyPoint[];
}

/** One product's units in the current and previous period. */
export interface MoverRow {
  productId: number;
  sku: string;
  titleZh: string | null;
  titleEn: string | null;
  units: number;
  prevUnits: number;
  change: number;
}

/** Products ranked by units change between the previous period and the current one. */
export function movers(db: Database.Database, prevFrom: string, from: string, to: string, limit: number): { top: MoverRow[]; bottom: MoverRow[] } {
  const sql = (dir: 'DESC' | 'ASC'): string => `
    WITH u AS (
      SELECT product_id,
             sum(CASE WHEN date >= @from THEN units ELSE 0 END) AS units,
             sum(CASE WHEN date < @from THEN units ELSE 0 END) AS prevUnits
        FROM daily_sales WHERE date BETWEEN @prevFrom AND @to GROUP BY product_id)
    SELECT p.id AS productId, p.sku, p.title_zh AS titleZh, p.title_en AS titleEn, u.units, u.prevUnits,
           u.units - u.prevUnits AS change
      FROM u JOIN products p ON p.id = u.product_id
     ORDER BY change ${dir}, p.sku LIMIT @limit`;
  const params = { prevFrom, from, to, limit };
  const top = (db.prepare(sql('DESC')).all(params) as MoverRow[]).filter((r) => r.change > 0);
  const bottom = (db.prepare(sql('ASC')).all(params) as MoverRow[]).filter((r) => r.change < 0);
  return { top, bottom };
}

/** An active product's stock and its sales rate of the 28 days ending `end` (what the days of cover count without a forecast). */
export interface SalesRate {
  productId: number;
  sku: string;
  titleZh: string | null;
  titleEn: string | null;
  onHand: number | null;
  dailyDemand: number;
}

/**
 * Active products that sold in the 28 days ending `end`: units over 28 days and on hand summed at each location's
 * latest count on or before `end`, or with `stockNow` at its latest count of all, as Inventory's on-hand column shows
 * it (a count made after the last sales day is the stock there is now).
 */
export function salesRates28(db: Database.Database, end: string, opts: { stockNow?: boolean } = {}): SalesRate[] {
  const onHand = opts.stockNow ? '(SELECT inv.on_hand FROM inv WHERE inv.product_id = p.id)' : onHandAsOfSql('p.id', '@end');
  return db
    .prepare(
      `WITH v AS (SELECT product_id, sum(units) / 28.0 AS vel FROM daily_sales WHERE date BETWEEN @start AND @end GROUP BY product_id HAVING vel > 0)${opts.stockNow ? `,
       inv AS (${STOCK_NOW_SQL})` : ''}
       SELECT p.id AS productId, p.sku, p.title_zh AS titleZh, p.title_en AS titleEn, v.vel AS dailyDemand,
              ${onHand} AS onHand
         FROM v JOIN products p ON p.id = v.product_id
        WHERE p.status = 'active'`,
    )
    .all({ end, start: addDays(end, -27) }) as SalesRate[];
}

/** A product that was out of stock on some recent day. */
export interface StockoutAlert {
  productId: number;
  sku: string;
  titleZh: string | null;
  titleEn: string | null;
  stockoutDays: number;
  lastStockout: string;
}

/** Products flagged out of stock in daily_sales during the 7 days ending `end`. */
export function recentStockouts(db: Database.Database, end: string, limit: number): { rows: StockoutAlert[]; total: number } {
  const rows = db
    .prepare(
      `SELECT p.id AS productId, p.sku, p.title_zh AS titleZh, p.title_en AS titleEn,
              count(*) AS stockoutDays, max(s.date) AS lastStockout
         FROM daily_sales s JOIN products p ON p.id = s.product_id
        WHERE s.date BETWEEN ? AND ? AND s.stockout = 1
        GROUP BY p.id ORDER BY stockoutDays DESC, p.sku`,
    )
    .all(addDays(end, -6), end) as StockoutAlert[];
  return { rows: rows.slice(0, limit), total: rows.length };
}
