/**
 * A hybrid of the sequential Transformer and item co-occurrence: each model's scores are standardised per customer
 * and mixed, (1 − w)·z(Transformer) + w·z(co-occurrence). Reported as its own row, never as the Transformer alone.
 */
import { standardise } from './tail';
import type { History, RecModel } from './types';

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
