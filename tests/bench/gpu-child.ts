/**
 * One run of the GPU benchmark (gpu.bench.ts starts one process per setting, DESK_GPU=webgpu or off): matMul speed,
 * then training of the product's two largest models with their default settings on seeded synthetic data — the
 * sequential recommender (models/recommend/sasrec.ts; an epoch-end check scores synchronously, as the recommender's
 * early stop does) and the hybrid LSTM + Transformer forecaster (models/forecast/hybrid.ts) — each followed by
 * scoring on the thread's backend, as the app does. Prints one JSON line.
 */
import { measureGflops, onTrainingDevice, selectBackend, trainingDevice } from '../../models/backend';
import { createSasrec, gapBucket, type SeqData } from '../../models/recommend/sasrec';
import { train } from '../../models/forecast/hybrid';
import { mulberry32 } from '../../models/forecast/data';
import { synthSeries } from '../unit/neural-synth';

/** Customers walking through topics of a catalogue: the next item is mostly from the same topic, just ahead in it. */
function sessions(users: number, len: number, nItems: number, seed: number): SeqData {
  const rnd = mulberry32(seed);
  const topics = 50;
  const per = Math.floor(nItems / topics);
  const data: SeqData = { nItems, items: [], kinds: [], gaps: [] };
  for (let u = 0; u < users; u++) {
    const items = new Int32Array(len);
    let topic = Math.floor(rnd() * topics);
    let at = Math.floor(rnd() * per);
    for (let t = 0; t < len; t++) {
      if (rnd() < 0.1) topic = Math.floor(rnd() * topics);
      at = (at + 1 + Math.floor(rnd() * 3)) % per;
      items[t] = topic * per + at;
    }
    data.items.push(items);
    data.kinds.push(new Uint8Array(len).fill(1));
    data.gaps.push(Uint8Array.from({ length: len }, (_, t) => gapBucket(t === 0 ? null : 600 + rnd() * 7200)));
  }
  return data;
}

const base = await selectBackend();
const dev = await trainingDevice();
const out: Record<string, unknown> = { backend: base.name, device: dev.name, gpu: dev.gpu, reason: dev.reason };
out.gflopsBase = await measureGflops(1024, 10);
// measureGflops times the active backend: inside the training device's loop, that is the GPU.
out.gflopsDevice = await onTrainingDevice(() => [], () => measureGflops(1024, 10));

// 2 epochs of 16 steps of 64 windows of 51 events over 10,000 items (product defaults: 1,024 sampled negatives,
// dim 48); after each epoch, the share of 256 held-out next items in the top 10 (scored on the thread's backend).
const seq = sessions(16 * 64 + 256, 52, 10_000, 7);
const trainSeq: SeqData = { nItems: seq.nItems, items: seq.items.map((s) => s.subarray(0, 51)), kinds: seq.kinds.map((k) => k.subarray(0, 51)), gaps: seq.gaps.map((g) => g.subarray(0, 51)) };
const checkUsers = Array.from({ length: 256 }, (_, i) => seq.items.length - 256 + i);
const model = await createSasrec(seq.nItems, { epochs: 2, maxSeconds: 3600, ema: 0 });
const hits: number[] = [];
const hitRate = (): number => {
  const scores = model.scoreHistories(checkUsers.map((u) => trainSeq.items[u]), checkUsers.map((u) => trainSeq.kinds[u]), checkUsers.map((u) => trainSeq.gaps[u]));
  let hit = 0;
  checkUsers.forEach((u, r) => {
    const row = scores.subarray(r * seq.nItems, (r + 1) * seq.nItems);
    const target = row[seq.items[u][51]];
    let above = 0;
    for (const v of row) if (v > target) above++;
    if (above < 10) hit++;
  });
  return hit / checkUsers.length;
};
let t0 = performance.now();
const fit = await model.fit({ ...trainSeq, items: trainSeq.items.slice(0, 16 * 64), kinds: trainSeq.kinds.slice(0, 16 * 64), gaps: trainSeq.gaps.slice(0, 16 * 64) }, { epochEnd: () => void hits.push(hitRate()) });
const fitSeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
const hr = hitRate();
out.sasrec = { seconds: fitSeconds, steps: 32, loss: fit.loss, hitRate: hr, epochHitRates: hits, scoreSeconds: (performance.now() - t0) / 1000 };
model.dispose();

// 2 epochs of 16 batches of 128 windows (56 days in, 28 out) over 300 synthetic series, then a forecast of all.
const { train: series } = synthSeries({ series: 300, days: 400, horizon: 28, seed: 3 });
t0 = performance.now();
const hybrid = await train(series, { epochs: 2 });
const trainSeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
const fc = hybrid.predict(series, 28);
let sum = 0;
for (const q of fc.values()) sum += q.p50.reduce((a, v) => a + v, 0);
out.hybrid = { seconds: trainSeconds, steps: 32, loss: hybrid.config.lossHistory.at(-1), meanP50: sum / (fc.size * 28), predictSeconds: (performance.now() - t0) / 1000 };
hybrid.dispose();
process.stdout.write(`${JSON.stringify(out)}\n`);
