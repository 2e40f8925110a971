import { describe, expect, it } from 'vitest';
import { solveOracle } from '../../engine/pricing/oracle';
import { parseScenario } from '../../engine/pricing/scenario';

// Two prices, two days, three units in stock, no reorders, demand = expected value (the oracle's model).
const scenario = parseScenario({
  horizon: 2,
  competitors: [],
  demand: { baseUnits: 1, elasticity: -1, competitorSensitivity: 0 },
  price: { ref: 10, cost: 2, min: 5, max: 10, start: 10 },
  inventory: { initial: 3, reorderPoint: 0, orderUpTo: 0, leadTimeDays: 1, holdingCostPerUnitDay: 0.5, stockoutPenaltyPerUnit: 1 },
  reward: { revenue: 0, margin: 1, holding: 1, stockout: 1, priceChange: 0.1 },
  guardrails: { minMarginPct: 0, maxChangePctPerStep: 100, maxChangePctPerDay: 100 },
});

/** The reward of one price path, computed by hand from the scenario's rules. */
function pathReward(path: number[], initial = 3): number {
  let stock = initial;
  let prev = 10;
  let total = 0;
  for (const p of path) {
    const demand = 10 / p; // baseUnits × (p/ref)^-1
    const sold = Math.min(demand, stock);
    stock -= sold;
    total += sold * (p - 2) - 0.5 * stock - 1 * (demand - sold) - (0.1 * 100 * Math.abs(p - prev)) / prev;
    prev = p;
  }
  return total;
}

describe('pricing oracle (dynamic programming)', () => {
  it('finds the best of every price path on a case small enough to enumerate by hand', () => {
    const paths = [[5, 5], [5, 10], [10, 5], [10, 10]];
    const values = paths.map(pathReward);
    const best = Math.max(...values);
    // The enumeration must discriminate: paths differ, so a wrong DP cannot match by accident.
    expect(new Set(values.map((v) => v.toFixed(3))).size).toBeGreaterThan(2);
    const o = solveOracle(scenario, { prices: [5, 10], invLevels: 4 });
    expect(o.value).toBeCloseTo(best, 4);
    // The value of the last day alone from (price 5, 1 unit left) equals its hand value too.
    const lastDay = Math.max(1 * (5 - 2) - 0 - 1 * (2 - 1), 1 * (10 - 2) - 0 - 0 - 0.1 * 100 * 1);
    const Vt1 = o.V[1];
    const K = o.maxK + 1;
    const idx = ((0 * o.comps.length + 0) * o.inv.length + 1) * K + 0;
    expect(Vt1[idx]).toBeCloseTo(lastDay, 4);
  });

  it('matches exhaustive enumeration over three days with a stock that can run out', () => {
    const s = parseScenario({ ...scenario, horizon: 3, inventory: { ...scenario.inventory, initial: 4 } });
    const o = solveOracle(s, { prices: [5, 10], invLevels: 5 });
    const paths: number[][] = [];
    for (let m = 0; m < 8; m++) paths.push([0, 1, 2].map((b) => ((m >> b) & 1 ? 10 : 5)));
    const best = Math.max(...paths.map((p) => pathReward(p, 4)));
    expect(o.value).toBeCloseTo(best, 4);
  });
});

describe('pricing oracle with several rivals that do not react to us', () => {
  it('plans on the cheapest rival and reads its current price, whichever rival that is', async () => {
    const { oraclePolicy } = await import('../../engine/pricing/oracle');
    const { Market } = await import('../../engine/pricing/simulator');
    const { meanReward } = await import('../../engine/pricing/policy');
    const { bestStaticPolicy, matchLowestPolicy } = await import('../../engine/pricing/baselines');
    const s = parseScenario({
      horizon: 14,
      demand: { elasticity: -1.5, competitorSensitivity: 10, baseUnits: 10 },
      competitors: [{ behaviour: 'random-walk', startRatio: 1.3, volatility: 0.02 }, { behaviour: 'random-walk', startRatio: 1.25, volatility: 0.08 }],
    });
    const o = solveOracle(s);
    expect(o.trackedSet).toEqual([0, 1]);
    const policy = oraclePolicy(s, o);
    // The second rival drops 30% overnight: the oracle answers with a lower price (it used to plan on the first rival alone).
    const m = new Market(s, 1);
    const calm = policy.propose(m);
    m.comps[1] = s.price.ref * 0.85;
    expect(policy.propose(m)).toBeLessThan(calm);
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const oracle = meanReward(s, policy, seeds);
    expect(oracle).toBeGreaterThan(meanReward(s, bestStaticPolicy(s), seeds));
    expect(oracle).toBeGreaterThan(meanReward(s, matchLowestPolicy(), seeds));
  });
});
