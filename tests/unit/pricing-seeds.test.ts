import { describe, expect, it } from 'vitest';
import { evaluate } from '../../engine/pricing/evaluate';
import { parseScenario } from '../../engine/pricing/scenario';
import { PICK_SEEDS, SCORING_SEED_MIN, scoringSeeds } from '../../engine/pricing/seeds';

// A tiny market: evaluation cost is a few milliseconds per seed.
const tiny = parseScenario({ name: 'T', horizon: 3, competitors: [], demand: { baseUnits: 2, elasticity: -1.5 } });

describe('pricing: checkpoint-choice seeds and scoring seeds never overlap', () => {
  it('draws run-time scoring seeds above every training, validation and checkpoint-choice seed, whatever the draw', () => {
    const pick = new Set(PICK_SEEDS);
    for (const base of [0, 1, -5, 899_999_990, 900_000_000, 2 ** 31 - 1, 2 ** 32 + 7, 123_456_789_012]) {
      const seeds = scoringSeeds(base, 100);
      expect(seeds).toHaveLength(100);
      expect(seeds.every((s) => s >= SCORING_SEED_MIN && s < 2 ** 32)).toBe(true);
      expect(seeds.filter((s) => pick.has(s))).toEqual([]);
    }
  });

  it('refuses to score a policy on the seeds the per-SKU checkpoint choice was made on', () => {
    expect(() => evaluate([{ scenario: tiny, extra: [] }], PICK_SEEDS.slice(0, 2))).toThrow(/checkpoint-choice seeds/);
    expect(() => evaluate([{ scenario: tiny, extra: [] }], [5, PICK_SEEDS[10]])).toThrow(/checkpoint-choice seeds/);
  });

  it('scores on the given seeds: the same seeds give the same rewards, other seeds other rewards', () => {
    const a = evaluate([{ scenario: tiny, extra: [] }], scoringSeeds(17, 3));
    const b = evaluate([{ scenario: tiny, extra: [] }], scoringSeeds(17, 3));
    const c = evaluate([{ scenario: tiny, extra: [] }], [1, 2, 3]);
    const reward = (r: typeof a, p: string): number | undefined => r.policies.find((x) => x.policy === p)?.meanReward;
    expect(reward(a, 'match-lowest')).toBe(reward(b, 'match-lowest'));
    expect(reward(a, 'oracle')).not.toBe(reward(c, 'oracle'));
    expect(c.policies).toEqual(evaluate([{ scenario: tiny, extra: [] }], 3).policies);
  });

  it('scores a current-price baseline that holds the opening price', () => {
    const r = evaluate([{ scenario: tiny, extra: [] }], 2);
    expect(r.policies.map((p) => p.policy)).toContain('current-price');
    expect(r.policies.find((p) => p.policy === 'agent')).toBeUndefined();
  });
});
