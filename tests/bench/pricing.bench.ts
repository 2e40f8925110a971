/**
 * `npm run bench -- pricing`: the pricing agent against the DP oracle and the baselines, on two sets of markets.
 * 1. The demo store (default): PRICING_BENCH_STORE=FILE, or a store generated now with `desk demo` in a temp folder.
 *    Elasticities are estimated first when the store has none (as `desk elasticity` would), markets come from
 *    calibrateMarkets, 8 SKUs spread over the catalogue are evaluated, and one agent per category is trained the way
 *    `desk price train` does it: on that category's SKUs (the evaluated ones plus others, PRICING_CAT_SKUS in all).
 * 2. A synthetic catalogue of planted markets (competitor-driven demand, reacting rivals).
 * Settings come from the environment because the bench runner takes every bare word as a benchmark name:
 * PRICING_SEEDS (100: EY-type markets, whose oracle reward swings between seeds, need more than 20 for a stable mean), and the `desk price train` settings, defaults as there: PRICING_EPISODES (per category; default 37 per
 * SKU within 160..1,500), PRICING_GAMMA (0.95), PRICING_NSTEP (5), PRICING_WORKERS (2), PRICING_CAT_SKUS (40, its maxSkus);
 * PRICING_TRAIN_SEED (7), PRICING_NETWORKS (2), PRICING_CHECKPOINTS (3); PRICING_SECTIONS (demo,synthetic). Evaluation seeds are 1..N; training and validation markets use seeds of their own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { openStore } from '../../engine/db/store';
import { agentPolicy, loadAgent } from '../../engine/pricing/agent';
import { calibrateMarkets } from '../../engine/pricing/calibrate';
import { estimateStoreElasticities, saveElasticities, savedElasticities } from '../../engine/pricing/elasticity-store';
import { evaluate, type EvalMarket, type Interval } from '../../engine/pricing/evaluate';
import type { GuardrailRules } from '../../engine/pricing/guardrails';
import { defaultEpisodes, TrainParamsSchema, type TrainParams } from '../../engine/pricing/job-params';
import { trainCategories, type CategoryTask } from '../../engine/pricing/train-pool';
import { parseScenario, scenarioRules, type Scenario, type ScenarioInput } from '../../engine/pricing/scenario';
import { selectBackend } from '../../models/backend';
import { printTable, type BenchRow } from './table';

const here = dirname(fileURLToPath(import.meta.url));

interface BenchMarket {
  category: string;
  scenario: Scenario;
  rules: GuardrailRules;
  /** Scored in the evaluation (the others are training-only SKUs of the same category). */
  evaluated: boolean;
}

interface Settings {
  seeds: number;
  /** Training settings exactly as `desk price train` takes them (episodes absent: its per-category default). */
  train: TrainParams;
  backend: string;
}

/** Planted synthetic markets: two categories where the competitor moves and the price response differ by SKU. */
function syntheticCatalogue(): BenchMarket[] {
  const items: { category: string; input: ScenarioInput }[] = [];
  for (let i = 0; i < 3; i++) {
    items.push({ category: 'volatile-rivals', input: { name: `VR-${i}`, horizon: 28, demand: { elasticity: -1.4 - 0.4 * i, competitorSensitivity: 8 + i, baseUnits: 8 + 4 * i }, price: { cost: 55 + 5 * i }, competitors: [{ behaviour: 'random-walk', volatility: 0.05 + 0.01 * i }] } });
    items.push({ category: 'reacting-rivals', input: { name: `RR-${i}`, horizon: 28, demand: { model: i === 1 ? 'logit' : 'constant-elasticity', elasticity: -1.6 - 0.3 * i, competitorSensitivity: 6, baseUnits: 10 }, competitors: [{ behaviour: i === 2 ? 'undercut' : 'follow', followRate: 0.4, undercutPct: 0.03, floorRatio: 0.75 }, { behaviour: 'random-walk', startRatio: 1.1, volatility: 0.06 }] } });
  }
  return items.map((x) => {
    const scenario = parseScenario(x.input, x.category);
    return { category: x.category, scenario, rules: scenarioRules(scenario), evaluated: true };
  });
}

