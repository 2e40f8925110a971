/** Adapts the TensorFlow.js sequential model (models/recommend) to the engine's RecModel interface. */
import type { ContentFeatures } from '../../models/recommend/tower';
import { createSasrec, gapBucket, type Sasrec, type SasrecConfig } from '../../models/recommend/sasrec';
import type { History, RecModel, TrainData, TrainHooks } from './types';

/** Options: SASRec hyper-parameters plus optional item content features. */
export type SasrecOptions = Partial<SasrecConfig> & { content?: ContentFeatures | null };

function gapsOf(times: Float64Array | undefined, n: number): Uint8Array {
  const g = new Uint8Array(n);
  for (let p = 0; p < n; p++) g[p] = gapBucket(times && p > 0 ? times[p] - times[p - 1] : null);
  return g;
}

function kindsOf(kinds: Uint8Array | undefined, n: number): Uint8Array {
  return kinds ? kinds.subarray(0, n) : new Uint8Array(n).fill(1);
}

/** The sequential Transformer as a RecModel. */
export class SasrecRecommender implements RecModel {
  readonly name = 'sasrec';
  private model: Sasrec | null = null;
  private readonly opts: SasrecOptions;
  /** What the last fit did (epochs run, seconds, final loss). */
  lastFit: { epochs: number; seconds: number; loss: number } | null = null;

  constructor(opts: Record<string, unknown> = {}) {
    this.opts = opts as SasrecOptions;
  }

  /** Trains on the training sequences. */
  async fit(d: TrainData, hooks: TrainHooks = {}): Promise<void> {
    const { content, ...cfg } = this.opts;
    this.model?.dispose();
    this.model = await createSasrec(d.nItems, { ...cfg, seed: cfg.seed ?? hooks.seed ?? 42 }, content ?? null);
    const seq = {
      nItems: d.nItems,
      items: d.seqs,
      kinds: d.seqs.map((s, u) => kindsOf(d.kinds?.[u], s.length)),
      gaps: d.seqs.map((s, u) => gapsOf(d.times?.[u], s.length)),
    };
    this.lastFit = await this.model.fit(seq, { progress: hooks.progress, checkCancelled: hooks.checkCancelled });
  }

  /** Scores all items for each history. */
  score(histories: History[]): Float32Array {
    if (!this.model) throw new Error('sasrec: fit() first');
    return this.model.scoreHistories(
      histories.map((h) => h.items),
      histories.map((h) => kindsOf(h.kinds, h.items.length)),
      histories.map((h) => gapsOf(h.times, h.items.length)),
    );
  }

  /** The trained model (for item vectors), or null. */
  trained(): Sasrec | null {
    return this.model;
  }

  /** Frees the model's tensors. */
  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}
