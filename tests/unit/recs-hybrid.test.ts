import { describe, expect, it } from 'vitest';
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import { PopularityModel } from '../../engine/recs/baselines/popularity';
import { blendScores, HybridModel, mixScores } from '../../engine/recs/hybrid';
import { evaluate, tailItems, topK } from '../../engine/recs/metrics';
import { leaveLastOut } from '../../engine/recs/split';
import { tailLiftReranker } from '../../engine/recs/tail';
import { plantedWalks } from './recs-fixtures';

const ranking = (s: Float32Array, off: number, n: number): number[] => topK(s, n, off, n);

describe('Transformer + co-occurrence hybrid', () => {
  it('weight 0 ranks as the first model, 1 as the second, and neither drowns the other by the size of its scores', () => {
    const n = 20;
    const a = Float32Array.from({ length: 2 * n }, (_, i) => (i % n) * 1000);
    const b = Float32Array.from({ length: 2 * n }, (_, i) => Math.sin(1.3 * i));
    expect(ranking(blendScores(a.slice(), b.slice(), 2, 0), n, n)).toEqual(ranking(a, n, n));
    expect(ranking(blendScores(a.slice(), b.slice(), 2, 1), n, n)).toEqual(ranking(b, n, n));
    // Scaling one model's scores changes nothing once each is standardised per customer.
    const small = a.map((v) => v / 1e6);
    expect(ranking(blendScores(a.slice(), b.slice(), 2, 0.5), 0, n)).toEqual(ranking(blendScores(small, b.slice(), 2, 0.5), 0, n));
  });

  it('the mixture: weight 0 ranks as the Transformer, 1 as co-occurrence, the Transformer\'s scale does not matter, a customer without co-occurrence keeps the Transformer\'s order', () => {
    const n = 20;
    const a = Float32Array.from({ length: 2 * n }, (_, i) => Math.cos(0.7 * i) * 3);
    // Co-occurrence scores are counts-like: never negative, most items zero; the second row has none at all.
    const b = Float32Array.from({ length: 2 * n }, (_, i) => (i < n && i % 3 === 0 ? 1 + (i % 7) : 0));
    expect(ranking(mixScores(a.slice(), b.slice(), 2, 0), 0, n)).toEqual(ranking(a, 0, n));
    const onlyCooc = ranking(mixScores(a.slice(), b.slice(), 2, 1), 0, n).slice(0, 7);
    expect(onlyCooc.map((i) => b[i])).toEqual([...b.subarray(0, n)].filter((v) => v > 0).sort((x, y) => y - x));
    // Standardised first: a scaled and shifted Transformer gives the same mixture.
    const scaled = a.map((v) => v * 40 + 5);
    expect(Array.from(mixScores(scaled, b.slice(), 2, 0.3))).toEqual(Array.from(mixScores(a.slice(), b.slice(), 2, 0.3)).map((v) => expect.closeTo(v, 4)));
    expect(ranking(mixScores(a.slice(), b.slice(), 2, 0.6), n, n)).toEqual(ranking(a, n, n));
    // Items left out (−∞) stay out; items both models give nothing stay in, tied at the bottom.
    const left = a.slice();
    left[2] = -Infinity;
    const m = mixScores(left, b.slice(), 2, 1);
    expect(m[2]).toBe(-Infinity);
    expect(Number.isFinite(m[1])).toBe(true);
  });

  it('the mixture bounds co-occurrence by its weight: one co-viewed item does not push out the Transformer\'s clear favourite', () => {
    // The Transformer is sure of item 0; co-occurrence knows one item (7). Standardised, that single non-zero score is
    // about √n standard deviations up, so the blend at weight 0.3 puts item 7 first; the mixture gives co-occurrence
    // 30% of the probability and keeps item 0 first, item 7 next.
    const n = 500;
    const a = Float32Array.from({ length: n }, (_, i) => (i === 0 ? 4 : i === 7 ? 1 : Math.sin(i) * 0.5));
    const b = Float32Array.from({ length: n }, (_, i) => (i === 7 ? 1 : 0));
    expect(ranking(mixScores(a.slice(), b.slice(), 1, 0.3), 0, n).slice(0, 2)).toEqual([0, 7]);
    expect(ranking(blendScores(a.slice(), b.slice(), 1, 0.3), 0, n)[0]).toBe(7);
  });

  it('as a model it follows its weight: co-occurrence finds the planted walks, popularity does not', async () => {
    const d = plantedWalks({ groups: 3, size: 8, users: 90, steps: 6, popularGroup: 0 });
    const split = leaveLastOut(d);
    const pop = new PopularityModel();
    const cooc = new CooccurrenceModel();
    await pop.fit(split.train);
    await cooc.fit(split.train);
    const hr = (w: number): number => evaluate(new HybridModel(pop, cooc, w), d, split, { protocol: 'full', phase: 'test', seed: 1 }).hr;
    expect(hr(1)).toBeGreaterThanOrEqual(0.9);
    expect(hr(0)).toBeLessThan(0.75);
  });
});

describe('tail lift', () => {
  it('moves long-tail items up without reordering the head or the tail among themselves', () => {
    const seqs = [Int32Array.from([0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9])];
    const tail = tailItems(seqs, 10);
    const base = Float32Array.from([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const share = (g: number): number => {
      const s = base.slice();
      tailLiftReranker(tail, g)(s, 0);
      const top = topK(s, 3);
      const order = topK(s, 10);
      // Within each group the order is the model's own.
      for (const grp of [0, 1]) {
        const members = order.filter((i) => tail[i] === grp);
        expect(members).toEqual([...members].sort((x, y) => base[y] - base[x]));
      }
      return top.filter((i) => tail[i]).length / 3;
    };
    expect(share(0)).toBeLessThan(share(1));
    expect(share(1)).toBeLessThanOrEqual(share(3));
    expect(share(3)).toBe(1);
  });
});
