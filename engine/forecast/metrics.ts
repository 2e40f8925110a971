/** Forecast accuracy metrics accumulated over series and folds: WAPE, MASE, bias, pinball loss, coverage. */
import type { Quantiles } from './types';

/** Accuracy of one model over everything added to its accumulator. */
export interface AccuracyScores {
  /** Σ|y − P50| / Σ|y|. */
  wape: number;
  /** Mean over (series, fold) of MAE / in-sample seasonal-naive MAE of the training part. */
  mase: number;
  /** Σ(P50 − y) / Σ|y|: positive = over-forecast. */
  bias: number;
  /** Pinball loss at 0.1 / 0.5 / 0.9, summed and divided by Σ|y| (scale-free). */
  pinball10: number;
  pinball50: number;
  pinball90: number;
  /** Share of actuals inside [P10, P90] (target 0.8). */
  coverage: number;
  /** Number of scored periods. */
  n: number;
  /** Mean absolute error per period (same units as the series). */
  mae: number;
}

const pin = (q: number, y: number, f: number): number => (y >= f ? q * (y - f) : (1 - q) * (f - y));

/** The running sums behind the metrics. */
export interface MetricSums {
  absErr: number;
  absY: number;
  err: number;
  p10: number;
  p50: number;
  p90: number;
  covered: number;
  n: number;
  maseSum: number;
  maseN: number;
}

/** Sums the pieces of every metric; `add` a fold at a time, `scores()` at the end. */
export class MetricAcc {
  absErr = 0;
  absY = 0;
  err = 0;
  p10 = 0;
  p50 = 0;
  p90 = 0;
  covered = 0;
  n = 0;
  maseSum = 0;
  maseN = 0;

  /** Rebuilds an accumulator from its plain-object form (as sent between worker threads). */
  static from(o: MetricSums): MetricAcc {
    return Object.assign(new MetricAcc(), o);
  }

  /** The plain-object form (structured-clone safe). */
  sums(): MetricSums {
    const { absErr, absY, err, p10, p50, p90, covered, n, maseSum, maseN } = this;
    return { absErr, absY, err, p10, p50, p90, covered, n, maseSum, maseN };
  }

  /** Adds one fold: actuals (NaN skipped), the forecast, and the training part's naive MAE scale. */
  add(actual: ArrayLike<number>, f: Quantiles, scale: number): void {
    let foldAbs = 0;
    let foldN = 0;
    for (let i = 0; i < actual.length; i++) {
      const y = actual[i];
      if (!Number.isFinite(y)) continue;
      const m = f.p50[i];
      this.absErr += Math.abs(y - m);
      foldAbs += Math.abs(y - m);
      foldN++;
      this.absY += Math.abs(y);
      this.err += m - y;
      this.p10 += pin(0.1, y, f.p10[i]);
      this.p50 += pin(0.5, y, m);
      this.p90 += pin(0.9, y, f.p90[i]);
      if (y >= f.p10[i] - 1e-9 && y <= f.p90[i] + 1e-9) this.covered++;
      this.n++;
    }
    if (foldN && scale > 0 && Number.isFinite(scale)) {
      this.maseSum += foldAbs / foldN / scale;
      this.maseN++;
    }
  }

  /** Merges another accumulator (or its sums) into this one. */
  merge(o: MetricSums): void {
    this.absErr += o.absErr;
    this.absY += o.absY;
    this.err += o.err;
    this.p10 += o.p10;
    this.p50 += o.p50;
    this.p90 += o.p90;
    this.covered += o.covered;
    this.n += o.n;
    this.maseSum += o.maseSum;
    this.maseN += o.maseN;
  }

  /** The metrics so far (NaN where undefined, e.g. all-zero actuals for WAPE). */
  scores(): AccuracyScores {
    const d = this.absY > 0 ? this.absY : NaN;
    return {
      wape: this.absErr / d,
      mase: this.maseN ? this.maseSum / this.maseN : NaN,
      bias: this.err / d,
      pinball10: this.p10 / d,
      pinball50: this.p50 / d,
      pinball90: this.p90 / d,
      coverage: this.n ? this.covered / this.n : NaN,
      n: this.n,
      mae: this.n ? this.absErr / this.n : NaN,
    };
  }
}

/** In-sample MAE of the seasonal naive forecast (lag m, or lag 1 when too short): the MASE scale. */
export function naiveScale(values: ArrayLike<number>, m: number): number {
  const lag = values.length > m && m > 1 ? m : 1;
  let s = 0;
  let n = 0;
  for (let t = lag; t < values.length; t++) {
    const a = values[t];
    const b = values[t - lag];
    if (Number.isFinite(a) && Number.isFinite(b)) {
      s += Math.abs(a - b);
      n++;
    }
  }
  return n ? s / n : NaN;
}
