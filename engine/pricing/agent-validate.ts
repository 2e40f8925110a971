/** Greedy validation of a Q-network during training: all validation markets stepped in lockstep, one batched prediction a day. */
import type { Dqn } from '../../models/pricing/dqn';
import type { GuardrailRules } from './guardrails';
import { guardForMarket } from './guard';
import type { Policy } from './policy';
import type { Scenario } from './scenario';
import { Market, rewardScale } from './simulator';
import { ACTIONS, encodeState, N_FEATURES } from './state';

/**
 * Mean normalised episode reward of the greedy policy over every scenario × seed (seeds must differ from evaluation seeds),
 * each day counted at its expected reward over the demand noise: the paths still differ by seed, the day's luck does not.
 */
export function greedyScore(dqn: Dqn, scenarios: Scenario[], rulesOf: (s: Scenario) => GuardrailRules, seeds: readonly number[]): number {
  const runs = scenarios.flatMap((s) => seeds.map((seed) => ({ m: new Market(s, seed), rules: rulesOf(s), scale: rewardScale(s), total: 0 })));
  const x = new Float32Array(runs.length * N_FEATURES);
  for (;;) {
    const live = runs.filter((r) => !r.m.done);
    if (!live.length) break;
    live.forEach((r, i) => x.set(encodeState(r.m), i * N_FEATURES));
    const q = dqn.predict(x.subarray(0, live.length * N_FEATURES), live.length);
    live.forEach((r, i) => {
      let best = 0;
      for (let a = 1; a < ACTIONS.length; a++) if (q[i * ACTIONS.length + a] > q[i * ACTIONS.length + best]) best = a;
      const { price } = guardForMarket(r.m, r.m.price * (1 + ACTIONS[best]), r.rules);
      const out = r.m.step(price);
      r.total += out.expectedReward / r.scale;
    });
  }
  return runs.reduce((a, r) => a + r.total, 0) / Math.max(1, runs.length);
}

/** Mean normalised episode reward of any policy over scenario × seeds, each day counted at its expected reward (as greedyScore does). */
export function policyScore(policyOf: (s: Scenario) => Policy, scenarios: Scenario[], rulesOf: (s: Scenario) => GuardrailRules, seeds: readonly number[]): number {
  let total = 0;
  for (const s of scenarios) {
    const policy = policyOf(s);
    const rules = rulesOf(s);
    const scale = rewardScale(s);
    for (const seed of seeds) {
      const m = new Market(s, seed);
      policy.reset?.(m);
      while (!m.done) total += m.step(guardForMarket(m, policy.propose(m), rules).price).expectedReward / scale;
    }
  }
  return total / Math.max(1, scenarios.length * seeds.length);
}
