/** The pricing agent: Double DQN trained on simulated markets (one agent per category), warm-started from price history. */
import type { Dqn, DqnConfig, DqnWeights } from '../../models/pricing/dqn';
import { buildPlainDqn } from '../../models/pricing/dqn-plain';
import type { GuardrailRules } from './guardrails';
import { guardForMarket } from './guard';
import type { Policy } from './policy';
import { ReplayBuffer } from './replay';
import { Rng } from './rng';
import { scenarioRules, startPrice, type Scenario } from './scenario';
import { Market, rewardScale } from './simulator';
import { ACTIONS, encodeState, HOLD_ACTION, N_FEATURES } from './state';
import { greedyScore } from './agent-validate';

/** Training settings (defaults keep one category to a few seconds on one wasm core). */
export interface TrainOptions {
  steps: number;
  seed: number;
  hidden: number[];
  batch: number;
  /** Environment steps per gradient step. */
  trainEvery: number;
  targetEvery: number;
  gamma: number;
  learningRate: number;
  epsStart: number;
  epsEnd: number;
  /** Share of the steps over which epsilon decays. */
  epsDecay: number;
  bufferSize: number;
  /** Random steps before learning starts. */
  warmup: number;
  /** Rewards summed per transition (n-step returns; 1 = plain one-step Q-learning). */
  nStep: number;
  /** Dueling Q head (value + advantages). */
  dueling: boolean;
  /** Share of the training episodes that open with a random stock level. */
  randomStockShare: number;
  /** Learn from each day's expected reward over the demand noise instead of the sampled one (same optimum, far less noise). */
  expectedRewards: boolean;
  /** Greedy validations spread over training (0: none); the best validated weights are kept. */
  validations: number;
  /** Validation episodes per market, at least 24 in all (seeds of their own, never the evaluation seeds). */
  validationSeeds: number;
  /** Best validated checkpoints returned besides the kept weights (1: only the best), for a per-SKU choice among them. */
  keepCheckpoints: number;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

/** Defaults for TrainOptions. */
export const DEFAULT_TRAIN: TrainOptions = {
  steps: 4000, seed: 7, hidden: [64, 64], batch: 32, trainEvery: 2, targetEvery: 150, gamma: 0.95, learningRate: 1e-3,
  epsStart: 1, epsEnd: 0.05, epsDecay: 0.6, bufferSize: 20_000, warmup: 300, nStep: 5, dueling: true, validations: 10, validationSeeds: 4, randomStockShare: 0.5, expectedRewards: true, keepCheckpoints: 1,
};

/** A price path from history (oldest first) used to pre-fill the replay buffer. */
export interface HistoryPath {
  scenarioIndex: number;
  prices: number[];
}

/** What training reports. */
export interface TrainStats {
  steps: number;
  episodes: number;
  gradientSteps: number;
  prefilled: number;
  meanLoss: number;
  /** Normalised greedy validation score of the kept weights, and the step they come from. */
  validation: number | null;
  keptStep: number;
  seconds: number;
}

function nearestAction(ratio: number): number {
  let best = HOLD_ACTION;
  for (let i = 0; i < ACTIONS.length; i++) if (Math.abs(1 + ACTIONS[i] - ratio) < Math.abs(1 + ACTIONS[best] - ratio)) best = i;
  return best;
}

/**
 * A training episode's market: a random start price inside the band, a random weekday and, in a share of the episodes,
 * a random opening stock (empty shelves to full), so every SKU of a category also teaches the scarce-stock states that
 * only some SKUs start in.
 */
function trainingScenario(s: Scenario, rng: Rng, stockShare: number): Scenario {
  const p0 = Math.min(s.price.max, Math.max(s.price.min, startPrice(s) * (0.85 + 0.3 * rng.next())));
  const top = Math.max(s.inventory.orderUpTo, s.inventory.initial);
  const initial = rng.next() < stockShare ? Math.round(top * rng.next() * rng.next()) : s.inventory.initial;
  return { ...s, price: { ...s.price, start: p0 }, demand: { ...s.demand, startWeekday: rng.int(7) }, inventory: { ...s.inventory, initial } };
}

/** Replays history price paths through the simulator and stores the transitions (behaviour from history). */
function prefill(buf: ReplayBuffer, scenarios: Scenario[], paths: HistoryPath[], rulesOf: (s: Scenario) => GuardrailRules, gamma: number, expected: boolean): number {
  let n = 0;
  for (const path of paths) {
    const base = scenarios[path.scenarioIndex];
    if (!base || path.prices.length < 2) continue;
    const s: Scenario = { ...base, horizon: Math.min(base.horizon, path.prices.length - 1), price: { ...base.price, start: path.prices[0] } };
    const m = new Market(s, 50_000 + n);
    const scale = rewardScale(s);
    for (let t = 1; t <= s.horizon && !m.done; t++) {
      const a = nearestAction(path.prices[t] / m.price);
      const state = encodeState(m);
      const { price } = guardForMarket(m, m.price * (1 + ACTIONS[a]), rulesOf(s));
      const o = m.step(price);
      buf.push(state, a, (expected ? o.expectedReward : o.reward) / scale, encodeState(m), m.done, gamma);
      n++;
    }
  }
  return n;
}

/** A trained agent: the live network (best validated weights), its stats, and the best checkpoints, best first. */
export interface TrainedAgent {
  dqn: Dqn;
  stats: TrainStats;
  /** Up to `keepCheckpoints` validated weights, best first (the first equals `dqn`'s weights). */
  checkpoints: DqnWeights[];
}

/** Trains one Double-DQN agent on a set of markets (a category's SKUs). The caller disposes the returned network. */
export async function trainAgent(scenarios: Scenario[], options: Partial<TrainOptions> = {}, history: HistoryPath[] = [], rulesOf: (s: Scenario) => GuardrailRules = scenarioRules): Promise<TrainedAgent> {
  if (!scenarios.length) throw new Error('trainAgent needs at least one scenario');
  const o = { ...DEFAULT_TRAIN, ...options };
  const t0 = performance.now();
  const config: DqnConfig = { inputs: N_FEATURES, actions: ACTIONS.length, hidden: o.hidden, learningRate: o.learningRate, gamma: o.gamma, huberDelta: 1, seed: o.seed, dueling: o.dueling };
  const dqn = await buildPlainDqn(config);
  const rng = new Rng(o.seed);
  const buf = new ReplayBuffer(o.bufferSize, N_FEATURES);
  const prefilled = prefill(buf, scenarios, history, rulesOf, o.gamma, o.expectedRewards);
  let episodes = 0;
  let gradientSteps = 0;
  let lossSum = 0;
  let step = 0;
  const valSeeds = Array.from({ length: Math.max(o.validationSeeds, Math.ceil(24 / scenarios.length)) }, (_, i) => 700_000 + o.seed * 100 + i);
  const validateEvery = o.validations > 0 ? Math.max(1, Math.floor(o.steps / o.validations)) : 0;
  // The best validated checkpoints, best first.
  let kept: { score: number; step: number; weights: DqnWeights }[] = [];
  const validate = (): void => {
    const score = greedyScore(dqn, scenarios, rulesOf, valSeeds);
    if (kept.length < Math.max(1, o.keepCheckpoints) || score > kept[kept.length - 1].score) {
      kept = [...kept, { score, step, weights: dqn.weights() }].sort((a, b) => b.score - a.score).slice(0, Math.max(1, o.keepCheckpoints));
    }
  };
  try {
    while (step < o.steps) {
      const base = scenarios[episodes % scenarios.length];
      const s = trainingScenario(base, rng, o.randomStockShare);
      const rules = rulesOf(s);
      const scale = rewardScale(s);
      const m = new Market(s, 100_000 + o.seed * 1_000 + episodes);
      episodes++;
      let state = encodeState(m);
      // The last n transitions of this episode, waiting for their n-step return.
      const win: { s: Float32Array; a: number; r: number }[] = [];
      const flush = (next: Float32Array, done: boolean, all: boolean): void => {
        while (win.length && (all || win.length >= o.nStep)) {
          let ret = 0;
          let g = 1;
          for (const x of win) {
            ret += g * x.r;
            g *= o.gamma;
          }
          const first = win.shift();
          if (first) buf.push(first.s, first.a, ret, next, done, g);
          if (!all) break;
        }
      };
      while (!m.done && step < o.steps) {
        const eps = o.epsEnd + (o.epsStart - o.epsEnd) * Math.max(0, 1 - step / (o.epsDecay * o.steps));
        let a: number;
        if (step < o.warmup || rng.next() < eps) a = rng.int(ACTIONS.length);
        else a = argmax(dqn.predict(state, 1));
        const { price } = guardForMarket(m, m.price * (1 + ACTIONS[a]), rules);
        const out = m.step(price);
        const next = encodeState(m);
        win.push({ s: state, a, r: (o.expectedRewards ? out.expectedReward : out.reward) / scale });
        flush(next, m.done, m.done);
        state = next;
        step++;
        if (step >= o.warmup && step % o.trainEvery === 0 && buf.size >= o.batch) {
          lossSum += dqn.trainStep(buf.sample(o.batch, rng));
          gradientSteps++;
          if (gradientSteps % o.targetEvery === 0) dqn.syncTarget();
        }
        if (validateEvery > 0 && step >= o.warmup && step < o.steps && step % validateEvery === 0) validate();
        if (step % 50 === 0) {
          o.onProgress?.(step, o.steps);
          if (o.isCancelled?.()) throw new Error('cancelled');
        }
      }
    }
  } catch (e) {
    dqn.dispose();
    throw e;
  }
  if (validateEvery > 0) {
    validate();
    dqn.load(kept[0].weights);
  }
  o.onProgress?.(o.steps, o.steps);
  const best = kept[0];
  const stats: TrainStats = { steps: step, episodes, gradientSteps, prefilled, meanLoss: gradientSteps ? lossSum / gradientSteps : 0, validation: best && Number.isFinite(best.score) ? best.score : null, keptStep: best ? best.step : step, seconds: (performance.now() - t0) / 1000 };
  return { dqn, stats, checkpoints: kept.length ? kept.map((k) => k.weights) : [dqn.weights()] };
}

/** Index of the largest value. */
export function argmax(xs: ArrayLike<number>): number {
  let b = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[b]) b = i;
  return b;
}

/** The trained agent as a greedy policy (its proposals still pass through the guardrails). */
export function agentPolicy(dqn: Dqn, name = 'agent', elasticityEstimate?: number): Policy {
  return { name, propose: (m) => m.price * (1 + ACTIONS[argmax(dqn.predict(encodeState(m, elasticityEstimate), 1))]) };
}

/** Rebuilds a saved agent. */
export async function loadAgent(w: DqnWeights): Promise<Dqn> {
  return buildPlainDqn(w.config, w);
}
