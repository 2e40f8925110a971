import { describe, expect, it } from 'vitest';
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import { rerankCustomer } from '../../engine/recs/read';
import { candidatesOf, tailCutFor } from '../../engine/recs/lists';
import { evaluate, tailItems, topK } from '../../engine/recs/metrics';
import { logNormaliser, meanTailAffinity, personalLiftReranker, personalLiftWeight, probLiftReranker, standardise, tailAffinity } from '../../engine/recs/tail';
import { leaveLastOut } from '../../engine/recs/split';
import type { History, RecModel } from '../../engine/recs/types';
import { bootstrapSe, chooseTailControl, fitTemperature, liftedItems, TAIL_FORMS, tailReport, tailRerankerOf, type TailEffect } from '../../engine/recs/tail-choice';
import type { Interactions } from '../../engine/recs/types';
import { Rng } from '../../engine/demo/rng';
import type { RecItemRow } from '../../engine/db/queries/recs';
import { plantedWalks } from './recs-fixtures';

const curve = (pts: [number, number, number][]): TailEffect[] => pts.map(([gamma, ndcg, tailShare]) => ({ gamma, ndcg, tailShare, coverage: 0 }));

describe('the product tail control: discount or lift, chosen on the validation item', () => {
  it('takes the lift where it reaches more tail share at no more loss than the discount, with its own γ inside the 5% budget', () => {
    const discount = curve([[0, 0.1, 0.1], [0.2, 0.097, 0.16], [0.5, 0.08, 0.3]]);
    const lift = curve([[0, 0.1, 0.1], [0.3, 0.098, 0.2], [0.5, 0.0955, 0.27], [0.7, 0.092, 0.33]]);
    const c = chooseTailControl(discount, lift);
    expect(c.form).toBe('lift');
    // 0.7 costs 8%: over the budget; 0.5 costs 4.5% and gives the most tail inside it.
    expect(c.gamma).toBe(0.5);
    expect(c.loss).toBeCloseTo(0.045, 6);
    expect(c.picks.discount.gamma).toBe(0.2);
  });

  it('keeps half a standard error of margin on the loss and none on the share: the smallest γ reaching 29% whose loss bound fits the budget', () => {
    const discount = curve([[0, 0.1, 0.1], [0.2, 0.098, 0.15]]);
    const se = (pts: [number, number, number, number, number][]): TailEffect[] => pts.map(([gamma, ndcg, tailShare, lossSe, tailSe]) => ({ gamma, ndcg, tailShare, coverage: 0, lossSe, tailSe }));
    const lift = se([[0, 0.1, 0.1, 0, 0.004], [0.3, 0.098, 0.285, 0.006, 0.005], [0.5, 0.0965, 0.3, 0.04, 0.005], [0.7, 0.097, 0.31, 0.02, 0.005], [0.9, 0.0952, 0.4, 0.01, 0.005]]);
    const c = chooseTailControl(discount, lift);
    expect(c.form).toBe('lift');
    // 0.3 (28.5%) does not reach 29%; 0.5 reaches it at −3.5%, but with half its standard error of 4% the bound is
    // 5.5%, over the budget; 0.7 (31% at −3%, bound 4%) is the first that reaches the target inside it.
    expect(c.gamma).toBe(0.7);
    expect(c.loss).toBeCloseTo(0.03, 6);
    // The share needs no margin: exactly 29% reaches the target (until 2026-12-04 it needed one standard error more).
    const exact = chooseTailControl(discount, se([[0, 0.1, 0.1, 0, 0.004], [0.3, 0.098, 0.29, 0.006, 0.02], [0.5, 0.097, 0.35, 0.006, 0.02]]));
    expect(exact.gamma).toBe(0.3);
    // Without standard errors (runs from before) the measured loss alone bounds it: 0.5 reaches the target first.
    const bare = chooseTailControl(discount, lift.map(({ lossSe: _l, tailSe: _t, ...e }) => e));
    expect(bare.gamma).toBe(0.5);
    // A step that scored 3% higher than no control, with a standard error of 6%: its bound is 0, so it qualifies
    // (counting its loss as 0 instead of −3% would put the bound at 3%, still inside, but 1.5 points higher).
    const gain = chooseTailControl(discount, se([[0, 0.1, 0.07, 0, 0.007], [0.6, 0.102, 0.26, 0.048, 0.014], [0.7, 0.103, 0.31, 0.06, 0.015]]));
    expect(gain.form).toBe('lift');
    expect(gain.gamma).toBe(0.7);
    expect(gain.loss).toBe(0);
    // Short of the target, the most tail share whose loss bound fits: 0.9's 4.8% plus half of 1% passes 5%, 0.7's does not.
    const short = chooseTailControl(discount, se([[0, 0.1, 0.1, 0, 0.004], [0.5, 0.097, 0.2, 0.01, 0.005], [0.7, 0.0955, 0.25, 0.01, 0.005], [0.9, 0.0952, 0.28, 0.01, 0.005]]));
    expect(short.picks.lift.gamma).toBe(0.7);
  });

  it('bootstrap standard errors: zero for a step that changes nothing, larger when fewer users decide the difference', () => {
    const plain = Float64Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? 1 / Math.log2(2 + (i % 7)) : 0));
    const boot = bootstrapSe(plain, 42);
    const same = boot(plain, new Float64Array(400).fill(3));
    expect(same.lossSe).toBeCloseTo(0, 12);
    expect(same.tailSe).toBeCloseTo(0, 12);
    // Two users out of 400 lose their hit: a loss around 2 of 40 hits (5%), whose standard error is a few points.
    const worse = Float64Array.from(plain);
    worse[0] = 0;
    worse[10] = 0;
    const tail = Float64Array.from({ length: 400 }, (_, i) => i % 10);
    const r = boot(worse, tail);
    expect(r.lossSe).toBeGreaterThan(0.01);
    expect(r.lossSe).toBeLessThan(0.1);
    // Tail share per user is 0..90%; its standard error over 400 users is about 0.29 / 20.
    expect(r.tailSe).toBeGreaterThan(0.008);
    expect(r.tailSe).toBeLessThan(0.02);
  });

  it('keeps the discount where the lift gives less tail at the discount\'s loss', () => {
    const discount = curve([[0, 0.1, 0.1], [0.2, 0.099, 0.25]]);
    const lift = curve([[0, 0.1, 0.1], [0.3, 0.099, 0.2], [0.5, 0.096, 0.28]]);
    const c = chooseTailControl(discount, lift);
    expect(c.form).toBe('discount');
    expect(c.gamma).toBe(0.2);
    // Where the lift reaches the 29% target inside the budget and the discount does not, the lift serves the target.
    const reaching = chooseTailControl(discount, curve([[0, 0.1, 0.1], [0.3, 0.099, 0.2], [0.5, 0.096, 0.3]]));
    expect(reaching.form).toBe('lift');
    expect(reaching.gamma).toBe(0.5);
    // Where no discount step fits the budget, the lift's own pick is used rather than no control at all.
    const none = chooseTailControl(curve([[0, 0.1, 0.1], [0.1, 0.094, 0.12]]), curve([[0, 0.1, 0.1], [0.1, 0.0995, 0.12], [0.3, 0.097, 0.17]]));
    expect(none.form).toBe('lift');
    expect(none.gamma).toBe(0.3);
  });

  it('the lift re-ranks stored candidates by adding γ to long-tail items only, keeping the order within head and tail', () => {
    const row = (productId: number, score: number, popularity: number, liftWeight = 1): RecItemRow => ({ rank: productId, productId, sku: `S${productId}`, titleZh: null, titleEn: null, score, popularity, reason: 'popular', reasonSku: null, reasonTitleZh: null, reasonTitleEn: null, liftWeight, logNorm: null });
    const rows = [row(1, 2, 50), row(2, 1.5, 40), row(3, 1.2, 2), row(4, 0.9, 3), row(5, 0.1, 1)];
    const ids = (g: number): number[] => rerankCustomer(rows, g, 5, { form: 'lift', cut: 5 }).map((r) => r.productId);
    expect(ids(0)).toEqual([1, 2, 3, 4, 5]);
    expect(ids(0.5)).toEqual([1, 3, 2, 4, 5]);
    expect(ids(1)).toEqual([3, 1, 4, 2, 5]);
    // The discount form still lowers by popularity (the old behaviour for older runs).
    expect(rerankCustomer(rows, 1, 5).map((r) => r.productId)[0]).toBe(3);
    // The personal lift scales γ by the customer's stored weight: a long-tail lover (weight 2) gets at γ = 0.5 what
    // the plain lift gives at 1; a customer with weight 1 gets exactly the plain lift.
    const personal = (w: number, g: number): number[] => rerankCustomer(rows.map((r) => ({ ...r, liftWeight: w })), g, 5, { form: 'personal', cut: 5 }).map((r) => r.productId);
    expect(personal(2, 0.5)).toEqual(ids(1));
    expect(personal(1, 0.5)).toEqual(ids(0.5));
    expect(personal(0.2, 1)).toEqual([1, 2, 3, 4, 5]);
    // The lift forms go up to γ = 2 (any lift re-ranks the stored candidates exactly); the discount's candidates only
    // cover γ ≤ 1, so beyond it the discount stays at its end.
    expect(ids(2)).toEqual([3, 4, 5, 1, 2]);
    const disc = (g: number): number[] => rerankCustomer(rows, g, 5).map((r) => r.productId);
    expect(disc(2)).toEqual(disc(1));
  });

  it('the personal lift gives long-tail slots to customers whose own history is long tail, and is chosen when it reaches more tail share', () => {
    // 10 items: 0–1 popular (head), 2–9 long tail. Two customers with the same scores: one has only head items in
    // their history, the other mostly long-tail ones.
    const tail = Uint8Array.from({ length: 10 }, (_, i) => (i >= 2 ? 1 : 0));
    expect(tailAffinity([0, 1, 1, 0], tail)).toBe(0);
    expect(tailAffinity([2, 3, 3, 0], tail)).toBeCloseTo(2 / 3, 12);
    const mean = meanTailAffinity([Int32Array.from([0, 1]), Int32Array.from([2, 3, 0])], tail);
    expect(mean).toBeCloseTo(1 / 3, 12);
    expect(personalLiftWeight(mean, mean)).toBeCloseTo(1, 12);
    const scores = (): Float32Array => Float32Array.from([3, 1.1, 1, 0.95, 0.9, 0.1, 0, -0.1, -0.2, -0.3]);
    const top3 = (history: number[]): number[] => {
      const s = scores();
      personalLiftReranker(tail, 0.4, mean)(s, 0, history);
      return topK(s, 3);
    };
    // The head-only customer keeps the popular items on top; the long-tail customer gets long-tail items first.
    expect(top3([0, 1])).toEqual([0, 1, 2]);
    expect(top3([2, 3, 4, 0])).toEqual([0, 2, 3]);
    // Choice: the personal form replaces the lift where, at no more loss, it reaches more tail share.
    const discount = curve([[0, 0.1, 0.1], [0.1, 0.094, 0.12]]);
    const lift = curve([[0, 0.1, 0.1], [0.1, 0.0995, 0.12], [0.3, 0.097, 0.17]]);
    const personalCurve = curve([[0, 0.1, 0.1], [0.1, 0.0996, 0.15], [0.3, 0.0975, 0.22]]);
    expect(chooseTailControl(discount, lift, personalCurve).form).toBe('personal');
    expect(chooseTailControl(discount, lift, personalCurve).picks.personal?.gamma).toBe(0.3);
    // Where it brings no more tail share at that loss, the choice stays as it was without it.
    const weaker = curve([[0, 0.1, 0.1], [0.1, 0.0995, 0.11], [0.3, 0.097, 0.16]]);
    expect(chooseTailControl(discount, lift, weaker).form).toBe('lift');
    expect(chooseTailControl(discount, lift).picks.personal).toBeUndefined();
  });

  it('measures the tail control on what a customer can be shown: scores of items already in the history change nothing', async () => {
    const d = plantedWalks({ groups: 4, size: 10, users: 160, steps: 7, popularGroup: 0 });
    const split = leaveLastOut(d);
    const m = new CooccurrenceModel();
    await m.fit(split.train);
    // The same model, but it also scores every item the customer already has far above the rest (as a model that
    // learnt "people come back" might). The stored lists leave those items out before the control re-ranks, so the
    // measured effect of the control must be the same as for the plain model.
    const fond: RecModel = {
      ...m,
      fit: async () => undefined,
      dispose: () => undefined,
      score: (hs: History[]) => {
        const s = m.score(hs);
        const n = d.itemIds.length;
        hs.forEach((h, j) => { for (const i of h.items) s[j * n + i] += 50; });
        return s;
      },
    };
    for (const [form, gamma] of [['lift', 0.5], ['discount', 0.3]] as const) {
      const rerank = (): ((s: Float32Array, o: number, h: ArrayLike<number>) => void) => tailRerankerOf(form, d, split, gamma);
      const a = evaluate(m, d, split, { protocol: 'full', phase: 'valid', seed: 7, rerank: rerank() });
      const b = evaluate(fond, d, split, { protocol: 'full', phase: 'valid', seed: 7, rerank: rerank() });
      expect(b.tailShare).toBeCloseTo(a.tailShare, 9);
      expect(b.ndcg).toBeCloseTo(a.ndcg, 9);
    }
    m.dispose();
  });

  it('lifts only items the tail share counts: where the 80% boundary is tied, the tied items are not lifted', () => {
    // One sequence per item, as long as the item's popularity.
    const seqsOf = (pops: number[]): Int32Array[] => pops.map((p, i) => new Int32Array(p).fill(i));
    const lifted = (pops: number[]): number[] => [...liftedItems(seqsOf(pops), pops.length)].flatMap((v, i) => (v ? [i] : []));
    // No tie at the boundary: the eight least popular are lifted and counted.
    expect(tailCutFor(seqsOf([0, 0, 1, 1, 2, 2, 2, 2, 5, 9]), 10)).toBe(2);
    expect(lifted([0, 0, 1, 1, 2, 2, 2, 2, 5, 9])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Five items at 2 straddle the boundary (the share counts four of them): none is lifted, every lifted item counts.
    const tied = [0, 0, 1, 1, 2, 2, 2, 2, 2, 9];
    expect(tailCutFor(seqsOf(tied), 10)).toBe(1);
    const counted = tailItems(seqsOf(tied), 10);
    expect(lifted(tied)).toEqual([0, 1, 2, 3]);
    expect(lifted(tied).every((i) => counted[i] === 1)).toBe(true);
    // Everything alike: nothing is below the boundary, so all of it is the tail (as before).
    expect(lifted([3, 3, 3, 3, 3])).toEqual([0, 1, 2, 3, 4]);
  });

  it('a report chooses on validation and measures the test item with the choice (more tail, at the stated γ)', async () => {
    const d = plantedWalks({ groups: 4, size: 10, users: 160, steps: 7, popularGroup: 0 });
    const split = leaveLastOut(d);
    const m = new CooccurrenceModel();
    await m.fit(split.train);
    const r = tailReport(m, d, split, 7);
    expect(TAIL_FORMS).toContain(r.form);
    expect(r.loss).toBeLessThanOrEqual(0.05 + 1e-9);
    if (r.gamma > 0) expect(r.tailShare).toBeGreaterThan(r.plainTailShare);
    expect(r.test.plainTailShare).toBeGreaterThanOrEqual(0);
    m.dispose();
  });
});

