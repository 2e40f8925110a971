// An ensemble of sequential Transformers (option `ensemble`): K models trained with different seeds, scored with the mean
// of their scores, saved and loaded as one weights file, within one shared time cap.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { combineScores, DEFAULT_SASREC_SECONDS, MEMBER_SEED_STEP } from '../../engine/recs/ensemble';
import { TrainParams } from '../../engine/recs/store-run';
import { recsPhase } from '../../engine/recs/messages';
import { DEFAULT_SASREC } from '../../models/recommend/sasrec';
import { evaluateModels } from '../../engine/recs/evaluate';
import { SasrecRecommender } from '../../engine/recs/sasrec-adapter';
import { standardise } from '../../engine/recs/tail';
import { historyFor, leaveLastOut } from '../../engine/recs/split';
import { loadTransformer, saveTransformer } from '../../engine/recs/weights';
import { plantedWalks } from './recs-fixtures';
import { tempDirsPerTest } from './helpers';

const TINY_SASREC = { maxLen: 8, dim: 16, blocks: 1, epochs: 6, lr: 0.01, adamEpsilon: 1e-7, itemInitStd: 0.25, batch: 32, negatives: 16, dropout: 0.1, contrastive: 0, maxSeconds: 120, patience: 0 };
const newDir = tempDirsPerTest();

// Each member's own scores, straight from its model.
function memberScores(m: SasrecRecommender, hs: ReturnType<typeof historyFor>[]): Float32Array[] {
  return m.members().map((x) => SasrecRecommender.fromTrained(x).score(hs));
}

