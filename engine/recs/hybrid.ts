/**
 * A hybrid of the sequential Transformer and item co-occurrence. Since 2026-12-05 the two are mixed as probabilities
 * (`mixture`): per customer, log((1 − w)·softmax(z(Transformer)) + w·c / Σc), z the customer's standardised scores and
 * c the co-occurrence scores (never negative). Runs saved before keep the earlier form (`z`): (1 − w)·z(Transformer) +
 * w·z(co-occurrence). Reported as its own row, never as the Transformer alone.
 */
import { CooccurrenceModel } from './baselines/cooccurrence';
import { heldOutNdcgSum } from './metrics';
import { standardise } from './tail';
import type { History, RecModel, TrainData, TrainHooks } from './types';
import type { SasrecRecommender } from './sasrec-adapter';

/** How the two models' scores are combined: as probabilities (in use) or as standardised scores (runs before it). */
export type HybridForm = 'mixture' | 'z';

/** The co-occurrence weights tried for the standardised-score form (0 = the Transformer alone, 1 = co-occurrence alone). */
export const HYBRID_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1] as const;

/** The co-occurrence weights tried for the mixture (its best weights on ml-latest-small lie at 0.15–0.3, so finer there). */
export const MIXTURE_WEIGHTS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1] as const;

/** The weights a form chooses from. */
export function hybridWeights(form: HybridForm): readonly number[] {
  return form === 'mixture' ? MIXTURE_WEIGHTS : HYBRID_WEIGHTS;
}

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

/**
 * The mixture form, in place into `a`: per row, log((1 − w)·softmax(z(a)) + w·max(b, 0) / Σ max(b, 0)). A row whose
 * co-occurrence scores are all zero gets an even share (the Transformer's order then stands). Non-finite scores in `a`
 * (items left out) stay left out. The log keeps the result a score like the others (the tail controls standardise it).
 */
export function mixScores(a: Float32Array, b: Float32Array, rows: number, w: number): Float32Array {
  const n = a.length / Math.max(1, rows);
  for (let r = 0; r < rows; r++) {
    const off = r * n;
    standardise(a, off, n);
    let mx = -Infinity;
    for (let i = 0; i < n; i++) if (Number.isFinite(a[off + i])) mx = Math.max(mx, a[off + i]);
    let za = 0;
    let zb = 0;
    for (let i = 0; i < n; i++) {
      const v = a[off + i];
      if (Number.isFinite(v)) za += Math.exp(v - mx);
      const c = b[off + i];
      if (c > 0 && Number.isFinite(c)) zb += c;
    }
    for (let i = 0; i < n; i++) {
      const v = a[off + i];
      if (!Number.isFinite(v)) continue;
      const c = b[off + i];
      const pc = zb > 0 ? (c > 0 && Number.isFinite(c) ? c / zb : 0) : 1 / n;
      // The floor keeps items both models give nothing tied at the bottom, not left out (−∞ means left out).
      a[off + i] = Math.log((1 - w) * (Math.exp(v - mx) / za) + w * pc + 1e-30);
    }
  }
  return a;
}

/** Combines two score matrices by a form (in place into `a`). */
export function combineScores(form: HybridForm, a: Float32Array, b: Float32Array, rows: number, w: number): Float32Array {
  return form === 'mixture' ? mixScores(a, b, rows, w) : blendScores(a, b, rows, w);
}

/** Two trained models blended as above, as one RecModel (it owns neither: the caller disposes both). */
export class HybridModel implements RecModel {
  readonly name = 'sasrec+cooc';

  constructor(private readonly seq: RecModel, private readonly cooc: RecModel, readonly weight: number, readonly form: HybridForm = 'mixture') {}

  /** Both models are trained by the caller. */
  async fit(): Promise<void> {}

  /** The blended scores of every item per history. */
  score(histories: History[]): Float32Array {
    return combineScores(this.form, this.seq.score(histories), this.cooc.score(histories), histories.length, this.weight);
  }

  /** Nothing of its own to free. */
  dispose(): void {}
}

/**
 * NDCG@10 of each co-occurrence weight on held-out targets (history items other than the target excluded, as in
 * evaluation), from two score matrices over the same histories.
 */
export function blendNdcg(seq: Float32Array, cooc: Float32Array, hs: readonly History[], targets: readonly number[], weights: readonly number[], form: HybridForm = 'mixture'): number[] {
  return weights.map((w) => (hs.length ? heldOutNdcgSum(combineScores(form, seq.slice(), cooc.slice(), hs.length, w), hs, targets) / hs.length : 0));
}

/**
 * The product's hybrid model ('hybrid'): the sequential Transformer blended with co-occurrence, the weight chosen on
 * the Transformer's own inner check (each long training sequence's last item, which the Transformer never trained on
 * and the evaluation never scores), so choosing it looks at neither the validation nor the test item. It reuses a
 * Transformer already trained in the same run when given one (it then does not own it).
 */
export class HybridRecommender implements RecModel {
  readonly name = 'hybrid';
  /** How the two models are combined (always the mixture for a new training). */
  readonly form: HybridForm = 'mixture';
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
      const weights = hybridWeights(this.form);
      const sums = weights.map(() => 0);
      for (let b = 0; b < inner.users.length; b += 128) {
        hooks.checkCancelled?.();
        const users = inner.users.slice(b, b + 128);
        const hs: History[] = users.map((u) => ({ user: u, items: inner.train.seqs[u], kinds: inner.train.kinds?.[u], times: inner.train.times?.[u] }));
        const part = blendNdcg(this.seq.score(hs), c.score(hs), hs, inner.targets.slice(b, b + 128), weights, this.form);
        part.forEach((v, i) => (sums[i] += v * hs.length));
      }
      this.innerNdcg = weights.map((w, i) => ({ w, ndcg: sums[i] / inner.users.length }));
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
    return combineScores(this.form, this.seq.score(histories), this.cooc.score(histories), histories.length, this.weight);
  }

  /** Frees the Transformer when this model trained it. */
  dispose(): void {
    if (this.owned) this.seq?.dispose();
    this.cooc.dispose();
  }
}
