/** Job kinds 'forecast.run' and 'backtest.run': load the store's demand, choose models, store forecasts and scores. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { both, EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import type { JobRunner } from '../jobs/types';
import { insertRun, latestNeuralHoldout, saveBacktests, saveChoices, type DemandItem, type StoredChoice } from '../db/queries/forecast';
import { loadStoreDemand } from './store-series';
import { calendarNote } from './calendar-effects';
import { aggregateBacktests } from './aggregate';
import { backtestGlobal, MAX_FOLDS_ASKED } from './backtest';
import type { SeriesChoice } from './choose';
import type { Covariates } from './types';
import { loadNeural } from './global';
import { MetricAcc, naiveScale } from './metrics';
import { forecastCatalog } from './messages';
import { keepNeuralWhereItWins, type NeuralKeepSummary } from './neural-auto';
import { damagedArtefact, type DamagedArtefact } from '../fs/damaged';
import { artefactWarning, staleHistoryWarning } from './warnings';
import { forecastFreshness } from '../planning/freshness';
import { LOCAL_MODEL_NAMES, isLocalModelName, type LocalModelName } from './models/index';
import { chooseMany } from './pool';

/** Models a run can be asked for. */
export const FORECAST_MODELS = ['auto', ...LOCAL_MODEL_NAMES, 'ensemble', 'neural'] as const;

/** Parameters of 'forecast.run'. */
export const ForecastParams = z.object({
  horizon: z.number().int().min(1).max(365).default(28),
  model: z.enum(FORECAST_MODELS).default('auto'),
  folds: z.number().int().min(1).max(MAX_FOLDS_ASKED).default(3),
  workers: z.number().int().min(1).max(8).optional(),
});

/** Parameters of 'backtest.run'. */
export const BacktestParams = z.object({
  horizon: z.number().int().min(1).max(365).default(28),
  folds: z.number().int().min(1).max(MAX_FOLDS_ASKED).default(3),
  models: z.array(z.enum([...LOCAL_MODEL_NAMES, 'neural'])).min(1).default(['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta']),
  workers: z.number().int().min(1).max(8).optional(),
});

function noHistory(lang: Lang): EngineError {
  return new EngineError('user_error', tr(forecastCatalog, lang, 'no.history'));
}

/** Neural forecasts for every item (no backtest: the global model is trained once on all histories). */
async function neuralChoices(db: Database.Database, end: string, items: DemandItem[], horizon: number, lang: Lang, onProgress: (d: number, t: number, phase: string) => void, isCancelled: () => boolean): Promise<SeriesChoice[]> {
  const model = await loadNeural(lang);
  // The store→covariates builder ships with the neural model; without it the model trains on sales alone.
  let cov = new Map<number, Covariates>();
  try {
    const spec = './features';
    const f = (await import(/* @vite-ignore */ spec)) as { buildCovariates?: (db: Database.Database, items: DemandItem[], end: string, horizon: number) => Map<number, Covariates> };
    if (f.buildCovariates) cov = f.buildCovariates(db, items, end, horizon);
  } catch {
    cov = new Map();
  }
  const preds = await model.fitPredict(items.map((it) => ({ series: it.series, covariates: cov.get(it.productId) })), horizon, { seed: 42, onProgress, isCancelled });
  return items.map((it) => {
    const f = preds.get(it.series.id) ?? { p10: new Array<number>(horizon).fill(0), p50: new Array<number>(horizon).fill(0), p90: new Array<number>(horizon).fill(0) };
    return { id: it.series.id, profile: 'smooth', model: 'neural', weights: null, sums: {}, reason: { key: 'reason.neural', params: {} }, forecast: f, folds: 0, backtestHorizon: 0, seconds: {} };
  });
}

