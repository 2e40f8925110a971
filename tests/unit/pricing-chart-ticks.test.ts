import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../renderer/src/screens/pricing/ticks';

const labels = (min: number, max: number): string[] => {
  const { ticks, decimals } = niceTicks(min, max);
  return ticks.map((v) => v.toFixed(decimals));
};

describe('pricing chart axis ticks', () => {
  it('never repeats a tick label, whether demand spans hundreds of units or a few hundredths', () => {
    for (const [lo, hi] of [[0.9, 1.1], [1.02, 1.08], [0.003, 0.02], [0, 4.2], [12, 340], [5, 5], [0, 0], [0.31, 0.33]]) {
      const l = labels(lo, hi);
      expect(new Set(l).size, `${lo}..${hi}: ${l.join(', ')}`).toBe(l.length);
      expect(l.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('covers the data on round steps', () => {
    for (const [lo, hi] of [[1.02, 1.08], [0, 4.2], [12, 340]]) {
      const { ticks } = niceTicks(lo, hi);
      expect(ticks[0]).toBeLessThanOrEqual(lo);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(hi);
    }
    expect(niceTicks(0, 4.2).ticks).toEqual([0, 2, 4, 6]);
    expect(niceTicks(1.02, 1.08)).toEqual({ ticks: [1.02, 1.04, 1.06, 1.08], decimals: 2 });
  });
});
