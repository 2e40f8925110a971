/** ETS with additive errors: likelihood fit by Nelder–Mead, model form chosen by AICc (as R's forecast::ets). */
import type { LocalModel, Quantiles, Series } from '../types';
import { nelderMead } from '../optim';
import { linearFit, normalQuantiles } from '../stats';
import { etsForecast, etsRun, type EtsParams, type EtsSeason, type EtsTrend } from './ets-core';

/** A fitted ETS model. */
export interface EtsFit {
  params: EtsParams;
  form: string;
  aicc: number;
  loglik: number;
  sigma2: number;
  nObs: number;
  n: number;
  y: Float64Array;
}

const sig = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));

/** Initial level, trend and seasonal states from the first seasons (after R's initstate heuristic). */
export function etsInitStates(y: Float64Array, m: number, trend: EtsTrend, season: EtsSeason): { l0: number; b0: number; s0: Float64Array } {
  const n = y.length;
  const s0 = new Float64Array(Math.max(1, m));
  if (season === 'M') s0.fill(1);
  const ysa = Float64Array.from(y);
  if (season !== 'N' && m > 1) {
    const cycles = Math.max(1, Math.min(4, Math.floor(n / m)));
    const sum = new Float64Array(m);
    const cnt = new Float64Array(m);
    for (let c = 0; c < cycles; c++) {
      let cs = 0;
      let cn = 0;
      for (let j = 0; j < m; j++) {
        const v = y[c * m + j];
        if (v === v) {
          cs += v;
          cn++;
        }
      }
      if (!cn) continue;
      const cm = cs / cn;
      for (let j = 0; j < m; j++) {
        const v = y[c * m + j];
        if (v !== v) continue;
        if (season === 'M') {
          if (cm > 0) {
            sum[j] += v / cm;
            cnt[j]++;
          }
        } else {
          sum[j] += v - cm;
          cnt[j]++;
        }
      }
    }
    let tot = 0;
    for (let j = 0; j < m; j++) {
      s0[j] = cnt[j] ? sum[j] / cnt[j] : season === 'M' ? 1 : 0;
      tot += s0[j];
    }
    // Normalise: additive indices sum to 0, multiplicative average 1.
    for (let j = 0; j < m; j++) s0[j] = season === 'M' ? Math.max(0.05, (s0[j] * m) / (tot || m)) : s0[j] - tot / m;
    for (let t = 0; t < n; t++) ysa[t] = season === 'M' ? y[t] / s0[t % m] : y[t] - s0[t % m];
  }
  const maxn = Math.min(n, Math.max(10, 2 * m));
  const xs = new Float64Array(maxn);
  for (let i = 0; i < maxn; i++) xs[i] = i + 1;
  const head = ysa.subarray(0, maxn);
  if (trend === 'N') {
    let s = 0;
    let c = 0;
    for (const v of head) if (v === v) {
      s += v;
      c++;
    }
    return { l0: c ? s / c : 0, b0: 0, s0 };
  }
  const fit = linearFit(xs, head);
  return { l0: fit.intercept, b0: fit.slope, s0 };
}

/** Number of estimated parameters as R's ets counts them (smoothing, initial states, plus the error variance). */
function paramCount(trend: EtsTrend, season: EtsSeason, m: number): number {
  let k = 2; // alpha, l0
  if (trend !== 'N') k += 2;
  if (trend === 'Ad') k += 1;
  if (season !== 'N') k += 1 + (m - 1);
  return k + 1;
}

