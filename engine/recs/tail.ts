/** The merchant's long-tail control: lowers each item's standardised score by γ·ln(1 + popularity). */

/** The γ values whose effect is measured and shown next to the control. */
export const TAIL_STEPS = [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1] as const;

/** Standardises one user's scores in place (finite ones), so γ means the same for every model and user. */
export function standardise(scores: Float32Array, offset: number, n: number): void {
  let s = 0;
  let s2 = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = scores[offset + i];
    if (!Number.isFinite(v)) continue;
    s += v;
    s2 += v * v;
    c++;
  }
  const mean = c ? s / c : 0;
  const sd = c ? Math.sqrt(Math.max(1e-12, s2 / c - mean * mean)) : 1;
  for (let i = 0; i < n; i++) {
    const v = scores[offset + i];
    if (Number.isFinite(v)) scores[offset + i] = (v - mean) / sd;
  }
}

/** A re-ranker for evaluate(): standardise, then subtract γ·ln(1 + popularity). */
export function tailReranker(popularity: Float32Array, gamma: number): (scores: Float32Array, offset: number) => void {
  const pen = popularity.map((p) => gamma * Math.log1p(p));
  return (scores, offset) => {
    standardise(scores, offset, pen.length);
    for (let i = 0; i < pen.length; i++) scores[offset + i] -= pen[i];
  };
}

/** Training interactions per item. */
export function popularityOf(seqs: Int32Array[], nItems: number): Float32Array {
  const pop = new Float32Array(nItems);
  for (const s of seqs) for (const i of s) pop[i]++;
  return pop;
}

/**
 * The γ values of the tail-lift form (the slider's own steps, 0 to 1 by 0.1: the stored candidates cover γ ≤ 1).
 * Before 2026-12-02 evening the bench measured {0, 0.25, 0.5, 0.75, 1, 1.5}; on ml-latest-small's validation item
 * 0.5 stayed within 5% of the plain NDCG@10 and 0.75 did not, so the finer steps between them are where a choice is.
 */
export const TAIL_LIFT_STEPS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/**
 * Another form of the control, measured beside it in the benchmark: standardise, then add γ to every long-tail item
 * (`tail` marks them: liftedItems in tail-choice.ts, each of which the tail share counts). Unlike the popularity
 * discount it leaves the order among head items and among tail items alone, so each step only swaps the weakest head
 * items for the strongest tail ones.
 */
export function tailLiftReranker(tail: Uint8Array, gamma: number): (scores: Float32Array, offset: number) => void {
  return (scores, offset) => {
    standardise(scores, offset, tail.length);
    for (let i = 0; i < tail.length; i++) if (tail[i]) scores[offset + i] += gamma;
  };
}
