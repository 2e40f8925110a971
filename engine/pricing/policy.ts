/** Pricing policies and the episode runner every policy is scored with (guardrails applied to every decision). */
import type { GuardrailRules } from './guardrails';
import { guardForMarket, violations } from './guard';
import { scenarioRules, type Scenario } from './scenario';
import { Market } from './simulator';

/** A pricing policy: looks at the market before the day starts and proposes a price. */
export interface Policy {
  name: string;
  /** Called once at the start of an episode. */
  reset?(m: Market): void;
  propose(m: Market): number;
}

/** Totals of one simulated episode. */
export interface EpisodeResult {
  policy: string;
  seed: number;
  reward: number;
  revenue: number;
  margin: number;
  units: number;
  lost: number;
  changes: number;
  /** Prices that broke a rule (must be 0). */
  violations: number;
  prices: number[];
}

/** Runs one episode of `policy` on a fresh market; every proposal passes through the guardrails first. */
export function runEpisode(s: Scenario, policy: Policy, seed: number, rules: GuardrailRules = scenarioRules(s)): EpisodeResult {
  const m = new Market(s, seed);
  policy.reset?.(m);
  const r: EpisodeResult = { policy: policy.name, seed, reward: 0, revenue: 0, margin: 0, units: 0, lost: 0, changes: 0, violations: 0, prices: [] };
  while (!m.done) {
    const prev = m.price;
    const { price } = guardForMarket(m, policy.propose(m), rules);
    r.violations += violations(prev, price, rules, s.price.cost).length;
    const o = m.step(price);
    r.reward += o.reward;
    r.revenue += o.revenue;
    r.margin += o.margin;
    r.units += o.sold;
    r.lost += o.lost;
    if (Math.abs(o.price - o.prevPrice) > 1e-9) r.changes++;
    r.prices.push(o.price);
  }
  return r;
}

/** Mean reward of a policy over seeds. */
export function meanReward(s: Scenario, policy: Policy, seeds: number[], rules?: GuardrailRules): number {
  return seeds.reduce((a, seed) => a + runEpisode(s, policy, seed, rules).reward, 0) / seeds.length;
}
