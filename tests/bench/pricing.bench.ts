/**
 * `npm run bench -- pricing`: the pricing agent against the DP oracle and the baselines. Settings come from the
 * environment because the bench runner takes every bare word as a benchmark name: PRICING_BENCH_STORE=FILE (a store
 * made by `desk demo`: markets are calibrated from it and one agent is trained per category; without it a synthetic
 * catalogue of planted markets is used, and the output says so), PRICING_SEEDS (20), PRICING_STEPS (3000 per
 * category), PRICING_GAMMA (0.7).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { openStore } from '../../engine/db/store';
import { agentPolicy, trainAgent } from '../../engine/pricing/agent';
import { calibrateMarkets } from '../../engine/pricing/calibrate';
import { evaluate, type EvalMarket } from '../../engine/pricing/evaluate';
import type { GuardrailRules } from '../../engine/pricing/guardrails';
import { parseScenario, scenarioRules, type Scenario, type ScenarioInput } from '../../engine/pricing/scenario';
import { selectBackend } from '../../models/backend';
import { printTable, type BenchRow } from './table';


/** Planted synthetic markets: two categories where the competitor moves and the price response differ by SKU. */
function syntheticCatalogue(): { category: string; scenario: Scenario; rules: GuardrailRules }[] {
  const items: { category: string; input: ScenarioInput }[] = [];
  for (let i = 0; i < 3; i++) {
    items.push({ category: 'volatile-rivals', input: { name: `VR-${i}`, horizon: 28, demand: { elasticity: -1.4 - 0.4 * i, competitorSensitivity: 8 + i, baseUnits: 8 + 4 * i }, price: { cost: 55 + 5 * i }, competitors: [{ behaviour: 'random-walk', volatility: 0.05 + 0.01 * i }] } });
    items.push({ category: 'reacting-rivals', input: { name: `RR-${i}`, horizon: 28, demand: { model: i === 1 ? 'logit' : 'constant-elasticity', elasticity: -1.6 - 0.3 * i, competitorSensitivity: 6, baseUnits: 10 }, competitors: [{ behaviour: i === 2 ? 'undercut' : 'follow', followRate: 0.4, undercutPct: 0.03, floorRatio: 0.75 }, { behaviour: 'random-walk', startRatio: 1.1, volatility: 0.06 }] } });
  }
  return items.map((x) => {
    const scenario = parseScenario(x.input, x.category);
    return { category: x.category, scenario, rules: scenarioRules(scenario) };
  });
}

/** Runs the benchmark. */
export async function run(_args: string[]): Promise<void> {
  const seeds = Number(process.env.PRICING_SEEDS ?? 20);
  const steps = Number(process.env.PRICING_STEPS ?? 3000);
  const gamma = Number(process.env.PRICING_GAMMA ?? 0.7);
  const storeArg = process.env.PRICING_BENCH_STORE;
  const backend = await selectBackend();
  let markets: { category: string; scenario: Scenario; rules: GuardrailRules }[];
  let source: string;
  if (storeArg && existsSync(resolve(storeArg))) {
    const store = openStore(resolve(storeArg), { create: false, backup: false });
    try {
      const all = calibrateMarkets(store.db);
      const pick = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / 8)) === 0).slice(0, 8);
      markets = pick.map((m) => ({ category: m.category, scenario: m.scenario, rules: m.rules }));
      source = `store ${storeArg} (${pick.length} of ${all.length} SKUs)`;
    } finally {
      store.close();
    }
  } else {
    if (storeArg) process.stdout.write(`Store ${storeArg} not found; `);
    process.stdout.write('Using a synthetic catalogue of planted markets (no demo store given: set PRICING_BENCH_STORE to a store from `desk demo`).\n');
    markets = syntheticCatalogue();
    source = 'synthetic catalogue (6 markets, 2 categories)';
  }
  const cats = [...new Set(markets.map((m) => m.category))];
  const evalMarkets: EvalMarket[] = [];
  const disposers: (() => void)[] = [];
  let trainSeconds = 0;
  for (const [ci, cat] of cats.entries()) {
    const mine = markets.filter((m) => m.category === cat);
    const { dqn, stats } = await trainAgent(mine.map((m) => m.scenario), { steps, seed: 7 + ci, gamma }, [], (s) => mine.find((m) => m.scenario.name === s.name)?.rules ?? mine[0].rules);
    trainSeconds += stats.seconds;
    process.stdout.write(`trained ${cat}: ${stats.steps} steps, gamma ${gamma}, ${stats.gradientSteps} gradient steps, ${stats.seconds.toFixed(1)} s on ${backend.name}\n`);
    disposers.push(() => dqn.dispose());
    for (const m of mine) evalMarkets.push({ scenario: m.scenario, rules: m.rules, extra: [agentPolicy(dqn)] });
  }
  const t0 = performance.now();
  const rep = evaluate(evalMarkets, seeds);
  const evalSeconds = (performance.now() - t0) / 1000;
  disposers.forEach((d) => d());
  const by = new Map(rep.policies.map((p) => [p.policy, p]));
  const agent = by.get('agent');
  if (!agent) throw new Error('agent missing from the evaluation');
  const pct = (x: { mean: number; lo: number; hi: number }): string => `${x.mean.toFixed(1)}% [${x.lo.toFixed(1)}, ${x.hi.toFixed(1)}]`;
  const rows: BenchRow[] = [
    { metric: '% of oracle reward (95% CI)', ours: pct(agent.pctOfOracle), peerName: 'oracle (DP)', peer: '100%', ratio: (agent.pctOfOracle.mean / 100).toFixed(3) + 'x', target: '≥ 95%' },
  ];
  for (const b of ['best-static', 'match-lowest', 'cost-plus', 'myopic'] as const) {
    const p = by.get(b);
    if (!p) continue;
    const u = agent.uplift[b];
    rows.push({ metric: `mean reward vs ${b} (uplift ${(100 * u.mean).toFixed(1)}% [${(100 * u.lo).toFixed(1)}, ${(100 * u.hi).toFixed(1)}])`, ours: agent.meanReward, peerName: `${b} (${p.pctOfOracle.mean.toFixed(1)}% of oracle)`, peer: p.meanReward, target: b === 'best-static' ? 'uplift ≥ 3%' : b === 'match-lowest' ? 'uplift ≥ 5%' : '' });
  }
  rows.push({ metric: 'guardrail violations (all policies)', ours: agent.violations, peerName: 'all baselines + oracle', peer: rep.policies.filter((p) => p.policy !== 'agent').reduce((a, p) => a + p.violations, 0), ratio: '—', target: '0' });
  rows.push({ metric: `training time (${cats.length} categor${cats.length === 1 ? 'y' : 'ies'}, ${steps} steps each)`, ours: trainSeconds, peerName: 'oracle DP solve (all markets)', peer: rep.oracleSolveSeconds, unit: 's' });
  printTable(`Pricing agent vs DP oracle and baselines — ${source}; ${seeds} seeds; backend ${backend.name}; eval ${evalSeconds.toFixed(0)} s; tensors left ${tf.memory().numTensors}`, rows);
}
