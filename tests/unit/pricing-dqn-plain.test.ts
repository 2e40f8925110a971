import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildDqn, type DqnBatch, type DqnConfig } from '../../models/pricing/dqn';
import { buildPlainDqn } from '../../models/pricing/dqn-plain';
import { matmulABt } from '../../models/pricing/matmul';

// The pricing agents train with the plain-math Q-network; TensorFlow.js's version is the reference it must equal.
const F = 30;
const A = 11;
const config = (o: Partial<DqnConfig> = {}): DqnConfig => ({ inputs: F, actions: A, hidden: [64, 64], learningRate: 1e-3, gamma: 0.95, huberDelta: 1, seed: 7, dueling: true, ...o });

/** A deterministic stream of batches: states in [−1, 1], rewards large enough that some errors pass the Huber bend. */
function batches(count: number, n = 32, seed = 1): DqnBatch[] {
  let s = seed;
  const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: count }, (_, i) => ({
    n,
    states: Float32Array.from({ length: n * F }, () => rnd() * 2 - 1),
    actions: Int32Array.from({ length: n }, () => Math.floor(rnd() * A)),
    rewards: Float32Array.from({ length: n }, () => rnd() * 4 - 1),
    next: Float32Array.from({ length: n * F }, () => rnd() * 2 - 1),
    done: Float32Array.from({ length: n }, () => (rnd() < 0.1 ? 1 : 0)),
    // Half the batches with n-step discounts, half with γ × (1 − done).
    discount: i % 2 ? Float32Array.from({ length: n }, () => (rnd() < 0.1 ? 0 : 0.77)) : undefined,
  }));
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

describe('pricing Q-network in plain math', () => {
  it('the blocked kernel multiplies like the textbook loop, whatever the sizes', () => {
    for (const [n, p, m] of [[1, 30, 64], [32, 64, 12], [5, 7, 3], [3, 1, 1], [9, 13, 5]]) {
      const a = Float64Array.from({ length: n * p }, (_, i) => Math.sin(i + 1));
      const b = Float64Array.from({ length: m * p }, (_, i) => Math.cos(i * 0.7));
      const c = new Float64Array(n * m);
      matmulABt(a, n, p, b, m, c);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < m; j++) {
          let s = 0;
          for (let k = 0; k < p; k++) s += a[r * p + k] * b[j * p + k];
          expect(c[r * m + j]).toBeCloseTo(s, 12);
        }
      }
    }
  });

  for (const dueling of [true, false]) {
    it(`trains step for step like the TensorFlow.js network (${dueling ? 'dueling' : 'plain'} head): same losses, weights and Q-values`, async () => {
      const tensorsBefore = tf.memory().numTensors;
      const c = config({ dueling });
      const ref = await buildDqn(c);
      const plain = await buildPlainDqn(c);
      // Same seeded starting point.
      expect(maxDiff(plain.weights().tensors.flatMap((t) => t.values), ref.weights().tensors.flatMap((t) => t.values))).toBe(0);
      const bs = batches(200);
      const losses: [number, number][] = [];
      bs.forEach((b, i) => {
        losses.push([ref.trainStep(b), plain.trainStep(b)]);
        if (i % 50 === 49) {
          ref.syncTarget();
          plain.syncTarget();
        }
      });
      for (const [r, p] of losses) expect(Math.abs(r - p)).toBeLessThan(1e-4 * Math.max(1, Math.abs(r)));
      // The weights moved (learning happened) and moved the same way.
      const fresh = await buildDqn(c);
      const start = fresh.weights().tensors.flatMap((t) => t.values);
      fresh.dispose();
      const wRef = ref.weights().tensors.flatMap((t) => t.values);
      const wPlain = plain.weights().tensors.flatMap((t) => t.values);
      expect(maxDiff(wRef, start)).toBeGreaterThan(1e-2);
      expect(maxDiff(wPlain, wRef)).toBeLessThan(1e-4);
      expect(plain.weights().tensors.map((t) => t.shape)).toEqual(ref.weights().tensors.map((t) => t.shape));
      const states = bs[0].states;
      expect(maxDiff(plain.predict(states, 32), ref.predict(states, 32))).toBeLessThan(1e-3);
      // One state at a time (how an agent acts) gives the first row of the batch.
      expect(maxDiff(plain.predict(states.subarray(0, F), 1), plain.predict(states, 32).subarray(0, A))).toBeLessThan(1e-9);
      ref.dispose();
      // The plain network holds no tensors; the seeded initial weights were read from a network that was disposed.
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    });
  }

  it('saves in the TensorFlow.js layout: an agent saved by either loads in the other and acts the same', async () => {
    const c = config();
    const plain = await buildPlainDqn(c);
    for (const b of batches(30, 32, 5)) plain.trainStep(b);
    const saved = plain.weights();
    const asRef = await buildDqn(c, saved);
    const states = batches(1, 16, 9)[0].states;
    expect(maxDiff(asRef.predict(states, 16), plain.predict(states, 16))).toBeLessThan(1e-4);
    const back = await buildPlainDqn(c, asRef.weights());
    expect(maxDiff(back.predict(states, 16), plain.predict(states, 16))).toBeLessThan(1e-4);
    // load() replaces the online and the target network: a step after loading computes the same loss in both.
    const fresh = await buildPlainDqn(c);
    fresh.load(saved);
    const probe = batches(1, 32, 11)[0];
    expect(Math.abs(fresh.trainStep(probe) - asRef.trainStep(probe))).toBeLessThan(1e-4);
    asRef.dispose();
    await expect(buildPlainDqn(config({ hidden: [32] }), saved)).rejects.toThrow(/weight tensors|needs/);
  });
});
