/**
 * gSASRec-style sequential recommender in TensorFlow.js: causal self-attention over a customer's recent events with
 * learned positions, event-kind and time-gap (session) inputs, trained with many sampled negatives and gBCE
 * (Petrov & Macdonald 2023). Item vectors come from an item tower (models/recommend/tower.ts): ID embedding fused
 * with text and image features, aligned by InfoNCE.
 */
import * as tf from '@tensorflow/tfjs';
import { onTrainingDevice, selectBackend } from '../backend';
import { block, blockVars, gatherRows, layerNorm, mkVar, mm, type BlockVars } from './layers';
import { ItemTower, type ContentFeatures } from './tower';
import { WeightAverage } from './average';
import { cooccurrence, cooccurrenceVectors } from './warm-start';

/** Hyper-parameters; every field has a default in DEFAULT_SASREC. */
export interface SasrecConfig {
  maxLen: number;
  dim: number;
  blocks: number;
  dropout: number;
  lr: number;
  batch: number;
  epochs: number;
  /** Uniformly sampled negatives per step (shared by the batch). */
  negatives: number;
  /** gBCE calibration t in [0, 1] (1 = fully calibrated). */
  gbceT: number;
  /** Weight of the InfoNCE content/behaviour alignment (0 = off). */
  contrastive: number;
  /** Share of item IDs hidden per step so the content path learns to stand alone. */
  idDropout: number;
  seed: number;
  /** Stop after this many seconds of training (checked between batches). */
  maxSeconds: number;
  /**
   * Adam's epsilon for the item ID table. Large on purpose: an item seen once gets a tiny gradient, which plain Adam
   * (ε = 1e-8) turns into a full-size step, so rare items end up scoring above popular ones; a large ε keeps their
   * steps proportional to how often they are seen.
   */
  adamEpsilon: number;
  /** Adam's epsilon for every other weight (dense gradients: the usual small value lets them learn at full speed). */
  denseEpsilon: number;
  /** Standard deviation of the initial item ID vectors (small: see ItemTower). */
  itemInitStd: number;
  /** Start item ID vectors from the co-occurrence spectrum (models/recommend/warm-start.ts) instead of noise. */
  warmStart: boolean;
  /** Start each item's score offset at ln(1 + training count) (else 0; the offset is trained either way). */
  itemBias: boolean;
  /**
   * Separate input and output item vectors. Tied, the 256 shared negatives push every sampled item along the same
   * direction each step, so the input vectors lose what tells items apart and every customer's vector converges.
   */
  untied: boolean;
  /**
   * Training loss: `gbce` (sampled negatives, calibrated BCE) or `ce` (softmax cross-entropy over the whole catalogue,
   * as SASRec+ / Klenitskiy & Vasilev 2023; every item gets a gradient at every step) or `ssm`: sampled softmax over the
   * batch's own targets (drawn by popularity) plus `negatives` uniform items, each logit corrected by −log of the item's
   * chance to be in the set (Yi et al. 2019), so the popular items get the pressure full softmax would give them.
   */
  loss: 'gbce' | 'ce' | 'ssm';
  /**
   * Dense future targets (sampled softmax only): each position is also trained to predict the `future` − 1 items after
   * its next one, the j-th ahead weighted `futureDecay`^(j − 1) (1 = next item only, plain SASRec). Customers rate or
   * browse in bursts whose order within the burst says little, so the items shortly ahead are nearly as good targets as
   * the very next one; this gives every position several positives at the cost of a few gathered rows.
   */
  future: number;
  futureDecay: number;
  /**
   * Sampled softmax only: leave out of each position's normaliser the candidates the customer has already had up to that
   * position (other than the position's own targets), as the evaluation leaves history items out of the ranking, so the
   * model need not learn to push seen items down.
   */
  maskSeen: boolean;
  /**
   * Decay per step of an exponential moving average of every weight (0 = off). With it on, the epoch-end hook and the
   * trained model score with the averaged weights (models/recommend/average.ts); training itself is unchanged. The
   * average's warm-up, d = min(ema, (1 + t) / (10 + t)), keeps it to about the last tenth of the steps until the cap.
   */
  ema: number;
  /**
   * Co-occurrence graph in the item tower (0 = off): each output item vector becomes its own plus `graphAlpha` times the
   * weighted mean of its `graphK` strongest co-occurrence neighbours' (counted on the training sequences only, as the
   * co-occurrence baseline counts them), so a rarely seen item borrows the vectors of the items it is seen with.
   * Off by default (2026-12-05, ml-latest-small): one model's validation NDCG@10 (full) peaked at 0.071–0.075 over five
   * settings (K 20 / 50, α 0.5 / 1 / 2, input vectors too or not, width 96) against 0.0697 without, but each epoch took
   * ~30% longer, and the product's capped ensemble on fresh seed 67 scored 0.0612 on the test item (0.0597–0.0607 on
   * seeds 53 / 59 / 61 without it) at 2.8 GB peak RSS instead of 1.7 GB.
   */
  graphK: number;
  graphAlpha: number;
  /** Also propagate the input item vectors over the same graph. */
  graphInput: boolean;
}

