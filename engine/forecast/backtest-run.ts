/** Backtests a list of models on many series and summarises each: WAPE, MASE, bias, pinball, coverage, seconds. */
import type { Lang } from '../i18n';
import { backtestGlobal, foldOrigins } from './backtest';
import { candidatesFor, combMembers, profileOf, type Profile } from './candidates';
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

/** A row of the backtest scored on fewer series than the others could be, and why. */
export interface FewerSeries {
  model: string;
  /** Series the row was scored on. */
  series: number;
  /** Series long enough for a fold (every series but the too-short ones), which a single model is scored on. */
  of: number;
  /**
   * 'comb_members': comb averages fixed members per demand profile (candidates.ts combMembers) and is scored only where
   * at least two of them are run; `profiles` says which profiles fell short, with their members and series counts.
   * 'not_scored': the row's model gave no score on the others.
   */
  reason: 'comb_members' | 'not_scored';
  profiles?: { profile: Profile; members: string[]; series: number }[];
}

/**
 * The rows scored on fewer series than are long enough for a fold, with the reason, so a reader does not compare a
 * WAPE over a subset with WAPEs over all of them. `models` is the --models list as run.
 */
export function scoredOnFewer(series: Series[], rows: readonly ModelSummary[], o: { horizon: number; folds: number; models: readonly string[] }): FewerSeries[] {
  const scoreable = series.filter((s) => foldOrigins(s.values.length, o.folds, o.horizon).length > 0);
  const local = o.models.filter(isLocalModelName);
  const out: FewerSeries[] = [];
  for (const r of rows) {
    if (r.series >= scoreable.length) continue;
    if (r.model !== 'comb') {
      out.push({ model: r.model, series: r.series, of: scoreable.length, reason: 'not_scored' });
      continue;
    }
    // The same rule as choose.ts: the profile's members among the models run (the listed ones, else its candidates).
    const short = new Map<Profile, number>();
    for (const s of scoreable) {
      const p = profileOf(s, o.horizon);
      const run: readonly string[] = local.length ? local : candidatesFor(p);
      if (combMembers(p).filter((m) => run.includes(m)).length < 2) short.set(p, (short.get(p) ?? 0) + 1);
    }
    const profiles = [...short].map(([profile, n]) => ({ profile, members: combMembers(profile), series: n }));
    out.push(profiles.length ? { model: r.model, series: r.series, of: scoreable.length, reason: 'comb_members', profiles } : { model: r.model, series: r.series, of: scoreable.length, reason: 'not_scored' });
  }
  return out;
}
