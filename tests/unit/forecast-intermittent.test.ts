// Croston, SBA and TSB cost time in proportion to the series length, whatever the size of the values: a store
// selling 100,000 units a week must not wait 400 times longer than one selling 5, and the quantiles stay right.
import { describe, expect, it } from 'vitest';
import { intermittentModel } from '../../engine/forecast/models/intermittent';
import { COUNT_EXACT_LIMIT, countQuantiles, countQuantilesExact } from '../../engine/forecast/stats';
import type { Series } from '../../engine/forecast/types';
import { rng } from './forecast-fixtures';

function series(scale: number): Series {
  const r = rng(3);
  return { id: `x${scale}`, start: '2025-01-06', values: Array.from({ length: 1500 }, () => Math.round(scale * (5 + 2 * r()))), seasonLength: 1 };
}

function msPerFit(kind: 'croston' | 'sba' | 'tsb', s: Series): number {
  const m = intermittentModel(kind);
  m.forecast(s, 13); // warm up the JIT
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) m.forecast(s, 13);
  return (performance.now() - t0) / 5;
}

describe('intermittent models on high-volume series', () => {
  it('values around 100,000 fit about as fast as values around 5 (same length)', () => {
    for (const kind of ['croston', 'sba', 'tsb'] as const) {
      const small = msPerFit(kind, series(1));
      const big = msPerFit(kind, series(1e5));
      // summing a count pmf up to ~600,000 took ~400 ms per fit here; the length-bound work is ~1 ms
      expect(big, kind).toBeLessThan(3 * small + 25);
    }
  });

  it('large-count quantiles match the exact pmf sum within 0.2% (Poisson and over-dispersed)', () => {
    for (const [mean, variance] of [[617_000, 617_000], [617_000, 2.5e9], [1_200, 1_200], [500, 40_000], [5_000, 5_000]]) {
      expect(mean + 3 * Math.sqrt(Math.max(mean, variance)) > COUNT_EXACT_LIMIT).toBe(true);
      const fast = countQuantiles(mean, variance, [0.1, 0.5, 0.9]);
      const exact = countQuantilesExact(mean, variance, [0.1, 0.5, 0.9]);
      fast.forEach((q, i) => expect(Math.abs(q - exact[i]), `${mean}/${variance} q${i}`).toBeLessThanOrEqual(Math.max(1, 0.002 * exact[i])));
    }
  });

  it('the high-volume forecast is the low-volume one scaled: P10 < P50 < P90 around the level', () => {
    const f = intermittentModel('sba').forecast(series(1e5), 4);
    expect(f.p10[0]).toBeLessThan(f.p50[0]);
    expect(f.p90[0]).toBeGreaterThan(f.p50[0]);
    expect(f.p50[0]).toBeGreaterThan(4e5);
    expect(f.p50[0]).toBeLessThan(8e5);
  });
});
