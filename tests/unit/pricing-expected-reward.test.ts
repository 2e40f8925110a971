import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/pricing/rng';
import { parseScenario } from '../../engine/pricing/scenario';
import { expectedSold, Market } from '../../engine/pricing/simulator';
import { encodeState, FEATURE_NAMES } from '../../engine/pricing/state';

// An empty shelf with a 21-day restocking lead time and a heavy stockout penalty (the demo store's hardest market).
const emptyShelf = parseScenario({
  horizon: 28,
  demand: { baseUnits: 3.5, elasticity: -1.8, noise: 'negative-binomial', dispersion: 5 },
  price: { ref: 576, cost: 260 },
  competitors: [{ behaviour: 'random-walk', volatility: 0.1 }],
  inventory: { initial: 0, reorderPoint: 100, orderUpTo: 200, leadTimeDays: 21, stockoutPenaltyPerUnit: 58 },
});

describe('expected rewards (the agent learns from the day’s reward in expectation over demand noise)', () => {
  it('expected units sold match the mean of simulated draws, for Poisson and negative-binomial demand', () => {
    const rng = new Rng(3);
    const n = 40_000;
    for (const [mean, stock, noise] of [[3.4, 2, 'poisson'], [3.4, 5, 'negative-binomial'], [12, 10, 'negative-binomial'], [0.3, 1, 'negative-binomial'], [6, 400, 'poisson']] as const) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += Math.min(stock, noise === 'poisson' ? rng.poisson(mean) : rng.negBinomial(mean, 5));
      expect(Math.abs(expectedSold(mean, stock, noise, 5) - sum / n)).toBeLessThan(0.03 * mean + 0.01);
    }
    expect(expectedSold(3, 0, 'poisson', 5)).toBe(0);
    // A plentiful shelf sells the whole demand; a single unit can sell at most one.
    expect(expectedSold(4, 500, 'negative-binomial', 5)).toBeCloseTo(4, 6);
    expect(expectedSold(40, 1, 'poisson', 5)).toBeLessThanOrEqual(1);
  });

  it('the expected reward averages to the sampled reward over many demand draws (an unbiased, quieter signal)', () => {
    const s = parseScenario({ horizon: 14, demand: { baseUnits: 6, noise: 'negative-binomial', dispersion: 3 }, inventory: { initial: 30, reorderPoint: 10, orderUpTo: 40, leadTimeDays: 5 } });
    let sampled = 0;
    let expected = 0;
    let sqSampled = 0;
    let sqExpected = 0;
    const seeds = 3000;
    for (let seed = 1; seed <= seeds; seed++) {
      const m = new Market(s, seed);
      // The first day only: same state in every run, so both are draws of one day's reward.
      const o = m.step(s.price.ref);
      sampled += o.reward;
      expected += o.expectedReward;
      sqSampled += o.reward ** 2;
      sqExpected += o.expectedReward ** 2;
    }
    const meanS = sampled / seeds;
    const meanE = expected / seeds;
    const sdS = Math.sqrt(sqSampled / seeds - meanS ** 2);
    expect(Math.abs(meanS - meanE)).toBeLessThan((3 * sdS) / Math.sqrt(seeds));
    // The expected reward of one state does not vary with the draw; the sampled one does.
    expect(Math.sqrt(Math.max(0, sqExpected / seeds - meanE ** 2))).toBeLessThan(1e-6 * Math.abs(meanE) + 1e-6);
    expect(sdS).toBeGreaterThan(0.1 * Math.abs(meanS));
  });

  it('an empty shelf at the reorder point already counts tonight’s order as the next delivery', () => {
    const m = new Market(emptyShelf, 1);
    const at = (name: (typeof FEATURE_NAMES)[number]): number => encodeState(m)[FEATURE_NAMES.indexOf(name)];
    // Day 0: nothing on order yet, but the (s,S) review orders 200 units tonight, due in 21 days.
    expect(m.pipeline).toHaveLength(0);
    expect(at('days_to_arrival')).toBeCloseTo(21 / 14, 5);
    expect(at('cover_to_season_end')).toBeGreaterThan(1);
    const before = encodeState(m);
    m.step(emptyShelf.price.ref);
    // After the order goes out the agent sees the same delivery, one day closer.
    expect(m.pipeline).toHaveLength(1);
    expect(at('days_to_arrival')).toBeCloseTo(20 / 14, 5);
    expect(before[FEATURE_NAMES.indexOf('days_to_arrival')]).toBeGreaterThan(at('days_to_arrival'));
  });
});