/**
 * Defaults chosen on the validation item of ml-latest-small (never its test item), 2026-12-02. Sampled softmax (`ssm`)
 * replaced gBCE with 256 uniform negatives: with gBCE validation NDCG@10 (full) peaked at 0.018 after 3 epochs and fell
 * (rare items, rarely drawn as negatives, rose into every top 10); with `ssm` it rose to 0.053–0.055 by epochs 8–10
 * (lr 0.003; 0.040 at epoch 9 with lr 0.001; dropout 0.4 was slower: 0.049 at epoch 8). 1,024 uniform negatives
 * instead of 256 scored higher at every epoch from the second (0.053–0.059 at epochs 6–10 against 0.048–0.055); two
 * blocks of 64 did not (0.042–0.056). Full softmax (`ce`) learned
 * too, but one epoch took 4 minutes and 3.6 GB here. With sampled softmax every item table row gets normal Adam steps
 * (ε 1e-8). `epochs` is a ceiling: the recommender stops early on an inner held-out item (engine/recs/sasrec-adapter.ts).
 * Weight averaging (`ema` 0.99, 2026-12-03; dev-sasrec.ts EMAS=, seed 42, validation item only): validation NDCG@10 (full)
 * with the averaged weights against the raw ones at epochs 6–15: 0.0608/0.0593, 0.0659/0.0620, 0.0679/0.0671,
 * 0.0697/0.0669, 0.0688/0.0657, 0.0694/0.0703, 0.0692/0.0610, 0.0662/0.0633, 0.0677/0.0627, 0.0671/0.0586 — higher at 9
 * of 10 epochs (mean 0.0673 against 0.0637, +5.6%) and steadier from epoch to epoch (0.066–0.070 from epoch 7), so the
 * early stop's pick depends less on where it lands. On ml-latest-small (~40 steps an epoch) the warm-up sets the decay
 * until epoch ~14; at epoch 15 a cap of 0.98 gave 0.0646, 0.99–0.998 0.0671. Averaging the scores of the last 2 or 3
 * epochs' weights instead (three times the scoring cost) was no better: 0.0602–0.0691 / 0.0629–0.0708 at epochs 10–15.
 */
export const DEFAULT_SASREC: SasrecConfig = {
  maxLen: 50, dim: 48, blocks: 1, dropout: 0.2, lr: 0.003, batch: 64, epochs: 20, negatives: 1024, gbceT: 0.75, contrastive: 0.1, idDropout: 0.1, seed: 42, maxSeconds: 780, adamEpsilon: 1e-8, denseEpsilon: 1e-8, itemInitStd: 0.01, warmStart: false, itemBias: false, untied: true, loss: 'ssm', future: 5, futureDecay: 0.7, maskSeen: false, ema: 0.99, graphK: 0, graphAlpha: 1, graphInput: false,
};

/**
 * The `maskSeen` penalty of one training batch: −1e4 where a candidate (1-based item id) is an item the position's
 * customer had at or before it and is not one of the position's own targets (next or ahead, which keep their place in
 * the normaliser even when they repeat an earlier item), else 0; [positions × candidates], row-major. `pos` says, per
 * position of the batch as the training step laid it out, whose sequence it reads (−1 for padding) and at which index;
 * `ahead` holds K − 1 targets per position.
 */
export function seenItemMask(items: readonly Int32Array[], pos: { user: Int32Array; src: Int32Array }, cand: Int32Array, tgt: Int32Array, ahead: Int32Array | null, K: number): Float32Array {
  const col = new Map<number, number>();
  cand.forEach((x, c) => col.set(x, c));
  const C = cand.length;
  const mask = new Float32Array(tgt.length * C);
  for (let at = 0; at < tgt.length; at++) {
    const u = pos.user[at];
    if (u < 0) continue;
    const row = at * C;
    for (let q = 0; q <= pos.src[at]; q++) {
      const c = col.get(items[u][q] + 1);
      if (c !== undefined) mask[row + c] = -1e4;
    }
    const own = [tgt[at], ...(ahead ? Array.from(ahead.subarray(at * (K - 1), (at + 1) * (K - 1))) : [])];
    for (const x of own) {
      const c = x > 0 ? col.get(x) : undefined;
      if (c !== undefined) mask[row + c] = 0;
    }
  }
  return mask;
}

/** Number of time-gap buckets: 0 = first event, 1 = same session (<30 min), then log-spaced gaps. */
export const GAP_BUCKETS = 12;
/** Event kinds the kind embedding knows (0 is padding). */
export const KIND_SLOTS = 8;

