/** Trains one pricing agent per category, the categories split across worker threads (one per core). */
import { workerEntryUrl } from '../bundle-paths';
import { startPoolThread } from '../pool-thread';
import type { DqnWeights } from '../../models/pricing/dqn';
import { trainAgent, type HistoryPath, type TrainedAgent, type TrainOptions, type TrainStats } from './agent';
import { greedyScore, policyScore } from './agent-validate';
import type { GuardrailRules } from './guardrails';
import { lookaheadPolicy } from './policies/lookahead';
import type { Scenario } from './scenario';
import { LOOKAHEAD_PICK_SEEDS, PICK_SEEDS } from './seeds';
import { defaultTrainWorkers } from './threads';

const BOOT_URL = workerEntryUrl('train-pool-worker.mjs', 'pricing/train-pool-boot.mjs');

/** One category's training input (plain data: it crosses to a worker thread). */
export interface CategoryTask {
  category: string;
  scenarios: Scenario[];
  /** Guardrail rules of each scenario, same order. */
  rules: GuardrailRules[];
  history: HistoryPath[];
  options: Partial<Omit<TrainOptions, 'onProgress' | 'isCancelled'>>;
  /** Networks trained from different seeds (default 1); each SKU keeps the better one on its own validation seeds. */
  networks?: number;
  /** Best validated checkpoints of each network offered to the per-SKU choice (default 1: the best only). */
  checkpoints?: number;
  /** Offer the stock-aware lookahead controller to the per-SKU choice (default true): a SKU keeps it where it earns more than its network. */
  lookahead?: boolean;
}

/** A policy a SKU may keep instead of its network. */
export type SkuFallback = 'lookahead';

/** One category's trained agent. */
export interface CategoryResult {
  category: string;
  /** Stats of the first network, with steps, gradient steps and seconds summed over all of them. */
  stats: TrainStats;
  /** The network most SKUs kept. */
  weights: DqnWeights;
  /** The networks (checkpoints of the networks trained for the category) that some SKU keeps. */
  networks: DqnWeights[];
  /** Scenario name (SKU) → index in `networks` of the network that SKU keeps. */
  pick: Record<string, number>;
  /** SKUs whose own pick seeds showed the lookahead controller earning more than their network: they use it instead. */
  fallback: Record<string, SkuFallback>;
}

/** Seeds of the per-SKU choice between checkpoints (see seeds.ts: never a scoring seed). */
export { PICK_SEEDS } from './seeds';

/** Pool settings. */
export interface TrainPoolOptions {
  /** Worker threads (default defaultTrainWorkers()); 1 trains inline. */
  workers?: number;
  /** Environment steps done so far over all categories. */
  onProgress?: (done: number, total: number, category: string) => void;
  /** Called as each category finishes (so it can be saved before the others end: a cancelled run keeps it). */
  onResult?: (index: number, result: CategoryResult) => void;
  isCancelled?: () => boolean;
}

/**
 * Trains one category's networks (one per seed) and returns their weights with each SKU's pick (the networks are
 * disposed). Training is seed-sensitive on hard markets (an empty shelf until a late delivery); the per-SKU pick on
 * seeds of its own keeps the network that learned that SKU's timing.
 */
export async function trainCategory(t: CategoryTask, onSteps?: (done: number) => void, isCancelled?: () => boolean): Promise<CategoryResult> {
  const rulesOf = (s: Scenario): GuardrailRules => t.rules[t.scenarios.findIndex((x) => x.name === s.name)] ?? t.rules[0];
  const k = Math.max(1, t.networks ?? 1);
  const trained: TrainedAgent[] = [];
  try {
    let before = 0;
    for (let i = 0; i < k; i++) {
      const seed = (t.options.seed ?? 7) + 1000 * i;
      const r = await trainAgent(t.scenarios, { ...t.options, seed, keepCheckpoints: t.checkpoints ?? 1, onProgress: (d) => onSteps?.(before + d), isCancelled }, t.history, rulesOf);
      trained.push(r);
      before += t.options.steps ?? r.stats.steps;
    }
    // Candidates: every kept checkpoint of every network; each SKU takes the one that earns most on its own pick seeds.
    const candidates = trained.flatMap((r) => r.checkpoints.map((w) => ({ r, w })));
    const scores: number[][] = t.scenarios.map(() => []);
    if (candidates.length > 1) {
      for (const c of candidates) {
        c.r.dqn.load(c.w);
        t.scenarios.forEach((s, j) => scores[j].push(greedyScore(c.r.dqn, [s], rulesOf, PICK_SEEDS)));
      }
    }
    const choice = t.scenarios.map((_, j) => (candidates.length > 1 ? scores[j].indexOf(Math.max(...scores[j])) : 0));
    // Keep only the candidates some SKU chose, renumbered in candidate order.
    const used = [...new Set(choice)].sort((a, b) => a - b);
    const networks = used.map((c) => candidates[c].w);
    const pick: Record<string, number> = {};
    const votes = new Array<number>(used.length).fill(0);
    t.scenarios.forEach((s, j) => {
      pick[s.name] = used.indexOf(choice[j]);
      votes[pick[s.name]]++;
    });
    const main = votes.indexOf(Math.max(...votes));
    const fallback = t.lookahead === false ? {} : chooseFallbacks(t.scenarios, rulesOf, trained[0], networks, pick);
    const sum = (f: (x: TrainStats) => number): number => trained.reduce((a, r) => a + f(r.stats), 0);
    const stats: TrainStats = { ...trained[0].stats, steps: sum((x) => x.steps), gradientSteps: sum((x) => x.gradientSteps), seconds: sum((x) => x.seconds) };
    return { category: t.category, stats, weights: networks[main], networks, pick, fallback };
  } finally {
    for (const r of trained) r.dqn.dispose();
  }
}