/** The demo store's markets: 8 evaluated SKUs spread over the catalogue, plus training SKUs of their categories. */
function demoMarkets(path: string, perCategory: number): { markets: BenchMarket[]; note: string } {
  const store = openStore(path, { create: false, backup: false });
  try {
    let note = '';
    if (!savedElasticities(store.db).length) {
      const t0 = performance.now();
      saveElasticities(store.db, estimateStoreElasticities(store.db));
      note = `elasticities estimated first (${((performance.now() - t0) / 1000).toFixed(0)} s); `;
    }
    const all = calibrateMarkets(store.db);
    const pick = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / 8)) === 0).slice(0, 8);
    const out: BenchMarket[] = pick.map((m) => ({ category: m.category, scenario: m.scenario, rules: m.rules, evaluated: true }));
    for (const cat of new Set(pick.map((m) => m.category))) {
      const room = perCategory - pick.filter((m) => m.category === cat).length;
      const extra = all.filter((m) => m.category === cat && !pick.includes(m)).slice(0, Math.max(0, room));
      out.push(...extra.map((m) => ({ category: m.category, scenario: m.scenario, rules: m.rules, evaluated: false })));
    }
    return { markets: out, note: `${note}${pick.length} of ${all.length} SKUs evaluated, agents trained on ≤ ${perCategory} SKUs per category` };
  } finally {
    store.close();
  }
}

const pct = (x: Interval): string => `${x.mean.toFixed(1)}% [${x.lo.toFixed(1)}, ${x.hi.toFixed(1)}]`;
const upl = (x: Interval): string => `${(100 * x.mean).toFixed(1)}% [${(100 * x.lo).toFixed(1)}, ${(100 * x.hi).toFixed(1)}]`;

/** Trains one agent per category, evaluates the scored markets and prints the table. */
async function section(title: string, markets: BenchMarket[], st: Settings): Promise<void> {
  const cats = [...new Set(markets.filter((m) => m.evaluated).map((m) => m.category))];
  const evalMarkets: EvalMarket[] = [];
  const disposers: (() => void)[] = [];
  const t0 = performance.now();
  const tasks: CategoryTask[] = cats.map((cat, ci) => {
    const mine = markets.filter((m) => m.category === cat);
    const steps = (st.train.episodes ?? defaultEpisodes(mine.length)) * st.train.horizon;
    return { category: cat, scenarios: mine.map((m) => m.scenario), rules: mine.map((m) => m.rules), history: [], options: { steps, seed: st.train.seed + ci, gamma: st.train.gamma, nStep: st.train.nStep }, networks: st.train.networks, checkpoints: st.train.checkpoints };
  });
  const trained = await trainCategories(tasks, { workers: st.train.workers });
  const wallSeconds = (performance.now() - t0) / 1000;
  const trainSeconds = trained.reduce((a, r) => a + r.stats.seconds, 0);
  try {
    for (const [ci, r] of trained.entries()) {
      const nets = await Promise.all(r.networks.map((w) => loadAgent(w)));
      for (const d of nets) disposers.push(() => d.dispose());
      const s = r.stats;
      const picks = Object.values(r.pick).reduce<number[]>((a, i) => ((a[i] = (a[i] ?? 0) + 1), a), []);
      process.stdout.write(`trained ${r.category} on ${tasks[ci].scenarios.length} SKUs: ${st.train.networks} network(s) × ≤ ${st.train.checkpoints} checkpoints, ${r.networks.length} kept, SKUs per kept network ${JSON.stringify(picks)}, ${s.steps} steps, ${s.gradientSteps} gradient steps, ${s.seconds.toFixed(1)} s on ${st.backend}\n`);
      for (const m of markets.filter((x) => x.evaluated && x.category === r.category)) evalMarkets.push({ scenario: m.scenario, rules: m.rules, extra: [agentPolicy(nets[r.pick[m.scenario.name] ?? 0])] });
    }
    const t1 = performance.now();
    const rep = evaluate(evalMarkets, st.seeds);
    const evalSeconds = (performance.now() - t1) / 1000;
    const by = new Map(rep.policies.map((p) => [p.policy, p]));
    const agent = by.get('agent');
    const oracle = by.get('oracle');
    if (!agent || !oracle) throw new Error('agent or oracle missing from the evaluation');
    const rows: BenchRow[] = [
      { metric: '% of oracle reward, mean of per-seed ratios (95% CI)', ours: pct(agent.pctOfOracle), peerName: 'oracle (DP, closed loop)', peer: '100%', ratio: `${(agent.pctOfOracle.mean / 100).toFixed(3)}x`, target: '≥ 95%' },
      { metric: 'mean reward per seed (ratio of means)', ours: agent.meanReward, peerName: 'oracle (DP, closed loop)', peer: oracle.meanReward, target: '≥ 0.95x' },
    ];
    for (const b of ['best-static', 'match-lowest', 'cost-plus', 'myopic'] as const) {
      const p = by.get(b);
      const u = agent.uplift[b];
      if (!p || !u) continue;
      const target = b === 'best-static' ? 'uplift ≥ 3%' : b === 'match-lowest' ? 'uplift ≥ 5%' : '';
      rows.push({ metric: `vs ${b}: uplift, mean of per-seed ratios ${upl(u)}; ratio of means →`, ours: agent.meanReward, peerName: `${b} (${p.pctOfOracle.mean.toFixed(1)}% of oracle)`, peer: p.meanReward, target });
    }
    rows.push({ metric: 'guardrail violations (agent)', ours: String(agent.violations), peerName: 'all baselines + oracle', peer: String(rep.policies.filter((p) => p.policy !== 'agent').reduce((a, p) => a + p.violations, 0)), ratio: '—', target: '0' });
    const steps = tasks.map((t) => t.options.steps ?? 0);
    rows.push({ metric: `training wall time, ${cats.length} categor${cats.length === 1 ? 'y' : 'ies'} (${Math.min(...steps)}–${Math.max(...steps)} steps each) on ${Math.min(st.train.workers ?? 2, cats.length)} worker threads (${trainSeconds.toFixed(0)} s summed over threads)`, ours: wallSeconds, peerName: 'oracle DP solve (evaluated markets)', peer: rep.oracleSolveSeconds, unit: 's' });
    printTable(`${title}; ${rep.markets} markets × ${st.seeds} seeds; γ ${st.train.gamma}, ${st.train.nStep}-step returns; training seed ${st.train.seed}; backend ${st.backend}; eval ${evalSeconds.toFixed(0)} s`, rows);
    // Where the gap to the oracle is: each market on its own (mean of per-seed ratios).
    const per: BenchRow[] = evalMarkets.map((m) => {
      const r = new Map(evaluate([m], st.seeds).policies.map((p) => [p.policy, p]));
      const of = (name: string): string => `${(r.get(name)?.pctOfOracle.mean ?? NaN).toFixed(1)}%`;
      const inv = m.scenario.inventory;
      return { metric: `${m.scenario.name}: stock ${inv.initial.toFixed(0)} (reorder at ${inv.reorderPoint.toFixed(0)}, lead ${inv.leadTimeDays} d), ε ${m.scenario.demand.elasticity.toFixed(2)}`, ours: of('agent'), peerName: `best-static ${of('best-static')}, match-lowest ${of('match-lowest')}; oracle reward`, peer: r.get('oracle')?.meanReward ?? NaN, ratio: '—', target: '' };
    });
    printTable(`${title}: agent's % of the oracle per market`, per);
  } finally {
    disposers.forEach((d) => d());
  }
  process.stdout.write(`tensors left after disposing the agents: ${tf.memory().numTensors}\n`);
}

