/** Adapts the TensorFlow.js sequential model (models/recommend) to the engine's RecModel interface. */
import type * as tf from '@tensorflow/tfjs';
import type { ContentFeatures } from '../../models/recommend/tower';
import { createSasrec, gapBucket, type Sasrec, type SasrecConfig } from '../../models/recommend/sasrec';
import { heldOutNdcgSum } from './metrics';
import type { History, RecModel, TrainData, TrainHooks } from './types';

/**
 * Options: SASRec hyper-parameters, optional item content features, and early stopping: when `patience` > 0 each
 * long-enough training sequence gives up its last item as an inner check (never the evaluation's validation or test
 * item), training stops after `patience` epochs without a better inner NDCG@10 and the best epoch's weights are kept.
 */
export type SasrecOptions = Partial<SasrecConfig> & { content?: ContentFeatures | null; patience?: number; innerUsers?: number };

/** Time-gap buckets of a history (the first event has none). */
export function gapsOf(times: Float64Array | undefined, n: number): Uint8Array {
  const g = new Uint8Array(n);
  for (let p = 0; p < n; p++) g[p] = gapBucket(times && p > 0 ? times[p] - times[p - 1] : null);
  return g;
}

/** Event kinds of a history (slot 1 for every event when the data has none). */
export function kindsOf(kinds: Uint8Array | undefined, n: number): Uint8Array {
  return kinds ? kinds.subarray(0, n) : new Uint8Array(n).fill(1);
}

/** Epochs without a better inner NDCG@10 before training stops (0 = no early stopping). */
export const DEFAULT_PATIENCE = 2;

/** Users whose last training item is held out for early stopping (at most this many, spread evenly). */
export const INNER_USERS = 1000;

/** The inner check: sequences of 4+ items lose their last item, which becomes the target. */
function innerSplit(d: TrainData, most: number): { train: TrainData; users: number[]; targets: number[] } {
  const users: number[] = [];
  const targets: number[] = [];
  const long = d.seqs.flatMap((s, u) => (s.length >= 4 ? [u] : []));
  const step = Math.max(1, long.length / most);
  const held = new Set<number>();
  for (let i = 0; i < long.length && held.size < most; i += step) held.add(long[Math.floor(i)]);
  const cut = <T extends Int32Array | Uint8Array | Float64Array>(a: T, u: number): T => (held.has(u) ? (a.subarray(0, a.length - 1) as T) : a);
  for (const u of held) {
    users.push(u);
    targets.push(d.seqs[u][d.seqs[u].length - 1]);
  }
  return {
    train: { nItems: d.nItems, seqs: d.seqs.map((s, u) => cut(s, u)), kinds: d.kinds?.map((k, u) => cut(k, u)), times: d.times?.map((t, u) => cut(t, u)) },
    users,
    targets,
  };
}

/** The sequential Transformer as a RecModel. */
export class SasrecRecommender implements RecModel {
  readonly name = 'sasrec';
  private model: Sasrec | null = null;
  private readonly opts: SasrecOptions;
  /** What the last fit did (epochs run, seconds, final loss, the epoch kept and its inner NDCG@10 when early stopping). */
  lastFit: { epochs: number; seconds: number; loss: number; bestEpoch?: number; innerNdcg?: number[] } | null = null;
  /** The last fit's inner check (training data without the held-out items, the users and their targets), or null. */
  innerCheck: { train: TrainData; users: number[]; targets: number[] } | null = null;

  constructor(opts: Record<string, unknown> = {}) {
    this.opts = opts as SasrecOptions;
  }

  /** Trains on the training sequences. */
  async fit(d: TrainData, hooks: TrainHooks = {}): Promise<void> {
    const { content, patience = DEFAULT_PATIENCE, innerUsers = INNER_USERS, ...cfg } = this.opts;
    this.model?.dispose();
    const model = await createSasrec(d.nItems, { ...cfg, seed: cfg.seed ?? hooks.seed ?? 42 }, content ?? null);
    this.model = model;
    const inner = patience > 0 ? innerSplit(d, innerUsers) : null;
    this.innerCheck = inner;
    const t = inner?.train ?? d;
    const seq = {
      nItems: d.nItems,
      items: t.seqs,
      kinds: t.seqs.map((s, u) => kindsOf(t.kinds?.[u], s.length)),
      gaps: t.seqs.map((s, u) => gapsOf(t.times?.[u], s.length)),
    };
    let best = -1;
    let bestEpoch = 0;
    let snap: tf.Tensor[] | null = null;
    const innerNdcg: number[] = [];
    const epochEnd = inner && inner.users.length
      ? (epoch: number): boolean => {
        const hs: History[] = inner.users.map((u) => ({ user: u, items: t.seqs[u], kinds: t.kinds?.[u], times: t.times?.[u] }));
        const ndcg = this.ndcgAt10(hs, inner.targets);
        innerNdcg.push(ndcg);
        if (ndcg > best) {
          best = ndcg;
          bestEpoch = epoch;
          if (snap) for (const x of snap) x.dispose();
          snap = model.snapshot();
        }
        return epoch - bestEpoch >= patience;
      }
      : undefined;
    const r = await model.fit(seq, { progress: hooks.progress, checkCancelled: hooks.checkCancelled, epochEnd });
    if (snap && bestEpoch < r.epochs) model.restore(snap);
    else if (snap) for (const x of snap as tf.Tensor[]) x.dispose();
    this.lastFit = inner ? { ...r, bestEpoch, innerNdcg } : r;
  }

  // NDCG@10 of the held-out targets (history items excluded, as in evaluation).
  private ndcgAt10(hs: History[], targets: number[]): number {
    let sum = 0;
    const n = this.model ? hs.length : 0;
    for (let b = 0; b < n; b += 128) {
      const part = hs.slice(b, b + 128);
      sum += heldOutNdcgSum(this.score(part), part, targets.slice(b, b + 128));
    }
    return n ? sum / n : 0;
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

  /** A recommender around an already trained (e.g. loaded) model, which it then owns. */
  static fromTrained(model: Sasrec): SasrecRecommender {
    const r = new SasrecRecommender();
    r.model = model;
    return r;
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
