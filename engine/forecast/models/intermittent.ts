/** Intermittent-demand models: Croston, SBA (Syntetos–Boylan) and TSB, with count-distribution quantiles. */
import type { LocalModel, Quantiles, Series } from '../types';
import { countQuantiles } from '../stats';

/** Which intermittent method. */
export type IntermittentKind = 'croston' | 'sba' | 'tsb';

interface Run {
  forecast: number;
  mse: number;
}

function runOnce(obs: number[], kind: IntermittentKind, alpha: number, beta: number): Run {
  let z = NaN;
  let p = NaN;
  let d = NaN;
  let q = 1;
  let se = 0;
  let ne = 0;
  const fc = (): number => {
    if (!Number.isFinite(z)) return NaN;
    if (kind === 'tsb') return d * z;
    const f = z / p;
    return kind === 'sba' ? f * (1 - alpha / 2) : f;
  };
  for (let t = 0; t < obs.length; t++) {
    const y = obs[t];
    const f = fc();
    if (Number.isFinite(f)) {
      se += (y - f) * (y - f);
      ne++;
    }
    if (kind === 'tsb') {
      if (y > 0) z = Number.isFinite(z) ? z + alpha * (y - z) : y;
      d = Number.isFinite(d) ? d + beta * ((y > 0 ? 1 : 0) - d) : y > 0 ? 1 : 0;
      continue;
    }
    if (y > 0) {
      if (!Number.isFinite(z)) {
        z = y;
        p = q;
      } else {
        z += alpha * (y - z);
        p += alpha * (q - p);
      }
      q = 1;
    } else q++;
  }
  return { forecast: fc(), mse: ne ? se / ne : NaN };
}

/** A Croston-family model; alpha (and beta for TSB) picked from a small grid by in-sample one-step MSE. */
export function intermittentModel(kind: IntermittentKind, fixedAlpha?: number): LocalModel {
  return {
    name: kind,
    forecast(series: Series, horizon: number): Quantiles {
      // Unobserved (stockout) periods are skipped: they are neither demand nor zero demand.
      const obs = series.values.filter((v) => Number.isFinite(v));
      const grid = fixedAlpha !== undefined ? [fixedAlpha] : [0.05, 0.1, 0.2, 0.3];
      let best: Run = { forecast: NaN, mse: Infinity };
      for (const a of grid) {
        for (const b of kind === 'tsb' ? [0.05, 0.1, 0.2] : [0]) {
          const r = runOnce(obs, kind, a, b);
          if (Number.isFinite(r.forecast) && (r.mse < best.mse || !Number.isFinite(best.mse))) best = r;
        }
      }
      const mean = Number.isFinite(best.forecast) ? Math.max(0, best.forecast) : 0;
      const variance = Number.isFinite(best.mse) ? Math.max(best.mse, mean) : mean;
      const [q10, q50, q90] = countQuantiles(mean, variance, [0.1, 0.5, 0.9]);
      // The median of a sparse count is often 0; the mean rate is the better point forecast to plan with.
      void q50;
      const fill = (v: number): number[] => new Array<number>(horizon).fill(v);
      return { p10: fill(Math.min(q10, mean)), p50: fill(mean), p90: fill(Math.max(q90, mean)) };
    },
  };
}
