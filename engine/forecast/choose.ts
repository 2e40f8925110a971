/** Per-series model choice: rolling-origin backtests of the candidates and an inverse-error weighted ensemble. */
import type { Quantiles, Series } from './types';
import { backtestLocal, foldOrigins, type FoldResult } from './backtest';
import { bandSums, intervalScale, scaleInterval, type BandScale, type CalibrationFold } from './calibrate';
import { candidatesFor, combMembers, groupOnly, MAX_FOLDS, modelFor, originCount, profileOf, SELECT_MARGIN, type Profile } from './candidates';
import { combineQuantiles, inverseErrorWeights } from './combine';
import { MetricAcc, naiveScale, type MetricSums } from './metrics';
import type { LocalModelName } from './models/index';
import { liftAhead, specialDays } from './calendar-effects';
import { countFinite } from './stats';
import { THIN_LEVEL_MODEL, thinHistory } from './thin';

/** Why a model was chosen: a message key of the forecast catalogue and its parameters. */
export interface Reason {
  key: string;
  params: Record<string, string | number>;
}

/** The outcome for one series. */
export interface SeriesChoice {
  id: string;
  profile: Profile;
  /** Chosen model name, 'comb' (equal-weight combination), 'ensemble' (inverse-error weights), 'pooled', or the requested model. */
  model: string;
  /** Weights by member model (when model is 'ensemble', 'comb' or 'pooled'). */
  weights: Record<string, number> | null;
  /** Backtest sums per candidate (and 'ensemble'); empty when no backtest ran. */
  sums: Record<string, MetricSums>;
  reason: Reason;
  forecast: Quantiles;
  folds: number;
  backtestHorizon: number;
  /** Seconds spent backtesting each candidate. */
  seconds: Record<string, number>;
  /** Factors applied to each option's P10–P90 band (calibrate.ts), from its own backtest folds; absent = 1. */
  bandScale?: Record<string, BandScale>;
  /** Which forecast periods are known special days (their band takes the special days' factors); absent when none. */
  futureSpecial?: boolean[];
  /**
   * With `keepCandidates`: every candidate's final forecast before calibration (and 'comb' / 'ensemble' with their
   * weights) and its backtest folds, for the group choice.
   */
  candidates?: Record<string, { forecast: Quantiles; weights: Record<string, number> | null; folds?: CalibrationFold[] }>;
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
  /** A single model (or the weighted ensemble) replaces the equal-weight combination only when its backtest MAE is this much lower (default SELECT_MARGIN). */
  selectMargin?: number;
  /** Use up to this many backtest origins when the history allows (default MAX_FOLDS; never fewer than `folds`). */
  maxFolds?: number;
  /** Also return every candidate's final forecast (`SeriesChoice.candidates`), so a choice per group can replace this one. */
  keepCandidates?: boolean;
  /** Also forecast `horizon` periods from the full history (default true; false = backtest only). */
  final?: boolean;
  /** Scale each option's P10–P90 band to the coverage its backtest folds called for (default true; calibrate.ts). */
  calibrate?: boolean;
}



