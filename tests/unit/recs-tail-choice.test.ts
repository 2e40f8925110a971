import { describe, expect, it } from 'vitest';
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import { rerankCustomer } from '../../engine/recs/read';
import { leaveLastOut } from '../../engine/recs/split';
import { chooseTailControl, tailReport, type TailEffect } from '../../engine/recs/tail-choice';
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

  it('keeps the discount where the lift gives less tail at the discount\'s loss', () => {
    const discount = curve([[0, 0.1, 0.1], [0.2, 0.099, 0.25]]);
    const lift = curve([[0, 0.1, 0.1], [0.3, 0.099, 0.2], [0.5, 0.096, 0.3]]);
    const c = chooseTailControl(discount, lift);
    expect(c.form).toBe('discount');
    expect(c.gamma).toBe(0.2);
  });

  it('the lift re-ranks stored candidates by adding γ to long-tail items only, keeping the order within head and tail', () => {
    const row = (productId: number, score: number, popularity: number): RecItemRow => ({ rank: productId, productId, sku: `S${productId}`, titleZh: null, titleEn: null, score, popularity, reason: 'popular', reasonSku: null, reasonTitleZh: null, reasonTitleEn: null });
    const rows = [row(1, 2, 50), row(2, 1.5, 40), row(3, 1.2, 2), row(4, 0.9, 3), row(5, 0.1, 1)];
    const ids = (g: number): number[] => rerankCustomer(rows, g, 5, { form: 'lift', cut: 5 }).map((r) => r.productId);
    expect(ids(0)).toEqual([1, 2, 3, 4, 5]);
    expect(ids(0.5)).toEqual([1, 3, 2, 4, 5]);
    expect(ids(1)).toEqual([3, 1, 4, 2, 5]);
    // The discount form still lowers by popularity (the old behaviour for older runs).
    expect(rerankCustomer(rows, 1, 5).map((r) => r.productId)[0]).toBe(3);
  });

  it('a report chooses on validation and measures the test item with the choice (more tail, at the stated γ)', async () => {
    const d = plantedWalks({ groups: 4, size: 10, users: 160, steps: 7, popularGroup: 0 });
    const split = leaveLastOut(d);
    const m = new CooccurrenceModel();
    await m.fit(split.train);
    const r = tailReport(m, d, split, 7);
    expect(['discount', 'lift']).toContain(r.form);
    expect(r.loss).toBeLessThanOrEqual(0.05 + 1e-9);
    if (r.gamma > 0) expect(r.tailShare).toBeGreaterThan(r.plainTailShare);
    expect(r.test.plainTailShare).toBeGreaterThanOrEqual(0);
    m.dispose();
  });
});