/**
 * Each SKU's network against the lookahead controller on the SKU's first 16 pick seeds (the same noise for both, each
 * day at its expected reward); the SKUs where the lookahead earns more keep it. `net` is any trained network to load
 * the kept weights into.
 */
export function chooseFallbacks(scenarios: Scenario[], rulesOf: (s: Scenario) => GuardrailRules, net: TrainedAgent, networks: DqnWeights[], pick: Record<string, number>): Record<string, SkuFallback> {
  const out: Record<string, SkuFallback> = {};
  for (const [i, w] of networks.entries()) {
    const mine = scenarios.filter((s) => pick[s.name] === i);
    if (!mine.length) continue;
    net.dqn.load(w);
    for (const s of mine) {
      const agent = greedyScore(net.dqn, [s], rulesOf, LOOKAHEAD_PICK_SEEDS);
      const rule = policyScore((x) => lookaheadPolicy(x, rulesOf(x)), [s], rulesOf, LOOKAHEAD_PICK_SEEDS);
      if (rule > agent) out[s.name] = 'lookahead';
    }
  }
  return out;
}

/** Trains every task; results in task order. Throws 'cancelled' when cancelled. */
export async function trainCategories(tasks: CategoryTask[], pool: TrainPoolOptions = {}): Promise<CategoryResult[]> {
  const stepsOf = (t: CategoryTask): number => (t.options.steps ?? 0) * Math.max(1, t.networks ?? 1);
  const total = tasks.reduce((a, t) => a + stepsOf(t), 0);
  const doneBy = new Array<number>(tasks.length).fill(0);
  const report = (i: number, d: number): void => {
    doneBy[i] = d;
    pool.onProgress?.(doneBy.reduce((a, b) => a + b, 0), total, tasks[i].category);
  };
  const workers = Math.max(1, Math.min(pool.workers ?? defaultTrainWorkers(), tasks.length));
  const out: (CategoryResult | null)[] = new Array<CategoryResult | null>(tasks.length).fill(null);
  if (workers === 1) {
    for (const [i, t] of tasks.entries()) {
      if (pool.isCancelled?.()) throw new Error('cancelled');
      out[i] = await trainCategory(t, (d) => report(i, d), pool.isCancelled);
      pool.onResult?.(i, out[i] as CategoryResult);
    }
  } else {
    const flagBuf = new SharedArrayBuffer(4);
    const flag = new Int32Array(flagBuf);
    // Largest categories first, dealt out in turn, so the threads finish at about the same time.
    const order = tasks.map((_, i) => i).sort((a, b) => stepsOf(tasks[b]) * tasks[b].scenarios.length - stepsOf(tasks[a]) * tasks[a].scenarios.length);
    const slices: number[][] = Array.from({ length: workers }, () => []);
    order.forEach((i, k) => slices[k % workers].push(i));
    const poll = setInterval(() => {
      if (pool.isCancelled?.()) Atomics.store(flag, 0, 1);
    }, 100);
    try {
      await Promise.all(slices.map((idx) => runWorker(idx.map((i) => tasks[i]), flagBuf, (k, d) => report(idx[k], d), (k, r) => {
        out[idx[k]] = r;
        pool.onResult?.(idx[k], r);
      })));
    } finally {
      clearInterval(poll);
    }
    if (Atomics.load(flag, 0) === 1) throw new Error('cancelled');
  }
  return out.map((r, i) => {
    if (!r) throw new Error(`no agent was trained for category ${tasks[i].category}`);
    return r;
  });
}

type WorkerMessage = { type: 'progress'; index: number; done: number } | { type: 'result'; index: number; result: CategoryResult };

function runWorker(tasks: CategoryTask[], cancelFlag: SharedArrayBuffer, onProgress: (k: number, done: number) => void, onResult: (k: number, r: CategoryResult) => void): Promise<void> {
  return startPoolThread<WorkerMessage>(BOOT_URL, { tasks, cancelFlag }, 'pricing training worker', (m) => {
    if (m.type === 'progress') onProgress(m.index, m.done);
    else onResult(m.index, m.result);
  }).done;
}
