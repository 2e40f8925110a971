/** Combining quantile forecasts: weighted averages and inverse-error weights. */
import type { Quantiles } from './types';

/** A forecast with `point` as its P50 and the band of `band` widened where needed, so P10 ≤ P50 ≤ P90 holds. */
export function withPoint(band: Quantiles, point: readonly number[]): Quantiles {
  return { p10: band.p10.map((v, i) => Math.min(v, point[i])), p50: point.slice(), p90: band.p90.map((v, i) => Math.max(v, point[i])) };
}

/** Weighted average of quantile forecasts (quantile averaging). */
export function combineQuantiles(parts: { f: Quantiles; w: number }[]): Quantiles {
  const h = parts[0].f.p50.length;
  const out: Quantiles = { p10: new Array<number>(h).fill(0), p50: new Array<number>(h).fill(0), p90: new Array<number>(h).fill(0) };
  for (const { f, w } of parts) {
    for (let i = 0; i < h; i++) {
      out.p10[i] += w * f.p10[i];
      out.p50[i] += w * f.p50[i];
      out.p90[i] += w * f.p90[i];
    }
  }
  return out;
}

/** Inverse-MAE weights of the best `k` models (a perfect model takes all the weight). */
export function inverseErrorWeights(mae: Record<string, number>, k: number): Record<string, number> {
  const ranked = Object.entries(mae).filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[1] - b[1]).slice(0, k);
  if (!ranked.length) return {};
  if (ranked[0][1] <= 1e-12) return { [ranked[0][0]]: 1 };
  const inv = ranked.map(([name, v]) => [name, 1 / v] as const);
  const tot = inv.reduce((a, [, v]) => a + v, 0);
  return Object.fromEntries(inv.map(([name, v]) => [name, v / tot]));
}

/**
 * Median combination: the P50 is the median of the members' P50s period by period (with an even count, the mean of the
 * middle two), so one member far off moves it less than it moves an average; the band keeps the members' average
 * distances below and above their P50s around it (the medians of their P10s and P90s made a worse interval score on
 * the development stores), never below zero.
 */
export function medianQuantiles(parts: Quantiles[]): Quantiles {
  const h = parts[0].p50.length;
  const mid = (vals: number[]): number => {
    vals.sort((a, b) => a - b);
    const k = vals.length >> 1;
    return vals.length % 2 ? vals[k] : (vals[k - 1] + vals[k]) / 2;
  };
  const mean = (f: (p: Quantiles, i: number) => number, i: number): number => parts.reduce((a, p) => a + f(p, i), 0) / parts.length;
  const p50 = Array.from({ length: h }, (_, i) => mid(parts.map((p) => p.p50[i])));
  return {
    p10: p50.map((v, i) => Math.max(0, v - mean((p, j) => p.p50[j] - p.p10[j], i))),
    p50,
    p90: p50.map((v, i) => v + mean((p, j) => p.p90[j] - p.p50[j], i)),
  };
}
