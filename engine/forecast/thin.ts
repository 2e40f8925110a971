/**
 * Series with too little history to choose a model on: a handful of backtest periods ranks models by noise.
 * For those the forecast combines the catalogue-wide pooled model with a smoothed level (SBA), which does not
 * extrapolate a trend from a few points. Measured on ../shared retail_price.csv (52 products, 5–20 months).
 */
import { foldOrigins } from './backtest';
import type { ChooseOptions } from './choose';
import { pooledForecasts, type PooledRequest } from './models/pooled';
import { countFinite } from './stats';
import type { Series } from './types';

/** Fewer backtest periods than this is too little evidence to rank models. */
export const MIN_EVIDENCE_PERIODS = 20;

/** Local model combined with the pooled one on thin series. */
export const THIN_LEVEL_MODEL = 'sba';

/** True when a series of `nObs` observed periods (season `m`) has `evidence` backtest periods: too few to choose on. */
export function thinHistory(nObs: number, m: number, evidence: number): boolean {
  return evidence < MIN_EVIDENCE_PERIODS && nObs < 3 * Math.max(m, 1);
}

/** True when `s` (to be backtested over `folds` windows of `horizon`) is thin. */
export function isThin(s: Series, folds: number, horizon: number): boolean {
  return thinHistory(countFinite(s.values), s.seasonLength ?? 1, foldOrigins(s.values.length, folds, horizon).length * horizon);
}

/**
 * Copies of the series with the pooled forecasts each will need attached (`Series.pooled`): the final forecast
 * of a thin series ('choose'), or the outer-fold forecasts whose training part is thin ('auto', see evaluateAuto).
 * Series that need none are returned as they are.
 */
export function attachPooled(series: Series[], opts: ChooseOptions, mode: 'choose' | 'auto'): Series[] {
  if (opts.force || series.length < 2) return series;
  const H = opts.backtestHorizon ?? opts.horizon;
  const folds = opts.folds ?? 3;
  const requests: PooledRequest[] = [];
  series.forEach((s, index) => {
    if (mode === 'choose') {
      if (opts.final !== false && isThin(s, folds, H)) requests.push({ index, origin: s.values.length });
      return;
    }
    for (const origin of foldOrigins(s.values.length, folds, H)) {
      if (isThin({ ...s, values: s.values.slice(0, origin) }, folds, H)) requests.push({ index, origin });
    }
  });
  if (!requests.length) return series;
  const fc = pooledForecasts(series, requests, mode === 'choose' ? opts.horizon : H);
  const out = series.slice();
  for (const [rq, q] of fc) {
    const s = out[rq.index];
    out[rq.index] = { ...s, pooled: { ...(s.pooled ?? {}), [rq.origin]: q } };
  }
  return out;
}
