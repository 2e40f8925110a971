/** The per-SKU neural-vs-statistical verdict on the holdout window, and the statistical forecast of that same window. */
import { describe, expect, it } from 'vitest';
import { scaleInterval } from '../../engine/forecast/calibrate';
import { chooseAndForecast } from '../../engine/forecast/choose';
import { MetricAcc } from '../../engine/forecast/metrics';
import { HOLDOUT_KEYS, decideNeural, keepNeuralWhereItWins, statWindowForecast } from '../../engine/forecast/neural-auto';
import type { DemandItem } from '../../engine/db/queries/forecast';
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
    // (The 'ensemble' row is no longer comparable: its backtest weights each fold from the folds before it.)
    for (const [seed, force] of [[1, undefined], [2, 'ets'], [3, 'theta']] as const) {
      const s = series(seed, 160);
      // With one fold the choice's backtest sums are exactly its last-window error.
      const c = chooseAndForecast(s, { horizon: H, folds: 1, maxFolds: 1, force });
      const f = statWindowForecast(s, c, H);
      expect(f).not.toBeNull();
      const acc = new MetricAcc();
      acc.add(s.values.slice(-H), f!, 1);
      const ref = MetricAcc.from(c.sums[c.model]);
      expect(acc.absErr).toBeCloseTo(ref.absErr, 6);
      expect(acc.covered).toBe(ref.covered);
    }
  });

  it("refits the group's anchored pick as it was made: SBA's P50 inside the band of its members' mean", () => {
    const H = 14;
    const r = rng(9);
    const s: Series = { id: 'sparse', start: '2025-01-01', seasonLength: 7, values: Array.from({ length: 200 }, () => (r() < 0.3 ? poisson(r, 2) : 0)) };
    const c = { ...chooseAndForecast(s, { horizon: H, folds: 1 }), model: 'anchor', weights: { ma: 0.5, tsb: 0.5 } };
    const f = statWindowForecast(s, c, H)!;
    const one = (force: 'sba' | 'ma' | 'tsb'): Quantiles => statWindowForecast(s, { ...c, model: force, weights: null }, H)!;
    expect(f.p50).toEqual(one('sba').p50);
    // the band is the mean of MA's and TSB's, widened only where SBA's level falls outside it
    f.p90.forEach((v, i) => expect(v).toBeCloseTo(Math.max((one('ma').p90[i] + one('tsb').p90[i]) / 2, f.p50[i]), 9));
    f.p10.forEach((v, i) => expect(v).toBeCloseTo(Math.min((one('ma').p10[i] + one('tsb').p10[i]) / 2, f.p50[i]), 9));
  });

  it('gives nothing for a history too short to hold out the window', () => {
    const s = series(5, 20);
    expect(statWindowForecast(s, chooseAndForecast(s, { horizon: 14, folds: 1 }), 14)).toBeNull();
  });
});

