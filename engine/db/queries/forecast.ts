/** Queries of the forecast tables and the demand history they are built from. */
import type Database from 'better-sqlite3';
import type { Series } from '../../forecast/types';
import { addDays, daysBetween } from '../../forecast/dates';
import type { MetricSums } from '../../forecast/metrics';
import type { Reason } from '../../forecast/choose';
import type { EventRow, PromoRow } from '../../forecast/calendar-effects';
import { stockOnCountDays } from './inventory';

/** One SKU's daily demand history, ready for the models. */
export interface DemandItem {
  productId: number;
  sku: string;
  category: string | null;
  series: Series;
}

/** Loads daily demand per SKU: days without sales are 0, stockout days are NaN (censored, not zero). */
export function loadDemand(db: Database.Database, opts: { productIds?: number[]; maxDays?: number } = {}): { end: string | null; items: DemandItem[] } {
  const range = db.prepare('SELECT max(date) AS end FROM daily_sales').get() as { end: string | null };
  if (!range.end) return { end: null, items: [] };
  const end = range.end;
  const from = opts.maxDays ? addDays(end, -opts.maxDays + 1) : '0000-01-01';
  const products = db
    .prepare(
      `SELECT p.id, p.sku, p.category, min(s.date) AS first
         FROM products p JOIN daily_sales s ON s.product_id = p.id AND s.date >= ?
        WHERE p.status != 'archived' GROUP BY p.id ORDER BY p.sku`,
    )
    .all(from) as { id: number; sku: string; category: string | null; first: string }[];
  const wanted = opts.productIds ? new Set(opts.productIds) : null;
  const byId = new Map<number, DemandItem>();
  const items: DemandItem[] = [];
  for (const p of products) {
    if (wanted && !wanted.has(p.id)) continue;
    const n = daysBetween(p.first, end) + 1;
    const item: DemandItem = { productId: p.id, sku: p.sku, category: p.category, series: { id: p.sku, start: p.first, values: new Array<number>(n).fill(0), category: p.category ?? undefined, seasonLength: 7 } };
    byId.set(p.id, item);
    items.push(item);
  }
  const rows = db.prepare('SELECT product_id AS pid, date, units, stockout FROM daily_sales WHERE date >= ?').raw().iterate(from) as Iterable<[number, string, number, number]>;
  for (const [pid, date, units, stockout] of rows) {
    const it = byId.get(pid);
    if (!it) continue;
    const i = daysBetween(it.series.start, date);
    if (i >= 0 && i < it.series.values.length) it.series.values[i] = stockout ? NaN : units;
  }
  // Days the stock records show nothing on hand anywhere are censored too (when there was no sale). A day's stock is
  // every location's latest count on or before it, summed: summing only that day's counts made a day one warehouse of
  // two was counted at 0 a stockout though the other still held the stock of its last count. Days no location was
  // counted are judged by their sales alone, as before (weekly counts do not censor the six days between them).
  for (const d of stockOnCountDays(db, from)) {
    if (d.onHand > 0) continue;
    const it = byId.get(d.productId);
    if (!it) continue;
    const i = daysBetween(it.series.start, d.date);
    if (i >= 0 && i < it.series.values.length && it.series.values[i] === 0) it.series.values[i] = NaN;
  }
  return { end, items };
}

