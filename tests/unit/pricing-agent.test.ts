import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { agentPolicy, loadAgent, trainAgent } from '../../engine/pricing/agent';
import { bestStaticPolicy } from '../../engine/pricing/baselines';
import { meanReward } from '../../engine/pricing/policy';
import { ReplayBuffer } from '../../engine/pricing/replay';
import { Rng } from '../../engine/pricing/rng';
import { parseScenario } from '../../engine/pricing/scenario';
import { Market } from '../../engine/pricing/simulator';
import { encodeState, FEATURE_NAMES, N_FEATURES } from '../../engine/pricing/state';

// Planted pattern 1: a volatile competitor whose price drives demand strongly. A static price cannot follow it.
const competitorDriven = parseScenario({
  horizon: 28,
  demand: { elasticity: -1.5, competitorSensitivity: 10 },
  competitors: [{ behaviour: 'random-walk', volatility: 0.06 }],
});
// Planted pattern 2: little stock, a delivery two weeks out, and a season that ends: ration early, clear late.
const scarceStock = parseScenario({
  horizon: 28,
  demand: { baseUnits: 5, competitorSensitivity: 3 },
  price: { cost: 40 },
  competitors: [{ behaviour: 'static' }],
  inventory: { initial: 40, reorderPoint: 30, orderUpTo: 120, leadTimeDays: 14 },
});
// Evaluation seeds differ from the training (100,000+) and validation (700,000+) seeds.
const evalSeeds = Array.from({ length: 10 }, (_, i) => i + 1);

describe('pricing agent (Double DQN)', () => {
  it('beats the best static price on a competitor-driven market, without leaking tensors', async () => {
    await tf.ready();
    const before = tf.memory().numTensors;
    const { dqn, stats } = await trainAgent([competitorDriven], { steps: 3000, seed: 7 });
    expect(stats.gradientSteps).toBeGreaterThan(1000);
    const agent = meanReward(competitorDriven, agentPolicy(dqn), evalSeeds);
    const fixed = meanReward(competitorDriven, bestStaticPolicy(competitorDriven), evalSeeds);
    expect(agent).toBeGreaterThan(fixed * 1.02);

    // Saved weights give the same decisions after reloading.
    const m = new Market(competitorDriven, 5);
    const x = encodeState(m);
    const q1 = dqn.predict(x, 1);
    const copy = await loadAgent(dqn.weights());
    expect(Array.from(copy.predict(x, 1))).toEqual(Array.from(q1));
    copy.dispose();
    dqn.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rations scarce stock before a late delivery and beats the best static price by 5%', async () => {
    const { dqn } = await trainAgent([scarceStock], { steps: 2000, seed: 7 });
    const agent = meanReward(scarceStock, agentPolicy(dqn), evalSeeds);
    const fixed = meanReward(scarceStock, bestStaticPolicy(scarceStock), evalSeeds);
    dqn.dispose();
    expect(agent).toBeGreaterThan(fixed * 1.05);
  });

  it('tells the agent how long its stock must last: until the delivery and until the season ends', () => {
    const m = new Market(scarceStock, 1);
    const at = (name: (typeof FEATURE_NAMES)[number]): number => encodeState(m)[FEATURE_NAMES.indexOf(name)];
    expect(N_FEATURES).toBe(FEATURE_NAMES.length);
    while (!m.pipeline.length && m.day < 10) m.step(100);
    // The reorder went out with ~30 units left, ~5 sold a day, 14 days to the delivery: not enough to cover them.
    expect(m.pipeline).toHaveLength(1);
    expect(at('days_to_arrival')).toBeCloseTo((m.pipeline[0].day - m.day) / 14, 5);
    expect(at('cover_to_arrival')).toBeLessThan(1);
    expect(at('cover_to_season_end')).toBeGreaterThan(at('cover_to_arrival'));
    const early = at('days_left_weeks');
    m.step(100);
    expect(at('days_left_weeks')).toBeLessThan(early);
  });

  it('stores n-step discounts in the replay buffer and zero after the last day', () => {
    const buf = new ReplayBuffer(4, 2);
    buf.push(Float32Array.of(1, 2), 3, 0.5, Float32Array.of(3, 4), false, 0.9 ** 5);
    buf.push(Float32Array.of(5, 6), 1, 1.5, Float32Array.of(7, 8), true, 0.9);
    const b = buf.sample(32, new Rng(1));
    for (let j = 0; j < b.n; j++) {
      const expected = b.actions[j] === 3 ? 0.9 ** 5 : 0;
      expect(b.discount?.[j]).toBeCloseTo(expected, 6);
      expect(b.done[j]).toBe(b.actions[j] === 3 ? 0 : 1);
    }
  });
});

