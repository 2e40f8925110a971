/**
 * A BiLSTM text classifier over learned word embeddings (the modelled product's design), kept to measure the shipped
 * n-gram bag against it (`npm run bench -- chats`); not shipped. Chinese is jieba-segmented, English split into words.
 * Training stops at the epoch count or the time cap, whichever comes first, so the benchmark stays a few minutes.
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng, shuffleInPlace } from './rng';
import { tokens } from './tokenize';

/** Options of a BiLSTM training run. */
export interface BiLstmOptions {
  dim?: number;
  units?: number;
  epochs?: number;
  /** Stop after the batch that passes this many seconds of training. */
  maxSeconds?: number;
  batchSize?: number;
  learningRate?: number;
  maxLen?: number;
  maxVocab?: number;
  seed?: number;
  /** Class-balanced example weights, as in BagClassifier. */
  balance?: boolean;
}

const PAD = 0;
const OOV = 1;

/** A trained BiLSTM classifier; dispose() frees its tensors. */
export class BiLstmClassifier {
  private constructor(
    readonly labels: string[],
    private index: Map<string, number>,
    private maxLen: number,
    private emb: tf.Variable,
    private rnn: tf.layers.Layer,
    private w: tf.Variable,
    private b: tf.Variable,
    private vars: tf.Variable[],
    /** Epochs actually run (the time cap may stop earlier) and training seconds. */
    readonly trained: { epochs: number; seconds: number },
  ) {}

