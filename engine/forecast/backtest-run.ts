/** Backtests a list of models on many series and summarises each: WAPE, MASE, bias, pinball, coverage, seconds. */
import type { Lang } from '../i18n';
import { backtestGlobal } from './backtest';
import { loadNeural } from './global';
import { MetricAcc, naiveScale, type AccuracyScores } from './metrics';
import { isLocalModelName } from './models/index';
import { chooseMany, evaluateAutoMany } from './pool';
import type { Covariates, Series } from './types';

/** One summary row. */
export interface ModelSummary extends AccuracyScores {
  model: string;
  series: number;
  /** Wall-clock seconds of its backtest (all folds, all series; CPU seconds summed across workers for local models). */
  seconds: number;
  /** For 'auto': how often each model was chosen across the outer folds. */
  chosen?: Record<string, number>;
}

/**
 * Models the backtest can run: local ones, 'comb' (equal-weight combination of the profile's members), 'ensemble'
 * (inverse-error weights of the best local ones per series, each fold weighted from the folds before it),
 * 'auto' (the choice, made inside each outer fold) and 'neural'.
 */
export const BACKTEST_MODELS = ['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta', 'comb', 'ensemble', 'auto', 'neural'] as const;

/** Runs the backtest; progress goes to onProgress(done, total, phase). */
export async function backtestMany(
  series: Series[],
  o: { horizon: number; folds: number; models: string[]; workers?: number; lang: Lang; covariates?: Map<string, Covariates>; known?: ReadonlySet<string>; onProgress?: (d: number, t: number, phase: string) => void },
): Promise<ModelSummary[]> {
  const out: ModelSummary[] = [];
  // The combinations are scored from the candidates' folds, so asking for one runs the profile's candidates.
  const combined = o.models.filter((m) => m === 'comb' || m === 'ensemble');
  const local = o.models.filter(isLocalModelName);
  const sumUp = (name: string, list: (MetricAcc | null)[], seconds: number): void => {
    const acc = new MetricAcc();
    let n = 0;
    for (const a of list) if (a) {
      acc.merge(a);
      n++;
    }
    out.push({ model: name, series: n, seconds, ...acc.scores() });
  };
  if (local.length || combined.length) {
    const res = await chooseMany(series, { horizon: o.horizon, folds: o.folds, maxFolds: o.folds, models: local.length ? local : undefined, final: false }, { workers: o.workers, onProgress: (d, t) => o.onProgress?.(d, t, 'models') });
    const names = [...local, ...combined];
    for (const name of names) {
      const secs = res.reduce((a, r) => a + (r?.seconds[name] ?? 0), 0);
      sumUp(name, res.map((r) => (r?.sums[name] ? MetricAcc.from(r.sums[name]) : null)), secs);
    }
  }
  if (o.models.includes('auto')) {
    const t0 = performance.now();
    const res = await evaluateAutoMany(series, { horizon: o.horizon, folds: o.folds }, { workers: o.workers, onProgress: (d, t) => o.onProgress?.(d, t, 'auto') });
    sumUp('auto', res.map((r) => (r ? MetricAcc.from(r.sums) : null)), (performance.now() - t0) / 1000);
    const chosen: Record<string, number> = {};
    for (const r of res) for (const m of r?.chosen ?? []) chosen[m] = (chosen[m] ?? 0) + 1;
    out[out.length - 1].chosen = chosen;
  }
  if (o.models.includes('neural')) {
    const t0 = performance.now();
    const model = await loadNeural(o.lang);
    const folds = await backtestGlobal(series.map((s) => ({ series: s, covariates: o.covariates?.get(s.id) })), model, o.folds, o.horizon, (train, s) => naiveScale(train, s.seasonLength ?? 1), { seed: 42, known: o.known ?? new Set() });
    sumUp(
      'neural',
      series.map((s) => {
        const r = folds.get(s.id);
        if (!r) return null;
        const acc = new MetricAcc();
        for (const f of r) acc.add(f.actual, f.forecast, f.scale);
        return acc;
      }),
      (performance.now() - t0) / 1000,
    );
  }
  return out;
}
