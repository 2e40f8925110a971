/**
 * Whether the stored forecast is out of date: one rule for the plan, Inventory's forecast columns, the Dashboard's days
 * of cover, Planning and `desk plan` / `desk forecast`. An out-of-date forecast is still used (it stays the best
 * estimate until it is made again); every place that uses it says so.
 */
import type Database from 'better-sqlite3';
import { addDays, daysBetween } from '../forecast/dates';

/** The stored forecast against the store's sales now. */
export interface ForecastFreshness {
  /** Its origin: the last day of sales it was made on (the day before its first forecast day). */
  origin: string;
  /** The last day of sales the store holds now. */
  salesEnd: string | null;
  /** When the run that made it ended (ISO time), or null where the run is gone. */
  madeAt: string | null;
  /** Days of sales the store holds after the origin (0 when none). */
  newerDays: number;
  /** Active products with sales that the forecast has no days for (added, or first sold, since it was made). */
  uncovered: number;
  /** Out of date: sales end at least one day after the origin, or products with sales are missing from it. */
  stale: boolean;
}

/** The origin of the stored forecast of the active products (the last sales day it was made on), or null without one. */
export function forecastOrigin(db: Database.Database): string | null {
  const first = (db.prepare("SELECT min(f.date) AS d FROM forecasts f JOIN products p ON p.id = f.product_id WHERE p.status = 'active'").get() as { d: string | null }).d;
  return first ? addDays(first, -1) : null;
}

/** The stored forecast's origin, when it was made and whether newer sales or products have made it out of date; null without a forecast. */
export function forecastFreshness(db: Database.Database): ForecastFreshness | null {
  const origin = forecastOrigin(db);
  if (!origin) return null;
  const salesEnd = (db.prepare('SELECT max(date) AS d FROM daily_sales').get() as { d: string | null }).d;
  // The run behind the forecast's first day: the one whose age the merchant is told.
  const madeAt = (
    db.prepare('SELECT max(r.created_at) AS t FROM forecast_runs r WHERE r.id IN (SELECT run_id FROM forecasts WHERE date = ?)').get(addDays(origin, 1)) as { t: string | null }
  ).t;
  // A forecast run covers every product with sales: an active one with sales and no forecast came after it.
  const uncovered = (
    db
      .prepare(
        `SELECT count(*) AS n FROM products p
          WHERE p.status = 'active' AND EXISTS (SELECT 1 FROM daily_sales s WHERE s.product_id = p.id)
            AND NOT EXISTS (SELECT 1 FROM forecasts f WHERE f.product_id = p.id)`,
      )
      .get() as { n: number }
  ).n;
  const newerDays = salesEnd ? Math.max(0, daysBetween(origin, salesEnd)) : 0;
  return { origin, salesEnd, madeAt, newerDays, uncovered, stale: newerDays >= 1 || uncovered > 0 };
}
