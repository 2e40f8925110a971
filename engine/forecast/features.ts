/** Builds per-SKU daily covariates for the neural model from the store, one pass per table, for history + horizon. */
import type Database from 'better-sqlite3';
import { loadDemand, type DemandItem } from '../db/queries/forecast';
import { addDays, daysBetween } from './dates';
import type { Covariates } from './types';

/** Retail events with a covariate of their own; other calendar codes share 'event_other'. */
export const EVENT_CODES = ['618', 'double11', 'black_friday', 'cny', 'cny_shopping'] as const;

/** The covariate names features.ts produces, in a fixed order. */
export const COVARIATE_KEYS = [
  'price_rel', 'discount', 'promo', ...EVENT_CODES.map((c) => `event_${c}`), 'event_other', 'temp', 'rain', 'sentiment', 'comp_gap',
] as const;

/** A demand item with its covariates (each series length + horizon long). */
export interface FeatureItem extends DemandItem {
  covariates: Covariates;
}

/** Per-day climatology by day of year (±3 days, all years), for signals unknown in the future. */
function climatology(values: Float64Array, first: string, upto: number): (i: number) => number {
  const sum = new Float64Array(366);
  const cnt = new Float64Array(366);
  let all = 0;
  let n = 0;
  const doy0 = daysBetween(`${first.slice(0, 4)}-01-01`, first);
  for (let i = 0; i < upto; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const d = (doy0 + i) % 365;
    for (let k = -3; k <= 3; k++) {
      sum[(d + k + 365) % 365] += v;
      cnt[(d + k + 365) % 365]++;
    }
    all += v;
    n++;
  }
  const mean = n ? all / n : NaN;
  return (i) => {
    const d = (doy0 + i) % 365;
    return cnt[d] ? sum[d] / cnt[d] : mean;
  };
}

/** Fills NaN days (missing history, the future) of a daily signal with its day-of-year climatology. */
function fillClimate(values: Float64Array, first: string, historyDays: number): void {
  const clim = climatology(values, first, historyDays);
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]) || i >= historyDays) values[i] = clim(i);
}

function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}

/**
 * Covariates for each item from history start to `end + horizon`: own price relative to its history median,
 * discount and promotion flag (planned promotions reach into the future), retail events from calendar_events,
 * weather and sentiment (future: climatology), competitor price gap (last known carried forward).
 */