/** Runs the benchmark. */
export async function run(_args: string[]): Promise<void> {
  const env = (k: string): number | undefined => (process.env[k] ? Number(process.env[k]) : undefined);
  const train = TrainParamsSchema.parse({ episodes: env('PRICING_EPISODES'), gamma: env('PRICING_GAMMA'), nStep: env('PRICING_NSTEP'), workers: env('PRICING_WORKERS'), seed: env('PRICING_TRAIN_SEED'), networks: env('PRICING_NETWORKS'), checkpoints: env('PRICING_CHECKPOINTS') });
  const st: Settings = { seeds: env('PRICING_SEEDS') ?? 100, train, backend: (await selectBackend()).name };
  const perCategory = env('PRICING_CAT_SKUS') ?? train.maxSkus;
  const sections = (process.env.PRICING_SECTIONS ?? 'demo,synthetic').split(',');
  if (sections.includes('demo')) {
    const given = process.env.PRICING_BENCH_STORE;
    let dir: string | null = null;
    let path: string | null = given ? resolve(given) : null;
    if (path && !existsSync(path)) {
      process.stdout.write(`SKIPPED demo store section: PRICING_BENCH_STORE ${path} does not exist\n`);
      path = null;
    } else if (!path) {
      dir = mkdtempSync(join(tmpdir(), 'desk-pricing-bench-'));
      path = join(dir, 'demo.db');
      process.stdout.write('generating the demo store (desk demo: 300 SKUs, seed 42)…\n');
      const gen = spawnSync('node', [join(here, '../../bin/desk.js'), 'demo', '--out', path, '--seed', '42', '--end', '2026-10-31'], { encoding: 'utf8' });
      if (gen.status !== 0 || !existsSync(path)) {
        process.stdout.write(`SKIPPED demo store section: desk demo failed (${(gen.stderr ?? '').split('\n').slice(-3).join(' ')})\n`);
        path = null;
      }
    }
    try {
      if (path) {
        const { markets, note } = demoMarkets(path, perCategory);
        await section(`Pricing agent vs DP oracle and baselines — demo store ${given ? path : '(generated now)'}: ${note}`, markets, st);
      }
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  if (sections.includes('synthetic')) await section('Pricing agent vs DP oracle and baselines — synthetic planted catalogue (6 markets, 2 categories)', syntheticCatalogue(), st);
}
