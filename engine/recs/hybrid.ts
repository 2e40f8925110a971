/**
 * A hybrid of the sequential Transformer and item co-occurrence: each model's scores are standardised per customer
 * and mixed, (1 − w)·z(Transformer) + w·z(co-occurrence). Reported as its own row, never as the Transformer alone.
 */
import { CooccurrenceModel } from './baselines/cooccurrence';
import { heldOutNdcgSum } from './metrics';
import { standardise } from './tail';
import type { History, RecModel, TrainData, TrainHooks } from './types';
import type { SasrecRecommender } from './sasrec-adapter';

/** The co-occurrence weights tried on the validation item (0 = the Transformer alone, 1 = co-occurrence alone). */
export const HYBRID_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1] as const;

/** Mixes two score matrices [rows × n] (row-major) in place into `a`, which it returns. */
export function blendScores(a: Float32Array, b: Float32Array, rows: number, w: number): Float32Array {
  const n = a.length / Math.max(1, rows);
  for (let r = 0; r < rows; r++) {
    const off = r * n;
    standardise(a, off, n);
    standardise(b, off, n);
    for (let i = 0; i < n; i++) a[off + i] = (1 - w) * a[off + i] + w * b[off + i];
  }
  return a;
}

/** Two trained models blended as above, as one RecModel (it owns neither: the caller disposes both). */
export class HybridModel implements RecModel {
  readonly name = 'sasrec+cooc';

  constructor(private readonly seq: RecModel, private readonly cooc: RecModel, readonly weight: number) {}

  /** Both models are trained by the caller. */
  async fit(): Promise<void> {}

  /** The blended scores of every item per history. */
  score(histories: History[]): Float32Array {
    return blendScores(this.seq.score(histories), this.cooc.score(histories), histories.length, this.weight);
  }

  /** Nothing of its own to free. */
  dispose(): void {}
}

/**
 * NDCG@10 of each co-occurrence weight on held-out targets (history items other than the target excluded, as in
 * evaluation), from two score matrices over the same histories.
 */
export function blendNdcg(seq: Float32Array, cooc: Float32Array, hs: readonly History[], targets: readonly number[], weights: readonly number[]): number[] {
  return weights.map((w) => (hs.length ? heldOutNdcgSum(blendScores(seq.slice(), cooc.slice(), hs.length, w), hs, targets) / hs.length : 0));
}

/**
 * The product's hybrid model ('hybrid'): the sequential Transformer blended with co-occurrence, the weight chosen on
 * the Transformer's own inner check (each long training sequence's last item, which the Transformer never trained on
 * and the evaluation never scores), so choosing it looks at neither the validation nor the test item. It reuses a
 * Transformer already trained in the same run when given one (it then does not own it).
 */
export class HybridRecommender implements RecModel {
  readonly name = 'hybrid';
  /** The co-occurrence weight chosen, and the inner NDCG@10 of each weight tried. */
  weight = 0;
  innerNdcg: { w: number; ndcg: number }[] = [];
  private seq: SasrecRecommender | null;
  private readonly owned: boolean;
  private readonly cooc = new CooccurrenceModel();

  constructor(private readonly opts: Record<string, unknown> = {}, trained: SasrecRecommender | null = null) {
    this.seq = trained;
    this.owned = trained === null;
  }

  /** Trains the Transformer (unless given), chooses the weight on its inner check, then fits co-occurrence on `d`. */
  async fit(d: TrainData, hooks: TrainHooks = {}): Promise<void> {
    if (!this.seq) {
      const { SasrecRecommender: Seq } = await import('./sasrec-adapter');
      this.seq = new Seq(this.opts);
      await this.seq.fit(d, hooks);
    }
    const inner = this.seq.innerCheck;
    this.weight = 0;
    this.innerNdcg = [];
    if (inner && inner.users.length) {
      const c = new CooccurrenceModel();
      await c.fit(inner.train);
      const sums = HYBRID_WEIGHTS.map(() => 0);
      for (let b = 0; b < inner.users.length; b += 128) {
        hooks.checkCancelled?.();
        const users = inner.users.slice(b, b + 128);
        const hs: History[] = users.map((u) => ({ user: u, items: inner.train.seqs[u], kinds: inner.train.kinds?.[u], times: inner.train.times?.[u] }));
        const part = blendNdcg(this.seq.score(hs), c.score(hs), hs, inner.targets.slice(b, b + 128), HYBRID_WEIGHTS);
        part.forEach((v, i) => (sums[i] += v * hs.length));
      }
      this.innerNdcg = HYBRID_WEIGHTS.map((w, i) => ({ w, ndcg: sums[i] / inner.users.length }));
      // The best weight; a tie keeps the smaller one (the Transformer alone first).
      let best = this.innerNdcg[0];
      for (const r of this.innerNdcg) if (r.ndcg > best.ndcg + 1e-12) best = r;
      this.weight = best.w;
      c.dispose();
    }
    await this.cooc.fit(d);
  }

  /** The Transformer inside (trained here or given), or null before fit. */
  transformer(): SasrecRecommender | null {
    return this.seq;
  }

  /** The blended scores of every item per history. */
  score(histories: History[]): Float32Array {
    if (!this.seq) throw new Error('hybrid: fit() first');
    return blendScores(this.seq.score(histories), this.cooc.score(histories), histories.length, this.weight);
  }

  /** Frees the Transformer when this model trained it. */
  dispose(): void {
    if (this.owned) this.seq?.dispose();
    this.cooc.dispose();
  }
}