export function buildCovariates(db: Database.Database, items: DemandItem[], end: string, horizon: number): Map<number, Covariates> {
  const out = new Map<number, Covariates>();
  if (!items.length) return out;
  const first = items.reduce((m, it) => (it.series.start < m ? it.series.start : m), items[0].series.start);
  const last = addDays(end, horizon);
  const D = daysBetween(first, last) + 1;
  const hist = daysBetween(first, end) + 1;
  const idx = (date: string): number => daysBetween(first, date.slice(0, 10));
  const byPid = new Map(items.map((it) => [it.productId, it]));

  // Calendar events (editable by the merchant).
  const events = new Map<string, Float64Array>(['event_other', ...EVENT_CODES.map((c) => `event_${c}`)].map((k) => [k, new Float64Array(D)]));
  for (const [code, s, e] of db.prepare('SELECT code, start_date, end_date FROM calendar_events WHERE end_date >= ? AND start_date <= ?').raw().iterate(first, last) as Iterable<[string, string, string]>) {
    const arr = events.get(`event_${code.toLowerCase()}`) ?? (events.get('event_other') as Float64Array);
    for (let i = Math.max(0, idx(s)); i <= Math.min(D - 1, idx(e)); i++) arr[i] = 1;
  }

  // Signals: weather (shop-wide), sentiment by 'sku:X' > 'category:C' > 'all', promotions given as signals.
  const temp = nanArray(D);
  const rain = nanArray(D);
  const sentAll = nanArray(D);
  const sentKey = new Map<string, Float64Array>();
  const sigPromo = new Map<string, Float64Array>();
  for (const [date, kind, key, value] of db.prepare('SELECT date, kind, key, value FROM signals WHERE date >= ? AND date <= ?').raw().iterate(first, last) as Iterable<[string, string, string, number]>) {
    const i = idx(date);
    if (kind === 'weather') {
      if (/temp/i.test(key)) temp[i] = value;
      else if (/rain|precip/i.test(key)) rain[i] = value;
    } else if (kind === 'sentiment') {
      if (key === 'all') sentAll[i] = value;
      else (sentKey.get(key) ?? sentKey.set(key, nanArray(D)).get(key) as Float64Array)[i] = value;
    } else if (kind === 'promotion') {
      (sigPromo.get(key) ?? sigPromo.set(key, new Float64Array(D)).get(key) as Float64Array)[i] = Math.max(0, Math.min(99, value));
    }
  }
  for (const arr of [temp, rain, sentAll, ...sentKey.values()]) fillClimate(arr, first, hist);

  // Promotions: product-specific, category-wide or shop-wide; the deepest discount of a day wins.
  const discount = new Map<number, Float64Array>();
  const discOf = (pid: number): Float64Array => discount.get(pid) ?? (discount.set(pid, new Float64Array(D)).get(pid) as Float64Array);
  for (const it of items) {
    const arrs = [sigPromo.get(`sku:${it.sku}`), sigPromo.get(`category:${it.category ?? ''}`), sigPromo.get('all')].filter((a): a is Float64Array => !!a);
    if (arrs.length) {
      const d = discOf(it.productId);
      for (const a of arrs) for (let i = 0; i < D; i++) d[i] = Math.max(d[i], a[i]);
    }
  }
  const promos = db.prepare('SELECT product_id, category, start_date, end_date, discount_pct FROM promotions WHERE end_date >= ? AND start_date <= ?').raw().iterate(first, last) as Iterable<[number | null, string | null, string, string, number]>;
  for (const [pid, cat, s, e, pct] of promos) {
    const targets = pid !== null ? (byPid.has(pid) ? [pid] : []) : items.filter((it) => cat === null || it.category === cat).map((it) => it.productId);
    for (const t of targets) {
      const d = discOf(t);
      for (let i = Math.max(0, idx(s)); i <= Math.min(D - 1, idx(e)); i++) d[i] = Math.max(d[i], pct);
    }
  }

  // Own price: price_history as a step function (it records promotion prices too); the future uses the planned
  // price changes recorded there (rows dated after the history), else the last non-promotion price with the planned
  // discount applied.
  const price = new Map<number, Float64Array>();
  const planned = new Map<number, number>();
  let cur: { pid: number; arr: Float64Array; from: number; value: number } | null = null;
  const closeCur = (): void => {
    if (cur) for (let i = Math.max(0, cur.from); i < D; i++) cur.arr[i] = cur.value;
  };
  for (const [pid, at, p] of db.prepare('SELECT product_id, effective_at, price FROM price_history WHERE effective_at <= ? ORDER BY product_id, effective_at').raw().iterate(`${last}~`) as Iterable<[number, string, number]>) {
    if (!byPid.has(pid)) continue;
    const i = idx(at);
    if (i >= hist && !planned.has(pid)) planned.set(pid, i);
    if (cur && cur.pid === pid) {
      for (let k = Math.max(0, cur.from); k < Math.min(i, D); k++) cur.arr[k] = cur.value;
      cur.from = i;
      cur.value = p;
    } else {
      closeCur();
      const arr = nanArray(D);
      price.set(pid, arr);
      cur = { pid, arr, from: i, value: p };
    }
  }
  closeCur();
  const listPrice = new Map(
    (db.prepare('SELECT id, price FROM products WHERE price IS NOT NULL').raw().all() as [number, number][]).filter(([id]) => byPid.has(id)),
  );

  // Competitors: cheapest in-stock offer per day, carried forward (the data is weekly).
  const comp = new Map<number, Float64Array>();
  for (const [pid, date, p] of db.prepare('SELECT product_id, date, min(price) FROM competitor_prices WHERE (in_stock IS NULL OR in_stock = 1) AND date <= ? GROUP BY product_id, date ORDER BY product_id, date').raw().iterate(end) as Iterable<[number, string, number]>) {
    if (!byPid.has(pid)) continue;
    const arr = comp.get(pid) ?? (comp.set(pid, nanArray(D)).get(pid) as Float64Array);
    const i = idx(date);
    if (i >= 0 && i < D) arr[i] = p;
  }
  for (const arr of comp.values()) for (let i = 1; i < D; i++) if (!Number.isFinite(arr[i])) arr[i] = arr[i - 1];

  for (const it of items) {
    const off = idx(it.series.start);
    const n = it.series.values.length + horizon;
    const disc = discount.get(it.productId);
    const own = price.get(it.productId) ?? nanArray(D);
    const list = listPrice.get(it.productId) ?? NaN;
    const plannedFrom = planned.get(it.productId) ?? Infinity;
    let base = NaN;
    const ownFull = new Float64Array(D);
    for (let i = 0; i < D; i++) {
      const dpct = disc ? disc[i] : 0;
      if ((i < hist || i >= plannedFrom) && Number.isFinite(own[i])) {
        ownFull[i] = own[i];
        if (dpct === 0) base = own[i];
      } else {
        const b = Number.isFinite(base) ? base : list;
        ownFull[i] = b * (1 - dpct / 100);
      }
    }
    const histPrices = Array.from(ownFull.subarray(off, hist)).filter(Number.isFinite).sort((a, b) => a - b);
    const median = histPrices.length ? histPrices[Math.floor(histPrices.length / 2)] : NaN;
    const cp = comp.get(it.productId);
    const sent = sentKey.get(`sku:${it.sku}`) ?? sentKey.get(`category:${it.category ?? ''}`) ?? sentAll;
    const cov: Covariates = {};
    for (const k of COVARIATE_KEYS) cov[k] = new Array<number>(n).fill(0);
    for (let j = 0; j < n; j++) {
      const i = off + j;
      if (i >= D) break;
      const dpct = disc ? disc[i] : 0;
      cov.price_rel[j] = median > 0 && Number.isFinite(ownFull[i]) ? ownFull[i] / median : 1;
      cov.discount[j] = dpct / 100;
      cov.promo[j] = dpct > 0 ? 1 : 0;
      for (const [k, arr] of events) cov[k][j] = arr[i];
      cov.temp[j] = Number.isFinite(temp[i]) ? temp[i] : NaN;
      cov.rain[j] = Number.isFinite(rain[i]) ? rain[i] : NaN;
      cov.sentiment[j] = Number.isFinite(sent[i]) ? sent[i] : NaN;
      const c = cp ? cp[Math.min(i, hist - 1)] : NaN;
      cov.comp_gap[j] = Number.isFinite(c) && c > 0 && Number.isFinite(ownFull[i]) ? Math.max(-1, Math.min(2, ownFull[i] / c - 1)) : NaN;
    }
    out.set(it.productId, cov);
  }
  return out;
}

