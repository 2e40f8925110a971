/** The hybrid neural demand model: learns covariate effects, ignores stockout days, ordered quantiles, save/load, no leaks, seeded. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../models/backend';
import { load, train, type HybridModel, type HybridParams, type ModelSeries } from '../../models/forecast/hybrid';
import { tempDir } from './helpers';
import { synthSeries } from './neural-synth';

const H = 14;
const SMALL: Partial<HybridParams> = { window: 28, horizon: H, units: 32, heads: 4, ffUnits: 64, epochs: 6, windowsPerEpoch: 512, batchSize: 64, seed: 7 };
const STOCKOUT_IDS = new Set(['SKU-000', 'SKU-001', 'SKU-002', 'SKU-003', 'SKU-004', 'SKU-005']);

let model: HybridModel;
let series: ModelSeries[];
let truth: Map<string, number[]>;
let trueLevel: Map<string, number>;

function seasonalNaive(values: number[], horizon: number): number[] {
  const n = values.length;
  return Array.from({ length: horizon }, (_, h) => values[n - 7 + (h % 7)]);
}

beforeAll(async () => {
  await selectBackend();
  const data = synthSeries({ series: 40, days: 210, horizon: H, seed: 11 });
  truth = data.truth;
  trueLevel = new Map(data.train.map((s) => [s.id, s.values.reduce((a, b) => a + b, 0) / s.values.length]));
  // Plant stockouts: the last 3 weeks and every 3rd day before are out of stock (sold 0, marked not observed).
  series = data.train.map((s) =>
    STOCKOUT_IDS.has(s.id) ? { ...s, values: s.values.map((v, i) => (i >= s.values.length - 21 || i % 3 === 0 ? NaN : v)) } : s,
  );
  model = await train(series, SMALL);
}, 240_000);

afterAll(() => model?.dispose());

describe('hybrid neural model', () => {
  it('learns the planted promotion effect better than seasonal naive on held-out promo days', () => {
    const fc = model.predict(series, H);
    let errNeural = 0;
    let errNaive = 0;
    let days = 0;
    for (const s of series) {
      if (STOCKOUT_IDS.has(s.id)) continue;
      const promo = s.covariates?.promo ?? [];
      const naive = seasonalNaive(s.values, H);
      const actual = truth.get(s.id) ?? [];
      const p50 = fc.get(s.id)?.p50 ?? [];
      for (let h = 0; h < H; h++) {
        if (promo[s.values.length + h] !== 1) continue;
        errNeural += Math.abs(p50[h] - actual[h]);
        errNaive += Math.abs(naive[h] - actual[h]);
        days++;
      }
    }
    expect(days).toBeGreaterThan(20);
    expect(errNeural).toBeLessThan(0.8 * errNaive);
  });

  it('does not learn stockout days as zero demand', () => {
    const fc = model.predict(series, H);
    for (const id of STOCKOUT_IDS) {
      const p50 = fc.get(id)?.p50 ?? [];
      const mean = p50.reduce((a, b) => a + b, 0) / p50.length;
      // Without masking the last three weeks would read as zero sales and drag the forecast towards 0.
      expect(mean).toBeGreaterThan(0.7 * (trueLevel.get(id) ?? 0));
    }
  });

  it('gives ordered quantiles whose P10-P90 band covers a sane share of held-out days', () => {
    const fc = model.predict(series, H);
    let inside = 0;
    let total = 0;
    for (const s of series) {
      const q = fc.get(s.id);
      const actual = truth.get(s.id) ?? [];
      expect(q).toBeDefined();
      for (let h = 0; h < H; h++) {
        expect(q!.p10[h]).toBeLessThanOrEqual(q!.p50[h]);
        expect(q!.p50[h]).toBeLessThanOrEqual(q!.p90[h]);
        if (actual[h] >= q!.p10[h] && actual[h] <= q!.p90[h]) inside++;
        total++;
      }
    }
    const coverage = inside / total;
    expect(coverage).toBeGreaterThan(0.55);
    expect(coverage).toBeLessThan(0.97);
  });

  it('round-trips through model.json + weights.bin with identical predictions', async () => {
    const tmp = tempDir('desk-neural-');
    try {
      await model.save(tmp.dir);
      const loaded = await load(tmp.dir);
      try {
        const a = model.predict(series.slice(0, 8), H);
        const b = loaded.predict(series.slice(0, 8), H);
        for (const [id, q] of a) expect(b.get(id)).toEqual(q);
      } finally {
        loaded.dispose();
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('is reproducible with the same seed and leaks no tensors', async () => {
    const tiny: Partial<HybridParams> = { ...SMALL, epochs: 1, windowsPerEpoch: 128, seed: 3 };
    const few = series.slice(6, 16);
    const before = tf.memory().numTensors;
    const m1 = await train(few, tiny);
    const p1 = m1.predict(few, H);
    m1.dispose();
    const m2 = await train(few, tiny);
    const p2 = m2.predict(few, H);
    m2.dispose();
    const m3 = await train(few, { ...tiny, seed: 4 });
    const p3 = m3.predict(few, H);
    m3.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (const [id, q] of p1) expect(p2.get(id)).toEqual(q);
    expect(p3.get(few[0].id)).not.toEqual(p1.get(few[0].id));
  });
});

describe('mean head', () => {
  it('forecasts the expected level of slow sellers, where the quantile median forecasts far less than sells', async () => {
    // 30 slow sellers: one unit on 15–45% of days, nothing otherwise, so the median day sells nothing.
    const rnd = (() => {
      let s = 99;
      return (): number => ((s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296);
    })();
    const rates = Array.from({ length: 30 }, (_, i) => 0.15 + (0.3 * i) / 29);
    const slow: ModelSeries[] = rates.map((p, i) => ({ id: `SLOW-${i}`, start: '2025-01-01', values: Array.from({ length: 180 }, () => (rnd() < p ? 1 : 0)) }));
    const m = await train(slow, { ...SMALL, epochs: 4, seed: 5 });
    try {
      const fc = m.predict(slow, H);
      let mean = 0;
      let median = 0;
      let expected = 0;
      slow.forEach((s, i) => {
        const q = fc.get(s.id)!;
        expect(q.mean).toHaveLength(H);
        mean += q.mean!.reduce((a, b) => a + b, 0);
        median += q.p50.reduce((a, b) => a + b, 0);
        expected += rates[i] * H;
      });
      // The planning sums the point forecast over the lead time: the mean head's sum is near what will sell.
      expect(mean / expected).toBeGreaterThan(0.8);
      expect(mean / expected).toBeLessThan(1.25);
      expect(median / expected).toBeLessThan(0.7);
    } finally {
      m.dispose();
    }
  }, 240_000);
});