describe('an ensemble of sequential models', () => {
  it('scores as the mean of its members (each the model its seed trains alone), saves and loads as one file, leaks no tensors', async () => {
    const d = plantedWalks({ groups: 3, size: 8, users: 60, steps: 6 });
    const split = leaveLastOut(d);
    const hs = split.evalUsers.slice(0, 8).map((u) => historyFor(d, u, 'test'));
    const before = tf.memory().numTensors;
    const ens = new SasrecRecommender({ ...TINY_SASREC, ensemble: 2, seed: 5 });
    await ens.fit(split.train);
    expect(ens.members()).toHaveLength(2);
    expect(ens.lastFit?.members?.map((m) => m.seed)).toEqual([5, 5 + MEMBER_SEED_STEP]);
    const got = ens.score(hs);
    const [a, b] = memberScores(ens, hs);
    // The default mix: each member's scores standardised per customer, then averaged.
    const n = d.itemIds.length;
    const [za, zb] = [a.slice(), b.slice()];
    for (let r = 0; r < hs.length; r++) {
      standardise(za, r * n, n);
      standardise(zb, r * n, n);
    }
    got.forEach((s, i) => expect(s).toBeCloseTo((za[i] + zb[i]) / 2, 4));
    // With the raw mix, the mean of the raw scores.
    const raw = SasrecRecommender.fromTrained([...ens.members()], 'raw').score(hs);
    raw.forEach((s, i) => expect(s).toBeCloseTo((a[i] + b[i]) / 2, 4));
    // The members differ (else averaging would change nothing) ...
    expect(Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i])))).toBeGreaterThan(1e-2);
    // ... and the second is exactly what a single model with its seed learns.
    const alone = new SasrecRecommender({ ...TINY_SASREC, seed: 5 + MEMBER_SEED_STEP });
    await alone.fit(split.train);
    alone.score(hs).forEach((s, i) => expect(s).toBeCloseTo(b[i], 4));
    alone.dispose();
    // Saved and loaded: both members come back and the loaded ensemble ranks as the trained one.
    const path = join(newDir(), 'ens.sasrec');
    const pop = new Float32Array(d.itemIds.length).fill(1);
    expect(await saveTransformer(ens, path, { runId: 'r', productDbIds: d.itemIds.map((_, i) => i + 1) }, pop)).toBe(path);
    const loaded = await loadTransformer(path);
    expect(loaded?.seq.members()).toHaveLength(2);
    const again = loaded?.seq.score(hs) as Float32Array;
    again.forEach((s, i) => expect(s).toBeCloseTo(got[i], 5));
    loaded?.seq.dispose();
    ens.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 180_000);

  it('the standardised mix is the mean of each member\'s per-customer standardised scores', () => {
    const a = Float32Array.from([1, 2, 3, 0, 100, 50]);
    const b = Float32Array.from([3, 1, 2, 1, 0, 0.9]);
    const za = a.slice();
    const zb = b.slice();
    for (const r of [0, 1]) {
      standardise(za, r * 3, 3);
      standardise(zb, r * 3, 3);
    }
    const raw = combineScores([a.slice(), b.slice()], 2, 'raw');
    raw.forEach((s, i) => expect(s).toBeCloseTo((a[i] + b[i]) / 2, 4));
    const std = combineScores([a.slice(), b.slice()], 2, 'standardised');
    std.forEach((s, i) => expect(s).toBeCloseTo((za[i] + zb[i]) / 2, 4));
    // Raw, the second customer's first item is the larger-scaled member's; standardised, both members count alike.
    expect(raw[4]).toBeGreaterThan(raw[5]);
    expect(std[5]).toBeGreaterThan(std[4]);
  });

  it('still ranks the planted next item (NDCG@10 ≥ 0.6) with early stopping, within one shared time cap (a member without time to finish is not started)', async () => {
    const d = plantedWalks({ groups: 3, size: 8, users: 90, steps: 6 });
    const before = tf.memory().numTensors;
    let trained = 0;
    const rows = await evaluateModels(d, { models: ['sasrec'], protocol: 'full', seed: 1, modelOptions: { sasrec: { ...TINY_SASREC, epochs: 40, patience: 2, ensemble: 2 } }, onTrained: (_n, m) => void (trained = (m as SasrecRecommender).members().length) });
    expect(trained).toBe(2);
    expect(rows[0].skipped).toBeNull();
    expect(rows[0].ndcg).toBeGreaterThanOrEqual(0.6);
    expect(tf.memory().numTensors).toBe(before);
    // The cap is the whole ensemble's: trained one after another, a first member that uses it all leaves no time for a
    // second, which is then not started (rather than trained for a moment); the training stays within the cap.
    const split = leaveLastOut(d);
    const capped = new SasrecRecommender({ ...TINY_SASREC, epochs: 100_000, ensemble: 2, maxSeconds: 2, workers: 1 });
    // Its progress follows the clock toward the cap (100,000 epochs allowed would otherwise keep it near 0% to the end).
    const seen: number[] = [];
    await capped.fit(split.train, { progress: (done, total) => seen.push(done / total) });
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
    expect(Math.max(...seen)).toBeGreaterThan(0.6);
    const fit = capped.lastFit;
    expect(fit?.members).toHaveLength(1);
    expect(capped.members()).toHaveLength(1);
    expect(fit?.seconds ?? 99).toBeLessThan(2 + 1.5);
    capped.dispose();
    // Side by side on two threads, two members start together with the whole cap; a third would have to wait for one
    // of them and is not started. Still within the cap (plus a thread's start and the last step).
    // (A 10 s cap: a loaded machine can take seconds to start the second thread.)
    const wide = new SasrecRecommender({ ...TINY_SASREC, epochs: 100_000, ensemble: 3, maxSeconds: 10, workers: 2 });
    await wide.fit(split.train);
    expect(wide.lastFit?.members?.map((m) => m.seed)).toEqual([42, 42 + MEMBER_SEED_STEP]);
    expect(wide.lastFit?.threads).toBe(2);
    expect(wide.members()).toHaveLength(2);
    expect(wide.lastFit?.seconds ?? 99).toBeLessThan(10 + 4);
    wide.dispose();
  }, 180_000);

  it('members trained side by side in two threads are the models one thread trains (same scores), and a cancel stops both threads', async () => {
    const d = plantedWalks({ groups: 3, size: 8, users: 60, steps: 6 });
    const split = leaveLastOut(d);
    const hs = split.evalUsers.slice(0, 8).map((u) => historyFor(d, u, 'test'));
    const before = tf.memory().numTensors;
    const opts = { ...TINY_SASREC, ensemble: 3, seed: 9, patience: 2, epochs: 8 };
    const one = new SasrecRecommender({ ...opts, workers: 1 });
    await one.fit(split.train);
    const two = new SasrecRecommender({ ...opts, workers: 2 });
    let last = 0;
    await two.fit(split.train, { progress: (done, total) => void (last = done / total) });
    // The bar counts an early-stopped member as done.
    expect(last).toBeGreaterThan(0.6);
    expect(one.lastFit?.threads).toBe(1);
    expect(two.lastFit?.threads).toBe(2);
    expect(two.members()).toHaveLength(3);
    // Each member kept the same epoch and scores the same, whichever thread trained it.
    expect(two.lastFit?.members?.map((m) => [m.seed, m.bestEpoch])).toEqual(one.lastFit?.members?.map((m) => [m.seed, m.bestEpoch]));
    const [a, b] = [one.score(hs), two.score(hs)];
    a.forEach((s, i) => expect(b[i]).toBeCloseTo(s, 4));
    one.dispose();
    two.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // Cancelled once the progress line has named both members as training side by side (a loaded machine boots the
    // second thread slowly, so no fixed delay): the training stops with the caller's cancellation (both threads), soon.
    const slow = new SasrecRecommender({ ...TINY_SASREC, epochs: 100_000, ensemble: 2, maxSeconds: 120, workers: 2 });
    const phases = new Set<string>();
    const t0 = Date.now();
    let cancelAt = 0;
    const err = await slow.fit(split.train, {
      progress: (_d, _t, phase) => void phases.add(phase.replace(/epoch \d+/, 'epoch N')),
      checkCancelled: () => {
        if (phases.has('[1+2/2] epoch N/100000') || Date.now() - t0 > 90_000) {
          cancelAt ||= Date.now();
          throw Object.assign(new Error('stopped by the merchant'), { code: 'cancelled' });
        }
      },
    }).catch((e: Error) => e);
    expect([...phases]).toContain('[1+2/2] epoch N/100000');
    expect((err as Error).message).toBe('stopped by the merchant');
    expect(Date.now() - cancelAt).toBeLessThan(10_000);
    expect(slow.members()).toHaveLength(0);
    expect(tf.memory().numTensors).toBe(before);
  }, 180_000);

  it('the store training, the command line and the model share one time cap, inside the 15-minute target', () => {
    expect(DEFAULT_SASREC.maxSeconds).toBe(DEFAULT_SASREC_SECONDS);
    expect(TrainParams.parse({}).maxSeconds).toBe(DEFAULT_SASREC_SECONDS);
    expect(DEFAULT_SASREC_SECONDS).toBeLessThanOrEqual(15 * 60);
  });

  it('the training phase reads in the job\'s language: which Transformers train side by side, and the epoch', () => {
    expect(recsPhase('en', '[1+2/3] epoch 4/20')).toBe('Transformers 1 and 2 of 3, side by side: epoch 4 of 20');
    expect(recsPhase('zh', '[1+2/3] epoch 4/20')).toBe('序列 Transformer 第 1、2 个（共 3 个，并行训练）：第 4/20 轮');
    expect(recsPhase('en', '[3/3] epoch 9/20')).toBe('Transformer 3 of 3: epoch 9 of 20');
    expect(recsPhase('zh', 'epoch 2/20')).toBe('序列 Transformer：第 2/20 轮');
    expect(recsPhase('zh', 'als')).toBe('矩阵分解（ALS）');
    expect(recsPhase('en', 'something else')).toBe('something else');
  });
});
