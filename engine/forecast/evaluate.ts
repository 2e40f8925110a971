/** Honest evaluation of per-series model choice: the choice itself is made inside each outer fold. */
import { foldOrigins, trainPart } from './backtest';
import { chooseAndForecast, type ChooseOptions } from './choose';
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
