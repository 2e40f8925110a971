/**
 * The pricing Double-DQN in plain typed-array math: the network, loss and Adam update of `dqn.ts`'s TensorFlow.js
 * version without its per-operation cost. The Q-network is tiny (30 state features → 64 → 64 → 12 outputs, ~6.9k weights) and is called one
 * state at a time while an agent trains, so TensorFlow.js spends most of a gradient step (~2.5–5 ms) and of a
 * prediction (~0.12 ms) dispatching some two hundred small kernels; here a gradient step takes well under a
 * millisecond. Initial weights come from the TensorFlow.js network (the same seeded Glorot initialisers), saved weights
 * keep its layout (kernel in × out, then bias), and a unit test holds both versions to the same losses, weights and
 * Q-values (tests/unit/pricing-dqn-plain.test.ts).
 */
import { initialWeights, type Dqn, type DqnConfig, type DqnWeights } from './dqn';
import { matmulABt, transpose } from './matmul';

/** tf.train.adam's defaults (β1, β2) and the float32 backends' epsilon, so the update is TensorFlow.js's. */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/** One dense layer. The kernel is kept transposed (out × in) so the forward pass reads contiguous rows. */
interface Layer {
  inputs: number;
  outputs: number;
  wt: Float64Array;
  b: Float64Array;
}

/** Adam's moments of one layer. */
interface Moments {
  wt: Float64Array;
  b: Float64Array;
}

function layersFrom(c: DqnConfig, w: DqnWeights['tensors']): Layer[] {
  const sizes = [c.inputs, ...c.hidden, c.actions + (c.dueling ? 1 : 0)];
  if (w.length !== 2 * (sizes.length - 1)) throw new Error(`Saved DQN has ${w.length} weight tensors; this network needs ${2 * (sizes.length - 1)}`);
  return sizes.slice(1).map((outputs, i) => {
    const inputs = sizes[i];
    const kernel = w[2 * i];
    const bias = w[2 * i + 1];
    if (kernel.values.length !== inputs * outputs || bias.values.length !== outputs) {
      throw new Error(`Saved DQN layer ${i + 1} is ${kernel.shape.join('×')}; this network needs ${inputs}×${outputs}`);
    }
    const wt = new Float64Array(inputs * outputs);
    transpose(Float64Array.from(kernel.values), inputs, outputs, wt);
    return { inputs, outputs, wt, b: Float64Array.from(bias.values) };
  });
}

function copyLayers(from: Layer[], to: Layer[]): void {
  from.forEach((l, i) => {
    to[i].wt.set(l.wt);
    to[i].b.set(l.b);
  });
}

/** Reusable buffers by name: a training step allocates nothing once its sizes have been seen. */
type Scratch = (name: string, size: number) => Float64Array;

function scratchBuffers(): Scratch {
  const bufs = new Map<string, Float64Array>();
  return (name, size) => {
    let b = bufs.get(name);
    if (!b || b.length !== size) {
      b = new Float64Array(size);
      bufs.set(name, b);
    }
    return b;
  };
}

/** Every layer's output for n rows (ReLU after the hidden layers, the last one raw), in buffers named `tag`. */
function forward(net: Layer[], x: Float64Array, n: number, buf: Scratch, tag: string): Float64Array[] {
  const outs: Float64Array[] = [];
  let input = x;
  net.forEach((l, li) => {
    const out = buf(`${tag}${li}`, n * l.outputs);
    matmulABt(input, n, l.inputs, l.wt, l.outputs, out);
    const hidden = li < net.length - 1;
    for (let r = 0; r < n; r++) {
      const o = r * l.outputs;
      for (let j = 0; j < l.outputs; j++) {
        const v = out[o + j] + l.b[j];
        out[o + j] = hidden && v < 0 ? 0 : v;
      }
    }
    outs.push(out);
    input = out;
  });
  return outs;
}

/** Q-values (n × actions) from the output layer: the dueling head's Q = V + A − mean(A), or the output itself. */
function qValues(c: DqnConfig, out: Float64Array, n: number, q: Float64Array): Float64Array {
  if (!c.dueling) return out;
  const A = c.actions;
  for (let r = 0; r < n; r++) {
    const o = r * (A + 1);
    let mean = 0;
    for (let j = 1; j <= A; j++) mean += out[o + j];
    mean /= A;
    for (let j = 0; j < A; j++) q[r * A + j] = out[o] + out[o + 1 + j] - mean;
  }
  return q;
}

function lastOf(outs: Float64Array[]): Float64Array {
  const last = outs[outs.length - 1];
  if (!last) throw new Error('DQN has no layers');
  return last;
}

