/** Popularity and recent-popularity baselines: the same list for everyone. */
import type { History, RecModel, TrainData } from '../types';

function fill(counts: Float32Array, histories: History[]): Float32Array {
  const n = counts.length;
  const out = new Float32Array(histories.length * n);
  for (let j = 0; j < histories.length; j++) out.set(counts, j * n);
  return out;
}

/** Most interacted items overall. */
export class PopularityModel implements RecModel {
  readonly name: string = 'pop';
  protected counts = new Float32Array(0);

  /** Counts training interactions per item. */
  async fit(d: TrainData): Promise<void> {
    this.counts = new Float32Array(d.nItems);
    for (const s of d.seqs) for (const i of s) this.counts[i]++;
  }

  /** Same scores for every user. */
  score(histories: History[]): Float32Array {
    return fill(this.counts, histories);
  }

  /** Nothing to free. */
  dispose(): void {}
}

/**
 * Popularity with exponential decay: an interaction counts 2^(-age / halfLife). Age is time before the latest
 * training event (half-life 10% of the time span) or, without times, its distance from the end of its user's sequence.
 */
export class RecentPopularityModel extends PopularityModel {
  override readonly name = 'recent-pop';

  /** Weights recent interactions more. */
  override async fit(d: TrainData): Promise<void> {
    this.counts = new Float32Array(d.nItems);
    if (d.times) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const t of d.times) for (const v of t) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const half = Math.max(1e-9, (hi - lo) * 0.1);
      d.seqs.forEach((s, u) => s.forEach((i, p) => (this.counts[i] += Math.pow(2, -(hi - d.times![u][p]) / half))));
    } else {
      for (const s of d.seqs) s.forEach((i, p) => (this.counts[i] += Math.pow(2, -(s.length - 1 - p) / 20)));
    }
  }
}
