/** Small regression solvers for the elasticity estimator: weighted least squares and Poisson IRLS. */

/** A fitted linear predictor: coefficients and their covariance. */
export interface Fit {
  beta: number[];
  cov: number[][];
  /** Residual dispersion (variance scale) used for cov. */
  dispersion: number;
  n: number;
  k: number;
}

/** Inverts a symmetric positive-definite matrix by Gauss-Jordan with partial pivoting; null when singular. */
export function invert(a: number[][]): number[][] | null {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    const scale = Math.max(1e-300, ...a.map((row) => Math.abs(row[c])));
    if (Math.abs(m[p][c]) < 1e-10 * scale) return null;
    [m[c], m[p]] = [m[p], m[c]];
    const d = m[c][c];
    for (let j = 0; j < 2 * n; j++) m[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row) => row.slice(n));
}

/** Solves weighted least squares z ~ X with weights w; returns beta and (X'WX)^-1, or null when singular. */
export function wls(x: number[][], z: number[], w: number[]): { beta: number[]; xtwxInv: number[][] } | null {
  const k = x[0]?.length ?? 0;
  const xtwx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xtwz = new Array<number>(k).fill(0);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const wi = w[i];
    for (let a = 0; a < k; a++) {
      const v = wi * xi[a];
      xtwz[a] += v * z[i];
      for (let b = a; b < k; b++) xtwx[a][b] += v * xi[b];
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) xtwx[a][b] = xtwx[b][a];
  const inv = invert(xtwx);
  if (!inv) return null;
  const beta = inv.map((row) => row.reduce((s, v, j) => s + v * xtwz[j], 0));
  return { beta, xtwxInv: inv };
}

/** Ordinary least squares with the classical covariance s^2 (X'X)^-1. */
export function ols(x: number[][], y: number[]): Fit | null {
  const n = x.length;
  const k = x[0]?.length ?? 0;
  if (n <= k) return null;
  const s = wls(x, y, new Array<number>(n).fill(1));
  if (!s) return null;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - dot(x[i], s.beta)) ** 2;
  const dispersion = rss / (n - k);
  return { beta: s.beta, cov: s.xtwxInv.map((r) => r.map((v) => v * dispersion)), dispersion, n, k };
}

/** Quasi-Poisson regression with log link (IRLS): log E[y] = offset + X beta; dispersion from Pearson chi-square. */
export function poisson(x: number[][], y: number[], offset?: number[]): Fit | null {
  const n = x.length;
  const k = x[0]?.length ?? 0;
  if (n <= k) return null;
  const off = offset ?? new Array<number>(n).fill(0);
  let mu = y.map((v) => v + 0.1);
  let eta = mu.map((m, i) => Math.log(m) - off[i]);
  let beta: number[] = [];
  let inv: number[][] = [];
  for (let it = 0; it < 50; it++) {
    const z = eta.map((e, i) => e + (y[i] - mu[i]) / mu[i]);
    const s = wls(x, z, mu);
    if (!s) return null;
    const change = beta.length ? Math.max(...s.beta.map((b, j) => Math.abs(b - beta[j]))) : Infinity;
    beta = s.beta;
    inv = s.xtwxInv;
    eta = x.map((xi) => dot(xi, beta));
    mu = eta.map((e, i) => Math.min(1e12, Math.exp(e + off[i])));
    if (change < 1e-8) break;
  }
  if (!beta.every(Number.isFinite)) return null;
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += (y[i] - mu[i]) ** 2 / Math.max(mu[i], 1e-9);
  const dispersion = Math.max(chi2 / (n - k), 1e-6);
  return { beta, cov: inv.map((r) => r.map((v) => v * dispersion)), dispersion, n, k };
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
