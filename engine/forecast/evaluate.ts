/** Honest evaluation of per-series model choice: the choice itself is made inside each outer fold. */
import { foldOrigins, trainPart } from './backtest';
import { chooseAndForecast, type ChooseOptions, type SeriesChoice } from './choose';
import { applyGroupChoice } from './group';
import type { GroupRule } from './group-rule';
import { MetricAcc, naiveScale, type MetricSums } from './metrics';
import type { Series } from './types';

/**
 * Backtests "auto" (choice + ensemble) on one series: for each outer fold the choice runs its own inner
 * backtest on the data before the fold's origin, then its forecast is scored on the fold.
 */
export function evaluateAuto(series: Series, opts: { horizon: number; folds: number; innerFolds?: number; choose?: Partial<ChooseOptions> }): { sums: MetricSums; chosen: string[] } | null {
  const acc = new MetricAcc();
  const chosen: string[] = [];
  const m = Math.max(1, series.seasonLength ?? 1);
  for (const origin of foldOrigins(series.values.length, opts.folds, opts.horizon)) {
    const train = trainPart(series, origin);
    const c = chooseAndForecast(train, { ...opts.choose, horizon: opts.horizon, folds: opts.innerFolds ?? opts.folds });
    acc.add(series.values.slice(origin, origin + opts.horizon), c.forecast, naiveScale(train.values, m));
    chosen.push(c.model);
  }
  return chosen.length ? { sums: acc.sums(), chosen } : null;
}

/** One outer fold of the honest "auto" evaluation: the choice made before the origin, with its candidates kept. */
export interface AutoFold {
  origin: number;
  actual: number[];
  scale: number;
  choice: SeriesChoice;
}

/** The outer folds of one series with each fold's choice (candidates kept), for a choice per group across series. */
export function evaluateAutoFolds(series: Series, opts: { horizon: number; folds: number; choose?: Partial<ChooseOptions> }): AutoFold[] {
  const m = Math.max(1, series.seasonLength ?? 1);
  return foldOrigins(series.values.length, opts.folds, opts.horizon).map((origin) => {
    const train = trainPart(series, origin);
    const choice = chooseAndForecast(train, { ...opts.choose, horizon: opts.horizon, folds: opts.folds, keepCandidates: true });
    return { origin, actual: series.values.slice(origin, origin + opts.horizon), scale: naiveScale(train.values, m), choice };
  });
}

/** Scores "auto" over many series' outer folds after the choice per group (made fold by fold, from the inner backtests only). */
export function scoreAutoFolds(all: (AutoFold[] | null)[], margin?: number, rule?: GroupRule): ({ sums: MetricSums; chosen: string[] } | null)[] {
  const depth = Math.max(0, ...all.map((f) => f?.length ?? 0));
  // Fold k from the end of each series: the same calendar origin for series that end together.
  for (let k = 1; k <= depth; k++) applyGroupChoice(all.map((f) => (f && f.length >= k ? f[f.length - k].choice : null)), margin, rule);
  return all.map((folds) => {
    if (!folds?.length) return null;
    const acc = new MetricAcc();
    for (const f of folds) acc.add(f.actual, f.choice.forecast, f.scale);
    return { sums: acc.sums(), chosen: folds.map((f) => f.choice.model) };
  });
}
