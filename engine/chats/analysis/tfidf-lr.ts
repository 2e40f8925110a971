/** The benchmark baseline: TF-IDF over word unigrams (jieba for Chinese) and multinomial logistic regression, in plain TypeScript. */
import { tokens } from '../../../models/text/tokenize';

/** A trained TF-IDF + logistic-regression classifier. */
export interface TfidfLr {
  labels: string[];
  predict(texts: readonly string[]): string[];
}

interface Sparse {
  idx: number[];
  val: number[];
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

/** Trains the baseline: sublinear TF-IDF with L2 norm, softmax regression by Adagrad with L2 = 1e-4, `epochs` passes. */
export function trainTfidfLr(texts: readonly string[], labels: readonly string[], epochs = 15, seed = 7, balance = false): TfidfLr {
  const classes = [...new Set(labels)].sort();
  const docs = texts.map((t) => tokens(t));
  const vocab = new Map<string, number>();
  const df: number[] = [];
  for (const d of docs) {
    for (const w of new Set(d)) {
      let id = vocab.get(w);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(w, id);
        df.push(0);
      }
      df[id]++;
    }
  }
  const n = docs.length;
  const idf = df.map((c) => Math.log((1 + n) / (1 + c)) + 1);
  const vec = (d: readonly string[]): Sparse => {
    const tf = new Map<number, number>();
    for (const w of d) {
      const id = vocab.get(w);
      if (id !== undefined) tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    const idx = [...tf.keys()];
    const val = idx.map((i) => (1 + Math.log(tf.get(i) as number)) * idf[i]);
    const norm = Math.hypot(...val) || 1;
    return { idx, val: val.map((v) => v / norm) };
  };
  const X = docs.map(vec);
  const y = labels.map((l) => classes.indexOf(l));
  const C = classes.length;
  // With `balance`, each example's gradient is scaled by the inverse frequency of its class (as BagClassifier's option).
  const counts = classes.map((_, c) => y.filter((v) => v === c).length);
  const weight = counts.map((n) => (balance && n ? y.length / (C * n) : 1));
  const V = vocab.size;
  const W = new Float64Array(V * C);
  const G = new Float64Array(V * C).fill(1e-8);
  const bias = new Float64Array(C);
  const lr = 0.5;
  const l2 = 1e-4;
  const rnd = seeded(seed);
  const order = X.map((_, i) => i);
  const scores = new Float64Array(C);
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) {
      const x = X[i];
      softmaxScores(x, W, bias, C, scores);
      for (let c = 0; c < C; c++) {
        const g = weight[y[i]] * (scores[c] - (c === y[i] ? 1 : 0));
        bias[c] -= 0.05 * g;
        for (let k = 0; k < x.idx.length; k++) {
          const p = x.idx[k] * C + c;
          const grad = g * x.val[k] + l2 * W[p];
          G[p] += grad * grad;
          W[p] -= (lr * grad) / Math.sqrt(G[p]);
        }
      }
    }
  }
  return {
    labels: classes,
    predict: (t) =>
      t.map((s) => {
        softmaxScores(vec(tokens(s)), W, bias, C, scores);
        let best = 0;
        for (let c = 1; c < C; c++) if (scores[c] > scores[best]) best = c;
        return classes[best];
      }),
  };
}

function softmaxScores(x: Sparse, W: Float64Array, b: Float64Array, C: number, out: Float64Array): void {
  for (let c = 0; c < C; c++) out[c] = b[c];
  for (let k = 0; k < x.idx.length; k++) {
    const base = x.idx[k] * C;
    for (let c = 0; c < C; c++) out[c] += W[base + c] * x.val[k];
  }
  let m = -Infinity;
  for (let c = 0; c < C; c++) m = Math.max(m, out[c]);
  let s = 0;
  for (let c = 0; c < C; c++) {
    out[c] = Math.exp(out[c] - m);
    s += out[c];
  }
  for (let c = 0; c < C; c++) out[c] /= s;
}
