/** Building blocks of the sequential recommender: a gather whose gradient runs on wasm, layer norm, causal attention. */
import * as tf from '@tensorflow/tfjs';

/**
 * Row lookup whose gradient is a scatter-add (the wasm backend has no UnsortedSegmentSum, which tf.gather's
 * gradient needs). Duplicated indices accumulate, as tf.scatterND sums them.
 */
export function gatherRows(table: tf.Tensor2D, idx: tf.Tensor1D): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [t, i, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([i]);
    const [n, d] = t.shape;
    return {
      value: tf.gather(t, i),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const ix = saved[0] as tf.Tensor1D;
        return [tf.scatterND(ix.reshape([-1, 1]), dy as tf.Tensor, [n, d]), tf.zerosLike(ix)];
      },
    };
  });
  return f(table, idx) as tf.Tensor2D;
}

/**
 * 2-D matrix product whose gradient uses explicit transposes and plain products. On wasm a product with a transpose
 * flag (which tf.matMul's own gradient asks for: dA = dC·Bᵀ, dB = Aᵀ·dC) leaves XNNPACK for a naive loop and runs
 * 10–15× slower; copying the (narrow) operand transposed first costs far less.
 */
export function mm(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.matMul(x, w),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
        const g = dy as tf.Tensor2D;
        return [tf.matMul(g, sw.transpose()), tf.matMul(sx.transpose(), g)];
      },
    };
  });
  return f(a, b) as tf.Tensor2D;
}

let varCount = 0;

/** A trainable variable from an initial tensor, which is then freed (tf.variable keeps its own copy). */
export function mkVar(init: tf.Tensor, name: string): tf.Variable {
  // Variable names are global in TensorFlow.js: number them so two models can live side by side.
  const v = tf.variable(init, true, `${name}_${++varCount}`);
  init.dispose();
  return v;
}

/** Layer normalisation over the last axis with a learned gain and bias. */
export function layerNorm(x: tf.Tensor, g: tf.Variable, b: tf.Variable): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).mul(tf.rsqrt(variance.add(1e-8))).mul(g).add(b);
}

/** The weights of one self-attention block (single head, as SASRec on MovieLens). */
export interface BlockVars {
  ln1g: tf.Variable;
  ln1b: tf.Variable;
  wq: tf.Variable;
  wk: tf.Variable;
  wv: tf.Variable;
  ln2g: tf.Variable;
  ln2b: tf.Variable;
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

/** Creates a block's weights, seeded. */
export function blockVars(d: number, seed: number, prefix: string): BlockVars {
  const g = (shape: number[], k: number): tf.Variable => mkVar(tf.randomNormal(shape, 0, Math.sqrt(1 / d), 'float32', seed + k), `${prefix}_${k}`);
  const ones = (k: number): tf.Variable => mkVar(tf.ones([d]), `${prefix}_${k}`);
  const zeros = (k: number): tf.Variable => mkVar(tf.zeros([d]), `${prefix}_${k}`);
  return { ln1g: ones(1), ln1b: zeros(2), wq: g([d, d], 3), wk: g([d, d], 4), wv: g([d, d], 5), ln2g: ones(6), ln2b: zeros(7), w1: g([d, d], 8), b1: zeros(9), w2: g([d, d], 10), b2: zeros(11) };
}

/**
 * One SASRec block on x [B, L, d]: Q = LN(x); x = Q + softmax(QKᵀ/√d + mask)·V; x = x + FFN(LN(x)).
 * `bias` [B, L, L] is 0 where attending is allowed (causal, real keys) and -1e9 elsewhere.
 */
export function block(x: tf.Tensor3D, v: BlockVars, bias: tf.Tensor3D, keep: tf.Tensor3D, dropout: number, seed: number | null): tf.Tensor3D {
  const [bsz, len, d] = x.shape;
  const drop = (t: tf.Tensor, s: number): tf.Tensor => (seed === null || dropout <= 0 ? t : tf.dropout(t, dropout, undefined, seed + s));
  const q = layerNorm(x, v.ln1g, v.ln1b);
  const flatQ = q.reshape([-1, d]) as tf.Tensor2D;
  const flatX = x.reshape([-1, d]) as tf.Tensor2D;
  const Q = mm(flatQ, v.wq as tf.Tensor2D).reshape([bsz, len, d]);
  const K = mm(flatX, v.wk as tf.Tensor2D).reshape([bsz, len, d]);
  const V = mm(flatX, v.wv as tf.Tensor2D).reshape([bsz, len, d]);
  const att = drop(tf.softmax(tf.matMul(Q, K, false, true).div(Math.sqrt(d)).add(bias)), 1);
  let h = q.add(tf.matMul(att as tf.Tensor3D, V)).mul(keep);
  const n = layerNorm(h, v.ln2g, v.ln2b);
  const f = mm(drop(tf.relu(mm(n.reshape([-1, d]) as tf.Tensor2D, v.w1 as tf.Tensor2D).add(v.b1)), 2) as tf.Tensor2D, v.w2 as tf.Tensor2D).add(v.b2).reshape([bsz, len, d]);
  h = n.add(drop(f, 3)).mul(keep);
  return h as tf.Tensor3D;
}
