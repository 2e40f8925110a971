import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bestStaticPolicy, costPlusPolicy, matchLowestPolicy, myopicPolicy } from '../../engine/pricing/baselines';
import { oraclePolicy, solveOracle } from '../../engine/pricing/oracle';
import { runEpisode, type Policy } from '../../engine/pricing/policy';
import { Rng } from '../../engine/pricing/rng';
import { loadScenarioFile, parseScenario, scenarioRules } from '../../engine/pricing/scenario';
import { Market } from '../../engine/pricing/simulator';
import { encodeState, N_FEATURES } from '../../engine/pricing/state';
import { EngineError } from '../../engine/errors';
import { tempDir } from './helpers';
import { lookaheadPolicy } from '../../engine/pricing/policies/lookahead';

describe('pricing simulator', () => {
  it('replays exactly with the same seed and differs with another', () => {
    const s = parseScenario({ demand: { noise: 'negative-binomial' }, competitors: [{ behaviour: 'random-walk', volatility: 0.05 }] });
    const run = (seed: number): number[] => {
      const m = new Market(s, seed);
      const out: number[] = [];
      while (!m.done) {
        const o = m.step(m.price * (m.day % 2 ? 1.02 : 0.99));
        out.push(o.sold, o.compMin, m.onHand);
      }
      return out;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('loses sales when stock runs out and reorders up to S after the lead time', () => {
    const s = parseScenario({ horizon: 20, inventory: { initial: 30, reorderPoint: 20, orderUpTo: 100, leadTimeDays: 4 }, demand: { baseUnits: 10 } });
    const m = new Market(s, 1);
    let lost = 0;
    let maxOnHand = 0;
    while (!m.done) {
      lost += m.step(100).lost;
      maxOnHand = Math.max(maxOnHand, m.onHand);
    }
    expect(lost).toBeGreaterThan(0);
    expect(maxOnHand).toBeGreaterThan(30);
  });

  it('gives the agent at least 20 normalised features', () => {
    const m = new Market(parseScenario({}), 1);
    const x = encodeState(m);
    expect(N_FEATURES).toBeGreaterThanOrEqual(20);
    expect(x).toHaveLength(N_FEATURES);
    for (const v of x) expect(Math.abs(v)).toBeLessThanOrEqual(3);
  });
});

describe('scenario files', () => {
  it('names the offending field in validation errors', () => {
    const bad = [
      [{ demand: { elasticity: 1.5 } }, 'demand.elasticity'],
      [{ competitors: [{ behaviour: 'teleport' }] }, 'competitors.0.behaviour'],
      [{ price: { min: 150, max: 120 } }, 'price.min'],
      [{ horizon: 'long' }, 'horizon'],
    ] as const;
    for (const [raw, field] of bad) {
      expect(() => parseScenario(raw, 'market.json')).toThrow(new RegExp(`market\\.json: field ${field.replace('.', '\\.')}`));
    }
  });

  it('reports a JSON syntax error with the file name', () => {
    const t = tempDir();
    try {
      const f = join(t.dir, 'broken.json');
      writeFileSync(f, '{ "horizon": 30, }');
      expect(() => loadScenarioFile(f)).toThrow(EngineError);
      expect(() => loadScenarioFile(f)).toThrow(/broken\.json: not valid JSON/);
    } finally {
      t.cleanup();
    }
  });
});

describe('guardrails in every policy', () => {
  it('no policy ever breaks a rule over random episodes, even one proposing wild prices', () => {
    const rng = new Rng(42);
    const wild: Policy = { name: 'wild', propose: (m) => m.price * (0.2 + 3 * rng.next()) };
    for (let i = 0; i < 4; i++) {
      const s = parseScenario({
        horizon: 14,
        demand: { model: i % 2 ? 'logit' : 'constant-elasticity', elasticity: -1 - rng.next() * 3 },
        price: { cost: 40 + rng.int(30), min: 60 + rng.int(10), max: 120 + rng.int(30) },
        competitors: [{ behaviour: (['follow', 'undercut', 'random-walk', 'cycle'] as const)[i % 4] }],
        guardrails: { maxChangePctPerStep: 2 + rng.int(6), minMarginPct: 5 + rng.int(20) },
      });
      const rules = scenarioRules(s);
      const floor = Math.max(rules.minPrice ?? 0, s.price.cost / (1 - rules.minMarginPct / 100));
      const o = solveOracle(s, { invLevels: 5, compStep: 0.06 });
      for (const p of [wild, bestStaticPolicy(s), costPlusPolicy(s, 0.1), matchLowestPolicy(), myopicPolicy(s), oraclePolicy(s, o), lookaheadPolicy(s, rules)]) {
        const r = runEpisode(s, p, i + 1);
        expect(r.violations, `${p.name} in scenario ${i}`).toBe(0);
        let prev = s.price.ref;
        for (const price of r.prices) {
          if (price !== prev) {
            expect(price).toBeGreaterThanOrEqual(floor - 0.01);
            expect(price).toBeLessThanOrEqual((rules.maxPrice ?? Infinity) + 0.01);
            expect(Math.abs(price - prev) / prev).toBeLessThanOrEqual(rules.maxChangePctPerStep / 100 + 1e-6);
          }
          prev = price;
        }
      }
    }
  });
});
