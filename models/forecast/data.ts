/** Turns series and covariates (plain arrays) into the model's scaled, normalised input windows. */

/** One training or forecasting series as the model sees it: history plus covariates for history + horizon. */
export interface ModelSeries {
  id: string;
  /** 'YYYY-MM-DD' of values[0]; gives the day-of-week / day-of-year encodings. */
  start: string;
  /** Demand per day; NaN = not observed (stockout, missing): masked in inputs and in the loss. */
  values: number[];
  category?: string;
  /** Covariates by name, each values.length + horizon long (shorter arrays are padded with the mean). */
  covariates?: Record<string, number[]>;
}

/** What the model learnt about its data: covariate names and normalisation, SKU and category vocabularies. */
export interface DataSpec {
  covariateKeys: string[];
  covMean: number[];
  covStd: number[];
  /** Series id -> embedding row (0 = unknown). */
  skuIndex: Record<string, number>;
  /** Category -> embedding row (0 = unknown). */
  catIndex: Record<string, number>;
}

/** A series prepared for windowing: scaled history and normalised covariates. */
export interface Prepared {
  id: string;
  /** Mean of the observed history; forecasts are in units of this. */
  scale: number;
  /** History length. */
  n: number;
  /** Scaled history, NaN where not observed. */
  y: Float32Array;
  /** (n + horizon) x covDim normalised covariates incl. calendar encodings. */
  cov: Float32Array;
  sku: number;
  cat: number;
}

/** Calendar encodings appended to every covariate vector: day-of-week and day-of-year sin/cos. */
export const CALENDAR_FEATURES = 4;

/** History-derived features added to each future step: last same-weekday value and the mean of the last four. */
export const FUTURE_LAGS = 2;

/** Features per future step: covariates + calendar + same-weekday lags. */
export function futDim(spec: DataSpec): number {
  return covDim(spec) + FUTURE_LAGS;
}

/** Number of covariate features per day (named covariates + calendar). */
export function covDim(spec: DataSpec): number {
  return spec.covariateKeys.length + CALENDAR_FEATURES;
}

/** Builds the data spec (covariate normalisation, vocabularies) from the training series. */
export function buildSpec(series: ModelSeries[]): DataSpec {
  const keys = [...new Set(series.flatMap((s) => Object.keys(s.covariates ?? {})))].sort();
  const covMean: number[] = [];
  const covStd: number[] = [];
  for (const k of keys) {
    let sum = 0;
    let sq = 0;
    let cnt = 0;
    for (const s of series) {
      const arr = s.covariates?.[k];
      if (!arr) continue;
      const m = Math.min(arr.length, s.values.length);
      for (let i = 0; i < m; i++) {
        const v = arr[i];
        if (Number.isFinite(v)) {
          sum += v;
          sq += v * v;
          cnt++;
        }
      }
    }
    const mean = cnt ? sum / cnt : 0;
    const sd = cnt ? Math.sqrt(Math.max(sq / cnt - mean * mean, 0)) : 1;
    covMean.push(mean);
    covStd.push(sd > 1e-9 ? sd : 1);
  }
  const skuIndex: Record<string, number> = {};
  series.forEach((s, i) => (skuIndex[s.id] = i + 1));
  const cats = [...new Set(series.map((s) => s.category ?? ''))].sort();
  const catIndex: Record<string, number> = {};
  cats.forEach((c, i) => (catIndex[c] = i + 1));
  return { covariateKeys: keys, covMean, covStd, skuIndex, catIndex };
}

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Scales a series by its observed mean and normalises its covariates for `horizon` future days. */
export function prepare(s: ModelSeries, spec: DataSpec, horizon: number): Prepared {
  const n = s.values.length;
  let sum = 0;
  let cnt = 0;
  for (const v of s.values) {
    if (Number.isFinite(v)) {
      sum += v;
      cnt++;
    }
  }
  const mean = cnt ? sum / cnt : 0;
  const scale = mean > 1e-6 ? mean : 1;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = Number.isFinite(s.values[i]) ? s.values[i] / scale : NaN;
  const cd = covDim(spec);
  const len = n + horizon;
  const cov = new Float32Array(len * cd);
  const day0 = dayNumber(s.start);
  spec.covariateKeys.forEach((k, j) => {
    const arr = s.covariates?.[k];
    if (!arr) return;
    const m = Math.min(arr.length, len);
    for (let i = 0; i < m; i++) {
      const v = arr[i];
      cov[i * cd + j] = Number.isFinite(v) ? (v - spec.covMean[j]) / spec.covStd[j] : 0;
    }
  });
  const base = spec.covariateKeys.length;
  for (let i = 0; i < len; i++) {
    const day = day0 + i;
    const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    const date = new Date(day * 86_400_000);
    const doy = (day - Math.floor(Date.UTC(date.getUTCFullYear(), 0, 1) / 86_400_000)) / 365.25;
    cov[i * cd + base] = Math.sin((2 * Math.PI * dow) / 7);
    cov[i * cd + base + 1] = Math.cos((2 * Math.PI * dow) / 7);
    cov[i * cd + base + 2] = Math.sin(2 * Math.PI * doy);
    cov[i * cd + base + 3] = Math.cos(2 * Math.PI * doy);
  }
  return { id: s.id, scale, n, y, cov, sku: spec.skuIndex[s.id] ?? 0, cat: spec.catIndex[s.category ?? ''] ?? 0 };
}

