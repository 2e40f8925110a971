/**
 * The M4 competition's point-forecast metrics, as its organisers' evaluation code defines them: sMAPE, MASE with
 * the competition's seasonal period, and OWA relative to Naive2 (naive on seasonally adjusted data).
 */
import { isSeasonal, multiplicativeIndices } from './models/theta';

/** The MASE period M4 uses for a frequency: weekly and daily series are scored as non-seasonal (m = 1). */
export const M4_PERIOD: Record<'D' | 'W' | 'M', number> = { D: 1, W: 1, M: 12 };

/** sMAPE of one forecast in percent: mean of 200·|y − f| / (|y| + |f|) (a period with y = f = 0 counts 0). */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    const f = forecast[i];
    if (!Number.isFinite(y)) continue;
    const d = Math.abs(y) + Math.abs(f);
    s += d > 0 ? (200 * Math.abs(y - f)) / d : 0;
    n++;
  }
  return n ? s / n : NaN;
}

/** In-sample mean |y_t − y_{t−m}| of a training row: the MASE scale (lag 1 when the row is not longer than m). */
export function m4Scale(train: ArrayLike<number>, m: number): number {
  const lag = train.length > m ? m : 1;
  let s = 0;
  let n = 0;
  for (let t = lag; t < train.length; t++) {
    s += Math.abs(train[t] - train[t - lag]);
    n++;
  }
  return n ? s / n : NaN;
}

/** MASE of one forecast: mean |y − f| over the scale of its training row. */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i])) continue;
    s += Math.abs(actual[i] - forecast[i]);
    n++;
  }
  return n && scale > 0 ? s / n / scale : NaN;
}

/**
 * Naive2: the last value of the seasonally adjusted row, re-seasonalised. Adjustment (classical multiplicative
 * decomposition) only when the 90% autocorrelation test at lag m finds seasonality; with m = 1 it is Naive1.
 */
export function naive2(train: ArrayLike<number>, horizon: number, m: number): number[] {
  const y = Float64Array.from(train);
  const n = y.length;
  const idx = m > 1 && isSeasonal(y, m) ? multiplicativeIndices(y, m) : null;
  const last = idx ? y[n - 1] / idx[(n - 1) % m] : y[n - 1];
  return Array.from({ length: horizon }, (_, h) => (idx ? last * idx[(n + h) % m] : last));
}

/** Sums of sMAPE and MASE over series (one forecast each, or one per fold). */
export class M4Acc {
  smapeSum = 0;
  maseSum = 0;
  n = 0;

  /** Adds one forecast of one series. */
  add(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: number): void {
    const s = smape(actual, forecast);
    const m = mase(actual, forecast, scale);
    if (!Number.isFinite(s) || !Number.isFinite(m)) return;
    this.smapeSum += s;
    this.maseSum += m;
    this.n++;
  }

  /** Mean sMAPE (percent) and MASE, and OWA against a reference accumulator (Naive2 on the same forecasts). */
  scores(ref?: M4Acc): { smape: number; mase: number; owa: number } {
    const s = this.n ? this.smapeSum / this.n : NaN;
    const m = this.n ? this.maseSum / this.n : NaN;
    const rs = ref && ref.n ? ref.smapeSum / ref.n : NaN;
    const rm = ref && ref.n ? ref.maseSum / ref.n : NaN;
    return { smape: s, mase: m, owa: 0.5 * (s / rs + m / rm) };
  }
}