describe('the probability lift (fourth form, 2026-12-04)', () => {
  // 40 items: 0–7 popular (head), 8–39 long tail.
  const n = 40;
  const tail = Uint8Array.from({ length: n }, (_, i) => (i >= 8 ? 1 : 0));
  const pop = Float32Array.from({ length: n }, (_, i) => (i >= 8 ? 1 : 100));

  it('gives long-tail slots where the model is unsure and leaves a confident list alone', () => {
    // Two customers with the same history (so the same personal weight, 1) and the same order of items; T = 1, so a
    // long-tail item gets γ·50/40 added to its probability. One model row is sure: the eight head items stand 2.5
    // standard deviations above the rest (probability 0.094 each, long-tail ones 0.008). The other falls off slowly (a
    // ramp: 0.085 for the best item, 0.042 for the best long-tail one).
    const sure = Float32Array.from({ length: n }, (_, i) => (i < 8 ? 10 - i / 100 : -i / 1000));
    const thin = Float32Array.from({ length: n }, (_, i) => -i / 40);
    const top10 = (row: Float32Array, g: number): number[] => {
      const s = Float32Array.from(row);
      probLiftReranker(tail, g, 0.5, 1)(s, 0, [8, 0]);
      return topK(s, 10);
    };
    const tailIn = (xs: number[]): number => xs.filter((i) => tail[i]).length;
    // Without the control both show their two best long-tail items below the eight head items.
    expect(tailIn(top10(sure, 0))).toBe(2);
    expect(tailIn(top10(thin, 0))).toBe(2);
    // At γ = 0.05 (+0.0625): the unsure customer's list turns long tail, the sure one's stays as it was.
    expect(tailIn(top10(thin, 0.05))).toBeGreaterThanOrEqual(8);
    expect(top10(sure, 0.05)).toEqual(top10(sure, 0));
    // A larger γ (+0.125) lifts long-tail items past the sure customer's head items too.
    expect(tailIn(top10(sure, 0.1))).toBe(10);
  });

  it('re-ranks the stored candidates at read time exactly as it was measured, and without a stored normaliser falls back to the personal lift', () => {
    const rng = new Rng(3);
    const history = [0, 9, 10];
    const mean = 0.3;
    const temperature = 0.6;
    for (let trial = 0; trial < 5; trial++) {
      const row = Float32Array.from({ length: n }, (_, i) => (i < 8 ? 1.5 : 0) + 2 * rng.next());
      for (const i of history) row[i] = -Infinity;
      // Measured: the evaluation's re-ranker over every item.
      const measured = (g: number): number[] => {
        const s = Float32Array.from(row);
        probLiftReranker(tail, g, mean, temperature)(s, 0, history);
        return topK(s, 10);
      };
      // Stored: standardised scores of the candidates, the customer's weight and normaliser (as lists.ts stores them).
      const s = Float32Array.from(row);
      standardise(s, 0, n);
      const logNorm = logNormaliser(s, 0, n, temperature);
      const liftWeight = personalLiftWeight(tailAffinity(history, tail), mean);
      const rows: RecItemRow[] = candidatesOf(s, 0, n, pop, 1, 10).map((i, r) => ({ rank: r + 1, productId: i, sku: `S${i}`, titleZh: null, titleEn: null, score: s[i], popularity: pop[i], reason: 'popular', reasonSku: null, reasonTitleZh: null, reasonTitleEn: null, liftWeight, logNorm }));
      const read = (g: number, rs = rows): number[] => rerankCustomer(rs, g, 10, { form: 'prob', cut: 1, temperature, items: n }).map((r) => r.productId);
      // γ up to 0.1: on 40 items that adds up to 0.125·w to a probability (the catalogue-size scale makes larger γ
      // swamp every probability here, and float32 rounding would then decide among long-tail items).
      for (const g of [0, 0.01, 0.03, 0.05, 0.1]) expect(read(g), `trial ${trial}, γ ${g}`).toEqual(measured(g));
      // No normaliser stored (a refresh without the Transformer): the personal lift with the stored weight.
      const bare = rows.map((r) => ({ ...r, logNorm: null }));
      expect(read(0.7, bare)).toEqual(rerankCustomer(bare, 0.7, 10, { form: 'personal', cut: 1 }).map((r) => r.productId));
      expect(read(0.05)).not.toEqual(read(0));
    }
  });

  it('fits the temperature the validation targets were drawn with', () => {
    // Each customer's target is drawn from softmax(score / 0.5) over the items they have not seen; the model scores
    // are those scores. The fitted temperature must land near 0.5, not at either end of its range.
    const rng = new Rng(11);
    const users = 600;
    const m = 30;
    const scores: Float32Array[] = [];
    const seqs: Int32Array[] = [];
    for (let u = 0; u < users; u++) {
      const row = Float32Array.from({ length: m }, () => 1.5 * (rng.next() + rng.next() + rng.next() - 1.5));
      const seen = Math.floor(rng.next() * m);
      const z = Float32Array.from(row);
      z[seen] = -Infinity;
      standardise(z, 0, m);
      const w = Array.from(z, (v) => (Number.isFinite(v) ? Math.exp(v / 0.5) : 0));
      let r = rng.next() * w.reduce((a, b) => a + b, 0);
      let target = 0;
      while (target < m - 1 && (r -= w[target]) > 0) target++;
      scores.push(row);
      seqs.push(Int32Array.from([seen, target, (target + 1) % m]));
    }
    const d: Interactions = { userIds: seqs.map((_, u) => `u${u}`), itemIds: Array.from({ length: m }, (_, i) => `i${i}`), seqs, problems: { lines: 0, badLines: 0, unknownUsers: 0, unknownItems: 0, duplicates: 0, outOfOrder: 0, emptyHistories: 0, tooShort: 0 } };
    const model: RecModel = { name: 'known', fit: async () => undefined, dispose: () => undefined, score: (hs: History[]) => {
      const out = new Float32Array(hs.length * m);
      hs.forEach((h, j) => out.set(scores[h.user], j * m));
      return out;
    } };
    const t = fitTemperature(model, d, leaveLastOut(d));
    expect(t).toBeGreaterThan(0.4);
    expect(t).toBeLessThan(0.62);
  });

  it('is chosen when it reaches more tail share at no more loss than the forms before it', () => {
    const discount = curve([[0, 0.1, 0.1], [0.1, 0.094, 0.12]]);
    const lift = curve([[0, 0.1, 0.1], [0.1, 0.0995, 0.12], [0.3, 0.097, 0.17]]);
    const personalCurve = curve([[0, 0.1, 0.1], [0.1, 0.0996, 0.15], [0.3, 0.0975, 0.22]]);
    const prob = curve([[0, 0.1, 0.1], [0.3, 0.0985, 0.25], [0.6, 0.0976, 0.31]]);
    const c = chooseTailControl(discount, lift, personalCurve, 0.05, prob, 0.7);
    expect(c.form).toBe('prob');
    // 0.6 is the smallest γ reaching 29% (2.4% loss).
    expect(c.gamma).toBe(0.6);
    expect(c.temperature).toBe(0.7);
    expect(c.picks.prob?.gamma).toBe(0.6);
    // Weaker than the personal lift at its loss: the choice stays the personal lift.
    const weak = curve([[0, 0.1, 0.1], [0.3, 0.0975, 0.2]]);
    expect(chooseTailControl(discount, lift, personalCurve, 0.05, weak, 0.7).form).toBe('personal');
  });
});
