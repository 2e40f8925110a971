/** The standard Theta method (SES with drift) with classical multiplicative decomposition when seasonal, as R's thetaf. */
import type { LocalModel, Quantiles, Series } from '../types';
import { linearFit, normInv, normalQuantiles } from '../stats';
import { fitEtsForm } from './ets';
import { etsRun } from './ets-core';

function acf(x: Float64Array, maxLag: number): number[] {
  const n = x.length;
  let mean = 0;
  for (const v of x) mean += v;
  mean /= n;
  let c0 = 0;
  for (const v of x) c0 += (v - mean) ** 2;
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let c = 0;
    for (let t = k; t < n; t++) c += (x[t] - mean) * (x[t - k] - mean);
    out.push(c0 > 0 ? c / c0 : 0);
  }
  return out;
}

/** Classical multiplicative seasonal indices (centred moving average, ratio, average per position, mean 1). */
export function multiplicativeIndices(y: Float64Array, m: number): Float64Array {
  const n = y.length;
  const half = Math.floor(m / 2);
  const sum = new Float64Array(m);
  const cnt = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    // 2×m MA when m is even, m MA when odd (as R's decompose)
    let s = 0;
    let w = 0;
    for (let k = -half; k <= half; k++) {
      const wt = m % 2 === 0 && Math.abs(k) === half ? 0.5 : 1;
      const v = y[t + k];
      if (v === v) {
        s += wt * v;
        w += wt;
      }
    }
    const trend = w > 0 ? s / w : NaN;
    if (trend > 0 && y[t] === y[t]) {
      sum[t % m] += y[t] / trend;
      cnt[t % m]++;
    }
  }
  const idx = new Float64Array(m);
  let tot = 0;
  for (let j = 0; j < m; j++) {
    idx[j] = cnt[j] ? sum[j] / cnt[j] : 1;
    tot += idx[j];
  }
  for (let j = 0; j < m; j++) idx[j] = (idx[j] * m) / tot;
  return idx;
}

/** Seasonality test of thetaf: |acf at lag m| beyond the 90% one-sided band. */
export function isSeasonal(y: Float64Array, m: number): boolean {
  const n = y.length;
  if (m < 2 || n <= 2 * m) return false;
  let mean = 0;
  let c = 0;
  for (const v of y) if (v === v) {
    mean += v;
    c++;
  }
  mean = c ? mean / c : 0;
  const filled = y.map((v) => (v === v ? v : mean));
  let min = Infinity;
  let max = -Infinity;
  for (const v of filled) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (max - min < 1e-12) return false;
  const r = acf(filled, m);
  let s = 0;
  for (let i = 0; i < m - 1; i++) s += r[i] * r[i];
  const stat = Math.sqrt((1 + 2 * s) / n);
  return Math.abs(r[m - 1]) / stat > normInv(0.95);
}

/** Theta forecast: point and quantiles (SES intervals, as thetaf). */
export function thetaForecast(series: Series, horizon: number): Quantiles {
  const y = Float64Array.from(series.values);
  const n = y.length;
  const m = Math.max(1, series.seasonLength ?? 1);
  const seasonal = isSeasonal(y, m);
  let idx: Float64Array | null = null;
  let x = y;
  if (seasonal) {
    idx = multiplicativeIndices(y, m);
    if (idx.some((v) => Math.abs(v) < 1e-4)) idx = null;
    else x = y.map((v, t) => v / idx![t % m]);
  }
  const fit = fitEtsForm(x, 1, 'N', 'N', 80);
  if (!fit) {
    let s = 0;
    let c = 0;
    for (const v of x) if (v === v) {
      s += v;
      c++;
    }
    const mean = c ? s / c : 0;
    return normalQuantiles(new Array<number>(horizon).fill(mean), new Array<number>(horizon).fill(mean));
  }
  const run = etsRun(x, fit.params);
  const ts = new Float64Array(n);
  for (let i = 0; i < n; i++) ts[i] = i;
  const drift = linearFit(ts, x).slope / 2;
  const alpha = Math.max(1e-10, fit.params.alpha);
  const mean: number[] = [];
  const sd: number[] = [];
  const adj = (1 - Math.pow(1 - alpha, n)) / alpha;
  for (let h = 0; h < horizon; h++) {
    let f = run.l + drift * (h + adj);
    if (idx) f *= idx[(n + h) % m];
    mean.push(f);
    sd.push(Math.sqrt(fit.sigma2) * Math.sqrt(h * alpha * alpha + 1));
  }
  return normalQuantiles(mean, sd);
}

/** Theta as a LocalModel. */
export const thetaModel: LocalModel = { name: 'theta', forecast: thetaForecast };