/** Covariates observed day by day that nobody knows ahead: weather and sentiment (climatology stands in for them). */
export const UNKNOWN_AHEAD = ['temp', 'rain', 'sentiment'] as const;

/**
 * The covariates as they were known at `origin` (index of the first forecast day), for scoring a forecast made
 * there on later data the store holds: observed weather and sentiment from the origin on are replaced by their
 * day-of-year climatology of the days before it, and the competitor gap by the last competitor price before it
 * against the own (planned) price. Planned promotions, prices and the event calendar are kept.
 */
export function asOfOrigin(cov: Covariates, start: string, origin: number): Covariates {
  const out: Covariates = { ...cov };
  for (const k of UNKNOWN_AHEAD) {
    const v = cov[k];
    if (!v || origin >= v.length) continue;
    const clim = climatology(Float64Array.from(v), start, origin);
    out[k] = v.map((x, i) => (i < origin ? x : clim(i)));
  }
  const gap = cov.comp_gap;
  const rel = cov.price_rel;
  if (gap && origin < gap.length) {
    let last = origin - 1;
    while (last >= 0 && !Number.isFinite(gap[last])) last--;
    // competitor price / median = price_rel / (gap + 1) at the last day it was seen, held from then on
    const comp = last >= 0 && rel ? rel[last] / (gap[last] + 1) : NaN;
    out.comp_gap = gap.map((x, i) => (i < origin ? x : Number.isFinite(comp) && comp > 0 && rel ? Math.max(-1, Math.min(2, rel[i] / comp - 1)) : NaN));
  }
  return out;
}

/** Loads every SKU's demand history (stockouts NaN) and its covariates for `horizon` future days. */
export function loadStoreFeatures(db: Database.Database, horizon: number, opts: { productIds?: number[] } = {}): { end: string | null; items: FeatureItem[] } {
  const { end, items } = loadDemand(db, opts);
  if (!end) return { end, items: [] };
  const cov = buildCovariates(db, items, end, horizon);
  return { end, items: items.map((it) => ({ ...it, covariates: cov.get(it.productId) ?? {} })) };
}
