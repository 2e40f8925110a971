/**
 * Item tower: an ID embedding fused by attention with projected text features (hashed TF-IDF of title and
 * description) and image vectors when present. Items without history have no usable ID, so their vector comes
 * from content alone; InfoNCE (in-batch negatives, log-popularity correction) aligns content with behaviour.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows, mkVar } from './layers';

/** Fixed content features per item (0-based rows). */
export interface ContentFeatures {
  /** nItems × textDim, L2-normalised rows (zero rows for items without text). */
  text: Float32Array;
  textDim: number;
  /** nItems × imageDim, L2-normalised (zero rows where none). */
  image: Float32Array | null;
  imageDim: number;
}

/** The item tower's weights and its fused item table. */
export class ItemTower {
  private readonly idEmb: tf.Variable;
  private readonly textW: tf.Variable | null;
  private readonly imageW: tf.Variable | null;
  private readonly query: tf.Variable | null;
  private readonly text: tf.Tensor2D | null;
  private readonly image: tf.Tensor2D | null;
  private readonly textMask: tf.Tensor2D | null;
  private readonly imageMask: tf.Tensor2D | null;
  private seen: tf.Tensor2D;
  private readonly n: number;

  constructor(nItems: number, private readonly dim: number, content: ContentFeatures | null, seed: number, initStd = 0.01) {
    this.n = nItems;
    // Small initial item vectors: with sampled negatives many rare items are rarely touched in a short training, and a
    // large random start would let them outscore the items the model did learn (they would fill every top 10).
    this.idEmb = mkVar(tf.randomNormal([nItems + 1, dim], 0, initStd, 'float32', seed + 1), 'tower_id');
    this.seen = tf.ones([nItems + 1, 1]);
    const padded = (data: Float32Array, width: number): tf.Tensor2D => tf.concat([tf.zeros([1, width]), tf.tensor2d(data, [nItems, width])]) as tf.Tensor2D;
    const rowMask = (t: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => t.abs().sum(1, true).greater(0).cast('float32') as tf.Tensor2D);
    this.text = content && content.textDim > 0 ? tf.tidy(() => padded(content.text, content.textDim)) : null;
    this.image = content?.image && content.imageDim > 0 ? tf.tidy(() => padded(content.image as Float32Array, content.imageDim)) : null;
    this.textMask = this.text ? rowMask(this.text) : null;
    this.imageMask = this.image ? rowMask(this.image) : null;
    this.textW = this.text ? mkVar(tf.randomNormal([content?.textDim ?? 1, dim], 0, Math.sqrt(1 / dim), 'float32', seed + 2), 'tower_text') : null;
    this.imageW = this.image ? mkVar(tf.randomNormal([content?.imageDim ?? 1, dim], 0, Math.sqrt(1 / dim), 'float32', seed + 3), 'tower_image') : null;
    this.query = this.text || this.image ? mkVar(tf.randomNormal([dim, 1], 0, 0.1, 'float32', seed + 4), 'tower_query') : null;
  }

  /** Trainable weights. */
  variables(): tf.Variable[] {
    return [this.idEmb, this.textW, this.imageW, this.query].filter((v): v is tf.Variable => v !== null);
  }

  /** Every tensor the tower holds (weights and content constants), for handing the model between backends. */
  tensors(): tf.Tensor[] {
    const all: (tf.Tensor | null)[] = [...this.variables(), this.text, this.image, this.textMask, this.imageMask, this.seen];
    return all.filter((t): t is tf.Tensor => t !== null);
  }

  /** The item ID embedding (sparse gradients: trained with its own optimiser settings). */
  idVariable(): tf.Variable {
    return this.idEmb;
  }

  /** Replaces the ID vectors of items (0-based rows of `v`, nItems × dim) whose given row is not all zero. */
  setIdVectors(v: Float32Array): void {
    const cur = this.idEmb.dataSync() as Float32Array;
    const next = Float32Array.from(cur);
    for (let i = 0; i < this.n; i++) {
      const row = v.subarray(i * this.dim, (i + 1) * this.dim);
      if (row.some((x) => x !== 0)) next.set(row, (i + 1) * this.dim);
    }
    const t = tf.tensor2d(next, [this.n + 1, this.dim]);
    this.idEmb.assign(t);
    t.dispose();
  }

  /** Whether the tower has any content input. */
  hasContent(): boolean {
    return this.query !== null;
  }

