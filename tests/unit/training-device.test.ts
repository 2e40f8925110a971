/**
 * Where training loops run. No GPU exists on the test machines, so the GPU is played by a test double: a CPU backend
 * that, like WebGPU in Node, cannot hand over data synchronously unless it was read asynchronously first. Training a
 * model on it must give the same model as training on wasm, and every synchronous read afterwards (scoring,
 * forecasting, the recommender's epoch-end check) must work on the thread's own backend.
 */
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { selectBackend, setTrainingDeviceForTests, trainingDevice } from '../../models/backend';
import { createSasrec } from '../../models/recommend/sasrec';
import { train } from '../../models/forecast/hybrid';
import { gapsOf, kindsOf } from '../../engine/recs/sasrec-adapter';
import { leaveLastOut } from '../../engine/recs/split';
import { plantedWalks } from './recs-fixtures';
import { synthSeries } from './neural-synth';

const DOUBLE = 'gpu-double';
let handedOver = 0;
/** True while the engine reads a tensor synchronously (dataSync, or moving it to another backend). */
let engineRead = false;

/** The GPU stand-in: kernels as on the CPU; a synchronous read by another backend fails unless the data was read asynchronously. */
class NoSyncHandover extends MathBackendCPU {
  private readonly fetched = new WeakSet<object>();
  override async read(dataId: object): Promise<tf.backend_util.BackendValues> {
    const v = await super.read(dataId);
    this.fetched.add(dataId);
    return v;
  }
  override readSync(dataId: object): tf.backend_util.BackendValues {
    // Its own kernels read synchronously (they run "on the device"); dataSync or a move to another backend is a
    // synchronous GPU read, which works only for data already read asynchronously (a copy on the CPU).
    if (engineRead) {
      if (!this.fetched.has(dataId)) throw new Error('synchronous read of GPU data');
      handedOver++;
    }
    return super.readSync(dataId);
  }
}

async function registerDouble(): Promise<void> {
  await selectBackend();
  if (tf.findBackend(DOUBLE)) return;
  tf.registerBackend(DOUBLE, () => new NoSyncHandover());
  const engine = tf.engine() as unknown as { readSync: (dataId: object) => tf.backend_util.BackendValues };
  const plain = engine.readSync.bind(engine);
  engine.readSync = (dataId) => {
    engineRead = true;
    try {
      return plain(dataId);
    } finally {
      engineRead = false;
    }
  };
  for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: DOUBLE });
}

afterEach(() => setTrainingDeviceForTests(null));

describe('training device', () => {
  it('without a GPU (as on this machine) training stays on wasm and says why; DESK_GPU=off and bad values are handled', async () => {
    const dev = await trainingDevice();
    expect(dev.name).toBe('wasm');
    expect(dev.gpu).toBeNull();
    expect(['no-adapter', 'no-package', 'software']).toContain(dev.code);
    setTrainingDeviceForTests(null);
    process.env.DESK_GPU = 'off';
    try {
      expect((await trainingDevice()).code).toBe('off');
      setTrainingDeviceForTests(null);
      process.env.DESK_GPU = 'fastest';
      await expect(trainingDevice()).rejects.toThrow(/DESK_GPU='fastest' is not valid; use auto, webgpu or off/);
      setTrainingDeviceForTests(null);
      process.env.DESK_GPU = 'webgpu';
      await expect(trainingDevice()).rejects.toThrow(/DESK_GPU=webgpu, but no GPU adapter/);
    } finally {
      delete process.env.DESK_GPU;
    }
  });

  it('the recommender trained on the GPU (test double) scores like the one trained on wasm, in its epoch-end check too', async () => {
    await registerDouble();
    const d = plantedWalks({ groups: 3, size: 8, users: 90, steps: 6 });
    const tr = leaveLastOut(d).train;
    const seq = { nItems: tr.nItems, items: tr.seqs, kinds: tr.seqs.map((s, u) => kindsOf(tr.kinds?.[u], s.length)), gaps: tr.seqs.map((s, u) => gapsOf(tr.times?.[u], s.length)) };
    const users = [0, 1, 2, 3, 4, 5];
    const cfg = { maxLen: 8, dim: 16, blocks: 1, epochs: 4, lr: 0.01, adamEpsilon: 1e-7, itemInitStd: 0.25, batch: 32, negatives: 16, dropout: 0.1, contrastive: 0.1, maxSeconds: 60, ema: 0.9 };
    const run = async (): Promise<{ scores: Float32Array; checks: Float32Array[] }> => {
      const m = await createSasrec(tr.nItems, cfg);
      const checks: Float32Array[] = [];
      const score = (): Float32Array => m.scoreHistories(users.map((u) => seq.items[u]), users.map((u) => seq.kinds[u]), users.map((u) => seq.gaps[u]));
      await m.fit(seq, { epochEnd: () => void checks.push(score()) });
      const scores = score();
      m.dispose();
      return { scores, checks };
    };
    const onWasm = await run();
    const before = tf.memory().numTensors;
    handedOver = 0;
    setTrainingDeviceForTests(DOUBLE);
    const onGpu = await run();
    expect(tf.getBackend()).toBe('wasm');
    expect(handedOver).toBeGreaterThan(0);
    expect(onGpu.checks).toHaveLength(4);
    onGpu.checks.forEach((c, e) => c.forEach((v, i) => expect(v).toBeCloseTo(onWasm.checks[e][i], 2)));
    onGpu.scores.forEach((v, i) => expect(v).toBeCloseTo(onWasm.scores[i], 2));
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('the forecaster trained on the GPU (test double) forecasts on wasm like the one trained there', async () => {
    await registerDouble();
    const { train: series } = synthSeries({ series: 12, days: 120, horizon: 7, seed: 5 });
    const params = { window: 14, horizon: 7, units: 16, heads: 2, ffUnits: 16, epochs: 2, windowsPerEpoch: 128, batchSize: 32, seed: 3 };
    const p50 = async (): Promise<number[]> => {
      const m = await train(series, params);
      const fc = m.predict(series, 7);
      m.dispose();
      return [...fc.values()].flatMap((q) => q.p50);
    };
    const onWasm = await p50();
    handedOver = 0;
    setTrainingDeviceForTests(DOUBLE);
    const onGpu = await p50();
    expect(tf.getBackend()).toBe('wasm');
    expect(handedOver).toBeGreaterThan(0);
    onGpu.forEach((v, i) => expect(v).toBeCloseTo(onWasm[i], 2));
  }, 120_000);
});