/** Backtests the candidates of one series, picks the best (or the ensemble), and forecasts `horizon` periods with it. */
export function chooseAndForecast(series: Series, opts: ChooseOptions): SeriesChoice {
  const H = opts.backtestHorizon ?? opts.horizon;
  const profile = profileOf(series, H);
  const m = Math.max(1, series.seasonLength ?? 1);
  const names = opts.force && opts.force !== 'ensemble' ? [opts.force] : opts.models ?? candidatesFor(profile);
  const origins = foldOrigins(series.values.length, originCount(series.values.length, H, opts.folds ?? 3, opts.maxFolds ?? MAX_FOLDS), H);
  const scaleOf = (train: number[]): number => naiveScale(train, m);
  const folds = new Map<string, FoldResult[]>();
  const seconds: Record<string, number> = {};
  const comb = opts.force ? [] : combMembers(profile).filter((n) => names.includes(n));
  // The names one series' own backtest may choose or blend (all of them when the caller lists the models).
  const solo = opts.models || opts.force ? names : names.filter((n) => !groupOnly(profile).includes(n));
  if (origins.length) {
    for (const name of names) {
      const t0 = performance.now();
      folds.set(name, backtestLocal(series, modelFor(name, profile), origins, H, scaleOf));
      seconds[name] = (performance.now() - t0) / 1000;
    }
  }
  const sums: Record<string, MetricSums> = {};
  const mae: Record<string, number> = {};
  const foldMae = (name: string, upTo: number): number => {
    let e = 0;
    let c = 0;
    for (const r of folds.get(name)!.slice(0, upTo))
      for (let i = 0; i < r.actual.length; i++)
        if (Number.isFinite(r.actual[i])) {
          e += Math.abs(r.actual[i] - r.forecast.p50[i]);
          c++;
        }
    return c ? e / c : NaN;
  };
  for (const [name, res] of folds) {
    const acc = new MetricAcc();
    for (const r of res) acc.add(r.actual, r.forecast, r.scale);
    sums[name] = acc.sums();
    mae[name] = acc.scores().mae;
  }
  // Each option's fold forecasts, for calibrating its band (the combinations' are built below).
  const calFolds: Record<string, CalibrationFold[]> = {};
  // Known special days (events, promotions) get band factors of their own (calibrate.ts).
  const specialAt = (origin: number): { special?: boolean[] } => {
    const special = specialDays(series, origin, H);
    return special ? { special } : {};
  };
  for (const [name, res] of folds) calFolds[name] = res.map((r) => ({ actual: r.actual, forecast: r.forecast, ...specialAt(r.origin) }));
  const scoreCombined = (name: string, weightsAt: (fold: number) => Record<string, number>): MetricAcc => {
    const acc = new MetricAcc();
    calFolds[name] = [];
    origins.forEach((_, i) => {
      const w = weightsAt(i);
      const f = combineQuantiles(Object.entries(w).map(([name, v]) => ({ f: folds.get(name)![i].forecast, w: v })));
      const r = folds.get(Object.keys(w)[0])![i];
      acc.add(r.actual, f, r.scale);
      calFolds[name].push({ actual: r.actual, forecast: f, ...specialAt(r.origin) });
    });
    return acc;
  };
  // The fixed combination: equal weights, nothing fitted on the folds it is scored on.
  if (folds.size && comb.length >= 2) {
    const acc = scoreCombined('comb', () => Object.fromEntries(comb.map((n) => [n, 1 / comb.length])));
    sums.comb = acc.sums();
    mae.comb = acc.scores().mae;
  }
  let weights: Record<string, number> | null = null;
  const k = opts.ensembleSize ?? 3;
  if (folds.size >= 2 && solo.length >= 2) {
    // Scored honestly: each fold is combined with weights from the folds before it (equal weights on the first, or
    // where the earlier folds give none). Scored on every series with two members to blend, so the ensemble's
    // backtest covers the same series as the single models' (it skipped those where one member was perfect overall).
    const equal = Object.fromEntries(solo.filter((n) => n !== 'snaive' || solo.length === 1).map((n) => [n, 1]));
    const acc = scoreCombined('ensemble', (i) => {
      const w = i === 0 ? {} : inverseErrorWeights(Object.fromEntries(solo.map((n) => [n, foldMae(n, i)])), k);
      if (Object.keys(w).length) return w;
      const tot = Object.keys(equal).length;
      return Object.fromEntries(Object.keys(equal).map((n) => [n, 1 / tot]));
    });
    sums.ensemble = acc.sums();
    mae.ensemble = acc.scores().mae;
    // As an option to forecast with, the ensemble needs two members from the whole backtest: where one model was
    // perfect (or only one could be scored) it is that model alone, which the ranking below already offers.
    weights = inverseErrorWeights(Object.fromEntries(solo.map((n) => [n, mae[n]])), k);
    if (Object.keys(weights).length < 2) weights = null;
  }
  let chosen: string;
  let reason: Reason;
  const ranked = Object.entries(mae)
    .filter(([name, v]) => Number.isFinite(v) && (solo.includes(name as LocalModelName) || !names.includes(name as LocalModelName)) && (name !== 'ensemble' || weights))
    .sort((a, b) => a[1] - b[1]);
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
    const pool = profile === 'empty' ? ['ma'] : candidatesFor(profile).filter((n) => n !== 'snaive' && !groupOnly(profile).includes(n));
    weights = Object.fromEntries(pool.map((n) => [n, 1 / pool.length]));
    chosen = pool.length > 1 ? 'ensemble' : pool[0];
    reason = { key: 'reason.noBacktest', params: { model: chosen, profile, n: series.values.length } };
  } else {
    // The fixed combination is the default; a single model or the weighted ensemble replaces it only when clearly
    // (SELECT_MARGIN) better on the backtest: a few folds are a noisy judge.
    const margin = opts.selectMargin ?? SELECT_MARGIN;
    const hasComb = mae.comb !== undefined && Number.isFinite(mae.comb);
    // The seasonal naive stays a yardstick unless it is all there is.
    const top = ranked.find(([name]) => name !== 'snaive') ?? ranked[0];
    const best = top[0];
    const shown = hasComb && best !== 'comb' && !(top[1] < (1 - margin) * mae.comb) ? 'comb' : best;
    chosen = shown;
    if (shown === 'comb') weights = Object.fromEntries(comb.map((n) => [n, 1 / comb.length]));
    const w = (name: string): number => (sums[name] ? MetricAcc.from(sums[name]).scores().wape : NaN);
    const runner = ranked.find(([name]) => name !== shown)?.[0] ?? '—';
    reason = {
      key: shown === 'comb' ? 'reason.comb' : 'reason.best',
      params: {
        model: chosen,
        members: comb.join(' + '),
        wape: fmtPct(w(shown)),
        runnerUp: runner,
        runnerUpWape: runner !== '—' ? fmtPct(w(runner)) : '—',
        snaiveWape: sums.snaive ? fmtPct(w('snaive')) : '—',
        folds: origins.length,
        horizon: H,
        profile,
        margin: fmtPct(margin),
      },
    };
  }
  if (chosen !== 'ensemble' && chosen !== 'pooled' && chosen !== 'comb') weights = null;
  const cut = (q: Quantiles): Quantiles => ({ p10: q.p10.slice(0, opts.horizon), p50: q.p50.slice(0, opts.horizon), p90: q.p90.slice(0, opts.horizon) });
  // Every option's band is scaled by the factor its own backtest folds (all before the origin) called for.
  const bandScale: Record<string, BandScale> = {};
  if (opts.calibrate !== false && opts.final !== false) for (const [name, f] of Object.entries(calFolds)) bandScale[name] = intervalScale(f);
  const futureSpecial = specialDays(series, series.values.length, opts.horizon);
  const calibrated = (name: string, q: Quantiles): Quantiles => scaleInterval(q, bandScale[name] ?? { lo: 1, hi: 1 }, futureSpecial);
  const raw =
    opts.final === false
      ? { p10: [], p50: [], p90: [] }
      : chosen === 'pooled' && pooled
      ? combineQuantiles([{ f: liftAhead(series, cut(pooled)), w: 0.5 }, { f: modelFor(THIN_LEVEL_MODEL, profile).forecast(series, opts.horizon), w: 0.5 }])
      : (chosen === 'ensemble' || chosen === 'comb') && weights
      ? combineQuantiles(Object.entries(weights).map(([name, w]) => ({ f: modelFor(name as LocalModelName, profile).forecast(series, opts.horizon), w })))
      : modelFor(chosen as LocalModelName, profile).forecast(series, opts.horizon);
  const forecast = opts.final === false ? raw : calibrated(chosen, raw);
  // What the merchant reads about the band ("inside the shaded range on …% of days") is about the band shown.
  if (bandScale[chosen] && sums[chosen]) sums[chosen] = bandSums(sums[chosen], calFolds[chosen], (i) => intervalScale(calFolds[chosen].slice(0, i)));
  const out: SeriesChoice = { id: series.id, profile, model: chosen, weights, sums, reason, forecast, folds: origins.length, backtestHorizon: H, seconds, bandScale, ...(futureSpecial ? { futureSpecial } : {}) };
  if (opts.keepCandidates && opts.final !== false && !opts.force && ranked.length && chosen !== 'pooled') {
    const own: Record<string, Quantiles> = {};
    for (const name of names) own[name] = name === chosen ? raw : modelFor(name, profile).forecast(series, opts.horizon);
    const cands: NonNullable<SeriesChoice['candidates']> = {};
    // Only what the group choice reads travels (between worker threads): actuals and quantiles per fold.
    const slim = (name: string): CalibrationFold[] | undefined => calFolds[name]?.map((f) => ({ actual: f.actual, forecast: f.forecast, ...(f.special ? { special: f.special } : {}) }));
    for (const name of names) cands[name] = { forecast: own[name], weights: null, folds: slim(name) };
    const blend = (name: string, w: Record<string, number>): NonNullable<SeriesChoice['candidates']>[string] => ({
      forecast: combineQuantiles(Object.entries(w).map(([n, v]) => ({ f: own[n], w: v }))),
      weights: w,
      folds: slim(name),
    });
    if (sums.comb) cands.comb = blend('comb', Object.fromEntries(comb.map((n) => [n, 1 / comb.length])));
    const ew = sums.ensemble ? inverseErrorWeights(Object.fromEntries(solo.map((n) => [n, mae[n]])), k) : {};
    if (Object.keys(ew).length >= 2) cands.ensemble = blend('ensemble', ew);
    out.candidates = cands;
  }
  return out;
}

function fmtPct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—';
}