  /** Marks items with training history; the others' ID embedding is never used (it was never trained). */
  setSeen(pop: Float32Array): void {
    this.seen.dispose();
    const m = new Float32Array(this.n + 1);
    pop.forEach((c, i) => (m[i + 1] = c > 0 ? 1 : 0));
    // Without content an unseen item has nothing else, so keep its (random) ID vector rather than a zero one.
    if (!this.hasContent()) m.fill(1);
    this.seen = tf.tensor2d(m, [this.n + 1, 1]);
  }

  /** A per-step mask hiding a share of item IDs (content must then carry them), or null. */
  idDropoutMask(rate: number, rand: () => number): Float32Array | null {
    if (!this.hasContent() || rate <= 0) return null;
    const m = new Float32Array(this.n + 1);
    for (let i = 0; i < m.length; i++) m[i] = rand() < rate ? 0 : 1;
    return m;
  }

  /** Content-only vectors for the given 1-based rows (zero when the tower has no content). */
  private content(rows: tf.Tensor1D | null): tf.Tensor2D {
    let c: tf.Tensor2D | null = null;
    if (this.text && this.textW) c = tf.matMul(rows ? gatherRows(this.text, rows) : this.text, this.textW) as tf.Tensor2D;
    if (this.image && this.imageW) {
      const v = tf.matMul(rows ? gatherRows(this.image, rows) : this.image, this.imageW) as tf.Tensor2D;
      c = c ? (c.add(v) as tf.Tensor2D) : v;
    }
    return c ?? (tf.zeros([rows ? rows.shape[0] : this.n + 1, this.dim]) as tf.Tensor2D);
  }

  /** The fused item table [nItems + 1, d] (row 0 = padding). Call inside tf.tidy. */
  table(idKeep: Float32Array | null): tf.Tensor2D {
    let idMask: tf.Tensor2D = this.seen;
    if (idKeep) idMask = idMask.mul(tf.tensor2d(idKeep, [this.n + 1, 1]));
    const id = this.idEmb.mul(idMask) as tf.Tensor2D;
    if (!this.query) return id;
    const parts: tf.Tensor2D[] = [id];
    const masks: tf.Tensor2D[] = [idMask];
    if (this.text && this.textW && this.textMask) {
      parts.push(tf.matMul(this.text, this.textW));
      masks.push(this.textMask);
    }
    if (this.image && this.imageW && this.imageMask) {
      parts.push(tf.matMul(this.image, this.imageW));
      masks.push(this.imageMask);
    }
    // Attention over the modalities present for each item: weight_m ∝ exp(q·tanh(v_m)).
    const logits = tf.concat(parts.map((p, k) => tf.matMul(tf.tanh(p), this.query as tf.Variable).add(tf.scalar(1).sub(masks[k]).mul(-1e9))), 1);
    const w = tf.softmax(logits, 1);
    let fused = parts[0].mul(w.slice([0, 0], [-1, 1]));
    for (let k = 1; k < parts.length; k++) fused = fused.add(parts[k].mul(w.slice([0, k], [-1, 1])));
    return fused as tf.Tensor2D;
  }

  /**
   * InfoNCE between content and ID vectors of the distinct items in the batch (1-based ids, 0 ignored), in-batch
   * negatives, logits corrected by −log popularity so popular items are not over-penalised as negatives.
   */
  infoNce(targets: Int32Array, pop: Float32Array): tf.Scalar {
    if (!this.hasContent()) return tf.scalar(0);
    const uniq = [...new Set(targets)].filter((i) => i > 0 && pop[i - 1] > 0).slice(0, 256);
    if (uniq.length < 2) return tf.scalar(0);
    const rows = tf.tensor1d(uniq, 'int32');
    const total = pop.reduce((a, v) => a + v, 0);
    const logQ = tf.tensor1d(uniq.map((i) => Math.log(pop[i - 1] / total)));
    const norm = (t: tf.Tensor2D): tf.Tensor2D => t.div(t.norm('euclidean', 1, true).add(1e-8));
    const c = norm(this.content(rows));
    const b = norm(gatherRows(this.idEmb as unknown as tf.Tensor2D, rows));
    const logits = tf.matMul(c, b, false, true).div(0.1).sub(logQ.reshape([1, -1]));
    const labels = tf.oneHot(tf.range(0, uniq.length, 1, 'int32'), uniq.length);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  }

  /** Frees the tower's tensors. */
  dispose(): void {
    for (const t of [this.idEmb, this.textW, this.imageW, this.query, this.text, this.image, this.textMask, this.imageMask, this.seen]) t?.dispose();
  }
}
