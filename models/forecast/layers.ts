/** Custom TensorFlow.js layers of the hybrid demand model: multi-head self-attention and ordered quantile heads. */
import * as tf from '@tensorflow/tfjs';

/** Options of the multi-head self-attention layer. */
export interface AttentionArgs {
  dModel: number;
  heads: number;
  seed: number;
  name?: string;
}

/**
 * Multi-head scaled dot-product self-attention over [batch, time, dModel] (tfjs-layers 4.22 has none built in).
 * Weights: Wq, Wk, Wv, Wo (dModel x dModel) and the output bias; seeded Glorot initialisation.
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  /** Name used by tfjs serialisation. */
  static className = 'MultiHeadSelfAttention';
  private readonly dModel: number;
  private readonly heads: number;
  private readonly seed: number;
  private wq: tf.LayerVariable | null = null;
  private wk: tf.LayerVariable | null = null;
  private wv: tf.LayerVariable | null = null;
  private wo: tf.LayerVariable | null = null;
  private bo: tf.LayerVariable | null = null;

  constructor(args: AttentionArgs) {
    super({ name: args.name });
    if (args.dModel % args.heads !== 0) throw new Error(`dModel ${args.dModel} must be divisible by heads ${args.heads}`);
    this.dModel = args.dModel;
    this.heads = args.heads;
    this.seed = args.seed;
  }

  override build(): void {
    const d = this.dModel;
    const init = (k: number): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: this.seed + k });
    this.wq = this.addWeight('wq', [d, d], 'float32', init(1));
    this.wk = this.addWeight('wk', [d, d], 'float32', init(2));
    this.wv = this.addWeight('wv', [d, d], 'float32', init(3));
    this.wo = this.addWeight('wo', [d, d], 'float32', init(4));
    this.bo = this.addWeight('bo', [d], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [, t, d] = x.shape;
      const h = this.heads;
      const dk = d / h;
      const flat = x.reshape([-1, d]);
      // [b*T, d] -> [b, T, h, dk] -> [b, h, T, dk] -> [b*h, T, dk]
      const split = (w: tf.LayerVariable | null): tf.Tensor3D =>
        tf.matMul(flat, (w as tf.LayerVariable).read()).reshape([-1, t, h, dk]).transpose([0, 2, 1, 3]).reshape([-1, t, dk]) as tf.Tensor3D;
      const q = split(this.wq);
      const v = split(this.wv);
      // K laid out as [b*h, dk, T] so the score product needs no transposeB (that variant is ~5x slower on wasm).
      const kT = tf.matMul(flat, (this.wk as tf.LayerVariable).read()).reshape([-1, t, h, dk]).transpose([0, 2, 3, 1]).reshape([-1, dk, t]) as tf.Tensor3D;
      const scores = tf.matMul(q, kT).div(Math.sqrt(dk));
      const ctx = tf.matMul(tf.softmax(scores, -1), v); // [b*h, T, dk]
      const merged = ctx.reshape([-1, h, t, dk]).transpose([0, 2, 1, 3]).reshape([-1, d]);
      const out = tf.matMul(merged, (this.wo as tf.LayerVariable).read()).add((this.bo as tf.LayerVariable).read());
      return out.reshape([-1, t, d]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dModel: this.dModel, heads: this.heads, seed: this.seed };
  }
}
tf.serialization.registerClass(MultiHeadSelfAttention);

/**
 * Turns [batch, H, 3] raw outputs into ordered quantiles: P50 = a, P10 = a - softplus(b), P90 = a + softplus(c),
 * so P10 <= P50 <= P90 holds by construction. With a fourth raw output (the mean head, HybridParams.meanHead) the
 * fourth output is the expected value, softplus(d) (scaled demand is never negative).
 */
export class OrderedQuantiles extends tf.layers.Layer {
  /** Name used by tfjs serialisation. */
  static className = 'OrderedQuantiles';

  constructor(args: { name?: string } = {}) {
    super({ name: args.name });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const parts = tf.split(x, x.shape[x.shape.length - 1] as number, -1);
      const [a, b, c] = parts;
      const q = [a.sub(tf.softplus(b)), a, a.add(tf.softplus(c))];
      return tf.concat(parts.length > 3 ? [...q, tf.softplus(parts[3])] : q, -1);
    });
  }
}
tf.serialization.registerClass(OrderedQuantiles);

/** Takes the last time step of [batch, time, features] (tfjs-layers has no Lambda layer). */
export class LastStep extends tf.layers.Layer {
  /** Name used by tfjs serialisation. */
  static className = 'LastStep';

  constructor(args: { name?: string } = {}) {
    super({ name: args.name });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0], s[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [b, t, d] = x.shape;
      return x.slice([0, t - 1, 0], [b, 1, d]).reshape([b, d]);
    });
  }
}
tf.serialization.registerClass(LastStep);

/**
 * Layer normalisation over the last axis with learnt gain and bias. Written out with plain ops because the
 * built-in layerNormalization's gradient is ~100x slower on the wasm backend (measured: 10 s per batch).
 */
export class LayerNorm extends tf.layers.Layer {
  /** Name used by tfjs serialisation. */
  static className = 'LayerNorm';
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: { name?: string } = {}) {
    super({ name: args.name });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = s[s.length - 1] as number;
    this.gamma = this.addWeight('gamma', [d], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [d], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const mean = x.mean(-1, true);
      const c = x.sub(mean);
      const inv = c.square().mean(-1, true).add(1e-5).rsqrt();
      return c.mul(inv).mul((this.gamma as tf.LayerVariable).read()).add((this.beta as tf.LayerVariable).read());
    });
  }
}
tf.serialization.registerClass(LayerNorm);
