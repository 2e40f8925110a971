/** The hybrid neural demand model: seeded global training, quantile prediction, save/load to a folder, dispose. */
import * as tf from '@tensorflow/tfjs';
import { onTrainingDevice, selectBackend } from '../backend';
import { DEFAULT_PARAMS, QUANTILES, buildNetwork, pinballLoss, type HybridParams } from './build';
import { FUTURE_LAGS, allocBatch, buildSpec, covDim, fillWindow, mulberry32, prepare, type Batch, type DataSpec, type ModelSeries, type Prepared } from './data';
import { readArtefacts, writeArtefacts } from './io';

export { DEFAULT_PARAMS, type HybridParams } from './build';
export type { ModelSeries } from './data';

/** Quantile forecast of one series, in the series' own units. */
export interface QuantileForecast {
  p10: number[];
  p50: number[];
  p90: number[];
  /** Expected value per day, from the mean head (models trained with HybridParams.meanHead); absent otherwise. */
  mean?: number[];
}

/** Hooks a long training run reports to and can be stopped through. */
export interface TrainHooks {
  /** Called after every batch. */
  onProgress?: (done: number, total: number, phase: string) => void;
  /** Checked between batches; throwing from it (or returning true) stops training. */
  isCancelled?: () => boolean;
}

/** Everything needed to rebuild a trained model. */
export interface HybridConfig {
  params: HybridParams;
  spec: DataSpec;
  /** Mean training loss per epoch. */
  lossHistory: number[];
}

/** Raised when training was cancelled through TrainHooks.isCancelled. */
export class TrainingCancelled extends Error {
  constructor() {
    super('Training cancelled');
    this.name = 'TrainingCancelled';
  }
}

function toTensors(b: Batch, p: HybridParams, cd: number): tf.Tensor[] {
  return [
    tf.tensor3d(b.past, [b.size, p.window, cd + 2]),
    tf.tensor3d(b.fut, [b.size, p.horizon, cd + FUTURE_LAGS]),
    tf.tensor2d(b.sku, [b.size, b.skuDim]),
    tf.tensor2d(b.cat, [b.size, b.catDim]),
  ];
}

/** A trained (or loaded) hybrid model. Call dispose() when done. */
export class HybridModel {
  private disposed = false;

  constructor(
    private readonly net: tf.LayersModel,
    /** Architecture, data spec and training history. */
    readonly config: HybridConfig,
  ) {}

  /** Forecasts `horizon` (<= params.horizon) days after each series' history; covariates must reach that far. */
  predict(series: ModelSeries[], horizon = this.config.params.horizon): Map<string, QuantileForecast> {
    if (this.disposed) throw new Error('HybridModel was disposed');
    const p = this.config.params;
    if (horizon < 1 || horizon > p.horizon) throw new Error(`horizon ${horizon} is outside 1..${p.horizon} (the model was trained for ${p.horizon})`);
    const cd = covDim(this.config.spec);
    const out = new Map<string, QuantileForecast>();
    const bs = 256;
    for (let i = 0; i < series.length; i += bs) {
      const chunk = series.slice(i, i + bs).map((s) => prepare(s, this.config.spec, p.horizon));
      const b = allocBatch(chunk.length, p.window, p.horizon, this.config.spec);
      chunk.forEach((pr, r) => fillWindow(b, r, pr, pr.n, p.window, p.horizon, cd));
      // Read the data outside tidy: tidy walks every element of a returned typed array (tens of ms).
      const outT = tf.tidy(() => this.net.predict(toTensors(b, p, cd)) as tf.Tensor);
      const k = outT.shape[outT.shape.length - 1] as number;
      const data = outT.dataSync();
      outT.dispose();
      chunk.forEach((pr, r) => {
        const q: QuantileForecast = { p10: [], p50: [], p90: [], ...(k > QUANTILES.length ? { mean: [] } : {}) };
        for (let h = 0; h < horizon; h++) {
          const o = (r * p.horizon + h) * k;
          q.p10.push(Math.max(0, data[o] * pr.scale));
          q.p50.push(Math.max(0, data[o + 1] * pr.scale));
          q.p90.push(Math.max(0, data[o + 2] * pr.scale));
          q.mean?.push(Math.max(0, data[o + 3] * pr.scale));
        }
        out.set(pr.id, q);
      });
    }
    return out;
  }

