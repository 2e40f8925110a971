// The group's pick (group-rule.ts). Under the 'meta' rule: the median of its three best single models, the mean of its
// two best or its best alone, whichever scored lowest walk-forward on the inner folds — never above the best single
// model on that score. (The rule in use, GROUP_RULE, is 'mean2'; see the README for why.)
import { describe, expect, it } from 'vitest';
import { medianQuantiles } from '../../engine/forecast/combine';
import { choosePick, combinePick, rankSingles, type Candidates, type GroupPick } from '../../engine/forecast/group-rule';
import type { Quantiles } from '../../engine/forecast/types';
import { rng } from './forecast-fixtures';

const H = 7;
const q = (p50: number[], spread = 2): Quantiles => ({ p10: p50.map((v) => Math.max(0, v - spread)), p50, p90: p50.map((v) => v + spread) });

/**
 * A group of series whose candidates forecast each fold's actuals with a per-model error: `bias[m][fold]` added to
 * every period plus noise. Folds are listed oldest first, as the backtest stores them.
 */
function group(seed: number, nSeries: number, bias: Record<string, number[]>, noise = 1): Candidates[] {
  const r = rng(seed);
  const nFolds = Object.values(bias)[0].length;
  return Array.from({ length: nSeries }, () => {
    const actuals = Array.from({ length: nFolds }, () => Array.from({ length: H }, () => 10 + Math.round(20 * r())));
    const cands: Candidates = {};
    for (const [m, b] of Object.entries(bias)) {
      const folds = actuals.map((a, j) => ({ actual: a, forecast: q(a.map((v) => Math.max(0, v + b[j] + noise * (r() - 0.5)))) }));
      cands[m] = { forecast: q(new Array<number>(H).fill(10)), weights: null, folds };
    }
    return cands;
  });
}

/** Our own oracle: Σ|y − P50| of `option` on fold `j` (0 = oldest) with the singles ranked on the folds before `j`. */
function walkForward(g: Candidates[], option: 'median3' | 'mean2' | 'top1'): number {
  const nFolds = Object.values(g[0])[0].folds!.length;
  const names = Object.keys(g[0]).filter((n) => n !== 'snaive');
  const absErr = (actual: ArrayLike<number>, f: Quantiles): number => Array.from(actual).reduce((a, y, i) => a + Math.abs(y - f.p50[i]), 0);
  const abs = (name: string, j: number, c: Candidates): number => absErr(c[name].folds![j].actual, c[name].folds![j].forecast);
  let total = 0;
  for (let j = 1; j < nFolds; j++) {
    const ranked = names.map((n) => [n, g.reduce((a, c) => a + Array.from({ length: j }, (_, k) => abs(n, k, c)).reduce((x, y) => x + y, 0), 0)] as const).sort((a, b) => a[1] - b[1]).map(([n]) => n);
    const pick: GroupPick = option === 'median3' ? { combine: 'median', members: ranked.slice(0, 3) } : { combine: 'mean', members: ranked.slice(0, option === 'mean2' ? 2 : 1) };
    for (const c of g) {
      const f = combinePick(pick, pick.members.map((m) => c[m].folds![j].forecast));
      total += absErr(c[pick.members[0]].folds![j].actual, f);
    }
  }
  return total;
}

const kindOf = (p: GroupPick): 'median3' | 'mean2' | 'top1' => (p.members.length === 1 ? 'top1' : p.combine === 'median' ? 'median3' : 'mean2');

describe("the group pick under the 'meta' rule", () => {
  it('is never worse walk-forward on the inner folds than the best single model, over many random groups', () => {
    const r = rng(5);
    let picked = { median3: 0, mean2: 0, top1: 0 };
    for (let t = 0; t < 60; t++) {
      // Five models with biases that drift from fold to fold, so rankings change and each option wins somewhere.
      const bias = Object.fromEntries(['ma', 'sba', 'ets', 'theta', 'tsb'].map((m) => [m, Array.from({ length: 5 }, () => 8 * (r() - 0.5))]));
      const g = group(100 + t, 3 + Math.floor(r() * 10), bias, 1 + 4 * r());
      const pick = choosePick(g, 'meta')!;
      const kind = kindOf(pick);
      picked = { ...picked, [kind]: picked[kind] + 1 };
      expect(walkForward(g, kind)).toBeLessThanOrEqual(walkForward(g, 'top1') + 1e-6);
      expect(walkForward(g, kind)).toBeLessThanOrEqual(Math.min(walkForward(g, 'median3'), walkForward(g, 'mean2')) + 1e-6);
    }
    // the property is not met by always answering with the single model: every option is chosen somewhere
    expect(picked.median3).toBeGreaterThan(0);
    expect(picked.mean2).toBeGreaterThan(0);
    expect(picked.top1).toBeGreaterThan(0);
  });

  it('answers with the best single model when one model is steadily best and the others are far off', () => {
    const g = group(1, 8, { ets: [0, 0, 0, 0, 0], ma: [6, 7, 6, 7, 6], theta: [-6, -7, -6, -7, -6], sba: [9, 9, 9, 9, 9] }, 0.5);
    // the median of ets, ma and theta lands near ets, but the mean of ets and its runner-up does not
    expect(choosePick(g, 'mean2')!.members).toHaveLength(2);
    const pick = choosePick(g, 'meta')!;
    expect(kindOf(pick) === 'top1' || kindOf(pick) === 'median3').toBe(true);
    expect(walkForward(g, kindOf(pick))).toBeLessThan(walkForward(g, 'mean2'));
  });

  it('combines when the ranking of the models changes from fold to fold (no single model is reliably best)', () => {
    // Each model is unbiased on some folds and off on others: picking the last fold's winner chases noise.
    const g = group(2, 10, { ets: [4, 0, -4, 0, 4], ma: [0, 4, 0, -4, 0], theta: [-4, -4, 4, 4, -4], sba: [8, 8, 8, 8, 8] }, 1);
    expect(kindOf(choosePick(g, 'meta')!)).not.toBe('top1');
  });

  it('ranks by the inner folds only and names its members best first', () => {
    const g = group(3, 6, { ma: [1, 1, 1], ets: [0.2, 0.2, 0.2], theta: [3, 3, 3], sba: [5, 5, 5] }, 0.2);
    expect(rankSingles(g)).toEqual(['ets', 'ma', 'theta', 'sba']);
    // leaving the last two folds out changes nothing here, and a ranking on no folds is empty
    expect(rankSingles(g, 2)).toEqual(['ets', 'ma', 'theta', 'sba']);
    expect(rankSingles(g, 3)).toEqual([]);
  });
});

describe('the median combination', () => {
  it("takes the middle P50 and keeps the members' average band around it, never below zero", () => {
    const f = medianQuantiles([
      { p10: [0, 0], p50: [1, 10], p90: [3, 20] },
      { p10: [4, 1], p50: [5, 2], p90: [9, 6] },
      { p10: [90, 1], p50: [100, 3], p90: [130, 4] },
    ]);
    expect(f.p50).toEqual([5, 3]);
    // below: average distance (1 + 1 + 10) / 3 = 4 and (10 + 1 + 2) / 3 > 3 (clipped at 0); above: (2 + 4 + 30) / 3 = 12 and (10 + 4 + 1) / 3 = 5
    expect(f.p10[0]).toBeCloseTo(1, 9);
    expect(f.p10[1]).toBe(0);
    expect(f.p90[0]).toBeCloseTo(17, 9);
    expect(f.p90[1]).toBeCloseTo(8, 9);
  });
});