/** Training sequences: item indices (0-based), their kinds and gap buckets, per user. */
export interface SeqData {
  nItems: number;
  items: Int32Array[];
  kinds: Uint8Array[];
  gaps: Uint8Array[];
}

/** Progress/cancel hooks. */
export interface FitHooks {
  progress?: (done: number, total: number, phase: string) => void;
  checkCancelled?: () => void;
  /** Called after each optimiser step (e.g. to keep extra weight averages in development). */
  stepEnd?: () => void;
  /** Called after each epoch (the model can score in it); resolving true stops training there. */
  epochEnd?: (epoch: number) => Promise<boolean | void> | boolean | void;
}

/** Buckets the gap in seconds before an event (null = first event). */
export function gapBucket(seconds: number | null): number {
  if (seconds === null || !Number.isFinite(seconds)) return 0;
  if (seconds < 1800) return 1;
  return Math.min(GAP_BUCKETS - 1, 2 + Math.floor(Math.log2(seconds / 1800)));
}

/** The sequential model: create with `createSasrec`, then `fit`, `embedHistories`, `scoreHistories`, `dispose`. */
export class Sasrec {
  readonly cfg: SasrecConfig;
  readonly tower: ItemTower;
  private readonly pos: tf.Variable;
  private readonly kindEmb: tf.Variable;
  private readonly gapEmb: tf.Variable;
  private readonly blocks: BlockVars[];
  private readonly lnG: tf.Variable;
  private readonly lnB: tf.Variable;
  /** Separate input item vectors when `untied` (else the item tower's table is both input and output). */
  private readonly inputEmb: tf.Variable | null;
  /** Per-item score offset [nItems + 1, 1], started at ln(1 + training count) (see fit). */
  private readonly itemBias: tf.Variable;
  private readonly causal: tf.Tensor2D;
  private readonly nItems: number;
  /** The fused item table for inference, computed once after training (dropped when training starts again). */
  private served: tf.Tensor2D | null = null;
  private servedT: tf.Tensor2D | null = null;
  private servedBias: tf.Tensor2D | null = null;
  /** The co-occurrence graph (graphK > 0, built in fit): neighbour rows [(n + 1)·K] and weights [n + 1, K, 1]. */
  private graph: { idx: tf.Tensor1D; w: tf.Tensor3D } | null = null;

  constructor(nItems: number, cfg: SasrecConfig, content: ContentFeatures | null) {
    this.cfg = cfg;
    this.nItems = nItems;
    const d = cfg.dim;
    this.tower = new ItemTower(nItems, d, content, cfg.seed, cfg.itemInitStd);
    this.pos = mkVar(tf.randomNormal([cfg.maxLen, d], 0, 0.02, 'float32', cfg.seed + 11), 'sas_pos');
    this.kindEmb = mkVar(tf.randomNormal([KIND_SLOTS, d], 0, 0.02, 'float32', cfg.seed + 12), 'sas_kind');
    this.gapEmb = mkVar(tf.randomNormal([GAP_BUCKETS, d], 0, 0.02, 'float32', cfg.seed + 13), 'sas_gap');
    this.blocks = Array.from({ length: cfg.blocks }, (_, b) => blockVars(d, cfg.seed + 100 * (b + 1), `sas_b${b}`));
    this.lnG = mkVar(tf.ones([d]), 'sas_lng');
    this.lnB = mkVar(tf.zeros([d]), 'sas_lnb');
    this.itemBias = mkVar(tf.zeros([nItems + 1, 1]), 'sas_item_bias');
    this.inputEmb = cfg.untied ? mkVar(tf.randomNormal([nItems + 1, d], 0, cfg.itemInitStd, 'float32', cfg.seed + 14), 'sas_input') : null;
    this.causal = tf.tidy(() => tf.linalg.bandPart(tf.ones([cfg.maxLen, cfg.maxLen]), -1, 0) as tf.Tensor2D);
  }

  private variables(): tf.Variable[] {
    return [this.pos, this.kindEmb, this.gapEmb, this.lnG, this.lnB, this.itemBias, ...(this.inputEmb ? [this.inputEmb] : []), ...this.blocks.flatMap((b) => Object.values(b)), ...this.tower.variables()];
  }