  /** Trains a classifier on texts and labels. */
  static train(texts: readonly string[], labels: readonly string[], opts: BiLstmOptions = {}): BiLstmClassifier {
    const seed = opts.seed ?? 7;
    const dim = opts.dim ?? 32;
    const units = opts.units ?? 32;
    const maxLen = opts.maxLen ?? 48;
    const classes = [...new Set(labels)].sort();
    const toks = texts.map((t) => tokens(t).slice(0, maxLen));
    const counts = new Map<string, number>();
    for (const ts of toks) for (const t of ts) counts.set(t, (counts.get(t) ?? 0) + 1);
    const vocab = [...counts].filter(([, c]) => c >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, (opts.maxVocab ?? 20000) - 2).map(([k]) => k);
    const index = new Map(vocab.map((v, i) => [v, i + 2]));
    const rows = vocab.length + 2;
    const emb = tf.tidy(() => tf.variable(tf.randomNormal([rows, dim], 0, 0.1, 'float32', seed), true));
    const rnn = tf.layers.bidirectional({ layer: tf.layers.lstm({ units, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }), recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }) as tf.RNN, mergeMode: 'concat' });
    const w = tf.tidy(() => tf.variable(tf.randomNormal([2 * units, classes.length], 0, 0.1, 'float32', seed + 3), true));
    const b = tf.tidy(() => tf.variable(tf.zeros([classes.length]), true));
    const t0 = performance.now();
    const model = new BiLstmClassifier(classes, index, maxLen, emb, rnn, w, b, [], { epochs: 0, seconds: 0 });
    tf.tidy(() => {
      rnn.apply(tf.zeros([1, 2, dim]));
    });
    const vars = [emb, w, b, ...rnn.trainableWeights.map((v) => v.read() as tf.Variable)];
    model.vars.push(...vars);
    const y = labels.map((l) => classes.indexOf(l));
    const ids = toks.map((ts) => model.idsOfTokens(ts));
    const perClass = classes.map((_, c) => y.filter((v) => v === c).length);
    const classWeight = opts.balance ? perClass.map((n) => (n ? y.length / (classes.length * n) : 0)) : null;
    const rng = makeRng(seed);
    const batch = opts.batchSize ?? 64;
    const optimizer = tf.train.adam(opts.learningRate ?? 0.005);
    // Batches of similar length (sorted within shuffled chunks) keep padding, and so time, small.
    const order = texts.map((_, i) => i);
    let epochs = 0;
    let stop = false;
    for (let e = 0; e < (opts.epochs ?? 5) && !stop; e++) {
      shuffleInPlace(order, rng);
      const batches: number[][] = [];
      for (let s = 0; s < order.length; s += batch * 20) {
        const chunk = order.slice(s, s + batch * 20).sort((a, c) => ids[a].length - ids[c].length);
        for (let k = 0; k < chunk.length; k += batch) batches.push(chunk.slice(k, k + batch));
      }
      shuffleInPlace(batches, rng);
      for (const idx of batches) {
        const x = model.pad(idx.map((i) => ids[i]));
        const target = tf.tidy(() => tf.oneHot(tf.tensor1d(idx.map((i) => y[i]), 'int32'), classes.length));
        const weights = classWeight ? tf.tensor1d(idx.map((i) => classWeight[y[i]])) : undefined;
        const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(target, model.logits(x, true), weights) as tf.Scalar, false, vars);
        cost?.dispose();
        x.dispose();
        target.dispose();
        weights?.dispose();
        if (opts.maxSeconds !== undefined && (performance.now() - t0) / 1000 > opts.maxSeconds) {
          stop = true;
          break;
        }
      }
      epochs = e + 1;
    }
    optimizer.dispose();
    model.trained.epochs = stop ? epochs - 1 + 0.5 : epochs;
    model.trained.seconds = (performance.now() - t0) / 1000;
    return model;
  }

  private idsOfTokens(ts: readonly string[]): number[] {
    const out = ts.map((t) => this.index.get(t) ?? OOV);
    return out.length ? out : [OOV];
  }

  /** Left-padded id matrix (the forward pass ends on the last real token). */
  private pad(list: readonly number[][]): tf.Tensor2D {
    const len = Math.max(1, ...list.map((l) => l.length));
    const data = new Int32Array(list.length * len).fill(PAD);
    list.forEach((l, i) => data.set(l, i * len + (len - l.length)));
    return tf.tensor2d(data, [list.length, len], 'int32');
  }

  /** Logits of a padded batch; the embedding gradient is a scatter-add (the wasm backend has no gather gradient). */
  private logits(x: tf.Tensor2D, training: boolean): tf.Tensor2D {
    const [n, len] = x.shape;
    const [rows, dim] = this.emb.shape as [number, number];
    const flat = x.reshape([n * len]) as tf.Tensor1D;
    const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [e, i] = args as tf.Tensor[];
      (args[2] as tf.GradSaveFunc)([i]);
      return {
        value: tf.gather(e, i),
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [tf.scatterND(saved[0].expandDims(1), dy as tf.Tensor, [rows, dim]), tf.zerosLike(saved[0])],
      };
    });
    const seq = (lookup(this.emb, flat) as tf.Tensor).reshape([n, len, dim]);
    const h = this.rnn.apply(seq, { training }) as tf.Tensor2D;
    return tf.add(tf.matMul(h, this.w), this.b);
  }

  /** The most likely label per message. */
  predict(texts: readonly string[]): string[] {
    const out: string[] = [];
    const ids = texts.map((t) => this.idsOfTokens(tokens(t).slice(0, this.maxLen)));
    const order = ids.map((_, i) => i).sort((a, c) => ids[a].length - ids[c].length);
    const pred = new Array<number>(texts.length);
    for (let s = 0; s < order.length; s += 256) {
      const idx = order.slice(s, s + 256);
      const x = this.pad(idx.map((i) => ids[i]));
      const arg = tf.tidy(() => this.logits(x, false).argMax(1));
      const a = arg.dataSync();
      idx.forEach((i, k) => (pred[i] = a[k]));
      arg.dispose();
      x.dispose();
    }
    for (const p of pred) out.push(this.labels[p]);
    return out;
  }

  /** Frees the model's tensors. */
  dispose(): void {
    this.rnn.dispose();
    for (const v of this.vars) if (!v.isDisposed) v.dispose();
  }
}