/** Records a forecasting run. */
export function insertRun(db: Database.Database, r: { id: string; jobId: string | null; kind: 'forecast' | 'backtest'; model: string; horizon: number; folds: number; historyEnd: string | null; skuCount: number; seconds: number }): void {
  db.prepare(
    `INSERT INTO forecast_runs (id, job_id, kind, model, horizon, folds, history_end, sku_count, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.id, r.jobId, r.kind, r.model, r.horizon, r.folds, r.historyEnd, r.skuCount, r.seconds, new Date().toISOString());
}

/** What is stored for one SKU after a run. */
export interface StoredChoice {
  productId: number;
  model: string;
  profile: string;
  weights: Record<string, number> | null;
  reason: Reason;
  sums: Record<string, MetricSums>;
  folds: number;
  forecast: { p10: number[]; p50: number[]; p90: number[] };
}

/** Replaces the forecasts and choices of the given SKUs with a run's (first forecast day = historyEnd + 1). Call inside a transaction. */
export function saveChoices(db: Database.Database, runId: string, historyEnd: string, choices: StoredChoice[]): void {
  const del = db.prepare('DELETE FROM forecasts WHERE product_id = ?');
  const ins = db.prepare('INSERT INTO forecasts (product_id, date, run_id, p10, p50, p90) VALUES (?, ?, ?, ?, ?, ?)');
  const choice = db.prepare(
    `INSERT INTO forecast_choice (product_id, run_id, model, profile, weights, reason, scores, folds, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (product_id) DO UPDATE SET run_id = excluded.run_id, model = excluded.model, profile = excluded.profile, weights = excluded.weights,
       reason = excluded.reason, scores = excluded.scores, folds = excluded.folds, updated_at = excluded.updated_at`,
  );
  const now = new Date().toISOString();
  for (const c of choices) {
    del.run(c.productId);
    const f = c.forecast;
    for (let h = 0; h < f.p50.length; h++) ins.run(c.productId, addDays(historyEnd, h + 1), runId, f.p10[h], f.p50[h], f.p90[h]);
    choice.run(c.productId, runId, c.model, c.profile, c.weights ? JSON.stringify(c.weights) : null, JSON.stringify(c.reason), JSON.stringify(c.sums), c.folds, now);
  }
}

/** One backtest row. */
export interface BacktestRow {
  scope: 'all' | 'category';
  key: string;
  model: string;
  wape: number | null;
  mase: number | null;
  bias: number | null;
  pinball10: number | null;
  pinball50: number | null;
  pinball90: number | null;
  coverage: number | null;
  n: number;
  series: number;
}

const fin = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/** Stores aggregated backtest rows of a run. Call inside a transaction. */
export function saveBacktests(db: Database.Database, runId: string, rows: BacktestRow[]): void {
  const ins = db.prepare(
    `INSERT INTO forecast_backtests (run_id, scope, key, model, wape, mase, bias, pinball10, pinball50, pinball90, coverage, n, series) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) ins.run(runId, r.scope, r.key, r.model, fin(r.wape), fin(r.mase), fin(r.bias), fin(r.pinball10), fin(r.pinball50), fin(r.pinball90), fin(r.coverage), r.n, r.series);
}

/** The latest run that stored backtest rows, with its rows. */
export function latestBacktests(db: Database.Database): { run: { id: string; kind: string; model: string; horizon: number; folds: number; historyEnd: string | null; createdAt: string } | null; rows: BacktestRow[] } {
  const run = db
    .prepare(
      `SELECT r.id, r.kind, r.model, r.horizon, r.folds, r.history_end AS historyEnd, r.created_at AS createdAt FROM forecast_runs r
        WHERE EXISTS (SELECT 1 FROM forecast_backtests b WHERE b.run_id = r.id) ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1`,
    )
    .get() as { id: string; kind: string; model: string; horizon: number; folds: number; historyEnd: string | null; createdAt: string } | undefined;
  if (!run) return { run: null, rows: [] };
  const rows = db
    .prepare('SELECT scope, key, model, wape, mase, bias, pinball10, pinball50, pinball90, coverage, n, series FROM forecast_backtests WHERE run_id = ? ORDER BY scope, key, wape')
    .all(run.id) as BacktestRow[];
  return { run, rows };
}

/** A product's id, SKU and planning fields by SKU, or undefined. */
export function productBySku(db: Database.Database, sku: string): { id: number; sku: string; category: string | null; price: number | null; cost: number | null } | undefined {
  return db.prepare('SELECT id, sku, category, price, cost FROM products WHERE sku = ?').get(sku) as { id: number; sku: string; category: string | null; price: number | null; cost: number | null } | undefined;
}

/** The stored forecast of a SKU (dates ascending). */
export function forecastOf(db: Database.Database, productId: number): { date: string; p10: number; p50: number; p90: number }[] {
  return db.prepare('SELECT date, p10, p50, p90 FROM forecasts WHERE product_id = ? ORDER BY date').all(productId) as { date: string; p10: number; p50: number; p90: number }[];
}

/** The stored model choice of a SKU, parsed, or null. */
export function choiceOf(db: Database.Database, productId: number): { runId: string; model: string; profile: string; weights: Record<string, number> | null; reason: Reason; sums: Record<string, MetricSums>; folds: number; updatedAt: string } | null {
  const r = db.prepare('SELECT run_id, model, profile, weights, reason, scores, folds, updated_at FROM forecast_choice WHERE product_id = ?').get(productId) as
    | { run_id: string; model: string; profile: string; weights: string | null; reason: string; scores: string; folds: number; updated_at: string }
    | undefined;
  if (!r) return null;
  return {
    runId: r.run_id,
    model: r.model,
    profile: r.profile,
    weights: r.weights ? (JSON.parse(r.weights) as Record<string, number>) : null,
    reason: JSON.parse(r.reason) as Reason,
    sums: JSON.parse(r.scores) as Record<string, MetricSums>,
    folds: r.folds,
    updatedAt: r.updated_at,
  };
}

/** Daily history rows of a SKU over the last `days` days: units, stockout flag, price paid. */
export function historyOf(db: Database.Database, productId: number, fromDate: string): { date: string; units: number; revenue: number; stockout: number }[] {
  return db.prepare('SELECT date, units, revenue, stockout FROM daily_sales WHERE product_id = ? AND date >= ? ORDER BY date').all(productId, fromDate) as {
    date: string;
    units: number;
    revenue: number;
    stockout: number;
  }[];
}

/** One SKU's neural holdout: accuracy sums and the quantile forecast over the held-out days. */
export interface NeuralHoldoutRow {
  productId: number;
  sums: MetricSums;
  forecast: { p10: number[]; p50: number[]; p90: number[] };
}

/** Stores the per-SKU holdout of a neural training run. Call inside a transaction (after the model_runs row). */
export function saveNeuralHoldout(db: Database.Database, runId: string, rows: NeuralHoldoutRow[]): void {
  const ins = db.prepare('INSERT INTO neural_holdout (run_id, product_id, sums, forecast) VALUES (?, ?, ?, ?)');
  const r4 = (v: number): number => Math.round(v * 1e4) / 1e4;
  for (const r of rows) {
    const f = r.forecast;
    ins.run(runId, r.productId, JSON.stringify(r.sums), JSON.stringify({ p10: f.p10.map(r4), p50: f.p50.map(r4), p90: f.p90.map(r4) }));
  }
}

/** The latest neural training run with a holdout for this history end and horizon: its model folder and per-SKU holdout. */
export interface NeuralHoldoutRun {
  runId: string;
  artefactPath: string | null;
  bySku: Map<number, NeuralHoldoutRow>;
}

/** Finds the newest 'forecast-neural' model run whose history end and horizon match and that stored a holdout; null if none. */
export function latestNeuralHoldout(db: Database.Database, historyEnd: string, horizon: number): NeuralHoldoutRun | null {
  const runs = db
    .prepare(
      `SELECT id, artefact_path FROM model_runs
        WHERE kind = 'forecast-neural' AND json_extract(metrics, '$.historyEnd') = ? AND json_extract(params, '$.horizon') = ?
          AND EXISTS (SELECT 1 FROM neural_holdout h WHERE h.run_id = model_runs.id)
        ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    )
    .get(historyEnd, horizon) as { id: string; artefact_path: string | null } | undefined;
  if (!runs) return null;
  const bySku = new Map<number, NeuralHoldoutRow>();
  for (const r of db.prepare('SELECT product_id, sums, forecast FROM neural_holdout WHERE run_id = ?').all(runs.id) as { product_id: number; sums: string; forecast: string }[]) {
    bySku.set(r.product_id, { productId: r.product_id, sums: JSON.parse(r.sums) as MetricSums, forecast: JSON.parse(r.forecast) as NeuralHoldoutRow['forecast'] });
  }
  return { runId: runs.id, artefactPath: runs.artefact_path, bySku };
}

/** The retail event calendar and the planned promotions (known ahead: the statistical models read them as special days). */
export function loadCalendarRows(db: Database.Database): { events: EventRow[]; promos: PromoRow[] } {
  const events = db.prepare('SELECT code, start_date AS start, end_date AS "end" FROM calendar_events ORDER BY start_date').all() as EventRow[];
  const promos = db
    .prepare('SELECT product_id AS productId, category, start_date AS start, end_date AS "end", discount_pct AS discountPct FROM promotions ORDER BY start_date')
    .all() as PromoRow[];
  return { events, promos };
}