  /** Hidden states [B, L, d] for left-padded inputs (items are 1-based, 0 = padding). */
  private encode(table: tf.Tensor2D, items: tf.Tensor2D, kinds: tf.Tensor2D, gaps: tf.Tensor2D, seed: number | null): tf.Tensor3D {
    const [bsz, len] = items.shape;
    const d = this.cfg.dim;
    const keep = items.greater(0).cast('float32').reshape([bsz, len, 1]) as tf.Tensor3D;
    const inTable = this.inputEmb ? (this.cfg.graphInput ? this.propagate(this.inputEmb as tf.Tensor2D) : (this.inputEmb as tf.Tensor2D)) : table;
    const e = gatherRows(inTable, items.reshape([-1]) as tf.Tensor1D).reshape([bsz, len, d]).mul(Math.sqrt(d));
    const k = gatherRows(this.kindEmb as unknown as tf.Tensor2D, kinds.reshape([-1]) as tf.Tensor1D).reshape([bsz, len, d]);
    const g = gatherRows(this.gapEmb as unknown as tf.Tensor2D, gaps.reshape([-1]) as tf.Tensor1D).reshape([bsz, len, d]);
    let x = e.add(this.pos.slice([this.cfg.maxLen - len, 0], [len, d])).add(k).add(g);
    if (seed !== null && this.cfg.dropout > 0) x = tf.dropout(x, this.cfg.dropout, undefined, seed);
    x = x.mul(keep);
    const keyOk = items.greater(0).cast('float32').reshape([bsz, 1, len]);
    const allowed = this.causal.slice([this.cfg.maxLen - len, this.cfg.maxLen - len], [len, len]).reshape([1, len, len]).mul(keyOk);
    const bias = tf.scalar(1).sub(allowed).mul(-1e9) as tf.Tensor3D;
    let h = x as tf.Tensor3D;
    this.blocks.forEach((b, i) => (h = block(h, b, bias, keep, this.cfg.dropout, seed === null ? null : seed + 7 * (i + 1))));
    return layerNorm(h, this.lnG, this.lnB) as tf.Tensor3D;
  }