  /** Writes model.json + weights.bin as the folder `dir` (replaced whole, atomically). */
  async save(dir: string): Promise<void> {
    await writeArtefacts(this.net, dir, this.config);
  }

  /** Frees the weights. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net.dispose();
  }
}

function fullParams(partial: Partial<HybridParams>): HybridParams {
  const p = { ...DEFAULT_PARAMS, ...partial };
  const bad = (Object.keys(p) as (keyof HybridParams)[]).filter((k) => !Number.isFinite(p[k]) || (p[k] as number) < 0);
  if (bad.length) throw new Error(`Invalid hybrid model params: ${bad.join(', ')} must be non-negative numbers`);
  if (p.units % p.heads !== 0) throw new Error(`units (${p.units}) must be divisible by heads (${p.heads})`);
  return p;
}

/** Trains one global model across all series (each scaled by its mean). Seeded: same data + seed + backend = same model. */
export async function train(series: ModelSeries[], partial: Partial<HybridParams> = {}, hooks: TrainHooks = {}): Promise<HybridModel> {
  await selectBackend();
  const p = fullParams(partial);
  const usable = series.filter((s) => s.values.some((v) => Number.isFinite(v)) && s.values.length >= 2);
  if (!usable.length) throw new Error('No series with observed history to train on');
  const spec = buildSpec(usable);
  const prepared: Prepared[] = usable.map((s) => prepare(s, spec, p.horizon));
  const cd = covDim(spec);
  const net = buildNetwork(p, spec);
  const optimizer = tf.train.adam(p.learningRate);
  const rng = mulberry32(p.seed);
  const batches = Math.max(1, Math.ceil(p.windowsPerEpoch / p.batchSize));
  const total = p.epochs * batches;
  const vars = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const lossHistory: number[] = [];
  // The steps run on the GPU when there is a fast one (models/backend.ts); prediction stays on the thread's backend.
  const held = (): tf.Tensor[] => net.weights.map((w) => w.read());
  try {
    await onTrainingDevice(held, async () => {
      for (let e = 0; e < p.epochs; e++) {
        let sum = 0;
        for (let bi = 0; bi < batches; bi++) {
          if (hooks.isCancelled?.()) throw new TrainingCancelled();
          const b = allocBatch(p.batchSize, p.window, p.horizon, spec);
          for (let r = 0; r < p.batchSize; r++) {
            const pr = prepared[Math.floor(rng() * prepared.length)];
            const tMin = Math.min(7, pr.n - 1);
            const t = tMin + Math.floor(rng() * (pr.n - tMin));
            fillWindow(b, r, pr, t, p.window, p.horizon, cd);
          }
          const [x0, x1, x2, x3] = toTensors(b, p, cd);
          const y = tf.tensor2d(b.target, [b.size, p.horizon]);
          const cost = optimizer.minimize(() => pinballLoss(net.apply([x0, x1, x2, x3], { training: true }) as tf.Tensor, y), true, vars);
          sum += cost ? (await cost.data())[0] : 0;
          tf.dispose([x0, x1, x2, x3, y, cost ?? []]);
          hooks.onProgress?.(e * batches + bi + 1, total, `epoch ${e + 1}/${p.epochs}`);
        }
        lossHistory.push(sum / batches);
      }
    });
  } catch (err) {
    net.dispose();
    throw err;
  } finally {
    optimizer.dispose();
  }
  return new HybridModel(net, { params: p, spec, lossHistory });
}

/** Loads a model saved with save(dir) and warms it up once. */
export async function load(dir: string): Promise<HybridModel> {
  await selectBackend();
  const { config, weights } = await readArtefacts(dir);
  const net = buildNetwork(config.params, config.spec);
  const current = net.getWeights();
  if (current.length !== weights.length || current.some((w, i) => w.shape.join() !== weights[i].shape.join())) {
    tf.dispose(weights);
    net.dispose();
    throw new Error(`The weights in ${dir} do not match the model architecture in its model.json`);
  }
  net.setWeights(weights);
  tf.dispose(weights);
  const model = new HybridModel(net, config);
  const cd = covDim(config.spec);
  const warm = allocBatch(1, config.params.window, config.params.horizon, config.spec);
  const w = tf.tidy(() => net.predict(toTensors(warm, config.params, cd)) as tf.Tensor);
  w.dataSync();
  w.dispose();
  return model;
}
