import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../models/backend';
import { mm } from '../../models/recommend/layers';
import { createSasrec } from '../../models/recommend/sasrec';
import { cooccurrenceVectors, symmetricEigen } from '../../models/recommend/warm-start';
import { plantedWalks } from './recs-fixtures';

/** Runs `f` while counting 2-D BatchMatMul calls and those with a transpose flag (the wasm backend's slow path). */
async function countFlaggedProducts(f: () => Promise<void>): Promise<{ flagged: number; all: number }> {
  const cfg = tf.getKernel('BatchMatMul', tf.getBackend());
  if (!cfg) throw new Error('no BatchMatMul kernel');
  const counts = { flagged: 0, all: 0 };
  tf.unregisterKernel('BatchMatMul', cfg.backendName);
  tf.registerKernel({
    ...cfg,
    setupFunc: undefined,
    kernelFunc: (args) => {
      const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      // Batched (3-D) products, the attention, have no fast path either way: count the 2-D ones.
      if (a.shape.length !== 2 || b.shape.length !== 2) return cfg.kernelFunc(args);
      counts.all++;
      if (attrs.transposeA || attrs.transposeB) counts.flagged++;
      return cfg.kernelFunc(args);
    },
  });
  try {
    await f();
  } finally {
    tf.unregisterKernel('BatchMatMul', cfg.backendName);
    tf.registerKernel(cfg);
  }
  return counts;
}

describe('sequential model speed on wasm', () => {
  it('mm gives the same value and gradients as tf.matMul', async () => {
    await selectBackend();
    const a = tf.randomNormal([7, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([5, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const w = tf.randomNormal([7, 3], 0, 1, 'float32', 3);
    const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => mm(x as tf.Tensor2D, y as tf.Tensor2D).mul(w).sum())([a, b]);
    const ref = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y).mul(w).sum())([a, b]);
    for (let i = 0; i < 2; i++) expect(Array.from(await ours[i].data())).toEqual(Array.from(await ref[i].data()).map((v) => expect.closeTo(v, 5)));
    expect(Array.from(mm(a, b).dataSync())).toEqual(Array.from(tf.matMul(a, b).dataSync()).map((v) => expect.closeTo(v, 5)));
    tf.dispose([a, b, w, ...ours, ...ref]);
  });

  it('training steps and scoring use no matrix product with a transpose flag (wasm runs those 10–15× slower)', async () => {
    const d = plantedWalks({ groups: 3, size: 8, users: 40, steps: 6 });
    const m = await createSasrec(24, { maxLen: 8, dim: 16, blocks: 2, epochs: 1, batch: 16, negatives: 8, contrastive: 0 });
    const seq = { nItems: 24, items: d.seqs, kinds: d.seqs.map((s) => new Uint8Array(s.length).fill(1)), gaps: d.seqs.map((s) => new Uint8Array(s.length)) };
    const counts = await countFlaggedProducts(async () => {
      await m.fit(seq);
      m.scoreHistories(d.seqs.slice(0, 3), seq.kinds.slice(0, 3), seq.gaps.slice(0, 3));
    });
    m.dispose();
    expect(counts.all).toBeGreaterThan(0);
    expect(counts.flagged).toBe(0);
  }, 60_000);
});

describe('warm start from co-occurrence (an option of the sequential model)', () => {
  it('item vectors put items walked together closer than items of other groups', () => {
    const d = plantedWalks({ groups: 3, size: 8, users: 90, steps: 6 });
    const v = cooccurrenceVectors(d.seqs, 24, 8, { seed: 1 });
    const dot = (a: number, b: number): number => {
      let s = 0;
      for (let c = 0; c < 8; c++) s += v[a * 8 + c] * v[b * 8 + c];
      return s;
    };
    let same = 0;
    let other = 0;
    for (let a = 0; a < 24; a++) {
      for (let b = 0; b < 24; b++) {
        if (a === b) continue;
        if (Math.floor(a / 8) === Math.floor(b / 8)) same += dot(a, b) / (24 * 7);
        else other += dot(a, b) / (24 * 16);
      }
    }
    // Rows have length 1: the mean cosine within a group must clearly exceed the mean across groups.
    expect(same).toBeGreaterThan(other + 0.3);
  });

  it('the Jacobi eigen-solver recovers a known spectrum', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 9), expect.closeTo(3, 9)]);
  });
});
