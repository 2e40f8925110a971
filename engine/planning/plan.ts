/** Per-SKU inventory plan from the stored forecasts and stock: safety stock, reorder point, order quantity, cover, lost sales. */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { addDays, daysBetween, today as todayUtc } from '../forecast/dates';
import { Z90 } from '../forecast/stats';
import { getSetting } from '../db/queries/settings';
import { allForecasts, averageStock, planningProducts, recentSales, replaceSuggestions, type PlanningProduct } from '../db/queries/planning';
import { coverDays, dailyDemand, forecastDemand, salesWindow } from './demand';
import { forecastOrigin } from './freshness';
import { correctedVelocity, daysOfCover, eoq, orderUpTo, reorderPoint, roundOrder, safetyStock, stockoutDay, zFor } from './math';

/** Inventory status of a SKU (badge in the UI); 'unknown' when the store has no stock record for it. */
export type StockStatus = 'stockout' | 'reorder' | 'ok' | 'overstock' | 'unknown';

/** One SKU's plan. */
export interface PlanRow {
  productId: number;
  sku: string;
  title: string | null;
  category: string | null;
  supplier: string | null;
  /** Stock on hand and on order; null when the store has no stock record for the SKU (status 'unknown'). */
  onHand: number | null;
  onOrder: number | null;
  /** Mean daily demand planned with (forecast P50, or corrected velocity when there is no forecast). */
  dailyDemand: number;
  /** Daily demand standard deviation (from the forecast P10–P90 band, or the history). */
  sigmaDaily: number;
  demandSource: 'forecast' | 'velocity';
  leadTimeDays: number;
  leadTimeSd: number;
  safetyStock: number;
  reorderPoint: number;
  orderUpTo: number;
  eoq: number;
  suggestedQty: number;
  unitCost: number | null;
  orderCost: number;
  daysOfCover: number | null;
  stockoutDate: string | null;
  turnover: number | null;
  velocity: number;
  stockoutDays90: number;
  lostSales90: number;
  status: StockStatus;
  orderDate: string;
  arrivalDate: string;
}

/** Plan options. */
export interface PlanOptions {
  serviceLevel: number;
  reviewDays: number;
  /** Planning date; default: planDates' asOf. */
  today?: string;
}

/** The dates a plan is made at: demand as of the data's end, orders dated no earlier than today. */
export interface PlanDates {
  /**
   * Day the demand and stock are taken at: the day after the last sale, or the first forecast day where the forecast
   * runs from there (a forecast older than the sales is still planned with, from this day on), else today.
   */
  asOf: string;
  /** Day purchase orders are dated: asOf, or today when the data end before today (an order cannot be placed in the past). */
  orderDate: string;
  /** Days between asOf and today (0 when the data are current). */
  staleDays: number;
}

/** The plan's dates (given `today`, both dates are that day). */
export function planDates(db: Database.Database, opts: { today?: string } = {}): PlanDates {
  if (opts.today) return { asOf: opts.today, orderDate: opts.today, staleDays: 0 };
  const now = todayUtc();
  const origin = forecastOrigin(db);
  const lastSale = (db.prepare('SELECT max(date) AS d FROM daily_sales').get() as { d: string | null }).d;
  // Sales newer than the forecast's origin (freshness.ts: it is out of date) move the plan's day past them, so the
  // stock-out dates, the velocities and the old-data note count from the newest sales, not from the older forecast.
  const from = origin !== null && (lastSale === null || lastSale <= origin) ? origin : lastSale;
  const asOf = from ? addDays(from, 1) : now;
  return { asOf, orderDate: asOf < now ? now : asOf, staleDays: Math.max(0, daysBetween(asOf, now)) };
}

/** Planning defaults, overridable by settings 'planning.defaultLeadDays', 'planning.orderCost', 'planning.holdingRate'. */
export const PLANNING_DEFAULTS = { leadDays: 14, orderCost: 50, holdingRate: 0.25 } as const;

