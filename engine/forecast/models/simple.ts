/** Baseline models: seasonal naive and moving average, with empirical residual quantiles. */
import type { LocalModel, Quantiles, Series } from '../types';
import { quantile } from '../stats';

function zeros(h: number): Quantiles {
  const z = (): number[] => new Array<number>(h).fill(0);
  return { p10: z(), p50: z(), p90: z() };
}

/** Adds residual quantiles (scaled per step) to a point forecast, floored at zero. */
export function withResidualQuantiles(point: ArrayLike<number>, resid: ArrayLike<number>, scale: (h: number) => number): Quantiles {
  const q10 = quantile(resid, 0.1);
  const q90 = quantile(resid, 0.9);
  const lo = Number.isFinite(q10) ? Math.min(0, q10) : 0;
  const hi = Number.isFinite(q90) ? Math.max(0, q90) : 0;
  const out: Quantiles = { p10: [], p50: [], p90: [] };
  for (let i = 0; i < point.length; i++) {
    const s = scale(i + 1);
    const p = Math.max(0, point[i]);
    out.p50.push(p);
    out.p10.push(Math.max(0, p + lo * s));
    out.p90.push(Math.max(0, p + hi * s));
  }
  return out;
}

/** Seasonal naive: each future period repeats the last observed value at the same point of the season. */
export const seasonalNaive: LocalModel = {
  name: 'snaive',
  forecast(series: Series, horizon: number): Quantiles {
    const y = series.values;
    const n = y.length;
    const m = Math.max(1, series.seasonLength ?? 1);
    // last observed value per season position (NaN days keep the previous one)
    const last = new Array<number>(m).fill(NaN);
    let lastAny = NaN;
    const resid: number[] = [];
    for (let t = 0; t < n; t++) {
      const j = t % m;
      if (Number.isFinite(y[t])) {
        if (Number.isFinite(last[j])) resid.push(y[t] - last[j]);
        last[j] = y[t];
        lastAny = y[t];
      }
    }
    if (!Number.isFinite(lastAny)) return zeros(horizon);
    const point: number[] = [];
    for (let h = 1; h <= horizon; h++) {
      const v = last[(n + h - 1) % m];
      point.push(Number.isFinite(v) ? v : lastAny);
    }
    return withResidualQuantiles(point, resid, (h) => Math.sqrt(Math.floor((h - 1) / m) + 1));
  },
};

/** Moving average of the last `window` observed periods (default four seasons, at least 4 periods). */
export function movingAverage(window?: number): LocalModel {
  return {
    name: 'ma',
    forecast(series: Series, horizon: number): Quantiles {
      const m = Math.max(1, series.seasonLength ?? 1);
      const w = window ?? Math.max(4, Math.min(28, 4 * m));
      const obs = series.values.filter((v) => Number.isFinite(v));
      if (!obs.length) return zeros(horizon);
      const resid: number[] = [];
      let sum = 0;
      for (let t = 0; t < obs.length; t++) {
        const k = Math.min(t, w);
        if (k >= Math.min(w, 3)) resid.push(obs[t] - sum / k);
        sum += obs[t];
        if (t >= w) sum -= obs[t - w];
      }
      const k = Math.min(obs.length, w);
      const mean = obs.slice(-k).reduce((a, b) => a + b, 0) / k;
      return withResidualQuantiles(new Array<number>(horizon).fill(mean), resid, () => 1);
    },
  };
}
