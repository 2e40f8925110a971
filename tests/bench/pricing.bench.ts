/**
 * `npm run bench -- pricing [--seeds=S1,S2,...] [--stores=N] [--score-seed=N]`: the pricing agent against the DP oracle
 * and the baselines.
 * 1. Unseen stores (section `fresh`, the headline): N (5) demo stores generated now with `desk demo --seed S`, the store
 *    seeds S drawn at run time from crypto and printed (`--seeds=` replays them). No setting of the agent was tuned on
 *    them. Each store: elasticities estimated, markets calibrated, PRICING_FRESH_EVAL (8) SKUs scored, one agent per
 *    category trained as `desk price train` does, scored on PRICING_SEEDS seeds drawn at run time (printed; never a
 *    checkpoint-choice seed — `evaluate` refuses those). Prints each store and the mean and worst over stores.
 * 2. The tuning store (section `tuning`): `desk demo --seed 42`, its 8 markets scored on seeds 1..100 — the markets and
 *    seeds the agent's settings were tuned on over many commits, so its figure is shown apart and labelled as tuning.
 * 3. A synthetic catalogue of planted markets (section `synthetic`: competitor-driven demand, reacting rivals).
 * Settings come from the environment (the bench runner takes every bare word as a benchmark name): PRICING_SEEDS (100),
 * PRICING_SECTIONS (fresh,tuning,synthetic), PRICING_FRESH_SKUS (300, SKUs per generated store), PRICING_FRESH_EVAL (8),
 * PRICING_BENCH_STORE (a store file for the tuning section), and the `desk price train` settings, defaults as there:
 * PRICING_EPISODES (per category; default 37 per SKU within 160..1,500), PRICING_GAMMA (0.95), PRICING_NSTEP (5),
 * PRICING_WORKERS (2), PRICING_CAT_SKUS (40), PRICING_TRAIN_SEED (7), PRICING_NETWORKS (2), PRICING_CHECKPOINTS (3),
 * PRICING_LOOKAHEAD (1; 0 leaves the lookahead controller out of the per-SKU choice). Besides `agent` (what the app
 * recommends with) every section scores `agent-dqn` (the SKU's network alone) and `lookahead` (the controller alone).
 */
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { agentPolicy, loadAgent } from '../../engine/pricing/agent';
import { lookaheadPolicy } from '../../engine/pricing/policies/lookahead';
import { evaluate, type EvalMarket, type EvaluationReport, type Interval } from '../../engine/pricing/evaluate';
import { defaultEpisodes, TrainParamsSchema, type TrainParams } from '../../engine/pricing/job-params';
import { firstSeeds, scoringSeeds } from '../../engine/pricing/seeds';
import { trainCategories, type CategoryTask } from '../../engine/pricing/train-pool';
import { selectBackend } from '../../models/backend';
import { demoMarkets, generateDemo, syntheticCatalogue, type BenchMarket } from './pricing-markets';
import { printTable, type BenchRow } from './table';

interface Settings {
  /** Training settings exactly as `desk price train` takes them (episodes absent: its per-category default). */
  train: TrainParams;
  backend: string;
  /** Offer the lookahead controller to the per-SKU choice (PRICING_LOOKAHEAD=0 turns it off). */
  lookahead: boolean;
}

/** What one section measured: the whole report and each scored market's % of the oracle. */
interface Scored {
  rep: EvaluationReport;
  perMarket: { name: string; agent: number; bestStatic: number }[];
}

const pct = (x: Interval): string => `${x.mean.toFixed(1)}% [${x.lo.toFixed(1)}, ${x.hi.toFixed(1)}]`;
const upl = (x: Interval): string => `${(100 * x.mean).toFixed(1)}% [${(100 * x.lo).toFixed(1)}, ${(100 * x.hi).toFixed(1)}]`;
const seedText = (s: number[]): string => (s.length > 1 ? `${s[0]}..${s[s.length - 1]}` : String(s[0]));

