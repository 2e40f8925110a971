/** Per-series model choice: rolling-origin backtests of the candidates and an inverse-error weighted ensemble. */
import type { LocalModel, Quantiles, Series } from './types';
import { backtestLocal, foldOrigins, type FoldResult } from './backtest';
import { MetricAcc, naiveScale, type MetricSums } from './metrics';
import { etsModel } from './models/ets';
import { localModel, type LocalModelName } from './models/index';
import { countFinite } from './stats';
import { THIN_LEVEL_MODEL, thinHistory } from './thin';

/** Demand profile of a series, which decides the candidate set. */
export type Profile = 'smooth' | 'intermittent' | 'short' | 'empty';

/** Why a model was chosen: a message key of the forecast catalogue and its parameters. */
export interface Reason {
  key: string;
  params: Record<string, string | number>;
}

/** The outcome for one series. */
export interface SeriesChoice {
  id: string;
  profile: Profile;
  /** Chosen model name, 'ensemble', or the requested model. */
  model: string;
  /** Ensemble weights by model (only when model = 'ensemble'). */
  weights: Record<string, number> | null;
  /** Backtest sums per candidate (and 'ensemble'); empty when no backtest ran. */
  sums: Record<string, MetricSums>;
  reason: Reason;
  forecast: Quantiles;
  folds: number;
  backtestHorizon: number;
  /** Seconds spent backtesting each candidate. */
  seconds: Record<string, number>;
}

/** Options of chooseAndForecast. */
export interface ChooseOptions {
  horizon: number;
  folds?: number;
  /** Backtest window (defaults to the horizon). */
  backtestHorizon?: number;
  /** Restrict the candidates (default: by profile). */
  models?: LocalModelName[];
  /** Always answer with this model (after backtesting it when `backtest` is true). */
  force?: LocalModelName | 'ensemble';
  /** Number of top models in the ensemble. */
  ensembleSize?: number;
  /** Also forecast `horizon` periods from the full history (default true; false = backtest only). */
  final?: boolean;
}

/** Average demand interval above which a series is intermittent (Syntetos–Boylan cut-off). */
export const ADI_CUTOFF = 1.32;

/** Classifies a series by length and share of zero-demand periods. */
export function profileOf(s: Series, horizon: number): Profile {
  const nObs = countFinite(s.values);
  if (nObs === 0) return 'empty';
  let nz = 0;
  for (const v of s.values) if (Number.isFinite(v) && v > 0) nz++;
  if (nz === 0) return 'intermittent';
  if (nObs < 2 * horizon + 8) return 'short';
  return nObs / nz > ADI_CUTOFF ? 'intermittent' : 'smooth';
}

/** Candidate model names for a profile. */
export function candidatesFor(profile: Profile): LocalModelName[] {
  switch (profile) {
    case 'smooth':
      return ['snaive', 'ma', 'ets', 'theta'];
    case 'intermittent':
      return ['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets'];
    case 'short':
      return ['ma', 'ets', 'theta', 'sba'];
    case 'empty':
      return ['ma'];
  }
}

const ETS_SMOOTH_FORMS = (['N', 'A', 'M'] as const).flatMap((season) => (['N', 'Ad'] as const).map((trend) => ({ trend, season })));

function modelFor(name: LocalModelName, profile: Profile): LocalModel {
  // Sparse series only get the level-only ETS forms: trends fitted to zeros mislead and cost time.
  if (name === 'ets' && profile === 'intermittent') return etsModel({ forms: [{ trend: 'N', season: 'N' }, { trend: 'N', season: 'A' }] });
  // Over 28+ day horizons an undamped trend is rarely right and costs a third of the fits: keep N and Ad.
  if (name === 'ets' && profile === 'smooth') return etsModel({ forms: ETS_SMOOTH_FORMS });
  return localModel(name);
}

/** Weighted average of quantile forecasts (quantile averaging). */
export function combineQuantiles(parts: { f: Quantiles; w: number }[]): Quantiles {
  const h = parts[0].f.p50.length;
  const out: Quantiles = { p10: new Array<number>(h).fill(0), p50: new Array<number>(h).fill(0), p90: new Array<number>(h).fill(0) };
  for (const { f, w } of parts) {
    for (let i = 0; i < h; i++) {
      out.p10[i] += w * f.p10[i];
      out.p50[i] += w * f.p50[i];
      out.p90[i] += w * f.p90[i];
    }
  }
  return out;
}

/** Inverse-MAE weights of the best `k` models (a perfect model takes all the weight). */
export function inverseErrorWeights(mae: Record<string, number>, k: number): Record<string, number> {
  const ranked = Object.entries(mae).filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[1] - b[1]).slice(0, k);
  if (!ranked.length) return {};
  if (ranked[0][1] <= 1e-12) return { [ranked[0][0]]: 1 };
  const inv = ranked.map(([name, v]) => [name, 1 / v] as const);
  const tot = inv.reduce((a, [, v]) => a + v, 0);
  return Object.fromEntries(inv.map(([name, v]) => [name, v / tot]));
}