  /** Trains on the sequences (each position predicts the next item). */
  async fit(data: SeqData, hooks: FitHooks = {}): Promise<{ epochs: number; seconds: number; loss: number }> {
    const cfg = this.cfg;
    const L = cfg.maxLen;
    this.dropServing();
    // Every window of maxLen + 1 events is a training sequence, so long histories are used whole, not just their end.
    const samples: [number, number][] = [];
    data.items.forEach((s, u) => {
      for (let end = s.length; end >= 2; end -= L) samples.push([u, end]);
    });
    const pop = new Float32Array(this.nItems);
    for (const s of data.items) for (const i of s) pop[i]++;
    this.tower.setSeen(pop);
    if (cfg.graphK > 0) this.setGraph(data.items);
    // A short training touches most rare items never as a negative and maybe once as a positive, so without a prior
    // every item it pushed down (the popular ones) ends below the untouched ones and the tail fills every top 10.
    // Starting each item's offset at ln(1 + count) puts the popularity ranking in from step one; training adjusts it.
    if (cfg.itemBias) {
      const b = new Float32Array(this.nItems + 1);
      pop.forEach((c, i) => (b[i + 1] = Math.log1p(c)));
      const t = tf.tensor2d(b, [this.nItems + 1, 1]);
      this.itemBias.assign(t);
      t.dispose();
    }
    if (cfg.warmStart) {
      const v = cooccurrenceVectors(data.items, this.nItems, cfg.dim, { seed: cfg.seed });
      this.tower.setIdVectors(v);
      // Untied, the input vectors start from the same directions (shorter: the encoder scales them by √d).
      if (this.inputEmb) {
        const rows = new Float32Array((this.nItems + 1) * cfg.dim);
        rows.set(v.map((x) => x * 0.1), cfg.dim);
        const t = tf.tensor2d(rows, [this.nItems + 1, cfg.dim]);
        this.inputEmb.assign(t);
        t.dispose();
      }
    }
    // Two optimisers: the item table and offsets (adamEpsilon) and the dense weights (denseEpsilon).
    const optItems = tf.train.adam(cfg.lr, 0.9, 0.98, cfg.adamEpsilon);
    const optDense = tf.train.adam(cfg.lr, 0.9, 0.98, cfg.denseEpsilon);
    const vars = this.variables();
    const sparse = new Set([this.tower.idVariable().name, this.itemBias.name, ...(this.inputEmb ? [this.inputEmb.name] : [])]);
    let rnd = cfg.seed >>> 0;
    const rand = (): number => {
      rnd = (rnd + 0x6d2b79f5) >>> 0;
      let t = rnd;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const t0 = Date.now();
    const steps = Math.ceil(samples.length / cfg.batch);
    let lastLoss = NaN;
    let epoch = 0;
    const alpha = Math.min(1, cfg.negatives / Math.max(1, this.nItems - 1));
    const beta = alpha * (cfg.gbceT * (1 - 1 / alpha) + 1 / alpha);
    const avg = cfg.ema > 0 ? new WeightAverage(vars, cfg.ema) : null;
    // The steps run on the GPU when there is a fast one (models/backend.ts); the epoch-end check reads synchronously,
    // so it runs on the thread's backend.
    const held = (): tf.Tensor[] => [...vars, this.causal, ...this.tower.tensors(), ...(this.graph ? [this.graph.idx, this.graph.w] : [])];
    await onTrainingDevice(held, async (onThread) => {
      try {
        for (; epoch < cfg.epochs; epoch++) {
          for (let i = samples.length - 1; i > 0; i--) {
            const j = Math.floor(rand() * (i + 1));
            [samples[i], samples[j]] = [samples[j], samples[i]];
          }
          for (let s = 0; s < steps; s++) {
            hooks.checkCancelled?.();
            const us = samples.slice(s * cfg.batch, (s + 1) * cfg.batch);
            const len = Math.min(L, Math.max(...us.map(([, end]) => end - 1)));
            const inp = new Int32Array(us.length * len);
            const kin = new Int32Array(us.length * len);
            const gap = new Int32Array(us.length * len);
            const tgt = new Int32Array(us.length * len);
            const K = cfg.loss === 'ssm' ? Math.max(1, Math.floor(cfg.future)) : 1;
            // Targets j = 2..K items ahead (0 = none); they may lie past the window's end (still training data).
            const ahead = K > 1 ? new Int32Array(us.length * len * (K - 1)) : null;
            // Per position: whose sequence it reads (−1 = padding) and at which index (for the maskSeen penalty).
            const pos = { user: new Int32Array(us.length * len).fill(-1), src: new Int32Array(us.length * len) };
            us.forEach(([u, end], r) => {
              const seq = data.items[u].subarray(0, end);
              const n = Math.min(len, seq.length - 1);
              for (let p = 0; p < n; p++) {
                const src = seq.length - 1 - n + p;
                const at = r * len + (len - n) + p;
                inp[at] = seq[src] + 1;
                kin[at] = data.kinds[u][src];
                gap[at] = data.gaps[u][src];
                tgt[at] = seq[src + 1] + 1;
                pos.user[at] = u;
                pos.src[at] = src;
                if (ahead) {
                  const full = data.items[u];
                  for (let j = 2; j <= K && src + j < full.length; j++) ahead[at * (K - 1) + j - 2] = full[src + j] + 1;
                }
              }
            });
            const negs = new Int32Array(cfg.negatives);
            for (let k = 0; k < negs.length; k++) negs[k] = 1 + Math.floor(rand() * this.nItems);
            let cand: Int32Array | null = null;
            let candLogQ: Float32Array | null = null;
            let tgtLogQ: Float32Array | null = null;
            let aheadLogQ: Float32Array | null = null;
            let seenMask: Float32Array | null = null;
            if (cfg.loss === 'ssm') {
              // Candidate set: the distinct targets of this batch plus the uniform negatives; each corrected by the log of its
              // chance to be in the set: 1 − (1 − p_i)^P · (1 − k/n), p_i its share of training events, P positions.
              const set = new Set<number>();
              let P = 0;
              for (const x of tgt) {
                if (x <= 0) continue;
                set.add(x);
                P++;
              }
              for (const x of negs) set.add(x);
              if (ahead) for (const x of ahead) if (x > 0) set.add(x);
              cand = Int32Array.from(set);
              const total = pop.reduce((a, v) => a + v, 0) || 1;
              const logQ = (i: number): number => Math.log(Math.max(1e-9, 1 - Math.pow(1 - pop[i - 1] / total, P) * (1 - Math.min(1, cfg.negatives / this.nItems))));
              candLogQ = Float32Array.from(cand, logQ);
              tgtLogQ = Float32Array.from(tgt, (x) => (x > 0 ? logQ(x) : 0));
              if (ahead) aheadLogQ = Float32Array.from(ahead, (x) => (x > 0 ? logQ(x) : 0));
              if (cfg.maskSeen) seenMask = seenItemMask(data.items, pos, cand, tgt, ahead, K);
            }
            const stepSeed = cfg.seed + epoch * 1000 + s;
            const idKeep = this.tower.idDropoutMask(cfg.idDropout, rand);
            const { value: lossT, grads } = tf.variableGrads(() => {
              const table = this.propagate(this.tower.table(idKeep));
              const items = tf.tensor2d(inp, [us.length, len], 'int32');
              const h = this.encode(table, items, tf.tensor2d(kin, [us.length, len], 'int32'), tf.tensor2d(gap, [us.length, len], 'int32'), stepSeed).reshape([-1, cfg.dim]);
              const t = tf.tensor1d(tgt, 'int32');
              const valid = t.greater(0).cast('float32');
              const bias = this.itemBias as tf.Tensor2D;
              const posLogit = h.mul(gatherRows(table, t)).sum(-1).add(gatherRows(bias, t).reshape([-1]));
              // Loss per position, then one masked mean over the real positions.
              let perPos: tf.Tensor1D;
              if (cfg.loss === 'ssm' && cand && candLogQ && tgtLogQ) {
                const ci = tf.tensor1d(cand, 'int32');
                let all = mm(h as tf.Tensor2D, gatherRows(table, ci).transpose()).add(gatherRows(bias, ci).reshape([1, -1])).sub(tf.tensor2d(candLogQ, [1, cand.length]));
                if (seenMask) all = all.add(tf.tensor2d(seenMask, [tgt.length, cand.length]));
                const lse = tf.logSumExp(all, -1);
                perPos = lse.sub(posLogit.sub(tf.tensor1d(tgtLogQ)));
                if (ahead && aheadLogQ) {
                  // −Σ_j w_j log softmax(s_j) over the items ahead, sharing the next item's candidate set and normaliser.
                  const P = tgt.length;
                  const aheadT = tf.tensor1d(ahead, 'int32');
                  const rows = gatherRows(table, aheadT).reshape([P, K - 1, cfg.dim]);
                  const sAhead = rows.mul(h.reshape([P, 1, cfg.dim])).sum(-1).add(gatherRows(bias, aheadT).reshape([P, K - 1]));
                  const w = Float32Array.from(ahead, (x, k) => (x > 0 && tgt[Math.floor(k / (K - 1))] > 0 ? Math.pow(cfg.futureDecay, (k % (K - 1)) + 1) : 0));
                  const wT = tf.tensor2d(w, [P, K - 1]);
                  const term = lse.reshape([P, 1]).sub(sAhead.sub(tf.tensor2d(aheadLogQ, [P, K - 1]))).mul(wT).sum(-1);
                  // Per position: (next-item loss + Σ_j w_j loss_j) / (1 + Σ_j w_j), so each position weighs the same.
                  perPos = perPos.add(term).div(wT.sum(-1).add(1)) as tf.Tensor1D;
                }
              } else if (cfg.loss === 'ce') {
                // Softmax over every item (columns 1..n of the table; row 0 is padding): log Σ exp(s) − s⁺.
                const all = mm(h as tf.Tensor2D, table.slice([1, 0], [this.nItems, cfg.dim]).transpose()).add(bias.slice([1, 0], [this.nItems, 1]).reshape([1, -1]));
                perPos = tf.logSumExp(all, -1).sub(posLogit);
              } else {
                const negIdx = tf.tensor1d(negs, 'int32');
                const negLogit = mm(h as tf.Tensor2D, gatherRows(table, negIdx).transpose()).add(gatherRows(bias, negIdx).reshape([1, -1]));
                // gBCE: -β·log σ(s⁺) − Σ log(1 − σ(s⁻)); β calibrates for the sampling rate of the negatives.
                // −log σ(s) = softplus(−s) (tf.logSigmoid's gradient reads a disposed tensor on wasm).
                perPos = tf.softplus(posLogit.neg()).mul(beta).add(tf.softplus(negLogit).sum(-1));
              }
              const seqLoss = perPos.mul(valid).sum().div(valid.sum().maximum(1));
              const c = cfg.contrastive > 0 ? this.tower.infoNce(tgt, pop).mul(cfg.contrastive) : tf.scalar(0);
              return seqLoss.add(c) as tf.Scalar;
            }, vars);
            const named = Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
            optItems.applyGradients(named.filter((g) => sparse.has(g.name)));
            optDense.applyGradients(named.filter((g) => !sparse.has(g.name)));
            tf.dispose(grads);
            avg?.update();
            hooks.stepEnd?.();
            lastLoss = (await lossT.data())[0];
            lossT.dispose();
            hooks.progress?.(epoch * steps + s + 1, cfg.epochs * steps, `epoch ${epoch + 1}/${cfg.epochs}`);
            if ((Date.now() - t0) / 1000 > cfg.maxSeconds) break;
          }
          if ((Date.now() - t0) / 1000 > cfg.maxSeconds) {
            epoch++;
            break;
          }
          if (hooks.epochEnd) {
            // The hook scores (and may snapshot) the averaged weights; training goes on from the raw ones.
            const raw = avg ? this.snapshot() : null;
            if (avg) this.restore(avg.copy());
            const stop = await onThread(() => hooks.epochEnd?.(epoch + 1));
            if (raw) this.restore(raw);
            // Scoring in the hook cached the item table of this epoch's weights: drop it, training goes on.
            this.dropServing();
            if (stop === true) {
              epoch++;
              break;
            }
          }
        }
      } catch (e) {
        // Cancelled or failed mid-training: the optimisers' moments and the average go with it (the caller disposes the model).
        optItems.dispose();
        optDense.dispose();
        avg?.dispose();
        throw e;
      }
      optItems.dispose();
      optDense.dispose();
      if (avg) {
        this.restore(avg.copy());
        avg.dispose();
      }
    });
    return { epochs: epoch, seconds: (Date.now() - t0) / 1000, loss: lastLoss };
  }

  /** The last hidden state per history [n, d] (histories given as in SeqData rows). */
  embedHistories(items: Int32Array[], kinds: Uint8Array[], gaps: Uint8Array[]): tf.Tensor2D {
    const L = this.cfg.maxLen;
    const len = Math.max(1, Math.min(L, Math.max(...items.map((s) => s.length))));
    const inp = new Int32Array(items.length * len);
    const kin = new Int32Array(items.length * len);
    const gap = new Int32Array(items.length * len);
    items.forEach((seq, r) => {
      const n = Math.min(len, seq.length);
      for (let p = 0; p < n; p++) {
        const src = seq.length - n + p;
        const at = r * len + (len - n) + p;
        inp[at] = seq[src] + 1;
        kin[at] = kinds[r][src];
        gap[at] = gaps[r][src];
      }
    });
    return tf.tidy(() => {
      const table = this.servingTable();
      const h = this.encode(table, tf.tensor2d(inp, [items.length, len], 'int32'), tf.tensor2d(kin, [items.length, len], 'int32'), tf.tensor2d(gap, [items.length, len], 'int32'), null);
      return h.slice([0, len - 1, 0], [items.length, 1, this.cfg.dim]).reshape([items.length, this.cfg.dim]) as tf.Tensor2D;
    });
  }

  /** Scores of every item (0-based columns) per history, row-major. */
  scoreHistories(items: Int32Array[], kinds: Uint8Array[], gaps: Uint8Array[]): Float32Array {
    const tableT = this.servingTableT();
    const scores = tf.tidy(() => tf.matMul(this.embedHistories(items, kinds, gaps), tableT).add(this.servingBias()));
    // Synchronous read: the caller ranks right away and the wasm/cpu backends hold the data on the CPU anyway.
    const out = scores.dataSync() as Float32Array;
    scores.dispose();
    return out;
  }

  // The fused table is the same for every prediction until the next fit: compute it once (p95 latency at 25k items).
  private servingTable(): tf.Tensor2D {
    this.served ??= tf.keep(tf.tidy(() => this.propagate(this.tower.table(null))));
    return this.served;
  }

  // Item vectors as columns [d, nItems]: scoring is then a plain product, which wasm runs in XNNPACK (a product with a
  // transpose flag falls back to a naive loop, ~10× slower: 180–305 ms for one customer at 25k items before this).
  private servingTableT(): tf.Tensor2D {
    this.servedT ??= tf.keep(tf.tidy(() => this.servingTable().slice([1, 0], [this.nItems, this.cfg.dim]).transpose() as tf.Tensor2D));
    return this.servedT;
  }

  /** Item vectors [nItems, d] (0-based rows) for similar-item lists and the ANN index. */
  async itemVectors(): Promise<Float32Array> {
    const t = tf.tidy(() => this.servingTable().slice([1, 0], [this.nItems, this.cfg.dim]));
    const out = (await t.data()) as Float32Array;
    t.dispose();
    return out;
  }

  // The item offsets as one row [1, nItems] (0-based columns), cached like the table.
  private servingBias(): tf.Tensor2D {
    this.servedBias ??= tf.keep(tf.tidy(() => this.itemBias.slice([1, 0], [this.nItems, 1]).reshape([1, this.nItems]) as tf.Tensor2D));
    return this.servedBias;
  }

  private dropServing(): void {
    this.servedBias?.dispose();
    this.servedBias = null;
    this.served?.dispose();
    this.servedT?.dispose();
    this.served = null;
    this.servedT = null;
  }

  /** Builds the co-occurrence graph of the training sequences (window 5, pairs weighted 1/distance, sqrt(n_i n_j) + 30). */
  private setGraph(seqs: Int32Array[]): void {
    const n = this.nItems;
    const K = this.cfg.graphK;
    const s = cooccurrence(seqs, n, 5, 30);
    const idx = new Int32Array((n + 1) * K);
    const w = new Float32Array((n + 1) * K);
    for (let i = 0; i < n; i++) {
      const top = Array.from({ length: s.start[i + 1] - s.start[i] }, (_, k) => [s.col[s.start[i] + k], s.val[s.start[i] + k]] as [number, number]).sort((x, y) => y[1] - x[1]).slice(0, K);
      const sum = top.reduce((acc, [, c]) => acc + c, 0);
      top.forEach(([j, c], k) => {
        idx[(i + 1) * K + k] = j + 1;
        w[(i + 1) * K + k] = sum > 0 ? c / sum : 0;
      });
    }
    this.graph?.idx.dispose();
    this.graph?.w.dispose();
    this.graph = { idx: tf.tensor1d(idx, 'int32'), w: tf.tensor3d(w, [n + 1, K, 1]) };
  }

  /** A table [n + 1, d] plus graphAlpha times its rows' neighbour means (unchanged without a graph). Inside tf.tidy. */
  private propagate(table: tf.Tensor2D): tf.Tensor2D {
    if (!this.graph) return table;
    const [rows, d] = table.shape;
    const nbr = gatherRows(table, this.graph.idx).reshape([rows, this.cfg.graphK, d]).mul(this.graph.w).sum(1);
    return table.add(nbr.mul(this.cfg.graphAlpha)) as tf.Tensor2D;
  }

  /** Copies of every weight (to come back to the best epoch with `restore`). */
  snapshot(): tf.Tensor[] {
    return this.variables().map((v) => tf.keep(v.clone()));
  }

  /** A running average of this model's weights with the given decay per step (update it after each step). */
  averager(decay: number): WeightAverage {
    return new WeightAverage(this.variables(), decay);
  }

  /** Puts back the weights of a snapshot and frees it. */
  restore(snap: tf.Tensor[]): void {
    this.variables().forEach((v, i) => v.assign(snap[i]));
    tf.dispose(snap);
    this.dropServing();
  }

  /**
   * What scoring needs, by name (for saving): the sequence weights and the fused item table (so the text and image
   * features need not be saved: the table already holds them). Copies: the caller disposes them.
   */
  servingWeights(): { name: string; tensor: tf.Tensor }[] {
    const named: [string, tf.Tensor][] = [
      ['pos', this.pos], ['kind', this.kindEmb], ['gap', this.gapEmb], ['lng', this.lnG], ['lnb', this.lnB], ['itemBias', this.itemBias],
      ...this.blocks.flatMap((b, i) => Object.entries(b).map(([k, v]) => [`b${i}.${k}`, v] as [string, tf.Tensor])),
      ['table', this.servingTable()],
    ];
    const out = named.map(([name, t]) => ({ name, tensor: tf.keep(t.clone()) }));
    // The input vectors as the encoder reads them: propagated over the graph already when it does (a loaded model has
    // no graph, so it must not propagate them again).
    if (this.inputEmb) out.push({ name: 'input', tensor: tf.keep(tf.tidy(() => (this.cfg.graphInput ? this.propagate(this.inputEmb as tf.Tensor2D) : (this.inputEmb as tf.Tensor2D).clone()))) });
    return out;
  }

  /** Puts saved serving weights in place (names as servingWeights gives them); shapes must match. Frees nothing given. */
  loadServing(weights: ReadonlyMap<string, { shape: number[]; data: Float32Array }>): void {
    // Saved tables and input vectors are already propagated over the co-occurrence graph (servingWeights).
    this.graph?.idx.dispose();
    this.graph?.w.dispose();
    this.graph = null;
    const put = (name: string, v: tf.Variable): void => {
      const w = weights.get(name);
      if (!w || w.shape.join('x') !== v.shape.join('x')) throw new Error(`sasrec weights: '${name}' missing or shaped ${w?.shape.join('x') ?? '-'} instead of ${v.shape.join('x')}`);
      const t = tf.tensor(w.data, w.shape);
      v.assign(t);
      t.dispose();
    };
    put('pos', this.pos);
    put('kind', this.kindEmb);
    put('gap', this.gapEmb);
    put('lng', this.lnG);
    put('lnb', this.lnB);
    put('itemBias', this.itemBias);
    if (this.inputEmb) put('input', this.inputEmb);
    this.blocks.forEach((b, i) => Object.entries(b).forEach(([k, v]) => put(`b${i}.${k}`, v as tf.Variable)));
    const table = weights.get('table');
    if (!table || table.shape.join('x') !== `${this.nItems + 1}x${this.cfg.dim}`) throw new Error(`sasrec weights: item table missing or misshaped`);
    this.dropServing();
    this.served = tf.keep(tf.tensor2d(table.data, table.shape as [number, number]));
  }

  /** How many items the model scores. */
  itemCount(): number {
    return this.nItems;
  }

  /** Frees every tensor the model holds. */
  dispose(): void {
    for (const v of this.variables()) v.dispose();
    this.graph?.idx.dispose();
    this.graph?.w.dispose();
    this.graph = null;
    this.dropServing();
    this.causal.dispose();
    this.tower.dispose();
  }
}

/** Selects the backend and builds an untrained model; unknown config keys are rejected with the valid ones listed. */
export async function createSasrec(nItems: number, cfg: Partial<SasrecConfig> = {}, content: ContentFeatures | null = null): Promise<Sasrec> {
  const bad = Object.keys(cfg).filter((k) => !(k in DEFAULT_SASREC));
  if (bad.length) throw new Error(`Unknown SASRec option(s) ${bad.join(', ')}; valid: ${Object.keys(DEFAULT_SASREC).join(', ')}`);
  await selectBackend();
  return new Sasrec(nItems, { ...DEFAULT_SASREC, ...cfg }, content);
}