/** Trains one agent per category, evaluates the scored markets on `seeds` and prints the table. */
async function section(title: string, markets: BenchMarket[], st: Settings, seeds: number[]): Promise<Scored> {
  const cats = [...new Set(markets.filter((m) => m.evaluated).map((m) => m.category))];
  const evalMarkets: EvalMarket[] = [];
  const disposers: (() => void)[] = [];
  /** What each scored market's agent plays: its network, or the lookahead the per-SKU choice kept. */
  const kept: string[] = [];
  const t0 = performance.now();
  const tasks: CategoryTask[] = cats.map((cat, ci) => {
    const mine = markets.filter((m) => m.category === cat);
    const steps = (st.train.episodes ?? defaultEpisodes(mine.length)) * st.train.horizon;
    return { category: cat, scenarios: mine.map((m) => m.scenario), rules: mine.map((m) => m.rules), history: [], options: { steps, seed: st.train.seed + ci, gamma: st.train.gamma, nStep: st.train.nStep }, networks: st.train.networks, checkpoints: st.train.checkpoints, lookahead: st.lookahead };
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
      const la = Object.keys(r.fallback).length;
      process.stdout.write(`trained ${r.category} on ${tasks[ci].scenarios.length} SKUs: ${st.train.networks} network(s) × ≤ ${st.train.checkpoints} checkpoints, ${r.networks.length} kept, SKUs per kept network ${JSON.stringify(picks)}, ${la} SKU(s) keep the lookahead, ${s.steps} steps, ${s.seconds.toFixed(1)} s (plain-math Q-network)\n`);
      for (const m of markets.filter((x) => x.evaluated && x.category === r.category)) {
        // 'agent' is what the app recommends with (the SKU's network, or the lookahead where the per-SKU choice kept it);
        // 'agent-dqn' is the network alone and 'lookahead' the controller alone, for comparison.
        const net = agentPolicy(nets[r.pick[m.scenario.name] ?? 0], 'agent-dqn');
        const agent = r.fallback[m.scenario.name] === 'lookahead' ? lookaheadPolicy(m.scenario, m.rules, 'agent') : agentPolicy(nets[r.pick[m.scenario.name] ?? 0]);
        kept.push(r.fallback[m.scenario.name] ?? 'network');
        evalMarkets.push({ scenario: m.scenario, rules: m.rules, extra: [agent, net, lookaheadPolicy(m.scenario, m.rules)] });
      }
    }
    const t1 = performance.now();
    const rep = evaluate(evalMarkets, seeds);
    const evalSeconds = (performance.now() - t1) / 1000;
    const by = new Map(rep.policies.map((p) => [p.policy, p]));
    const agent = by.get('agent');
    const oracle = by.get('oracle');
    if (!agent || !oracle) throw new Error('agent or oracle missing from the evaluation');
    const rows: BenchRow[] = [
      { metric: '% of oracle reward, mean of per-seed ratios (95% CI)', ours: pct(agent.pctOfOracle), peerName: 'oracle (DP, closed loop)', peer: '100%', ratio: `${(agent.pctOfOracle.mean / 100).toFixed(3)}x`, target: '≥ 95%' },
      { metric: 'mean reward per seed (ratio of means)', ours: agent.meanReward, peerName: 'oracle (DP, closed loop)', peer: oracle.meanReward, target: '≥ 0.95x' },
    ];
    for (const b of ['best-static', 'current-price', 'match-lowest', 'cost-plus', 'myopic'] as const) {
      const p = by.get(b);
      const u = agent.uplift[b];
      if (!p || !u) continue;
      const target = b === 'best-static' ? 'uplift ≥ 3%' : b === 'match-lowest' ? 'uplift ≥ 5%' : '';
      rows.push({ metric: `vs ${b}: uplift, mean of per-seed ratios ${upl(u)}; ratio of means →`, ours: agent.meanReward, peerName: `${b} (${p.pctOfOracle.mean.toFixed(1)}% of oracle)`, peer: p.meanReward, target });
    }
    for (const alt of ['agent-dqn', 'lookahead'] as const) {
      const p = by.get(alt);
      if (p) rows.push({ metric: `${alt === 'agent-dqn' ? 'the network alone (no per-SKU lookahead choice)' : 'the lookahead controller alone'}: % of oracle; uplift over best static ${upl(p.uplift['best-static'] ?? { mean: NaN, lo: NaN, hi: NaN })}`, ours: pct(p.pctOfOracle), peerName: 'oracle', peer: '100%', ratio: `${(p.pctOfOracle.mean / 100).toFixed(3)}x`, target: 'reported' });
    }
    rows.push({ metric: 'guardrail violations (agent)', ours: String(agent.violations), peerName: 'all baselines + oracle', peer: String(rep.policies.filter((p) => p.policy !== 'agent').reduce((a, p) => a + p.violations, 0)), ratio: '—', target: '0' });
    const steps = tasks.map((t) => t.options.steps ?? 0);
    rows.push({ metric: `training wall time, ${cats.length} categor${cats.length === 1 ? 'y' : 'ies'} (${Math.min(...steps)}–${Math.max(...steps)} steps each) on ${Math.min(st.train.workers ?? 2, cats.length)} worker threads (${trainSeconds.toFixed(0)} s summed over threads)`, ours: wallSeconds, peerName: 'oracle DP solve (evaluated markets)', peer: rep.oracleSolveSeconds, unit: 's' });
    printTable(`${title}; ${rep.markets} markets × ${seeds.length} scoring seeds ${seedText(seeds)}; γ ${st.train.gamma}, ${st.train.nStep}-step returns; training seed ${st.train.seed}; Q-network in plain math (TensorFlow.js ${st.backend} only for its seeded initial weights); eval ${evalSeconds.toFixed(0)} s`, rows);
    // Where the gap to the oracle is: each market on its own (mean of per-seed ratios).
    const perMarket: Scored['perMarket'] = [];
    const per: BenchRow[] = evalMarkets.map((m, i) => {
      const r = rep.byMarket[i].policies;
      const of = (name: string): number => r[name]?.pctOfOracle ?? NaN;
      perMarket.push({ name: m.scenario.name, agent: of('agent'), bestStatic: of('best-static') });
      const inv = m.scenario.inventory;
      return { metric: `${m.scenario.name}: stock ${inv.initial.toFixed(0)} (reorder at ${inv.reorderPoint.toFixed(0)}, lead ${inv.leadTimeDays} d), ε ${m.scenario.demand.elasticity.toFixed(2)}`, ours: `${of('agent').toFixed(1)}% (${kept[i]}; network ${of('agent-dqn').toFixed(1)}%, lookahead ${of('lookahead').toFixed(1)}%)`, peerName: `best-static ${of('best-static').toFixed(1)}%, current ${of('current-price').toFixed(1)}%, match-lowest ${of('match-lowest').toFixed(1)}%; oracle reward`, peer: r.oracle?.meanReward ?? NaN, ratio: '—', target: '' };
    });
    printTable(`${title}: agent's % of the oracle per market`, per);
    return { rep, perMarket };
  } finally {
    disposers.forEach((d) => d());
    process.stdout.write(`tensors left after disposing the agents: ${tf.memory().numTensors}\n`);
  }
}