describe('several networks per category, one kept per SKU', () => {
  it('trains one network per seed, gives every SKU the checkpoint that earns most on its own seeds, and old single-network files still load', async () => {
    const { trainCategory, PICK_SEEDS } = await import('../../engine/pricing/train-pool');
    const { greedyScore } = await import('../../engine/pricing/agent-validate');
    const { weightsFor } = await import('../../engine/pricing/agent-store');
    const { scenarioRules } = await import('../../engine/pricing/scenario');
    await tf.ready();
    const before = tf.memory().numTensors;
    const a = { ...competitorDriven, name: 'SKU-A' };
    const b = { ...scarceStock, name: 'SKU-B' };
    const r = await trainCategory({ category: 'c', scenarios: [a, b], rules: [scenarioRules(a), scenarioRules(b)], history: [], options: { steps: 600, seed: 3, validations: 3 }, networks: 2, checkpoints: 2 });
    expect(r.stats.steps).toBe(1200);
    expect(Object.keys(r.pick).sort()).toEqual(['SKU-A', 'SKU-B']);
    // Only checkpoints some SKU chose are kept, and every kept one is somebody's choice.
    expect(r.networks.length).toBeGreaterThanOrEqual(1);
    expect(r.networks.length).toBeLessThanOrEqual(2);
    expect(new Set(Object.values(r.pick)).size).toBe(r.networks.length);
    // Each SKU's choice is the best of the kept ones on seeds that are neither training nor evaluation seeds.
    const nets = await Promise.all(r.networks.map((w) => loadAgent(w)));
    for (const s of [a, b]) {
      const scores = nets.map((d) => greedyScore(d, [s], scenarioRules, PICK_SEEDS));
      expect(scores[r.pick[s.name]]).toBe(Math.max(...scores));
    }
    const saved = { category: 'c', createdAt: '', features: FEATURE_NAMES, stats: r.stats, skus: 2, weights: r.weights, networks: r.networks, pick: r.pick };
    expect(weightsFor(saved, 'SKU-B').weights).toBe(r.networks[r.pick['SKU-B']]);
    // A file from single-network training (no networks/pick) answers its one network for every SKU.
    const old = { ...saved, networks: undefined, pick: undefined };
    expect(weightsFor(old, 'SKU-B')).toEqual({ index: -1, weights: r.weights });
    nets.forEach((d) => d.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the best validated checkpoints, best first, the first being the live network', async () => {
    await tf.ready();
    const { dqn, stats, checkpoints } = await trainAgent([scarceStock], { steps: 900, seed: 5, validations: 4, keepCheckpoints: 3 });
    expect(checkpoints.length).toBe(3);
    const x = encodeState(new Market(scarceStock, 2));
    const first = await loadAgent(checkpoints[0]);
    expect(Array.from(dqn.predict(x, 1))).toEqual(Array.from(first.predict(x, 1)));
    first.dispose();
    const { greedyScore } = await import('../../engine/pricing/agent-validate');
    const { scenarioRules } = await import('../../engine/pricing/scenario');
    const valSeeds = Array.from({ length: 24 }, (_, i) => 700_000 + 5 * 100 + i);
    const scores = await Promise.all(checkpoints.map(async (w) => {
      const d = await loadAgent(w);
      const v = greedyScore(d, [scarceStock], scenarioRules, valSeeds);
      d.dispose();
      return v;
    }));
    expect(scores[0]).toBeCloseTo(stats.validation ?? NaN, 4);
    expect(scores[0]).toBeGreaterThanOrEqual(scores[1]);
    expect(scores[1]).toBeGreaterThanOrEqual(scores[2]);
    dqn.dispose();
  });
});