describe('keepNeuralWhereItWins', () => {
  const H = 14;
  function item(id: number, seed: number): DemandItem {
    const r = rng(seed);
    const values = Array.from({ length: 150 }, (_, t) => poisson(r, 10 * (1 + 0.4 * Math.sin((2 * Math.PI * t) / 7))));
    return { productId: id, sku: `S${id}`, category: null, series: { id: `S${id}`, start: '2025-01-01', seasonLength: 7, values } };
  }
  const shift = (q: Quantiles, f: (v: number, i: number) => number): Quantiles => ({ p10: q.p10.map(f), p50: q.p50.map(f), p90: q.p90.map(f) });

  it('replaces the choice only for winners: alone when neural was exact, blended when the two erred on opposite sides', async () => {
    const items = [item(1, 1), item(2, 2), item(3, 3)];
    const choices = items.map((it) => chooseAndForecast(it.series, { horizon: H, folds: 2 }));
    const stat = items.map((it, i) => statWindowForecast(it.series, choices[i], H)!);
    const actual = items.map((it) => it.series.values.slice(-H));
    const holdouts: Quantiles[] = [
      // SKU 1: exact on the window (neural alone); SKU 2: half the statistical error on the other side (blend 2/3 : 1/3
      // is exact); SKU 3: 5 units worse everywhere (stays statistical).
      shift(stat[0], (_v, i) => actual[0][i]),
      shift(stat[1], (v, i) => actual[1][i] + 0.5 * (actual[1][i] - stat[1].p50[i]) + (v - stat[1].p50[i])),
      shift(stat[2], (v) => v + 5),
    ];
    const bySku = new Map(items.map((it, i) => [it.productId, { productId: it.productId, sums: new MetricAcc().sums(), forecast: holdouts[i] }]));
    const finals = new Map(items.map((it) => [it.productId, { p10: new Array<number>(H).fill(1), p50: new Array<number>(H).fill(2), p90: new Array<number>(H).fill(3) }]));
    const asked: number[][] = [];
    const { choices: out, summary } = await keepNeuralWhereItWins({ runId: 'r1', artefactPath: null, bySku }, items, choices, H, async (ids) => {
      asked.push(ids);
      return new Map(ids.map((id) => [id, finals.get(id)!]));
    });
    expect(asked).toEqual([[1, 2]]);
    expect(summary).toMatchObject({ runId: 'r1', considered: 3, neural: 1, blend: 1 });
    expect(out[0]!.model).toBe('neural');
    // The saved model's P50; its band scaled by the factors calibrated on the window (here exact, so the narrowest).
    expect(out[0]!.forecast.p50).toEqual(finals.get(1)!.p50);
    expect(summary.bandScale).toEqual({ lo: 0.25, hi: 0.25 });
    expect(out[0]!.forecast.p90).toEqual(finals.get(1)!.p90.map(() => 2.25));
    expect(out[0]!.reason.key).toBe('reason.neuralWon');
    expect(out[1]!.model).toBe('neural-blend');
    expect(out[1]!.weights!.neural).toBeCloseTo(2 / 3, 6);
    expect(Object.values(out[1]!.weights!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    out[1]!.forecast.p50.forEach((v, h) => expect(v).toBeCloseTo((2 / 3) * 2 + (1 / 3) * choices[1].forecast.p50[h], 6));
    expect(out[1]!.reason.params.wNeural).toBe('67%');
    expect(MetricAcc.from(out[1]!.sums[HOLDOUT_KEYS.neural]).scores().mae).toBeLessThan(MetricAcc.from(out[1]!.sums[HOLDOUT_KEYS.stat]).scores().mae);
    // The loser keeps its statistical model and forecast, with both holdout scores added.
    expect(out[2]!.model).toBe(choices[2].model);
    expect(out[2]!.forecast).toEqual(choices[2].forecast);
    expect(out[2]!.sums[HOLDOUT_KEYS.stat]).toBeDefined();
  });

  it('does not load the neural model when it won nowhere', async () => {
    const items = [item(4, 4)];
    const choices = items.map((it) => chooseAndForecast(it.series, { horizon: H, folds: 2 }));
    const stat = statWindowForecast(items[0].series, choices[0], H)!;
    const bySku = new Map([[4, { productId: 4, sums: new MetricAcc().sums(), forecast: shift(stat, (v) => v * 3 + 1) }]]);
    let calls = 0;
    const { summary } = await keepNeuralWhereItWins({ runId: 'r2', artefactPath: null, bySku }, items, choices, H, async () => {
      calls++;
      return new Map();
    });
    expect(calls).toBe(0);
    expect(summary).toEqual({ runId: 'r2', considered: 1, neural: 0, blend: 0, gated: [choices[0].profile] });
  });

  it("weighs the neural model SKU by SKU only where it won over all the profile's SKUs together", async () => {
    // Eight SKUs of one profile: on two the neural holdout is a little better than the statistical choice (their own
    // 14 days say neural), on six it is far worse. Over the profile it lost, so all eight stay statistical.
    const items = Array.from({ length: 8 }, (_, k) => item(40 + k, 40 + k));
    const choices = items.map((it) => chooseAndForecast(it.series, { horizon: H, folds: 2 }));
    const actual = items.map((it) => it.series.values.slice(-H));
    const holdouts = items.map((it, k) => {
      const stat = statWindowForecast(it.series, choices[k], H)!;
      // 10% closer to the actuals than the statistical forecast on the first two; 6 units off on the others.
      return k < 2 ? shift(stat, (v, i) => v + 0.1 * (actual[k][i] - stat.p50[i])) : shift(stat, (v, i) => v + (i % 2 ? 6 : -6));
    });
    expect(new Set(choices.map((c) => c.profile)).size).toBe(1);
    const own = items.map((it, k) => decideNeural(actual[k], holdouts[k], statWindowForecast(it.series, choices[k], H)!, 1).pick);
    expect(own.slice(0, 2).every((p) => p !== 'stat')).toBe(true);
    const bySku = new Map(items.map((it, k) => [it.productId, { productId: it.productId, sums: new MetricAcc().sums(), forecast: holdouts[k] }]));
    let calls = 0;
    const { choices: out, summary } = await keepNeuralWhereItWins({ runId: 'r5', artefactPath: null, bySku }, items, choices, H, async (ids) => {
      calls++;
      return new Map(ids.map((id) => [id, flat(10, H)]));
    });
    expect(summary).toMatchObject({ considered: 8, neural: 0, blend: 0, gated: [choices[0].profile] });
    expect(calls).toBe(0);
    out.forEach((c, k) => {
      expect(c!.model).toBe(choices[k].model);
      // The SKU's own holdout scores are still recorded (the accuracy screen shows both).
      expect(c!.sums[HOLDOUT_KEYS.neural]).toBeDefined();
    });
  });

  it("calibrates the kept SKUs' P10–P90 band on their holdout window, so a band that covered too little is widened", async () => {
    const items = Array.from({ length: 4 }, (_, k) => item(10 + k, 10 + k));
    const choices = items.map((it) => chooseAndForecast(it.series, { horizon: H, folds: 2 }));
    const actual = items.map((it) => it.series.values.slice(-H));
    // Neural holdouts: the exact P50 shifted by 0.15–0.35 up and down alternately (far better than the statistical
    // choice), with a band of ±0.1, which covers none of the window's days.
    const holdouts = actual.map((a, k) => {
      const p50 = a.map((y, i) => y + (i % 2 ? 1 : -1) * (0.15 + (0.2 * ((i * 5 + k) % H)) / H + 0.01 * k));
      return { p10: p50.map((v) => v - 0.1), p50, p90: p50.map((v) => v + 0.1) };
    });
    const bySku = new Map(items.map((it, i) => [it.productId, { productId: it.productId, sums: new MetricAcc().sums(), forecast: holdouts[i] }]));
    const final: Quantiles = { p10: new Array<number>(H).fill(9), p50: new Array<number>(H).fill(10), p90: new Array<number>(H).fill(11) };
    const { choices: out, summary } = await keepNeuralWhereItWins({ runId: 'r3', artefactPath: null, bySku }, items, choices, H, async (ids) => new Map(ids.map((id) => [id, final])));
    expect(summary.neural + summary.blend).toBe(4);
    const s = summary.bandScale!;
    // The window as each SKU was picked (neural alone or the blend, with the statistical band as shown).
    const forms = items.map((it, i) => {
      const raw = statWindowForecast(it.series, choices[i], H)!;
      const stat = scaleInterval(raw, choices[i].bandScale?.[choices[i].model] ?? { lo: 1, hi: 1 });
      return decideNeural(actual[i], holdouts[i], stat, 1).window!;
    });
    const coverage = (scale: { lo: number; hi: number }): number => {
      const acc = new MetricAcc();
      for (const f of forms) acc.add(f.actual, scaleInterval(f.forecast, scale), 1);
      return acc.scores().coverage;
    };
    expect(coverage({ lo: 1, hi: 1 })).toBeLessThan(0.75);
    expect(s.lo).toBeGreaterThan(1);
    expect(s.hi).toBeGreaterThan(1);
    expect(coverage(s)).toBeGreaterThanOrEqual(0.75);
    expect(coverage(s)).toBeLessThanOrEqual(0.85);
    // The saved model's forecast keeps its P50; its band is scaled by the same factors.
    for (const c of out.filter((x) => x!.model === 'neural')) {
      expect(c!.forecast.p50).toEqual(final.p50);
      c!.forecast.p10.forEach((v) => expect(v).toBeCloseTo(10 - s.lo, 9));
      c!.forecast.p90.forEach((v) => expect(v).toBeCloseTo(10 + s.hi, 9));
    }
  });
});