/** Fits one ETS form; null when it cannot be fitted (too few points, non-positive data for M, divergence). */
export function fitEtsForm(y: Float64Array, m: number, trend: EtsTrend, season: EtsSeason, maxEvals = 120): EtsFit | null {
  const n = y.length;
  let nObs = 0;
  let positive = true;
  for (let i = 0; i < n; i++) if (y[i] === y[i]) {
    nObs++;
    if (y[i] <= 0) positive = false;
  }
  if (season !== 'N' && (m < 2 || n < 2 * m)) return null;
  if (season === 'M' && !positive) return null;
  const k = paramCount(trend, season, m);
  if (nObs <= k + 3) return null;
  const init = etsInitStates(y, m, trend, season);
  const scale = Math.max(1e-6, Math.abs(init.l0), 1);
  const p: EtsParams = { trend, season, m, alpha: 0.1, beta: 0.01, gamma: 0.01, phi: 0.98, l0: init.l0, b0: init.b0, s0: init.s0 };
  // Unconstrained coordinates: logits of alpha, beta/alpha, gamma/(1-alpha), (phi-0.8)/0.18, then l0/scale, b0/scale.
  const idx = { beta: -1, gamma: -1, phi: -1, l0: -1, b0: -1 };
  const x0: number[] = [logit(0.2)];
  if (trend !== 'N') {
    idx.beta = x0.length;
    x0.push(logit(0.1));
  }
  if (season !== 'N') {
    idx.gamma = x0.length;
    x0.push(logit(0.05));
  }
  if (trend === 'Ad') {
    idx.phi = x0.length;
    x0.push(logit(0.9));
  }
  idx.l0 = x0.length;
  x0.push(init.l0 / scale);
  if (trend !== 'N') {
    idx.b0 = x0.length;
    x0.push(init.b0 / scale);
  }
  const apply = (x: ArrayLike<number>): void => {
    p.alpha = 1e-4 + 0.9998 * sig(x[0]);
    p.beta = idx.beta >= 0 ? p.alpha * 0.9999 * sig(x[idx.beta]) : 0;
    p.gamma = idx.gamma >= 0 ? (1 - p.alpha) * 0.9999 * sig(x[idx.gamma]) : 0;
    p.phi = idx.phi >= 0 ? 0.8 + 0.18 * sig(x[idx.phi]) : 1;
    p.l0 = x[idx.l0] * scale;
    p.b0 = idx.b0 >= 0 ? x[idx.b0] * scale : 0;
  };
  const objective = (x: Float64Array): number => {
    apply(x);
    const r = etsRun(y, p);
    return r.ok && r.sse > 0 ? r.nObs * Math.log(r.sse) : r.ok ? -1e12 : Infinity;
  };
  const step = x0.map((_, i) => (i < idx.l0 ? 1 : 0.05));
  const best = nelderMead(objective, x0, { maxEvals, step, tol: 1e-6 });
  apply(best.x);
  const run = etsRun(y, p);
  if (!run.ok || !Number.isFinite(run.sse)) return null;
  const sse = Math.max(run.sse, 1e-12);
  const loglik = -0.5 * run.nObs * (Math.log((2 * Math.PI * sse) / run.nObs) + 1);
  const aic = -2 * loglik + 2 * k;
  const aicc = aic + (2 * k * (k + 1)) / Math.max(1, run.nObs - k - 1);
  const sigma2 = sse / Math.max(1, run.nObs - k + 1);
  const form = `A,${trend},${season}`;
  return { params: { ...p, s0: Float64Array.from(p.s0) }, form, aicc, loglik, sigma2, nObs: run.nObs, n, y };
}

/** Quantile forecast from a fitted ETS model. */
export function etsPredict(fit: EtsFit, horizon: number): Quantiles {
  const run = etsRun(fit.y, fit.params);
  const f = etsForecast(fit.params, run, fit.n, horizon, fit.sigma2);
  const sd = Array.from(f.variance, (v) => Math.sqrt(v));
  return normalQuantiles(f.mean, sd);
}

/** The candidate forms for a series: like R's ets, multiplicative trend is never used and m > 24 drops seasonality. */
export function etsCandidates(m: number, n: number, opts: { seasonal?: boolean; trend?: boolean } = {}): { trend: EtsTrend; season: EtsSeason }[] {
  const trends: EtsTrend[] = opts.trend === false ? ['N'] : ['N', 'A', 'Ad'];
  const seasons: EtsSeason[] = opts.seasonal === false || m < 2 || m > 24 || n < 2 * m ? ['N'] : ['N', 'A', 'M'];
  const out: { trend: EtsTrend; season: EtsSeason }[] = [];
  for (const season of seasons) for (const trend of trends) out.push({ trend, season });
  return out;
}

/** Fits every candidate form and keeps the one with the lowest AICc; null when none fits. */
export function autoEts(values: ArrayLike<number>, m: number, opts: { forms?: { trend: EtsTrend; season: EtsSeason }[]; maxEvals?: number } = {}): EtsFit | null {
  const y = Float64Array.from(values);
  let best: EtsFit | null = null;
  for (const c of opts.forms ?? etsCandidates(m, y.length)) {
    const fit = fitEtsForm(y, m, c.trend, c.season, opts.maxEvals);
    if (fit && (!best || fit.aicc < best.aicc)) best = fit;
  }
  return best;
}

/** ETS as a LocalModel: AICc choice among the candidate forms; falls back to the mean when nothing fits. */
export function etsModel(opts: { forms?: { trend: EtsTrend; season: EtsSeason }[]; maxEvals?: number; name?: string } = {}): LocalModel {
  return {
    name: opts.name ?? 'ets',
    forecast(series: Series, horizon: number): Quantiles {
      const m = series.seasonLength ?? 1;
      // A year of weekly-seasonal days is plenty for smoothing states that forget in weeks; it halves the fit time.
      const cap = Math.max(104, 52 * m);
      const values = series.values.length > cap ? series.values.slice(-cap) : series.values;
      const fit = autoEts(values, m, opts);
      if (fit) return etsPredict(fit, horizon);
      const obs = series.values.filter((v) => Number.isFinite(v));
      const mean = obs.length ? obs.reduce((a, b) => a + b, 0) / obs.length : 0;
      const sd = obs.length > 1 ? Math.sqrt(obs.reduce((a, b) => a + (b - mean) ** 2, 0) / (obs.length - 1)) : mean;
      return normalQuantiles(new Array<number>(horizon).fill(mean), new Array<number>(horizon).fill(sd));
    },
  };
}