/** Backtests the candidates of one series, picks the best (or the ensemble), and forecasts `horizon` periods with it. */
export function chooseAndForecast(series: Series, opts: ChooseOptions): SeriesChoice {
  const H = opts.backtestHorizon ?? opts.horizon;
  const profile = profileOf(series, H);
  const m = Math.max(1, series.seasonLength ?? 1);
  const names = opts.force && opts.force !== 'ensemble' ? [opts.force] : opts.models ?? candidatesFor(profile);
  const origins = foldOrigins(series.values.length, opts.folds ?? 3, H);
  const scaleOf = (train: number[]): number => naiveScale(train, m);
  const folds = new Map<string, FoldResult[]>();
  const seconds: Record<string, number> = {};
  if (origins.length) {
    for (const name of names) {
      const t0 = performance.now();
      folds.set(name, backtestLocal(series, modelFor(name, profile), origins, H, scaleOf));
      seconds[name] = (performance.now() - t0) / 1000;
    }
  }
  const sums: Record<string, MetricSums> = {};
  const mae: Record<string, number> = {};
  for (const [name, res] of folds) {
    const acc = new MetricAcc();
    for (const r of res) acc.add(r.actual, r.forecast, r.scale);
    sums[name] = acc.sums();
    mae[name] = acc.scores().mae;
  }
  let weights: Record<string, number> | null = null;
  const k = opts.ensembleSize ?? 3;
  if (folds.size >= 2) {
    weights = inverseErrorWeights(mae, k);
    if (Object.keys(weights).length >= 2) {
      const acc = new MetricAcc();
      origins.forEach((_, i) => {
        const f = combineQuantiles(Object.entries(weights!).map(([name, w]) => ({ f: folds.get(name)![i].forecast, w })));
        const r = folds.get(Object.keys(weights!)[0])![i];
        acc.add(r.actual, f, r.scale);
      });
      sums.ensemble = acc.sums();
      mae.ensemble = acc.scores().mae;
    } else weights = null;
  }
  let chosen: string;
  let reason: Reason;
  const ranked = Object.entries(mae).filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[1] - b[1]);
  const pooled = series.pooled?.[series.values.length];
  if (opts.force && (opts.force !== 'ensemble' || weights)) {
    chosen = opts.force;
    reason = { key: 'reason.requested', params: { model: chosen } };
  } else if (pooled && pooled.p50.length >= opts.horizon && thinHistory(countFinite(series.values), m, origins.length * H)) {
    // Too little history to rank models: the catalogue-wide pooled model, half and half with a smoothed level.
    chosen = 'pooled';
    weights = { pooled: 0.5, [THIN_LEVEL_MODEL]: 0.5 };
    reason = { key: 'reason.pooled', params: { n: countFinite(series.values), level: THIN_LEVEL_MODEL } };
  } else if (!ranked.length) {
    // No backtest possible: an equal-weight combination of the profile's candidates is the robust default.
    const pool = profile === 'empty' ? ['ma'] : candidatesFor(profile).filter((n) => n !== 'snaive');
    weights = Object.fromEntries(pool.map((n) => [n, 1 / pool.length]));
    chosen = pool.length > 1 ? 'ensemble' : pool[0];
    reason = { key: 'reason.noBacktest', params: { model: chosen, profile, n: series.values.length } };
  } else {
    // Prefer the ensemble unless a single model is clearly (5%) better: three folds are a noisy judge.
    const ens = mae.ensemble;
    chosen = ens !== undefined && Number.isFinite(ens) && ranked[0][0] !== 'ensemble' && ranked[0][1] > 0.95 * ens ? 'ensemble' : ranked[0][0];
    const w = (name: string): number => (sums[name] ? MetricAcc.from(sums[name]).scores().wape : NaN);
    const runner = ranked.find(([name]) => name !== chosen)?.[0] ?? '—';
    reason = {
      key: 'reason.best',
      params: {
        model: chosen,
        wape: fmtPct(w(chosen)),
        runnerUp: runner,
        runnerUpWape: runner !== '—' ? fmtPct(w(runner)) : '—',
        snaiveWape: sums.snaive ? fmtPct(w('snaive')) : '—',
        folds: origins.length,
        horizon: H,
        profile,
      },
    };
  }
  if (chosen !== 'ensemble' && chosen !== 'pooled') weights = null;
  const cut = (q: Quantiles): Quantiles => ({ p10: q.p10.slice(0, opts.horizon), p50: q.p50.slice(0, opts.horizon), p90: q.p90.slice(0, opts.horizon) });
  const forecast =
    opts.final === false
      ? { p10: [], p50: [], p90: [] }
      : chosen === 'pooled' && pooled
      ? combineQuantiles([{ f: cut(pooled), w: 0.5 }, { f: localModel(THIN_LEVEL_MODEL).forecast(series, opts.horizon), w: 0.5 }])
      : chosen === 'ensemble' && weights
      ? combineQuantiles(Object.entries(weights).map(([name, w]) => ({ f: modelFor(name as LocalModelName, profile).forecast(series, opts.horizon), w })))
      : modelFor(chosen as LocalModelName, profile).forecast(series, opts.horizon);
  return { id: series.id, profile, model: chosen, weights, sums, reason, forecast, folds: origins.length, backtestHorizon: H, seconds };
}

function fmtPct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—';
}
