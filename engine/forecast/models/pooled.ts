/**
 * The pooled model: one ridge regression per forecast step, fitted across every series of the catalogue on
 * scaled recent values (a "global" statistical model). A series with a handful of periods cannot teach a model
 * its own shape, but the catalogue can: how new products ramp up, how old ones fade, how far a spike carries.
 *
 * Honesty: a forecast made at origin t of a series (its first forecast period) is fitted only on windows whose
 * target period lies before t's calendar period, in every series, so backtests never see the future of the
 * catalogue either.
 */
import { dayMs } from '../dates';
import type { Quantiles, Series } from '../types';

/** Calendar period number of values[i] of a series: days, weeks or months since the epoch (by season length). */
export function periodOf(s: Series, i: number): number {
  const m = s.seasonLength ?? 1;
  if (m === 12) {
    const y = Number(s.start.slice(0, 4));
    const mo = Number(s.start.slice(5, 7));
    return y * 12 + mo - 1 + i;
  }
  const day = Math.round(dayMs(s.start) / 86_400_000);
  return m === 52 ? Math.floor(day / 7) + i : day + i;
}

/** Number of recent periods the model reads: the week for daily series, otherwise six periods. */
function lagsFor(m: number): number {
  return m > 1 && m <= 14 ? m : 6;
}

/** At most this many training windows per fit (a deterministic stride sample beyond it). */
const MAX_WINDOWS = 20_000;
/** At least this many training windows per weight. */
const MIN_WINDOWS_PER_WEIGHT = 10;

interface Window {
  x: Float64Array;
  /** Mean of the observed recent values + 1 (the scale). */
  sc: number;
}

/** Features of the window ending at index t (inclusive): intercept, K scaled lags, age, log scale. Null when < 2 observations. */
function features(y: ArrayLike<number>, t: number, K: number, ageCap: number): Window | null {
  let sum = 0;
  let n = 0;
  for (let j = 0; j < K && t - j >= 0; j++) {
    const v = y[t - j];
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  if (n < 2) return null;
  const sc = sum / n + 1;
  const x = new Float64Array(K + 3);
  x[0] = 1;
  for (let j = 0; j < K; j++) {
    const v = t - j >= 0 ? y[t - j] : NaN;
    x[1 + j] = Number.isFinite(v) ? v / sc : 1;
  }
  x[K + 1] = Math.min(t + 1, ageCap) / ageCap;
  x[K + 2] = Math.log(sc);
  return { x, sc };
}

/** Solves the symmetric positive definite system A w = b (Gaussian elimination with partial pivoting). */
function solve(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const M = A.map((r, i) => {
    const row = new Float64Array(n + 1);
    row.set(r);
    row[n] = b[i];
    return row;
  });
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(M[r][i]) > Math.abs(M[p][i])) p = r;
    [M[i], M[p]] = [M[p], M[i]];
    const d = M[i][i] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === i) continue;
      const f = M[r][i] / d;
      if (f !== 0) for (let c = i; c <= n; c++) M[r][c] -= f * M[i][c];
    }
  }
  return Float64Array.from(M, (r, i) => r[n] / (r[i] || 1e-12));
}

function empiricalQuantile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return 0;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** One fitted step: ridge weights and the 10%/90% quantiles of its residuals (count-scaled: ÷ √scale). */
interface StepFit {
  w: Float64Array;
  q10: number;
  q90: number;
}

/** Fits step h (1-based) on windows whose target period is before `cutoff`. */
function fitStep(all: Series[], h: number, cutoff: number, K: number, ageCap: number): StepFit | null {
  const xs: Float64Array[] = [];
  const ys: number[] = [];
  const scs: number[] = [];
  for (const s of all) {
    const p0 = periodOf(s, 0);
    const y = s.values;
    for (let t = 0; t + h < y.length && p0 + t + h < cutoff; t++) {
      const target = y[t + h];
      if (!Number.isFinite(target)) continue;
      const f = features(y, t, K, ageCap);
      if (!f) continue;
      xs.push(f.x);
      ys.push(target / f.sc);
      scs.push(f.sc);
    }
  }
  const d = K + 3;
  // Too few windows to fit d weights: no pooled forecast (the caller falls back to the local models).
  if (xs.length < MIN_WINDOWS_PER_WEIGHT * d) return null;
  const stride = Math.max(1, Math.ceil(xs.length / MAX_WINDOWS));
  const A = Array.from({ length: d }, () => new Float64Array(d));
  const b = new Float64Array(d);
  let used = 0;
  for (let r = 0; r < xs.length; r += stride) {
    const x = xs[r];
    used++;
    for (let i = 0; i < d; i++) {
      b[i] += x[i] * ys[r];
      for (let j = i; j < d; j++) A[i][j] += x[i] * x[j];
    }
  }
  // Ridge: shrink every weight but the intercept, in proportion to the number of windows.
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) A[i][j] = A[j][i];
    if (i > 0) A[i][i] += used / 100;
  }
  const w = solve(A, b);
  const res = new Float64Array(Math.ceil(xs.length / stride));
  let k = 0;
  for (let r = 0; r < xs.length; r += stride) {
    let pred = 0;
    for (let i = 0; i < d; i++) pred += xs[r][i] * w[i];
    // Residual in units, divided by √scale: the spread of counts grows with the square root of their level.
    res[k++] = ((ys[r] - pred) * scs[r]) / Math.sqrt(scs[r]);
  }
  res.sort();
  return { w, q10: empiricalQuantile(res, 0.1), q90: empiricalQuantile(res, 0.9) };
}

/** A request: forecast series `index` from origin `origin` (its first forecast period). */
export interface PooledRequest {
  index: number;
  origin: number;
}

/**
 * Pooled forecasts of `horizon` periods for each request, fitted across `all` (see the file comment). Fits are
 * shared between requests with the same calendar cutoff. Requests whose series has < 2 observations before the
 * origin, or whose cutoff has too few windows, are left out of the answer.
 */
export function pooledForecasts(all: Series[], requests: PooledRequest[], horizon: number): Map<PooledRequest, Quantiles> {
  const out = new Map<PooledRequest, Quantiles>();
  const m = Math.max(...all.map((s) => s.seasonLength ?? 1), 1);
  const K = lagsFor(m);
  const ageCap = 2 * Math.max(m, 12);
  const fits = new Map<number, (StepFit | null)[]>();
  for (const rq of requests) {
    const s = all[rq.index];
    const f = features(s.values, rq.origin - 1, K, ageCap);
    if (!f) continue;
    const cutoff = periodOf(s, rq.origin);
    let steps = fits.get(cutoff);
    if (!steps) fits.set(cutoff, (steps = Array.from({ length: horizon }, (_, i) => fitStep(all, i + 1, cutoff, K, ageCap))));
    if (steps.some((x) => !x)) continue;
    const q: Quantiles = { p10: [], p50: [], p90: [] };
    const root = Math.sqrt(f.sc);
    for (const st of steps as StepFit[]) {
      let pred = 0;
      for (let i = 0; i < f.x.length; i++) pred += f.x[i] * st.w[i];
      const mid = Math.max(0, pred * f.sc);
      q.p50.push(mid);
      q.p10.push(Math.min(mid, Math.max(0, mid + st.q10 * root)));
      q.p90.push(Math.max(mid, mid + st.q90 * root));
    }
    out.set(rq, q);
  }
  return out;
}
