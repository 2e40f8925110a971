/**
 * Days of cover for the Dashboard's low-cover alert and Inventory's filter on it, counted as the plan counts them (so
 * as Inventory's days-of-cover column shows them): one definition, with the basis it was counted on.
 */
import type Database from 'better-sqlite3';
import { lastSalesDate, salesRates28 } from '../db/queries/dashboard';
import { planningProducts, recentSales } from '../db/queries/planning';
import { addDays } from '../forecast/dates';
import { coverDays, dailyDemand, forecastDemand, salesWindow } from './demand';
import { forecastFreshness, type ForecastFreshness } from './freshness';
import { planDates } from './plan';

/** What the days of cover were counted from: the stored forecast (as Planning plans), or the last 28 days' sales. */
export type CoverBasis = 'forecast' | 'sales28';

/** A product with few days of stock left. */
export interface CoverAlert {
  productId: number;
  sku: string;
  titleZh: string | null;
  titleEn: string | null;
  onHand: number;
  /** Units a day the cover is counted at (the forecast's mean P50, or the sales rate). */
  dailyDemand: number;
  daysOfCover: number;
}

/**
 * The basis of the cover as of `end`: the forecast when the store holds one for its active products and `end` is the
 * last sales day (the forecast runs from there; Planning and Inventory's column count with it), else the 28 days of
 * sales ending `end`.
 */
export function coverBasis(db: Database.Database, end: string): CoverBasis {
  if (end !== lastSalesDate(db)) return 'sales28';
  const has = db.prepare("SELECT EXISTS (SELECT 1 FROM forecasts f JOIN products p ON p.id = f.product_id WHERE p.status = 'active') AS x").get() as { x: number };
  return has.x ? 'forecast' : 'sales28';
}

/** A product's stock, demand and days of cover (null: no demand, no number of days). */
type CoverRow = Omit<CoverAlert, 'daysOfCover'> & { daysOfCover: number | null };

/** Every active product with a stock record and its days of cover, counted as the plan counts them. */
function forecastCover(db: Database.Database): CoverRow[] {
  const { asOf } = planDates(db);
  const means = forecastDemand(db);
  const products = planningProducts(db);
  // A SKU the forecast left out is planned at its sales velocity: only those need their sales read.
  const without = products.filter((p) => !means.has(p.id)).map((p) => p.id);
  const sales = without.length ? recentSales(db, addDays(asOf, -365), without) : new Map<number, { date: string; units: number; stockout: number }[]>();
  return products
    .filter((p) => p.onHand !== null || p.onOrder !== null)
    .map((p) => {
      const d = dailyDemand(means.get(p.id), salesWindow(sales.get(p.id) ?? [], asOf)).demand;
      const onHand = Math.max(0, p.onHand ?? 0);
      return { productId: p.id, sku: p.sku, titleZh: p.titleZh, titleEn: p.titleEn, onHand, dailyDemand: d, daysOfCover: coverDays(onHand, d) };
    });
}

/**
 * Active products whose stock covers fewer than `maxDays` days as of `end` (fewest first), the first `limit` of them,
 * with the basis and, counted from the forecast, how current that forecast is (an out-of-date one is still counted from).
 */
export function lowCover(db: Database.Database, end: string, maxDays: number, limit: number): { basis: CoverBasis; rows: CoverAlert[]; total: number; forecast: ForecastFreshness | null } {
  const basis = coverBasis(db, end);
  const all: CoverRow[] =
    basis === 'forecast'
      ? forecastCover(db)
      : // As of the last sales day the stock is the one Inventory's row shows, its newest count, even one made after
        // that day (counting as of the day listed restocked products, missed sold-down ones); a past day's is its own.
        salesRates28(db, end, { stockNow: end === lastSalesDate(db) }).map((r) => ({ ...r, onHand: Math.max(0, r.onHand ?? 0), daysOfCover: coverDays(r.onHand, r.dailyDemand) }));
  const rows = all
    .filter((r): r is CoverAlert => r.daysOfCover !== null && r.daysOfCover < maxDays)
    .sort((a, b) => a.daysOfCover - b.daysOfCover || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  return { basis, rows: rows.slice(0, limit), total: rows.length, forecast: basis === 'forecast' ? forecastFreshness(db) : null };
}