/** Batch buffers for the model's four inputs and the masked target. */
export interface Batch {
  size: number;
  past: Float32Array;
  fut: Float32Array;
  /** One-hot SKU rows (size x skuDim); one-hot + dense replaces an Embedding layer, whose gradient the wasm backend lacks. */
  sku: Float32Array;
  /** One-hot category rows (size x catDim). */
  cat: Float32Array;
  skuDim: number;
  catDim: number;
  /** Scaled targets, -1 where masked (not observed or beyond the history). */
  target: Float32Array;
}

/** Embedding vocabulary sizes (row 0 = unknown). */
export function vocabSizes(spec: DataSpec): { skuDim: number; catDim: number } {
  return { skuDim: Object.keys(spec.skuIndex).length + 1, catDim: Object.keys(spec.catIndex).length + 1 };
}

/** Allocates buffers for `size` windows. */
export function allocBatch(size: number, window: number, horizon: number, spec: DataSpec): Batch {
  const cd = covDim(spec);
  const { skuDim, catDim } = vocabSizes(spec);
  return {
    size,
    past: new Float32Array(size * window * (cd + 2)),
    fut: new Float32Array(size * horizon * (cd + FUTURE_LAGS)),
    sku: new Float32Array(size * skuDim),
    cat: new Float32Array(size * catDim),
    skuDim,
    catDim,
    target: new Float32Array(size * horizon),
  };
}

/**
 * Fills row `row` of the batch with the window whose first forecast day is `t`: history [t - window, t)
 * (days before the start are masked), future covariates [t, t + horizon), targets where observed.
 */
export function fillWindow(b: Batch, row: number, p: Prepared, t: number, window: number, horizon: number, cd: number): void {
  const pf = cd + 2;
  let o = row * window * pf;
  for (let i = t - window; i < t; i++, o += pf) {
    if (i < 0 || i >= p.n) {
      b.past.fill(0, o, o + pf);
      if (i >= 0) b.past.set(p.cov.subarray(i * cd, (i + 1) * cd), o + 2);
      continue;
    }
    const v = p.y[i];
    const seen = Number.isFinite(v);
    b.past[o] = seen ? v : 0;
    b.past[o + 1] = seen ? 1 : 0;
    b.past.set(p.cov.subarray(i * cd, (i + 1) * cd), o + 2);
  }
  const fd = cd + FUTURE_LAGS;
  const fo = row * horizon * fd;
  const covLen = p.cov.length / cd;
  for (let h = 0; h < horizon; h++) {
    const i = t + h;
    const so = fo + h * fd;
    if (i < covLen) b.fut.set(p.cov.subarray(i * cd, (i + 1) * cd), so);
    else b.fut.fill(0, so, so + cd);
    // Same weekday in the most recent history week(s): a seasonal-naive hint the network can correct.
    const j = i - 7 * Math.ceil((h + 1) / 7);
    let lastSeen = NaN;
    let sum = 0;
    let cnt = 0;
    for (let k = 0; k < 4; k++) {
      const jj = j - 7 * k;
      if (jj < 0 || jj >= p.n) continue;
      const v = p.y[jj];
      if (!Number.isFinite(v)) continue;
      if (!Number.isFinite(lastSeen)) lastSeen = v;
      sum += v;
      cnt++;
    }
    b.fut[so + cd] = Number.isFinite(lastSeen) ? lastSeen : 0;
    b.fut[so + cd + 1] = cnt ? sum / cnt : 0;
    const v = i < p.n ? p.y[i] : NaN;
    b.target[row * horizon + h] = Number.isFinite(v) ? v : -1;
  }
  b.sku.fill(0, row * b.skuDim, (row + 1) * b.skuDim);
  b.cat.fill(0, row * b.catDim, (row + 1) * b.catDim);
  b.sku[row * b.skuDim + Math.min(p.sku, b.skuDim - 1)] = 1;
  b.cat[row * b.catDim + Math.min(p.cat, b.catDim - 1)] = 1;
}

/** Seeded PRNG (mulberry32) for window sampling and shuffling. */
export { mulberry32 } from '../rng';
