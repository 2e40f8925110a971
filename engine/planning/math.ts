/** Textbook inventory formulas: safety stock, reorder point, order-up-to level, EOQ, order rounding. */
import { normInv } from '../forecast/stats';

/** z for a cycle service level (e.g. 0.95 → 1.645). */
export function zFor(serviceLevel: number): number {
  return normInv(serviceLevel);
}

/** Safety stock with demand and lead-time variability: z·√(L·σd² + d²·σL²) (days, units per day). */
export function safetyStock(z: number, leadDays: number, sigmaDaily: number, dailyDemand: number, leadSdDays: number): number {
  return z * Math.sqrt(leadDays * sigmaDaily * sigmaDaily + dailyDemand * dailyDemand * leadSdDays * leadSdDays);
}

/** Reorder point: demand over the lead time plus safety stock. */
export function reorderPoint(dailyDemand: number, leadDays: number, ss: number): number {
  return dailyDemand * leadDays + ss;
}

/** Order-up-to level of a periodic review every R days: d·(L+R) + z·σd·√(L+R). */
export function orderUpTo(dailyDemand: number, leadDays: number, reviewDays: number, z: number, sigmaDaily: number): number {
  const t = leadDays + reviewDays;
  return dailyDemand * t + z * sigmaDaily * Math.sqrt(t);
}

/** Economic order quantity √(2DS/H): annual demand D, cost per order S, holding cost per unit per year H. */
export function eoq(annualDemand: number, orderCost: number, holdingCostPerUnitYear: number): number {
  if (!(annualDemand > 0) || !(orderCost > 0) || !(holdingCostPerUnitYear > 0)) return 0;
  return Math.sqrt((2 * annualDemand * orderCost) / holdingCostPerUnitYear);
}

/** Rounds an order up to the minimum order quantity and then to whole case packs; 0 stays 0. */
export function roundOrder(qty: number, moq: number | null, casePack: number | null): number {
  if (!(qty > 0)) return 0;
  let q = Math.max(qty, moq ?? 0);
  const pack = casePack && casePack > 1 ? casePack : 1;
  q = Math.ceil(q / pack - 1e-9) * pack;
  return q;
}

/** Days the stock on hand lasts at the daily demand (Infinity when demand is 0). */
export function daysOfCover(onHand: number, dailyDemand: number): number {
  if (onHand <= 0) return 0;
  return dailyDemand > 0 ? onHand / dailyDemand : Infinity;
}

/**
 * Index of the first day the projected stock runs out (on hand minus cumulative demand ≤ 0), receiving
 * `onOrder` on day `arrivalDay`; null when it lasts through the demand given.
 */
export function stockoutDay(onHand: number, demand: ArrayLike<number>, onOrder = 0, arrivalDay = Infinity): number | null {
  if (onHand <= 0) return 0;
  let stock = onHand;
  for (let i = 0; i < demand.length; i++) {
    if (i === arrivalDay) stock += onOrder;
    stock -= demand[i];
    if (stock <= 0) return i;
  }
  return null;
}

/** Stockout-corrected velocity: units sold per in-stock day (NaN-free; 0 when never in stock). */
export function correctedVelocity(units: ArrayLike<number>, stockout: ArrayLike<number | boolean>): { velocity: number; inStockDays: number; stockoutDays: number } {
  let sum = 0;
  let inStock = 0;
  let out = 0;
  for (let i = 0; i < units.length; i++) {
    if (stockout[i]) out++;
    else {
      sum += units[i];
      inStock++;
    }
  }
  return { velocity: inStock ? sum / inStock : 0, inStockDays: inStock, stockoutDays: out };
}
