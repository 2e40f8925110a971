/** Scores policies against the DP oracle and each other over many seeds: mean reward, % of oracle with a 95% interval, uplifts, guardrail violations. */
import type { GuardrailRules } from './guardrails';
import { bestStaticPolicy, costPlusPolicy, currentPricePolicy, matchLowestPolicy, myopicPolicy } from './baselines';
import { oraclePolicy, solveOracle } from './oracle';
import { runEpisode, type Policy } from './policy';
import { scenarioRules, type Scenario } from './scenario';
import { assertScoringSeeds, firstSeeds } from './seeds';

/** A market to evaluate on, with the policies under test built for it. */
export interface EvalMarket {
  scenario: Scenario;
  rules?: GuardrailRules;
  /** Policies besides the baselines and the oracle (e.g. the agent). */
  extra: Policy[];
}

/** Mean and 95% interval. */
export interface Interval {
  mean: number;
  lo: number;
  hi: number;
}

/** One policy's scores. */
export interface PolicyScore {
  policy: string;
  meanReward: number;
  pctOfOracle: Interval;
  /** Relative uplift over each baseline (0.05 = +5%), mean over seeds with interval. */
  uplift: Record<string, Interval>;
  violations: number;
  episodes: number;
}

/** The whole evaluation. */
export interface EvaluationReport {
  seeds: number;
  markets: number;
  oracleSolveSeconds: number;
  policies: PolicyScore[];
  /** Each market on its own: every policy's mean reward and mean per-seed % of the oracle. */
  byMarket: { name: string; policies: Record<string, { meanReward: number; pctOfOracle: number }> }[];
}

/** Names of the baseline policies. */
export const BASELINES = ['best-static', 'current-price', 'cost-plus', 'match-lowest', 'myopic'] as const;

/** Mean with a t-based 95% interval. */
export function interval(xs: number[]): Interval {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, n);
  if (n < 2) return { mean, lo: mean, hi: mean };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const t = n >= 30 ? 1.96 : [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.1, 2.09, 2.09, 2.08, 2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05][n - 2];
  const half = (t * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half };
}

/**
 * Evaluates every policy on every market for seeds 1..n, or the given seeds (common random numbers: same noise for all
 * policies). Refuses seeds the per-SKU checkpoint choice uses.
 */
export function evaluate(markets: EvalMarket[], seedsOrCount: number | readonly number[], onProgress?: (done: number, total: number) => void): EvaluationReport {
  const list = typeof seedsOrCount === 'number' ? firstSeeds(seedsOrCount) : [...seedsOrCount];
  assertScoringSeeds(list);
  const seeds = list.length;
  // Per policy, per seed: reward summed over markets.
  const totals = new Map<string, number[]>();
  const viol = new Map<string, number>();
  let solveMs = 0;
  let done = 0;
  const byMarket: EvaluationReport['byMarket'] = [];
  for (const mk of markets) {
    const own = new Map<string, number[]>();
    const s = mk.scenario;
    const rules = mk.rules ?? scenarioRules(s);
    const o = solveOracle(s, { rules });
    solveMs += o.solveMs;
    const policies = [oraclePolicy(s, o, rules), bestStaticPolicy(s, rules), currentPricePolicy(s), costPlusPolicy(s), matchLowestPolicy(), myopicPolicy(s, rules), ...mk.extra];
    for (const p of policies) {
      const arr = totals.get(p.name) ?? new Array<number>(seeds).fill(0);
      for (let k = 0; k < seeds; k++) {
        const r = runEpisode(s, p, list[k], rules);
        arr[k] += r.reward;
        own.set(p.name, [...(own.get(p.name) ?? []), r.reward]);
        viol.set(p.name, (viol.get(p.name) ?? 0) + r.violations);
      }
      totals.set(p.name, arr);
    }
    const ownOracle = own.get('oracle') ?? [];
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    byMarket.push({ name: s.name, policies: Object.fromEntries([...own.entries()].map(([n, xs]) => [n, { meanReward: mean(xs), pctOfOracle: mean(xs.map((v, k) => (100 * v) / ownOracle[k])) }])) });
    onProgress?.(++done, markets.length);
  }
  const oracle = totals.get('oracle') ?? [];
  const policies: PolicyScore[] = [...totals.entries()].map(([name, arr]) => {
    const uplift: Record<string, Interval> = {};
    for (const b of BASELINES) {
      const base = totals.get(b);
      if (base && b !== name) uplift[b] = interval(arr.map((v, k) => v / base[k] - 1));
    }
    return {
      policy: name,
      meanReward: arr.reduce((a, b) => a + b, 0) / seeds,
      pctOfOracle: interval(arr.map((v, k) => (100 * v) / oracle[k])),
      uplift,
      violations: viol.get(name) ?? 0,
      episodes: seeds * markets.length,
    };
  });
  return { seeds, markets: markets.length, oracleSolveSeconds: solveMs / 1000, policies, byMarket };
}
