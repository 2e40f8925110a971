/**
 * Catalogue fine-tuning: a linear projection head over frozen backbone vectors, trained by contrastive learning
 * (symmetric InfoNCE) so that augmented views of one catalogue image land together and apart from other images.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../rng';
import { l2normalise } from './handcrafted';

/** Training settings of a projection head. */
export interface HeadConfig {
  /** Width of the projection. */
  outDim: number;
  /** Optimiser steps. */
  steps: number;
  /** Items per step (all items when fewer). */
  batch: number;
  learningRate: number;
  /** InfoNCE temperature. */
  temperature: number;
  seed: number;
}

/** Defaults: small and quick (seconds on two cores for a few thousand vectors). */
export const DEFAULT_HEAD_CONFIG: HeadConfig = { outDim: 128, steps: 150, batch: 64, learningRate: 0.01, temperature: 0.1, seed: 7 };

/** A trained head: `apply` maps backbone vectors to L2-normalised blends of the vector and its projection. */
export interface ProjectionHead {
  inDim: number;
  outDim: number;
  /** Share of the projection in the output's cosine (0 = the backbone alone, 1 = the projection alone). */
  mix: number;
  /** Final InfoNCE loss (mean of the last 10 steps). */
  loss: number;
  apply(vectors: readonly Float32Array[], mix?: number): Float32Array[];
  /** The projection matrix, row-major inDim × outDim (to store it). */
  weights(): Float32Array;
  dispose(): void;
}

/** A head from stored weights. */
export function headFromWeights(inDim: number, outDim: number, w: Float32Array, mix: number, loss = 0): ProjectionHead {
  const W = tf.tensor2d(w, [inDim, outDim]);
  const head: ProjectionHead = {
    inDim, outDim, mix, loss,
    apply(vectors, m = head.mix) {
      if (!vectors.length) return [];
      const proj = tf.tidy(() => {
        const z = tf.matMul(tf.tensor2d(concat(vectors, inDim), [vectors.length, inDim]), W);
        return tf.div(z, tf.add(tf.norm(z, 'euclidean', 1, true), 1e-12));
      });
      const flat = proj.dataSync() as Float32Array;
      proj.dispose();
      const a = Math.sqrt(1 - m), b = Math.sqrt(m);
      return vectors.map((v, k) => {
        const out = new Float32Array(inDim + outDim);
        for (let i = 0; i < inDim; i++) out[i] = a * v[i];
        for (let i = 0; i < outDim; i++) out[inDim + i] = b * flat[k * outDim + i];
        return l2normalise(out);
      });
    },
    weights: () => W.dataSync() as Float32Array,
    dispose: () => W.dispose(),
  };
  return head;
}

/**
 * Trains a head on `views[item][view]` (two or more backbone vectors per catalogue item, e.g. augmented copies of
 * one photo). Each step draws a batch of items and two of their views and minimises symmetric InfoNCE.
 */
export function trainProjectionHead(views: readonly (readonly Float32Array[])[], cfg: HeadConfig = DEFAULT_HEAD_CONFIG, onStep?: (step: number, loss: number) => void): ProjectionHead {
  const items = views.filter((v) => v.length >= 2);
  if (items.length < 2) throw new Error('Fine-tuning needs at least two items with two views each');
  const inDim = items[0][0].length;
  const rnd = mulberry32(cfg.seed);
  const init = tf.randomNormal([inDim, cfg.outDim], 0, 1 / Math.sqrt(inDim), 'float32', cfg.seed);
  // tf.variable keeps its own reference to the data, so the initial tensor is released.
  const W = tf.variable(init);
  init.dispose();
  const opt = tf.train.adam(cfg.learningRate);
  const losses: number[] = [];
  for (let step = 0; step < cfg.steps; step++) {
    const order = shuffle(items.length, rnd).slice(0, cfg.batch);
    const pick = (vs: readonly Float32Array[], not?: number): number => {
      let j = Math.floor(rnd() * vs.length);
      if (j === not) j = (j + 1) % vs.length;
      return j;
    };
    const aIdx = order.map((i) => pick(items[i]));
    const a = concat(order.map((i, k) => items[i][aIdx[k]]), inDim);
    const b = concat(order.map((i, k) => items[i][pick(items[i], aIdx[k])]), inDim);
    const n = order.length;
    const loss = tf.tidy(() => {
      const xa = tf.tensor2d(a, [n, inDim]), xb = tf.tensor2d(b, [n, inDim]);
      const labels = tf.oneHot(tf.range(0, n, 1, 'int32'), n);
      return opt.minimize(() => {
        const proj = (x: tf.Tensor2D): tf.Tensor2D => {
          const z = tf.matMul(x, W);
          return tf.div(z, tf.add(tf.norm(z, 'euclidean', 1, true), 1e-12));
        };
        const logits = tf.div(tf.matMul(proj(xa), proj(xb), false, true), cfg.temperature);
        const l1 = tf.losses.softmaxCrossEntropy(labels, logits);
        const l2 = tf.losses.softmaxCrossEntropy(labels, tf.transpose(logits));
        return tf.div(tf.add(l1, l2), 2) as tf.Scalar;
      }, true) as tf.Scalar;
    });
    const v = loss.dataSync()[0];
    loss.dispose();
    losses.push(v);
    onStep?.(step + 1, v);
  }
  opt.dispose();
  const w = W.dataSync() as Float32Array;
  W.dispose();
  const tail = losses.slice(-10);
  return headFromWeights(inDim, cfg.outDim, Float32Array.from(w), 0.5, tail.reduce((s, x) => s + x, 0) / tail.length);
}

function shuffle(n: number, rnd: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function concat(vs: readonly Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(vs.length * dim);
  vs.forEach((v, i) => out.set(v, i * dim));
  return out;
}
