import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { agentPolicy, loadAgent, trainAgent } from '../../engine/pricing/agent';
import { bestStaticPolicy } from '../../engine/pricing/baselines';
import { meanReward } from '../../engine/pricing/policy';
import { parseScenario } from '../../engine/pricing/scenario';
import { Market } from '../../engine/pricing/simulator';
import { encodeState } from '../../engine/pricing/state';

// Planted pattern: a volatile competitor whose price drives demand strongly. A static price cannot follow it.
const planted = parseScenario({
  horizon: 28,
  demand: { elasticity: -1.5, competitorSensitivity: 10 },
  competitors: [{ behaviour: 'random-walk', volatility: 0.06 }],
});
const evalSeeds = Array.from({ length: 10 }, (_, i) => i + 1);

describe('pricing agent (Double DQN)', () => {
  it('beats the best static price on a competitor-driven market, without leaking tensors', async () => {
    await tf.ready();
    const before = tf.memory().numTensors;
    const { dqn, stats } = await trainAgent([planted], { steps: 2000, seed: 7 });
    expect(stats.gradientSteps).toBeGreaterThan(500);
    const agent = meanReward(planted, agentPolicy(dqn), evalSeeds);
    const fixed = meanReward(planted, bestStaticPolicy(planted), evalSeeds);
    expect(agent).toBeGreaterThan(fixed * 1.02);

    // Saved weights give the same decisions after reloading.
    const m = new Market(planted, 5);
    const x = encodeState(m);
    const q1 = dqn.predict(x, 1);
    const copy = await loadAgent(dqn.weights());
    expect(Array.from(copy.predict(x, 1))).toEqual(Array.from(q1));
    copy.dispose();
    dqn.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
