/** A Double-DQN Q-network in TensorFlow.js: build, train step, predict, save/load as JSON, dispose. Seeded; tensor math in tf.tidy. */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend';

/** Network and learning settings. */
export interface DqnConfig {
  inputs: number;
  actions: number;
  hidden: number[];
  learningRate: number;
  gamma: number;
  huberDelta: number;
  seed: number;
  /** Dueling head: Q = V + A − mean(A), so the state's value (large, time-to-go) and the small action advantages are learnt apart. */
  dueling?: boolean;
}

/** A batch of transitions, flattened row-major. */
export interface DqnBatch {
  n: number;
  states: Float32Array;
  actions: Int32Array;
  rewards: Float32Array;
  next: Float32Array;
  /** 1 where the episode ended after the transition. */
  done: Float32Array;
  /** Factor on the next state's value (γ^n for n-step returns, 0 at the end); absent: γ × (1 − done). */
  discount?: Float32Array;
}

/** The weights as plain arrays (what is saved to disk). */
export interface DqnWeights {
  config: DqnConfig;
  tensors: { shape: number[]; values: number[] }[];
}

/** A live Q-network pair (online + target). */
export interface Dqn {
  config: DqnConfig;
  /** Q-values for n states: n × actions, row-major. */
  predict(states: Float32Array, n: number): Float32Array;
  /** One gradient step on the Huber loss of the Double-DQN target; returns the loss. */
  trainStep(b: DqnBatch): number;
  /** Copies the online weights into the target network. */
  syncTarget(): void;
  weights(): DqnWeights;
  /** Puts saved weights (same architecture) into the online and target networks. */
  load(w: DqnWeights): void;
  dispose(): void;
}

function mlp(c: DqnConfig, seedOffset: number): tf.Sequential {
  const m = tf.sequential();
  c.hidden.forEach((units, i) => {
    m.add(tf.layers.dense({
      units,
      activation: 'relu',
      inputShape: i === 0 ? [c.inputs] : undefined,
      kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + seedOffset + i }),
    }));
  });
  m.add(tf.layers.dense({ units: c.actions + (c.dueling ? 1 : 0), kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + seedOffset + 99 }) }));
  return m;
}

/** The seeded initial weights of a new network (what `buildDqn` starts from), as plain arrays. */
export async function initialWeights(config: DqnConfig): Promise<DqnWeights['tensors']> {
  await selectBackend();
  const net = mlp(config, 0);
  const tensors = net.getWeights().map((w) => ({ shape: w.shape, values: Array.from(w.dataSync()) }));
  net.dispose();
  return tensors;
}

/** Q-values from the network's output (combines the dueling head's value and advantages). */
function qValues(c: DqnConfig, net: tf.Sequential, x: tf.Tensor): tf.Tensor2D {
  const out = net.predict(x) as tf.Tensor2D;
  if (!c.dueling) return out;
  const v = out.slice([0, 0], [-1, 1]);
  const a = out.slice([0, 1], [-1, c.actions]);
  return v.add(a.sub(a.mean(1, true)));
}

/** Builds a Q-network (after selecting the compute backend); `from` restores saved weights. */
export async function buildDqn(config: DqnConfig, from?: DqnWeights): Promise<Dqn> {
  await selectBackend();
  const online = mlp(config, 0);
  const target = mlp(config, 0);
  const optimizer = tf.train.adam(config.learningRate);
  const load = (w: DqnWeights): void => {
    if (w.tensors.length !== online.getWeights().length) throw new Error(`Saved DQN has ${w.tensors.length} weight tensors; this network needs ${online.getWeights().length}`);
    const ws = w.tensors.map((t) => tf.tensor(t.values, t.shape));
    online.setWeights(ws);
    ws.forEach((x) => x.dispose());
  };
  if (from) load(from);
  const sync = (): void => {
    const ws = online.getWeights();
    target.setWeights(ws);
  };
  sync();
  return {
    config,
    predict(states, n) {
      return tf.tidy(() => qValues(config, online, tf.tensor2d(states, [n, config.inputs])).dataSync() as Float32Array);
    },
    trainStep(b) {
      const targets = tf.tidy(() => {
        const s2 = tf.tensor2d(b.next, [b.n, config.inputs]);
        // Double DQN: the online net picks the next action, the target net values it.
        const best = qValues(config, online, s2).argMax(1);
        const qT = qValues(config, target, s2);
        const qBest = qT.mul(tf.oneHot(best, config.actions)).sum(1);
        const disc = b.discount ? tf.tensor1d(b.discount) : tf.scalar(1).sub(tf.tensor1d(b.done)).mul(config.gamma);
        return tf.tensor1d(b.rewards).add(qBest.mul(disc));
      });
      const s = tf.tensor2d(b.states, [b.n, config.inputs]);
      const mask = tf.tidy(() => tf.oneHot(tf.tensor1d(b.actions, 'int32'), config.actions));
      const loss = optimizer.minimize(() => {
        const q = qValues(config, online, s).mul(mask).sum(1);
        return tf.losses.huberLoss(targets, q, undefined, config.huberDelta) as tf.Scalar;
      }, true);
      const value = loss ? loss.dataSync()[0] : NaN;
      tf.dispose([targets, s, mask, loss ?? []]);
      return value;
    },
    syncTarget: sync,
    load(w) {
      load(w);
      sync();
    },
    weights() {
      return { config, tensors: online.getWeights().map((w) => ({ shape: w.shape, values: Array.from(w.dataSync()) })) };
    },
    dispose() {
      online.dispose();
      target.dispose();
      optimizer.dispose();
    },
  };
}
