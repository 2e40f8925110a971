/**
 * A fastText-style text classifier in TensorFlow.js: the mean of learned embeddings of a message's word/character
 * n-grams, then a linear softmax layer. Chosen over a BiLSTM by measurement (README "Chats"): as accurate on these
 * short texts, ~50x faster to train and to run on the wasm backend, and small enough to ship.
 */
import * as tf from '@tensorflow/tfjs';
import { features } from './tokenize';
import { makeRng, shuffleInPlace } from './rng';

/** Options of a training run. */
export interface TrainOptions {
  dim?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Features seen fewer times than this are dropped. */
  minCount?: number;
  maxVocab?: number;
  seed?: number;
  /**
   * Weight each example by the inverse frequency of its class, so every class weighs the same in the loss: the model's
   * decisions then assume equal class shares, not the training file's (which another shop's messages will not have).
   */
  balance?: boolean;
  /** Only these features enter the vocabulary (domain adaptation keeps the features the target domain also uses; models/text/adapt.ts). */
  keepFeatures?: ReadonlySet<string>;
  /** Per-example loss weights (default 1), e.g. lower for self-labelled target texts. */
  weights?: readonly number[];
  progress?: (epoch: number, epochs: number) => void;
  checkCancelled?: () => void;
}

/** The stored form of a model (model.json beside weights.bin). */
export interface BagSpec {
  format: 'merchant-desk-textbag-v1';
  labels: string[];
  vocab: string[];
  dim: number;
}

/** Encoded batch: flat feature ids, the message each belongs to, and the message count. */
interface Encoded {
  ids: Int32Array;
  seg: Int32Array;
  n: number;
}

/** A trained text classifier: predict class probabilities; dispose() frees its tensors. */
export class BagClassifier {
  private index: Map<string, number>;

  /** Wraps trained variables; use BagClassifier.train or loadBag to make one. */
  constructor(
    readonly labels: string[],
    readonly vocab: string[],
    readonly dim: number,
    private emb: tf.Variable,
    private w: tf.Variable,
    private b: tf.Variable,
  ) {
    this.index = new Map(vocab.map((v, i) => [v, i]));
  }

  /** Trains a new classifier (or continues from `base`: its embeddings are kept, the vocabulary grows, and its head is kept when the labels match). */
  static train(texts: readonly string[], labels: readonly string[], opts: TrainOptions = {}, base?: BagClassifier): BagClassifier {
    const dim = base?.dim ?? opts.dim ?? 32;
    const classes = base && sameSet(base.labels, labels) ? base.labels : [...new Set(labels)].sort();
    const feats = texts.map((t) => features(t));
    // Continuing from a model (fine-tuning, adaptation) may add up to GROWTH new features: the shipped models' vocabularies are
    // full at 40,000, and a shop's own words ("blorptastic", a brand, a dish) would otherwise never get an embedding.
    const vocab = buildVocab(feats, opts.minCount ?? 1, opts.maxVocab ?? (base ? base.vocab.length + GROWTH : 40000), base?.vocab, opts.keepFeatures);
    const seed = opts.seed ?? 7;
    const rng = makeRng(seed);
    const rows = vocab.length;
    const emb = tf.tidy(() => {
      const fresh = tf.randomNormal([rows - (base?.vocab.length ?? 0), dim], 0, 0.1, 'float32', seed);
      return tf.variable(base ? tf.concat([base.emb, fresh], 0) : fresh, true);
    });
    const keepHead = base !== undefined && classes === base.labels;
    const w = tf.tidy(() => tf.variable(keepHead ? base.w.clone() : tf.randomNormal([dim, classes.length], 0, 0.1, 'float32', seed + 1), true));
    const b = tf.tidy(() => tf.variable(keepHead ? base.b.clone() : tf.zeros([classes.length]), true));
    const model = new BagClassifier(classes, vocab, dim, emb, w, b);
    const y = labels.map((l) => classes.indexOf(l));
    const encoded = feats.map((f) => model.idsOf(f));
    const counts = classes.map((_, c) => y.filter((v) => v === c).length);
    const classWeight = opts.balance ? counts.map((n) => (n ? y.length / (classes.length * n) : 0)) : null;
    const epochs = opts.epochs ?? 8;
    const batch = opts.batchSize ?? 128;
    const optimizer = tf.train.adam(opts.learningRate ?? 0.03);
    const order = texts.map((_, i) => i);
    try {
      for (let e = 0; e < epochs; e++) {
        shuffleInPlace(order, rng);
        for (let s = 0; s < order.length; s += batch) {
          opts.checkCancelled?.();
          const idx = order.slice(s, s + batch);
          const enc = pack(idx.map((i) => encoded[i]));
          const target = tf.tidy(() => tf.oneHot(tf.tensor1d(idx.map((i) => y[i]), 'int32'), classes.length));
          const ex = opts.weights;
          const weights = classWeight || ex ? tf.tensor1d(idx.map((i) => (classWeight ? classWeight[y[i]] : 1) * (ex ? ex[i] : 1))) : undefined;
          try {
            optimizer.minimize(() => tf.losses.softmaxCrossEntropy(target, model.logits(enc), weights) as tf.Scalar);
          } finally {
            target.dispose();
            weights?.dispose();
          }
        }
        opts.progress?.(e + 1, epochs);
      }
    } catch (err) {
      // A cancelled (or failed) training frees its model and the optimizer's moments: 11 tensors were left per cancel.
      model.dispose();
      throw err;
    } finally {
      optimizer.dispose();
    }
    return model;
  }