/** Value of `--name=value` among the arguments. */
function flag(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** Unseen stores: generated now from store seeds drawn at run time, scored on seeds drawn at run time. */
async function freshStores(args: string[], st: Settings, nSeeds: number, perCategory: number): Promise<void> {
  const env = (k: string, d: number): number => (process.env[k] ? Number(process.env[k]) : d);
  const given = flag(args, 'seeds');
  const storeSeeds = given ? given.split(',').map(Number) : Array.from({ length: Number(flag(args, 'stores') ?? 5) }, () => randomInt(1, 2 ** 31 - 1));
  if (storeSeeds.some((s) => !Number.isInteger(s) || s === 42)) throw new Error('--seeds= takes whole store seeds other than 42 (the tuning store)');
  const scoreBase = Number(flag(args, 'score-seed') ?? randomInt(0, 2 ** 31 - 1));
  const seeds = scoringSeeds(scoreBase, nSeeds);
  process.stdout.write(`UNSEEN STORES: store seeds ${storeSeeds.join(',')} (replay: npm run bench -- pricing --seeds=${storeSeeds.join(',')} --score-seed=${scoreBase}); scoring seeds ${seedText(seeds)}\n`);
  const out: { seed: number; s: Scored }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'desk-pricing-fresh-'));
  try {
    for (const seed of storeSeeds) {
      const path = join(dir, `demo-${seed}.db`);
      const err = generateDemo(path, seed, env('PRICING_FRESH_SKUS', 300));
      if (err) {
        process.stdout.write(`SKIPPED store ${seed}: ${err}\n`);
        continue;
      }
      const { markets, note } = demoMarkets(path, perCategory, env('PRICING_FRESH_EVAL', 8));
      out.push({ seed, s: await section(`UNSEEN store (desk demo --seed ${seed}): ${note}`, markets, st, seeds) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!out.length) return;
  const stat = (f: (x: Scored) => number): { mean: number; worst: number; at: number } => {
    const v = out.map((o) => f(o.s));
    const worst = Math.min(...v);
    return { mean: v.reduce((a, b) => a + b, 0) / v.length, worst, at: out[v.indexOf(worst)].seed };
  };
  const agentOf = (x: Scored): NonNullable<EvaluationReport['policies'][number]> => x.rep.policies.find((p) => p.policy === 'agent') ?? x.rep.policies[0];
  const a = stat((x) => agentOf(x).pctOfOracle.mean);
  const bs = stat((x) => 100 * (agentOf(x).uplift['best-static']?.mean ?? NaN));
  const cp = stat((x) => 100 * (agentOf(x).uplift['current-price']?.mean ?? NaN));
  const dq = stat((x) => x.rep.policies.find((p) => p.policy === 'agent-dqn')?.pctOfOracle.mean ?? NaN);
  const lk = stat((x) => x.rep.policies.find((p) => p.policy === 'lookahead')?.pctOfOracle.mean ?? NaN);
  const markets = out.flatMap((o) => o.s.perMarket.map((m) => ({ ...m, store: o.seed })));
  const hard = markets.filter((m) => m.agent < 90).map((m) => `${m.name}@${m.store} ${m.agent.toFixed(1)}%`);
  printTable(`UNSEEN STORES summary: ${out.length} stores (seeds ${out.map((o) => o.seed).join(',')}), ${markets.length} markets, scoring seeds ${seedText(seeds)}`, [
    { metric: 'agent % of oracle, mean over stores / worst store', ours: `${a.mean.toFixed(1)}% / ${a.worst.toFixed(1)}% (store ${a.at})`, peerName: 'oracle', peer: '100%', ratio: `${(a.mean / 100).toFixed(3)}x`, target: '≥ 95%' },
    { metric: 'agent uplift over best static, mean / worst store', ours: `${bs.mean.toFixed(1)}% / ${bs.worst.toFixed(1)}% (store ${bs.at})`, peerName: 'best static', peer: '0%', ratio: '—', target: '≥ 3%' },
    { metric: 'the network alone (no lookahead choice): % of oracle, mean / worst store', ours: `${dq.mean.toFixed(1)}% / ${dq.worst.toFixed(1)}% (store ${dq.at})`, peerName: 'oracle', peer: '100%', ratio: '—', target: 'reported' },
    { metric: 'the lookahead controller alone: % of oracle, mean / worst store', ours: `${lk.mean.toFixed(1)}% / ${lk.worst.toFixed(1)}% (store ${lk.at})`, peerName: 'oracle', peer: '100%', ratio: '—', target: 'reported' },
    { metric: 'agent uplift over the current price, mean / worst store', ours: `${cp.mean.toFixed(1)}% / ${cp.worst.toFixed(1)}% (store ${cp.at})`, peerName: 'current price held', peer: '0%', ratio: '—', target: '' },
    { metric: `markets under 90% of the oracle (${hard.length} of ${markets.length})`, ours: hard.join(', ') || 'none', peerName: '—', peer: '—', ratio: '—', target: '' },
  ]);
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<void> {
  const env = (k: string): number | undefined => (process.env[k] ? Number(process.env[k]) : undefined);
  const train = TrainParamsSchema.parse({ episodes: env('PRICING_EPISODES'), gamma: env('PRICING_GAMMA'), nStep: env('PRICING_NSTEP'), workers: env('PRICING_WORKERS'), seed: env('PRICING_TRAIN_SEED'), networks: env('PRICING_NETWORKS'), checkpoints: env('PRICING_CHECKPOINTS') });
  const st: Settings = { train, backend: (await selectBackend()).name, lookahead: process.env.PRICING_LOOKAHEAD !== '0' };
  const nSeeds = env('PRICING_SEEDS') ?? 100;
  const perCategory = env('PRICING_CAT_SKUS') ?? train.maxSkus;
  const sections = (process.env.PRICING_SECTIONS ?? 'fresh,tuning,synthetic').split(',');
  if (sections.includes('fresh')) await freshStores(args, st, nSeeds, perCategory);
  if (sections.includes('tuning')) {
    const given = process.env.PRICING_BENCH_STORE;
    const dir = given ? null : mkdtempSync(join(tmpdir(), 'desk-pricing-bench-'));
    const path = given ? resolve(given) : join(dir ?? '', 'demo.db');
    try {
      const err = given ? (existsSync(path) ? null : `PRICING_BENCH_STORE ${path} does not exist`) : generateDemo(path, 42, 300);
      if (err) process.stdout.write(`SKIPPED tuning store section: ${err}\n`);
      else {
        const { markets, note } = demoMarkets(path, perCategory);
        await section(`TUNING store (desk demo --seed 42, the markets and seeds 1..${nSeeds} the settings were tuned on; not out-of-sample) ${given ? path : ''}: ${note}`, markets, st, firstSeeds(nSeeds));
      }
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  if (sections.includes('synthetic')) await section('Pricing agent vs DP oracle and baselines — synthetic planted catalogue (6 markets, 2 categories)', syntheticCatalogue(), st, firstSeeds(nSeeds));
}
