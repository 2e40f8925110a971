/** Rolling-origin backtests: every fit sees only the data before its origin. */
import type { Covariates, GlobalForecaster, GlobalItem, LocalModel, Quantiles, Series } from './types';

/** The most folds a forecast or backtest may be asked for (the job and operation schemas and `desk backtest` check it). */
export const MAX_FOLDS_ASKED = 10;

/** Fold origins (index of the first forecast period), oldest first: the last `folds` windows of `horizon`, stepping by `step`. */
export function foldOrigins(n: number, folds: number, horizon: number, opts: { step?: number; minTrain?: number } = {}): number[] {
  const step = opts.step ?? horizon;
  const minTrain = opts.minTrain ?? Math.max(2 * horizon, 8);
  const out: number[] = [];
  for (let k = folds; k >= 1; k--) {
    const origin = n - horizon - (k - 1) * step;
    if (origin >= minTrain && origin + horizon <= n) out.push(origin);
  }
  return out;
}

/** The training part of a series for a fold: a copy of the values before `origin` (nothing after it). */
export function trainPart(s: Series, origin: number): Series {
  return { ...s, values: s.values.slice(0, origin) };
}

/** Periods before the origin whose mean stands in for a covariate not known ahead. */
export const HELD_LEVEL_PERIODS = 7;

/**
 * Covariates for a fold: the observed part up to the origin plus `horizon` periods of the window. The periods after
 * origin + horizon are cut, so a model cannot read anything beyond its forecast window. When `known` is given, only
 * the covariates it names (planned prices, promotions, events) keep their values inside the window; every other one
 * was not known at the origin, so inside the window it holds the mean of its last HELD_LEVEL_PERIODS observed
 * values before the origin.
 */
export function trainCovariates(c: Covariates | undefined, origin: number, horizon: number, known?: ReadonlySet<string>): Covariates | undefined {
  if (!c) return undefined;
  const out: Covariates = {};
  for (const [k, v] of Object.entries(c)) {
    const cut = v.slice(0, origin + horizon);
    if (known && !known.has(k)) {
      let sum = 0;
      let n = 0;
      for (let i = Math.min(origin, cut.length) - 1; i >= 0 && n < HELD_LEVEL_PERIODS; i--) {
        if (Number.isFinite(cut[i])) {
          sum += cut[i];
          n++;
        }
      }
      const level = n ? sum / n : NaN;
      for (let i = origin; i < cut.length; i++) cut[i] = level;
    }
    out[k] = cut;
  }
  return out;
}

/** One model's forecast for one fold of one series. */
export interface FoldResult {
  origin: number;
  actual: number[];
  forecast: Quantiles;
  /** Seasonal-naive in-sample MAE of the training part (the MASE scale). */
  scale: number;
}

/** Runs a local model over the folds of one series. */
export function backtestLocal(series: Series, model: LocalModel, origins: number[], horizon: number, scaleOf: (train: number[]) => number): FoldResult[] {
  return origins.map((origin) => {
    const train = trainPart(series, origin);
    return {
      origin,
      actual: series.values.slice(origin, origin + horizon),
      forecast: model.forecast(train, horizon),
      scale: scaleOf(train.values),
    };
  });
}

/** Runs a global model over the same folds for all series at once (one fitPredict per origin offset). */
export async function backtestGlobal(
  items: GlobalItem[],
  model: GlobalForecaster,
  folds: number,
  horizon: number,
  scaleOf: (train: number[], s: Series) => number,
  opts: { seed?: number; isCancelled?: () => boolean; known?: ReadonlySet<string> } = {},
): Promise<Map<string, FoldResult[]>> {
  const out = new Map<string, FoldResult[]>();
  for (let k = folds; k >= 1; k--) {
    const fold: GlobalItem[] = [];
    const origins = new Map<string, number>();
    for (const it of items) {
      const origin = it.series.values.length - horizon - (k - 1) * horizon;
      if (origin < Math.max(2 * horizon, 8)) continue;
      origins.set(it.series.id, origin);
      fold.push({ series: trainPart(it.series, origin), covariates: trainCovariates(it.covariates, origin, horizon, opts.known) });
    }
    if (!fold.length) continue;
    const preds = await model.fitPredict(fold, horizon, { seed: opts.seed, isCancelled: opts.isCancelled });
    for (const it of items) {
      const origin = origins.get(it.series.id);
      const f = preds.get(it.series.id);
      if (origin === undefined || !f) continue;
      const list = out.get(it.series.id) ?? [];
      list.push({ origin, actual: it.series.values.slice(origin, origin + horizon), forecast: f, scale: scaleOf(it.series.values.slice(0, origin), it.series) });
      out.set(it.series.id, list);
    }
  }
  return out;
}