  /** Feature ids of one message (id 0, the always-present start feature, keeps empty messages well defined). */
  idsOf(feats: readonly string[]): number[] {
    const out = [0];
    for (const f of feats) {
      const id = this.index.get(f);
      if (id !== undefined) out.push(id);
    }
    return out;
  }

  /** Logits for an encoded batch; the embedding-bag gradient is a scatter-add (the wasm backend has no gather gradient). */
  private logits(enc: Encoded): tf.Tensor2D {
    const ids = tf.tensor1d(enc.ids, 'int32');
    const seg = tf.tensor1d(enc.seg, 'int32');
    const counts = new Float32Array(enc.n);
    for (const s of enc.seg) counts[s]++;
    const inv = tf.tensor1d(counts.map((c) => 1 / c));
    const rows = this.vocab.length;
    const dim = this.dim;
    const bag = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [e, i, sg, iv] = args as tf.Tensor[];
      (args[4] as tf.GradSaveFunc)([i, sg, iv]);
      return {
        value: tf.sparse.sparseSegmentMean(e as tf.Tensor2D, i as tf.Tensor1D, sg as tf.Tensor1D),
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
          const [si, ss, sv] = saved;
          const perToken = tf.mul(tf.gather(dy as tf.Tensor, ss), tf.gather(sv, ss).expandDims(1));
          return [tf.scatterND(si.expandDims(1), perToken, [rows, dim]), tf.zerosLike(si), tf.zerosLike(ss), tf.zerosLike(sv)];
        },
      };
    });
    const hidden = bag(this.emb, ids, seg, inv) as tf.Tensor2D;
    const out = tf.add(tf.matMul(hidden, this.w), this.b) as tf.Tensor2D;
    // ids/seg/inv are freed by the caller's scope (tf.tidy here, the gradient tape's tidy in training).
    return out;
  }

  /** Class probabilities per message, in `labels` order. */
  predictProba(texts: readonly string[]): number[][] {
    const out: number[][] = [];
    for (let s = 0; s < texts.length; s += 256) {
      const enc = pack(texts.slice(s, s + 256).map((t) => this.idsOf(features(t))));
      const probs = tf.tidy(() => tf.softmax(this.logits(enc)));
      const data = probs.dataSync();
      probs.dispose();
      const c = this.labels.length;
      for (let i = 0; i < enc.n; i++) out.push(Array.from(data.subarray(i * c, i * c + c)));
    }
    return out;
  }

  /** The most likely label per message. */
  predict(texts: readonly string[]): string[] {
    return this.predictProba(texts).map((p) => this.labels[argmax(p)]);
  }

  /** What save() writes: the spec and the weights (embeddings int8 per row with a float scale; the head float32). */
  serialise(): { spec: BagSpec; weights: Uint8Array } {
    const e = this.emb.dataSync() as Float32Array;
    const rows = this.vocab.length;
    const scales = new Float32Array(rows);
    const q = new Int8Array(rows * this.dim);
    for (let r = 0; r < rows; r++) {
      let m = 0;
      for (let k = 0; k < this.dim; k++) m = Math.max(m, Math.abs(e[r * this.dim + k]));
      const sc = m / 127 || 1;
      scales[r] = sc;
      for (let k = 0; k < this.dim; k++) q[r * this.dim + k] = Math.round(e[r * this.dim + k] / sc);
    }
    const w = this.w.dataSync() as Float32Array;
    const b = this.b.dataSync() as Float32Array;
    const buf = new Uint8Array(scales.byteLength + q.byteLength + w.byteLength + b.byteLength);
    let off = 0;
    for (const part of [scales, q, w, b]) {
      buf.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), off);
      off += part.byteLength;
    }
    return { spec: { format: 'merchant-desk-textbag-v1', labels: this.labels, vocab: this.vocab, dim: this.dim }, weights: buf };
  }

  /** Rebuilds a classifier from serialise()'s output. */
  static deserialise(spec: BagSpec, buf: Uint8Array): BagClassifier {
    if (spec.format !== 'merchant-desk-textbag-v1') throw new Error(`Not a text model (format '${String(spec.format)}'; expected merchant-desk-textbag-v1)`);
    const rows = spec.vocab.length;
    const d = spec.dim;
    const c = spec.labels.length;
    const expected = rows * 4 + rows * d + d * c * 4 + c * 4;
    if (buf.byteLength !== expected) throw new Error(`Text model weights are ${buf.byteLength} bytes; expected ${expected}`);
    const copy = buf.slice();
    const scales = new Float32Array(copy.buffer, 0, rows);
    const q = new Int8Array(copy.buffer, rows * 4, rows * d);
    const wOff = rows * 4 + rows * d;
    const w = new Float32Array(copy.buffer.slice(wOff, wOff + d * c * 4));
    const b = new Float32Array(copy.buffer.slice(wOff + d * c * 4));
    const e = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) for (let k = 0; k < d; k++) e[r * d + k] = q[r * d + k] * scales[r];
    const vars = tf.tidy(() => [tf.variable(tf.tensor2d(e, [rows, d]), true), tf.variable(tf.tensor2d(w, [d, c]), true), tf.variable(tf.tensor1d(b), true)]);
    return new BagClassifier(spec.labels, spec.vocab, d, vars[0], vars[1], vars[2]);
  }

  /**
   * `train` once per seed and `merge` the members (one seed: that model as it is). The seeds share one progress bar
   * (`opts.progress` gets done / total over all of them); a cancel or failure frees every member trained so far.
   */
  static trainSeeds(texts: readonly string[], labels: readonly string[], opts: TrainOptions, seeds: readonly number[], base?: BagClassifier): BagClassifier {
    const members: BagClassifier[] = [];
    try {
      for (const [k, seed] of seeds.entries()) {
        members.push(BagClassifier.train(texts, labels, { ...opts, seed, progress: opts.progress && ((e, n) => opts.progress?.(k * n + e, seeds.length * n)) }, base));
      }
    } catch (err) {
      for (const m of members) m.dispose();
      throw err;
    }
    if (members.length === 1) return members[0];
    const merged = BagClassifier.merge(members);
    for (const m of members) m.dispose();
    return merged;
  }

  /**
   * One classifier whose logits are the mean of `members`' logits (trained on the same rows with different seeds, so
   * with the same vocabulary and labels): their embeddings side by side (dim = Σ dims) and their heads stacked, each
   * divided by the number of members. Averaging seeds removes much of the training noise of a single seed (one seed
   * can move an intent's recall by a line or two of 18) at the cost of a wider table. The members are not disposed.
   */
  static merge(members: readonly BagClassifier[]): BagClassifier {
    if (!members.length) throw new Error('Nothing to merge');
    const [first] = members;
    for (const m of members) {
      if (m.vocab.length !== first.vocab.length || m.vocab.some((v, i) => v !== first.vocab[i])) throw new Error('Members to merge must share one vocabulary');
      if (m.labels.join('\n') !== first.labels.join('\n')) throw new Error('Members to merge must share one label set');
    }
    const k = members.length;
    const vars = tf.tidy(() => [
      tf.variable(tf.concat(members.map((m) => m.emb), 1), true),
      tf.variable(tf.div(tf.concat(members.map((m) => m.w), 0), k), true),
      tf.variable(tf.div(tf.addN(members.map((m) => m.b)), k), true),
    ]);
    return new BagClassifier([...first.labels], [...first.vocab], members.reduce((s, m) => s + m.dim, 0), vars[0], vars[1], vars[2]);
  }

  /** Frees the model's tensors. */
  dispose(): void {
    this.emb.dispose();
    this.w.dispose();
    this.b.dispose();
  }
}

function pack(list: readonly number[][]): Encoded {
  let total = 0;
  for (const l of list) total += l.length;
  const ids = new Int32Array(total);
  const seg = new Int32Array(total);
  let k = 0;
  list.forEach((l, i) => {
    for (const id of l) {
      ids[k] = id;
      seg[k++] = i;
    }
  });
  return { ids, seg, n: list.length };
}

/** New features a model continued from a base may add (see train). */
const GROWTH = 20000;

function buildVocab(feats: readonly string[][], minCount: number, maxVocab: number, base?: readonly string[], keep?: ReadonlySet<string>): string[] {
  const counts = new Map<string, number>();
  for (const f of feats) for (const x of f) if (!keep || keep.has(x)) counts.set(x, (counts.get(x) ?? 0) + 1);
  const known = new Set(base ?? []);
  const fresh = [...counts].filter(([k, c]) => c >= minCount && !known.has(k)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const start = base ? [...base] : ['<s>'];
  return [...start, ...fresh.slice(0, Math.max(0, maxVocab - start.length)).map(([k]) => k)];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(b);
  return a.length === s.size && a.every((x) => s.has(x));
}

/** Index of the largest value. */
export function argmax(v: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}