/** Builds the Q-network pair in plain math; starts from TensorFlow.js's seeded initial weights, or from `from`. */
export async function buildPlainDqn(config: DqnConfig, from?: DqnWeights): Promise<Dqn> {
  const start = from ? from.tensors : await initialWeights(config);
  const online = layersFrom(config, start);
  const target = layersFrom(config, start);
  const m: Moments[] = online.map((l) => ({ wt: new Float64Array(l.wt.length), b: new Float64Array(l.b.length) }));
  const v: Moments[] = online.map((l) => ({ wt: new Float64Array(l.wt.length), b: new Float64Array(l.b.length) }));
  let accBeta1 = BETA1;
  let accBeta2 = BETA2;
  const A = config.actions;
  const buf = scratchBuffers();
  const q = (net: Layer[], x: Float64Array, n: number, tag: string): Float64Array => qValues(config, lastOf(forward(net, x, n, buf, tag)), n, buf(`${tag}q`, n * A));
  /** The states as doubles, in a named buffer. */
  const input = (xs: Float32Array, name: string): Float64Array => {
    const x = buf(name, xs.length);
    x.set(xs);
    return x;
  };
  const adam = (p: Float64Array, g: Float64Array, mm: Float64Array, vv: Float64Array, c1: number, c2: number): void => {
    const lr = config.learningRate;
    for (let i = 0; i < p.length; i++) {
      mm[i] = mm[i] * BETA1 + g[i] * (1 - BETA1);
      vv[i] = vv[i] * BETA2 + g[i] * g[i] * (1 - BETA2);
      p[i] -= lr * (mm[i] / c1 / (Math.sqrt(vv[i] / c2) + EPSILON));
    }
  };
  return {
    config,
    predict(states, n) {
      return Float32Array.from(q(online, input(states, 'px'), n, 'p'));
    },
    trainStep(b) {
      const n = b.n;
      // Double DQN target: the online net picks the next action, the target net values it.
      const next = input(b.next, 'next');
      const qOnline = q(online, next, n, 'on');
      const qTarget = q(target, next, n, 'tg');
      const y = buf('y', n);
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let j = 1; j < A; j++) if (qOnline[r * A + j] > qOnline[r * A + best]) best = j;
        const disc = b.discount ? b.discount[r] : (1 - b.done[r]) * config.gamma;
        y[r] = b.rewards[r] + qTarget[r * A + best] * disc;
      }
      // Huber loss of the taken actions' Q-values, averaged over the batch, and its gradient at the output layer.
      const states = input(b.states, 'states');
      const acts = forward(online, states, n, buf, 's');
      const out = lastOf(acts);
      const qs = qValues(config, out, n, buf('sq', n * A));
      const width = out.length / n;
      let dOut = buf('dOut', out.length);
      dOut.fill(0);
      const delta = config.huberDelta;
      let loss = 0;
      for (let r = 0; r < n; r++) {
        const a = b.actions[r];
        const e = qs[r * A + a] - y[r];
        const ae = Math.abs(e);
        const quad = Math.min(ae, delta);
        loss += 0.5 * quad * quad + delta * (ae - quad);
        const g = Math.max(-delta, Math.min(delta, e)) / n;
        if (config.dueling) {
          // Q_a = V + A_a − mean(A): ∂/∂V = 1, ∂/∂A_j = [j = a] − 1/A.
          const o = r * width;
          dOut[o] = g;
          for (let j = 0; j < A; j++) dOut[o + 1 + j] = g * ((j === a ? 1 : 0) - 1 / A);
        } else dOut[r * width + a] = g;
      }
      // Back-propagation: every layer's gradients from the weights before this step, then one Adam step on each.
      const grads: Moments[] = new Array<Moments>(online.length);
      for (let li = online.length - 1; li >= 0; li--) {
        const l = online[li];
        const x = li === 0 ? states : acts[li - 1];
        const gb = buf(`gb${li}`, l.outputs);
        gb.fill(0);
        for (let r = 0; r < n; r++) for (let j = 0; j < l.outputs; j++) gb[j] += dOut[r * l.outputs + j];
        // ∂W (out × in) = dOutᵀ · x.
        const dOutT = buf(`dOutT${li}`, dOut.length);
        transpose(dOut, n, l.outputs, dOutT);
        const xT = buf(`xT${li}`, x.length);
        transpose(x, n, l.inputs, xT);
        const gwt = buf(`gw${li}`, l.wt.length);
        matmulABt(dOutT, l.outputs, n, xT, l.inputs, gwt);
        grads[li] = { wt: gwt, b: gb };
        if (li > 0) {
          // ∂x = dOut · W, masked by the ReLU that produced x.
          const w = buf(`w${li}`, l.wt.length);
          transpose(l.wt, l.outputs, l.inputs, w);
          const dx = buf(`dx${li}`, n * l.inputs);
          matmulABt(dOut, n, l.outputs, w, l.inputs, dx);
          for (let i = 0; i < dx.length; i++) if (!(x[i] > 0)) dx[i] = 0;
          dOut = dx;
        }
      }
      const c1 = 1 - accBeta1;
      const c2 = 1 - accBeta2;
      online.forEach((l, li) => {
        adam(l.wt, grads[li].wt, m[li].wt, v[li].wt, c1, c2);
        adam(l.b, grads[li].b, m[li].b, v[li].b, c1, c2);
      });
      accBeta1 *= BETA1;
      accBeta2 *= BETA2;
      return loss / n;
    },
    syncTarget() {
      copyLayers(online, target);
    },
    weights() {
      return {
        config,
        tensors: online.flatMap((l) => {
          const kernel = new Float64Array(l.wt.length);
          transpose(l.wt, l.outputs, l.inputs, kernel);
          return [{ shape: [l.inputs, l.outputs], values: Array.from(kernel) }, { shape: [l.outputs], values: Array.from(l.b) }];
        }),
      };
    },
    load(w) {
      copyLayers(layersFrom(config, w.tensors), online);
      copyLayers(online, target);
    },
    dispose() {},
  };
}