function planOne(p: PlanningProduct, o: PlanOptions & { today: string; orderDate: string; z: number; orderCost: number; holdingRate: number; defaultLead: number }, fc: { date: string; p10: number; p50: number; p90: number }[] | undefined, fcMean: number | undefined, sales: { date: string; units: number; stockout: number }[], avgStock: number | undefined): PlanRow {
  // Stockout-corrected velocity over the last 56 days (demand.ts, as the days of cover count it); lost sales over the last 90.
  const from90 = addDays(o.today, -90);
  let stockout90 = 0;
  let units365 = 0;
  for (const s of sales) {
    units365 += s.units;
    if (s.date >= from90 && s.date < o.today && s.stockout) stockout90++;
  }
  const window = salesWindow(sales, o.today);
  const vel = correctedVelocity(window.units, window.stockout);
  const demand = dailyDemand(fc && fc.length ? fcMean : undefined, window);
  const d = demand.demand;
  const source: PlanRow['demandSource'] = demand.source;
  let sigma: number;
  if (source === 'forecast' && fc) {
    sigma = Math.sqrt(fc.reduce((a, f) => a + ((f.p90 - f.p10) / (2 * Z90)) ** 2, 0) / fc.length);
  } else {
    const inStock = window.units.filter((_, i) => !window.stockout[i]);
    sigma = inStock.length > 1 ? Math.sqrt(inStock.reduce((a, u) => a + (u - d) ** 2, 0) / (inStock.length - 1)) : Math.sqrt(d);
  }
  const L = p.leadTimeDays ?? o.defaultLead;
  const sL = p.leadTimeSd ?? 0;
  const onHand = Math.max(0, p.onHand ?? 0);
  const onOrder = Math.max(0, p.onOrder ?? 0);
  const position = onHand + onOrder;
  const ss = safetyStock(o.z, L, sigma, d, sL);
  const rop = reorderPoint(d, L, ss);
  const out = orderUpTo(d, L, o.reviewDays, o.z, sigma);
  const holding = (p.cost ?? 0) * o.holdingRate;
  const q = eoq(d * 365, o.orderCost, holding);
  // No stock record at all: neither "out of stock" nor an order can be told, so the SKU is flagged and nothing is suggested.
  const known = p.onHand !== null || p.onOrder !== null;
  const need = known && position <= rop ? Math.max(out - position, q) : 0;
  const qty = roundOrder(need, p.moq, p.casePack);
  // The forecast's days from the plan's day on (an out-of-date forecast's first days are past: its later ones still count).
  const skip = fc && fc.length ? Math.max(0, daysBetween(fc[0].date, o.today)) : 0;
  const horizonDemand = Array.from({ length: 365 }, (_, i) => (fc && i + skip < fc.length ? fc[i + skip].p50 : d));
  const sd = known ? stockoutDay(onHand, horizonDemand, onOrder, Math.round(L)) : null;
  const cover = known ? daysOfCover(onHand, d) : NaN;
  const turnover = avgStock && avgStock > 0 ? units365 / avgStock : null;
  const status: StockStatus = !known ? 'unknown' : onHand <= 0 ? 'stockout' : position <= rop ? 'reorder' : cover > Math.max(90, 3 * (L + o.reviewDays)) ? 'overstock' : 'ok';
  return {
    productId: p.id, sku: p.sku, title: p.title, category: p.category, supplier: p.supplier, onHand: known ? onHand : null, onOrder: known ? onOrder : null,
    dailyDemand: d, sigmaDaily: sigma, demandSource: source, leadTimeDays: L, leadTimeSd: sL,
    safetyStock: ss, reorderPoint: rop, orderUpTo: out, eoq: q, suggestedQty: qty, unitCost: p.cost, orderCost: o.orderCost,
    daysOfCover: known ? coverDays(onHand, d) : null, stockoutDate: sd === null ? null : addDays(o.today, sd), turnover,
    velocity: vel.velocity, stockoutDays90: stockout90, lostSales90: stockout90 * vel.velocity, status,
    orderDate: o.orderDate, arrivalDate: addDays(o.orderDate, Math.round(L)),
  };
}

/** Builds the plan for every active SKU (read-only). */
export function buildPlan(db: Database.Database, opts: PlanOptions): PlanRow[] {
  const forecasts = allForecasts(db);
  const means = forecastDemand(db);
  const { asOf: today, orderDate } = planDates(db, opts);
  const o = {
    ...opts, today, orderDate, z: zFor(opts.serviceLevel),
    orderCost: getSetting<number>(db, 'planning.orderCost', PLANNING_DEFAULTS.orderCost),
    holdingRate: getSetting<number>(db, 'planning.holdingRate', PLANNING_DEFAULTS.holdingRate),
    defaultLead: getSetting<number>(db, 'planning.defaultLeadDays', PLANNING_DEFAULTS.leadDays),
  };
  const sales = recentSales(db, addDays(today, -365));
  const stock = averageStock(db, addDays(today, -365));
  return planningProducts(db).map((p) => planOne(p, o, forecasts.get(p.id), means.get(p.id), sales.get(p.id) ?? [], stock.get(p.id)));
}

/** Builds the plan and stores its purchase suggestions (SKUs with a quantity to order); returns the plan id and rows. */
export function planAndSuggest(db: Database.Database, opts: PlanOptions): { planId: string; rows: PlanRow[] } {
  const rows = buildPlan(db, opts);
  const planId = randomUUID();
  db.transaction(() =>
    replaceSuggestions(
      db,
      planId,
      rows
        .filter((r) => r.suggestedQty > 0)
        .map((r) => ({
          productId: r.productId, supplier: r.supplier, suggestedQty: r.suggestedQty, quantity: r.suggestedQty, unitCost: r.unitCost,
          orderDate: r.orderDate, arrivalDate: r.arrivalDate,
          detail: { onHand: r.onHand, onOrder: r.onOrder, reorderPoint: r.reorderPoint, orderUpTo: r.orderUpTo, eoq: r.eoq, daysOfCover: r.daysOfCover, stockoutDate: r.stockoutDate, status: r.status },
        })),
    ),
  )();
  return { planId, rows };
}
