/** The daily demand the plan and the days of cover take: a SKU's forecast where it has one, else its recent sales. */
import type Database from 'better-sqlite3';
import { addDays, daysBetween } from '../forecast/dates';
import { correctedVelocity, daysOfCover } from './math';

/** Days of sales before the plan's day that its velocity (and, without a forecast, its spread) is taken over. */
export const VELOCITY_DAYS = 56;

/**
 * Mean daily P50 of each product's stored forecast: the demand planned with, and the days of cover counted at, where a
 * SKU has a forecast. One SQL mean for the plan and the Dashboard alike, so both get the very same figure.
 */
export function forecastDemand(db: Database.Database): Map<number, number> {
  return new Map(db.prepare('SELECT product_id, avg(p50) FROM forecasts GROUP BY product_id').raw().all() as [number, number][]);
}

/**
 * A SKU's units and stockout flags over the `VELOCITY_DAYS` days before `today`, a day without a row counted as in stock
 * with no sale (from its first row since the sales read, `sales` ascending by date).
 */
export function salesWindow(sales: readonly { date: string; units: number; stockout: number }[], today: string): { units: number[]; stockout: number[] } {
  const from = addDays(today, -VELOCITY_DAYS);
  const units: number[] = [];
  const stockout: number[] = [];
  const seen = new Set<string>();
  for (const s of sales) {
    if (s.date >= from && s.date < today) {
      units.push(s.units);
      stockout.push(s.stockout);
      seen.add(s.date);
    }
  }
  const missing = Math.max(0, Math.min(VELOCITY_DAYS, daysBetween(sales[0]?.date ?? today, today)) - seen.size);
  for (let i = 0; i < missing; i++) {
    units.push(0);
    stockout.push(0);
  }
  return { units, stockout };
}

/** A SKU's daily demand: its forecast's mean P50 when it has one, else its stockout-corrected velocity over the window. */
export function dailyDemand(forecastMean: number | undefined, window: { units: number[]; stockout: number[] }): { demand: number; source: 'forecast' | 'velocity'; velocity: number } {
  const velocity = correctedVelocity(window.units, window.stockout).velocity;
  return forecastMean !== undefined ? { demand: forecastMean, source: 'forecast', velocity } : { demand: velocity, source: 'velocity', velocity };
}

/**
 * Days of cover as every screen gives them: stock on hand over daily demand. Null where the stock is unknown or nothing
 * is expected to sell (no number of days to give: "—", never counted as running out).
 */
export function coverDays(onHand: number | null, demand: number): number | null {
  if (onHand === null || !(demand > 0)) return null;
  return daysOfCover(Math.max(0, onHand), demand);
}
