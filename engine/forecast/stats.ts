/** Small numeric helpers for the forecasting models: quantiles, normal and count distributions. */

/** z of the standard normal at 0.9 (P10/P90 are mean ∓ Z90·sd). */
export const Z90 = 1.2815515655446004;

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9 after one Newton step). */
export function normInv(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

/** Empirical quantile (type 7, as R's default) of finite values; NaN when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) xs.push(values[i]);
  if (!xs.length) return NaN;
  xs.sort((x, y) => x - y);
  const h = (xs.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(xs.length - 1, lo + 1);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}

/** Mean of finite values (NaN skipped); NaN when there are none. */
export function nanMean(values: ArrayLike<number>, from = 0, to = values.length): number {
  let s = 0;
  let n = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : NaN;
}

/** Number of finite values. */
export function countFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  return n;
}

/** Normal P10/P50/P90 from means and standard deviations, floored at zero (demand is never negative). */
export function normalQuantiles(mean: ArrayLike<number>, sd: ArrayLike<number>): { p10: number[]; p50: number[]; p90: number[] } {
  const p10: number[] = [];
  const p50: number[] = [];
  const p90: number[] = [];
  for (let i = 0; i < mean.length; i++) {
    const m = mean[i];
    const s = Math.max(0, sd[i]);
    p10.push(Math.max(0, m - Z90 * s));
    p50.push(Math.max(0, m));
    p90.push(Math.max(0, m + Z90 * s));
  }
  return { p10, p50, p90 };
}

function lgamma(x: number): number {
  // Lanczos approximation (g = 7), accurate to ~1e-13 for x > 0.
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Above this many count values below the highest quantile, `countQuantiles` switches from summing the pmf to an approximation. */
export const COUNT_EXACT_LIMIT = 1000;

/**
 * Quantiles of a count distribution with the given mean and variance: Poisson when variance ≤ mean,
 * negative binomial otherwise. Returns the smallest k with CDF(k) ≥ q for each q. Summing the pmf costs one step
 * per count value, so for large counts (mean + 3·sd beyond COUNT_EXACT_LIMIT) the gamma distribution with the same
 * mean and variance (Wilson–Hilferty cube-root normal, with a continuity correction) answers in constant time.
 */
export function countQuantiles(mean: number, variance: number, qs: number[]): number[] {
  if (!(mean > 0)) return qs.map(() => 0);
  const v = Math.max(variance, mean);
  if (mean + 3 * Math.sqrt(v) > COUNT_EXACT_LIMIT) return countQuantilesApprox(mean, v, qs);
  return countQuantilesExact(mean, variance, qs);
}

/** Large-count quantiles: gamma (shape mean²/var) through Wilson–Hilferty, rounded to the count whose CDF first reaches q. */
export function countQuantilesApprox(mean: number, variance: number, qs: number[]): number[] {
  const k = (mean * mean) / variance;
  const c = 1 / (9 * k);
  return qs.map((q) => {
    const w = 1 - c + normInv(q) * Math.sqrt(c);
    const x = w > 0 ? mean * w * w * w : 0;
    return Math.max(0, Math.ceil(x - 0.5));
  });
}

/** The exact sum over the pmf (cost grows with the counts; see countQuantiles). */
export function countQuantilesExact(mean: number, variance: number, qs: number[]): number[] {
  if (!(mean > 0)) return qs.map(() => 0);
  const overdispersed = variance > mean * 1.0001;
  // NB with size r and success prob p: mean = r(1-p)/p, var = mean/p.
  const p = overdispersed ? mean / variance : 1;
  const r = overdispersed ? (mean * p) / (1 - p) : 0;
  const logPmf = (k: number): number =>
    overdispersed ? lgamma(k + r) - lgamma(r) - lgamma(k + 1) + r * Math.log(p) + k * Math.log(1 - p) : k * Math.log(mean) - mean - lgamma(k + 1);
  const out: number[] = new Array<number>(qs.length).fill(NaN);
  let cdf = 0;
  const limit = Math.ceil(mean + 50 * Math.sqrt(Math.max(variance, mean)) + 50);
  for (let k = 0; k <= limit; k++) {
    cdf += Math.exp(logPmf(k));
    for (let j = 0; j < qs.length; j++) if (Number.isNaN(out[j]) && cdf >= qs[j] - 1e-12) out[j] = k;
    if (out.every((v) => !Number.isNaN(v))) break;
  }
  return out.map((v) => (Number.isNaN(v) ? limit : v));
}

/** Least-squares slope and intercept of y on x (finite pairs only). */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) continue;
    sx += x[i];
    sy += y[i];
    n++;
  }
  if (n < 2) return { slope: 0, intercept: n ? sy : 0 };
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) continue;
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}
