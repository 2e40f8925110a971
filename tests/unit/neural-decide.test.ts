/** The per-SKU neural-vs-statistical verdict on the holdout window, and the statistical forecast of that same window. */
import { describe, expect, it } from 'vitest';
import { chooseAndForecast } from '../../engine/forecast/choose';
import { MetricAcc } from '../../engine/forecast/metrics';
import { decideNeural, statWindowForecast } from '../../engine/forecast/neural-auto';
import type { Quantiles, Series } from '../../engine/forecast/types';
import { poisson, rng } from './forecast-fixtures';

const flat = (v: number, h: number, spread = 2): Quantiles => ({ p10: new Array<number>(h).fill(v - spread), p50: new Array<number>(h).fill(v), p90: new Array<number>(h).fill(v + spread) });

describe('decideNeural', () => {
  const actual = [10, 10, 10, 10, 10, 10, 10];

  it('keeps the statistical choice when it is at least as good, ties included', () => {
    expect(decideNeural(actual, flat(12, 7), flat(10, 7), 1).pick).toBe('stat');
    expect(decideNeural(actual, flat(12, 7), flat(8, 7), 1).pick).toBe('stat');
    // Nothing to score (all days unobserved): no evidence for the neural model.
    expect(decideNeural(actual.map(() => NaN), flat(10, 7), flat(20, 7), 1).pick).toBe('stat');
  });

  it('takes the neural model alone when it wins and a blend would not help', () => {
    const d = decideNeural(actual, flat(10.5, 7), flat(14, 7), 1);
    expect(d.pick).toBe('neural');
    expect(d.wNeural).toBe(1);
    expect(MetricAcc.from(d.neural).scores().wape).toBeCloseTo(0.05);
    expect(MetricAcc.from(d.stat).scores().wape).toBeCloseTo(0.4);
  });

  it('blends with inverse-error weights when the two err on opposite sides', () => {
    // Neural 2 over, statistical 3 under: weights 3/5 and 2/5 give exactly 10.
    const d = decideNeural(actual, flat(12, 7), flat(7, 7), 1);
    expect(d.pick).toBe('blend');
    expect(d.wNeural).toBeCloseTo(0.6);
    expect(MetricAcc.from(d.blend!).scores().mae).toBeCloseTo(0);
  });
});

describe('statWindowForecast', () => {
  function series(seed: number, days: number): Series {
    const r = rng(seed);
    return { id: `S${seed}`, start: '2025-01-01', seasonLength: 7, values: Array.from({ length: days }, (_, t) => poisson(r, 12 * (1 + 0.5 * Math.sin((2 * Math.PI * t) / 7)) + t / 30)) };
  }

  it("reproduces the choice's last backtest fold (same model or ensemble, same window)", () => {
    const H = 14;
    for (const [seed, force] of [[1, undefined], [2, 'ets'], [3, 'theta'], [4, 'ensemble']] as const) {
      const s = series(seed, 160);
      // With one fold the choice's backtest sums are exactly its last-window error.
      const c = chooseAndForecast(s, { horizon: H, folds: 1, force });
      const f = statWindowForecast(s, c, H);
      expect(f).not.toBeNull();
      const acc = new MetricAcc();
      acc.add(s.values.slice(-H), f!, 1);
      const ref = MetricAcc.from(c.sums[c.model]);
      expect(acc.absErr).toBeCloseTo(ref.absErr, 6);
      expect(acc.covered).toBe(ref.covered);
    }
  });

  it('gives nothing for a history too short to hold out the window', () => {
    const s = series(5, 20);
    expect(statWindowForecast(s, chooseAndForecast(s, { horizon: 14, folds: 1 }), 14)).toBeNull();
  });
});