/** Runs 'forecast.run'. */
export const runForecastJob: JobRunner = async (raw, ctx) => {
  const p = ForecastParams.parse(raw);
  const t0 = performance.now();
  ctx.progress(0, 1, both(forecastCatalog, 'phase.load'));
  const { end, items } = loadStoreDemand(ctx.db);
  if (!end || !items.length) throw noHistory(ctx.lang);
  const isCancelled = (): boolean => ctx.cancelled;
  let choices: (SeriesChoice | null)[];
  if (p.model === 'neural') {
    choices = await neuralChoices(ctx.db, end, items, p.horizon, ctx.lang, (d, t) => ctx.progress(d, t, both(forecastCatalog, 'phase.neural')), isCancelled);
  } else {
    const phase = both(forecastCatalog, 'phase.fit');
    const force = p.model === 'auto' ? undefined : (p.model as LocalModelName | 'ensemble');
    choices = await chooseMany(
      items.map((it) => it.series),
      // A requested single model needs no backtest to choose; 'ensemble' does (for its weights).
      { horizon: p.horizon, folds: force && force !== 'ensemble' ? 0 : p.folds, force },
      { workers: p.workers, onProgress: (d, t) => ctx.progress(d, t, phase), isCancelled },
    );
    choices.forEach((c, i) => {
      if (c) c.reason = { ...c.reason, params: { ...c.reason.params, ...calendarNote(items[i].series, p.horizon) } };
    });
  }
  ctx.checkCancelled();
  const warnings: DamagedArtefact[] = [];
  const neural = p.model === 'auto' ? await withNeuralWins(ctx.db, end, items, p.horizon, choices, () => ctx.progress(items.length, items.length, both(forecastCatalog, 'phase.neuralAuto')), (w) => warnings.push(w)) : null;
  if (neural) choices = neural.choices;
  ctx.checkCancelled();
  ctx.progress(items.length, items.length, both(forecastCatalog, 'phase.save'));
  const runId = randomUUID();
  const stored: StoredChoice[] = [];
  items.forEach((it, i) => {
    const c = choices[i];
    if (c) stored.push({ productId: it.productId, model: c.model, profile: c.profile, weights: c.weights, reason: c.reason, sums: c.sums, folds: c.folds, forecast: c.forecast });
  });
  const rows = aggregateBacktests(items.map((it, i) => ({ category: it.category, sums: choices[i]?.sums ?? {} })));
  const seconds = (performance.now() - t0) / 1000;
  ctx.db.transaction(() => {
    insertRun(ctx.db, { id: runId, jobId: ctx.jobId, kind: 'forecast', model: p.model, horizon: p.horizon, folds: p.folds, historyEnd: end, skuCount: stored.length, seconds });
    saveChoices(ctx.db, runId, end, stored);
    saveBacktests(ctx.db, runId, rows);
  })();
  const chosen: Record<string, number> = {};
  for (const c of stored) chosen[c.model] = (chosen[c.model] ?? 0) + 1;
  // History that ended weeks ago gives a forecast whose first days are already past: say so (not an error). The
  // warnings keep both languages, so the Planning screen shows them in whichever the merchant reads (forecast.latest).
  const stale = staleHistoryWarning(end, p.horizon, ctx.lang);
  // The stored forecast against the sales as they are now (sales imported while it ran leave it out of date already).
  const forecast = forecastFreshness(ctx.db);
  return {
    runId, skus: stored.length, historyEnd: end, horizon: p.horizon, model: p.model, chosen, neural: neural?.summary ?? null, seconds: Math.round(seconds * 10) / 10,
    warnings: [...(stale ? [stale] : []), ...warnings.map((w) => artefactWarning(w, ctx.lang))], forecastStale: forecast?.stale ?? false, forecast,
  };
};

/**
 * For 'auto': when the store has a neural model trained (with a holdout) on the same history end and horizon, keeps
 * it for the SKUs where it beat the statistical choice on that holdout. The saved model predicts; nothing retrains.
 */
async function withNeuralWins(db: Database.Database, end: string, items: DemandItem[], horizon: number, choices: (SeriesChoice | null)[], onStart: () => void, warn: (w: DamagedArtefact) => void): Promise<{ choices: (SeriesChoice | null)[]; summary: NeuralKeepSummary } | null> {
  const run = latestNeuralHoldout(db, end, horizon);
  const dir = run?.artefactPath;
  if (!run || !dir) return null;
  if (!existsSync(join(dir, 'model.json'))) {
    warn(damagedArtefact('model', null, dir, both(forecastCatalog, 'model.noFile')));
    return null;
  }
  onStart();
  try {
    return await keepNeuralWhereItWins(run, items, choices, horizon, async (ids) => {
      // Loaded on demand: TensorFlow.js only starts when a trained model is there to use.
      const mod = await import('./neural');
      return mod.predictFromArtefact(db, dir, ids, horizon);
    });
  } catch (e) {
    // A damaged model folder is reported and ignored: the auto forecast stays statistical.
    warn(damagedArtefact('model', null, dir, (e as Error).message));
    return null;
  }
}

/** Runs 'backtest.run': backtests the listed models on every SKU and stores the aggregated scores (forecasts untouched). */
export const runBacktestJob: JobRunner = async (raw, ctx) => {
  const p = BacktestParams.parse(raw);
  const t0 = performance.now();
  ctx.progress(0, 1, both(forecastCatalog, 'phase.load'));
  const { end, items } = loadStoreDemand(ctx.db);
  if (!end || !items.length) throw noHistory(ctx.lang);
  const local = p.models.filter(isLocalModelName);
  const phase = both(forecastCatalog, 'phase.fit');
  const choices = local.length
    ? await chooseMany(items.map((it) => it.series), { horizon: p.horizon, folds: p.folds, models: local, final: false }, { workers: p.workers, onProgress: (d, t) => ctx.progress(d, t, phase), isCancelled: () => ctx.cancelled })
    : items.map(() => null);
  const sums = items.map((it, i) => ({ category: it.category, sums: { ...(choices[i]?.sums ?? {}) } }));
  if (p.models.includes('neural')) {
    const model = await loadNeural(ctx.lang);
    const folds = await backtestGlobal(items.map((it) => ({ series: it.series })), model, p.folds, p.horizon, (train, s) => naiveScale(train, s.seasonLength ?? 1), { seed: 42, isCancelled: () => ctx.cancelled });
    items.forEach((it, i) => {
      const res = folds.get(it.series.id);
      if (!res) return;
      const acc = new MetricAcc();
      for (const r of res) acc.add(r.actual, r.forecast, r.scale);
      sums[i].sums.neural = acc.sums();
    });
  }
  ctx.checkCancelled();
  const rows = aggregateBacktests(sums);
  const runId = randomUUID();
  const seconds = (performance.now() - t0) / 1000;
  ctx.db.transaction(() => {
    insertRun(ctx.db, { id: runId, jobId: ctx.jobId, kind: 'backtest', model: p.models.join(','), horizon: p.horizon, folds: p.folds, historyEnd: end, skuCount: items.length, seconds });
    saveBacktests(ctx.db, runId, rows);
  })();
  return { runId, skus: items.length, seconds: Math.round(seconds * 10) / 10, rows: rows.filter((r) => r.scope === 'all') };
};
