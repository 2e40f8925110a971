/**
 * An in-memory cube of daily sales (prefix sums per product and day) so the dashboard answers any
 * period in a few milliseconds. Rebuilt when the store changes (data_version + total_changes).
 */
import type Database from 'better-sqlite3';
import { dailyTotals, movers, periodTotals, addDays, type MoverRow, type PeriodTotals } from './dashboard';

/** Prefix sums of units, revenue and stockout days per product over a contiguous run of days. */
export interface SalesCube {
  key: string;
  /** First day (index 0). */
  start: string;
  /** Number of days covered. */
  days: number;
  productIds: Int32Array;
  cost: Float64Array;
  /** [p * (days + 1) + d]: sum over days < d. */
  cumUnits: Float64Array;
  cumRevenue: Float64Array;
  cumStockout: Int32Array;
  dayRevenue: Float64Array;
  dayUnits: Float64Array;
}

/** Cells (products x days) above which the cube is not built and callers fall back to SQL. */
export const MAX_CUBE_CELLS = 4_000_000;

const cache = new WeakMap<Database.Database, SalesCube>();

function dayIndex(start: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);
}

/** A cheap token that changes whenever any connection commits a change to the store. */
export function changeKey(db: Database.Database): string {
  const dv = db.pragma('data_version', { simple: true }) as number;
  const tc = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${dv}:${tc}`;
}

/** The cube for the store's current contents, or null when the store has no sales or is too large. */
export function salesCube(db: Database.Database): SalesCube | null {
  const key = changeKey(db);
  const hit = cache.get(db);
  if (hit && hit.key === key) return hit;
  const range = db.prepare('SELECT min(date) AS a, max(date) AS b FROM daily_sales').get() as { a: string | null; b: string | null };
  if (!range.a || !range.b) return null;
  const products = db.prepare('SELECT id, coalesce(cost, 0) AS cost FROM products ORDER BY id').raw().all() as [number, number][];
  const days = dayIndex(range.a, range.b) + 1;
  const P = products.length;
  if (P * (days + 1) > MAX_CUBE_CELLS) return null;
  const W = days + 1;
  const cube: SalesCube = {
    key,
    start: range.a,
    days,
    productIds: Int32Array.from(products.map((p) => p[0])),
    cost: Float64Array.from(products.map((p) => p[1])),
    cumUnits: new Float64Array(P * W),
    cumRevenue: new Float64Array(P * W),
    cumStockout: new Int32Array(P * W),
    dayRevenue: new Float64Array(days),
    dayUnits: new Float64Array(days),
  };
  const pIndex = new Map<number, number>();
  products.forEach((p, i) => pIndex.set(p[0], i));
  const dIndex = new Map<string, number>();
  // Rows come in key order (product, date): fill per-day values, then prefix-sum each product's run.
  const rows = db.prepare('SELECT product_id, date, units, revenue, stockout FROM daily_sales').raw().iterate() as IterableIterator<[number, string, number, number, number]>;
  for (const [pid, date, units, revenue, stockout] of rows) {
    const p = pIndex.get(pid);
    if (p === undefined) continue;
    let d = dIndex.get(date);
    if (d === undefined) {
      d = dayIndex(range.a, date);
      dIndex.set(date, d);
    }
    const at = p * W + d + 1;
    cube.cumUnits[at] += units;
    cube.cumRevenue[at] += revenue;
    cube.cumStockout[at] += stockout;
    cube.dayRevenue[d] += revenue;
    cube.dayUnits[d] += units;
  }
  for (let p = 0; p < P; p++) {
    const base = p * W;
    for (let d = 1; d < W; d++) {
      cube.cumUnits[base + d] += cube.cumUnits[base + d - 1];
      cube.cumRevenue[base + d] += cube.cumRevenue[base + d - 1];
      cube.cumStockout[base + d] += cube.cumStockout[base + d - 1];
    }
  }
  cache.set(db, cube);
  return cube;
}

/** Day-index bounds [a, b) of a date range clipped to the cube (empty when outside). */
export function cubeSpan(cube: SalesCube, from: string, to: string): [number, number] {
  const a = Math.max(0, dayIndex(cube.start, from));
  const b = Math.min(cube.days, dayIndex(cube.start, to) + 1);
  return a < b ? [a, b] : [0, 0];
}

/** Per-product sums over day span [a, b). */
export function productSums(cube: SalesCube, p: number, a: number, b: number): { units: number; revenue: number; stockout: number } {
  const base = p * (cube.days + 1);
  return {
    units: cube.cumUnits[base + b] - cube.cumUnits[base + a],
    revenue: cube.cumRevenue[base + b] - cube.cumRevenue[base + a],
    stockout: cube.cumStockout[base + b] - cube.cumStockout[base + a],
  };
}

/** Revenue and units of each day in [from, from + n), zero for days without sales. */
export function cubeDaily(cube: SalesCube, from: string, n: number): { revenue: number; units: number }[] {
  const a = dayIndex(cube.start, from);
  const out: { revenue: number; units: number }[] = [];
  for (let i = 0; i < n; i++) {
    const d = a + i;
    out.push(d >= 0 && d < cube.days ? { revenue: cube.dayRevenue[d], units: cube.dayUnits[d] } : { revenue: 0, units: 0 });
  }
  return out;
}

function cubeTotals(cube: SalesCube, [a, b]: [number, number]): PeriodTotals {
  const t: PeriodTotals = { revenue: 0, units: 0, cogs: 0, stockoutDays: 0, activeSkus: 0 };
  for (let p = 0; p < cube.productIds.length; p++) {
    const s = productSums(cube, p, a, b);
    t.revenue += s.revenue;
    t.units += s.units;
    t.cogs += s.units * cube.cost[p];
    t.stockoutDays += s.stockout;
    if (s.units > 0) t.activeSkus += 1;
  }
  return t;
}

/** Everything the dashboard needs from daily sales for one period and the one before it. */
export interface PeriodFigures {
  cur: PeriodTotals;
  prev: PeriodTotals;
  /** Revenue and units per day of the current period, and revenue of the aligned previous day. */
  trend: { date: string; revenue: number; units: number; prevRevenue: number }[];
  movers: { top: MoverRow[]; bottom: MoverRow[] };
}

/** Computes the period figures from the cube (fast) or, for stores too large for it, with SQL. */
export function periodFigures(db: Database.Database, p: { prevFrom: string; prevEnd: string; from: string; end: string; days: number; limit: number }, useCube = true): PeriodFigures {
  const cube = useCube ? salesCube(db) : null;
  if (!cube) {
    const cur = dailyTotals(db, p.from, p.end);
    const byDate = new Map(cur.map((d) => [d.date, d]));
    const prevByDate = new Map(dailyTotals(db, p.prevFrom, p.prevEnd).map((d) => [d.date, d.revenue]));
    const trend = Array.from({ length: p.days }, (_, i) => {
      const date = addDays(p.from, i);
      return { date, revenue: byDate.get(date)?.revenue ?? 0, units: byDate.get(date)?.units ?? 0, prevRevenue: prevByDate.get(addDays(p.prevFrom, i)) ?? 0 };
    });
    return { cur: periodTotals(db, p.from, p.end), prev: periodTotals(db, p.prevFrom, p.prevEnd), trend, movers: movers(db, p.prevFrom, p.from, p.end, p.limit) };
  }
  const curSpan = cubeSpan(cube, p.from, p.end);
  const prevSpan = cubeSpan(cube, p.prevFrom, p.prevEnd);
  const curDays = cubeDaily(cube, p.from, p.days);
  const prevDays = cubeDaily(cube, p.prevFrom, p.days);
  const trend = curDays.map((d, i) => ({ date: addDays(p.from, i), revenue: d.revenue, units: d.units, prevRevenue: prevDays[i].revenue }));
  const changes: { p: number; units: number; prevUnits: number; change: number }[] = [];
  for (let i = 0; i < cube.productIds.length; i++) {
    const units = productSums(cube, i, curSpan[0], curSpan[1]).units;
    const prevUnits = productSums(cube, i, prevSpan[0], prevSpan[1]).units;
    if (units !== prevUnits) changes.push({ p: i, units, prevUnits, change: units - prevUnits });
  }
  changes.sort((x, y) => y.change - x.change || x.p - y.p);
  const pick = (list: typeof changes): MoverRow[] => {
    const info = db.prepare('SELECT sku, title_zh AS titleZh, title_en AS titleEn FROM products WHERE id = ?');
    return list.map((c) => {
      const productId = cube.productIds[c.p];
      const r = info.get(productId) as { sku: string; titleZh: string | null; titleEn: string | null };
      return { productId, ...r, units: c.units, prevUnits: c.prevUnits, change: c.change };
    });
  };
  const top = pick(changes.filter((c) => c.change > 0).slice(0, p.limit));
  const bottom = pick(changes.filter((c) => c.change < 0).reverse().slice(0, p.limit));
  return { cur: cubeTotals(cube, curSpan), prev: cubeTotals(cube, prevSpan), trend, movers: { top, bottom } };
}
