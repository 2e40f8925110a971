import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { WeightAverage } from '../../models/recommend/average';
import { evaluateModels } from '../../engine/recs/evaluate';
import { gapsOf, kindsOf } from '../../engine/recs/sasrec-adapter';
import { createSasrec, type Sasrec } from '../../models/recommend/sasrec';
import { leaveLastOut } from '../../engine/recs/split';
import { plantedWalks } from './recs-fixtures';

const TINY_SASREC = { maxLen: 8, dim: 16, blocks: 1, epochs: 12, lr: 0.01, adamEpsilon: 1e-7, itemInitStd: 0.25, batch: 32, negatives: 16, dropout: 0.1, contrastive: 0, maxSeconds: 60, patience: 0 };

describe('weight averaging of the sequential model', () => {
  it('the average follows avg ← d·avg + (1 − d)·w with the warm-up d = min(decay, (1 + t) / (10 + t))', () => {
    const before = tf.memory().numTensors;
    const init = tf.tensor1d([0, 10]);
    const v = tf.variable(init);
    init.dispose();
    const avg = new WeightAverage([v], 0.5);
    let expected = [0, 10];
    const values = [[4, 2], [8, -6], [1, 1], [3, 3]];
    values.forEach((x, t) => {
      const xt = tf.tensor1d(x);
      v.assign(xt);
      xt.dispose();
      avg.update();
      const d = Math.min(0.5, (1 + t) / (10 + t));
      expected = expected.map((a, i) => d * a + (1 - d) * x[i]);
    });
    const [got] = avg.copy();
    const data = Array.from(got.dataSync());
    data.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 5));
    // The variable itself is untouched: training goes on from the raw weights.
    expect(Array.from(v.dataSync())).toEqual([3, 3]);
    got.dispose();
    avg.dispose();
    v.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with `ema` the trained model scores with exactly the averaged weights, not the last step\'s', async () => {
    const d = plantedWalks({ groups: 3, size: 8, users: 90, steps: 6 });
    const train = leaveLastOut(d).train;
    const seq = { nItems: train.nItems, items: train.seqs, kinds: train.seqs.map((s, u) => kindsOf(train.kinds?.[u], s.length)), gaps: train.seqs.map((s, u) => gapsOf(train.times?.[u], s.length)) };
    const users = [0, 1, 2, 3, 4, 5];
    const score = (m: Sasrec): Float32Array => m.scoreHistories(users.map((u) => seq.items[u]), users.map((u) => seq.kinds[u]), users.map((u) => seq.gaps[u]));
    const { patience: _p, ...cfg } = TINY_SASREC;
    const before = tf.memory().numTensors;
    // Plain training with an average kept beside it (it leaves training alone), scored both ways.
    const plain = await createSasrec(train.nItems, { ...cfg, ema: 0 });
    const beside = plain.averager(0.9);
    await plain.fit(seq, { stepEnd: () => beside.update() });
    const raw = score(plain);
    plain.restore(beside.copy());
    const byHand = score(plain);
    // The same training (same seed, same steps) with `ema`: the model it returns scores as the average does.
    const averaged = await createSasrec(train.nItems, { ...cfg, ema: 0.9 });
    expect(averaged.cfg.ema).toBe(0.9);
    await averaged.fit(seq);
    const got = score(averaged);
    got.forEach((s, i) => expect(s).toBeCloseTo(byHand[i], 4));
    // ... and not as the last step's weights do: scoring changed by more than float noise.
    const moved = Math.max(...Array.from(got, (s, i) => Math.abs(s - raw[i])));
    expect(moved).toBeGreaterThan(1e-2);
    beside.dispose();
    plain.dispose();
    averaged.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 180_000);

  it('an averaged model keeps the planted next-item pattern (NDCG@10 ≥ 0.6) and leaks no tensors, early stopping included', async () => {
    const d = plantedWalks({ groups: 3, size: 8, users: 90, steps: 6 });
    const before = tf.memory().numTensors;
    const rows = await evaluateModels(d, { models: ['sasrec'], protocol: 'full', seed: 1, modelOptions: { sasrec: { ...TINY_SASREC, epochs: 40, patience: 2, ema: 0.9 } } });
    expect(rows[0].skipped).toBeNull();
    expect(rows[0].ndcg).toBeGreaterThanOrEqual(0.6);
    expect(tf.memory().numTensors).toBe(before);
  }, 180_000);
});
