/** Adapts the TensorFlow.js sequential model (models/recommend) to the engine's RecModel interface. */
import type * as tf from '@tensorflow/tfjs';
import type { ContentFeatures } from '../../models/recommend/tower';
import { createSasrec, DEFAULT_SASREC, gapBucket, type FitHooks, type Sasrec, type SasrecConfig, type SeqData } from '../../models/recommend/sasrec';
import { heldOutNdcgSum } from './metrics';
import { combineScores, DEFAULT_ENSEMBLE, DEFAULT_ENSEMBLE_MIX, memberSeeds, type EnsembleMix } from './ensemble';
import type { History, RecModel, TrainData, TrainHooks } from './types';

/**
 * Options: SASRec hyper-parameters, optional item content features, and early stopping: when `patience` > 0 each
 * long-enough training sequence gives up its last item as an inner check (never the evaluation's validation or test
 * item), training stops after `patience` epochs without a better inner NDCG@10 and the best epoch's weights are kept.
 * `ensemble` > 1 trains that many Transformers with different seeds (member i: seed + MEMBER_SEED_STEP·i), each with
 * its own early stop, within one `maxSeconds` shared between them (a member starts only when it has time to finish:
 * see fit), and scores with the mean of their scores
 * (`ensembleMix`: raw scores, or each member's scores standardised per customer first).
 */
export type { EnsembleMix } from './ensemble';
export type SasrecOptions = Partial<SasrecConfig> & { content?: ContentFeatures | null; patience?: number; innerUsers?: number; ensemble?: number; ensembleMix?: EnsembleMix };

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

/** What one member's training did (epochs run, seconds, final loss, the epoch kept and its inner NDCG@10 when early stopping). */
export interface MemberFit {
  seed: number;
  epochs: number;
  seconds: number;
  loss: number;
  bestEpoch?: number;
  innerNdcg?: number[];
}

/** The sequential Transformer as a RecModel (one model, or an ensemble of several trained with different seeds). */
export class SasrecRecommender implements RecModel {
  readonly name = 'sasrec';
  private models: Sasrec[] = [];
  private readonly opts: SasrecOptions;
  private mix: EnsembleMix;
  /**
   * What the last fit did: the first member's figures (as for a single model; `seconds` counts every member) and, for an
   * ensemble, each member's.
   */
  lastFit: (Omit<MemberFit, 'seed'> & { members?: MemberFit[] }) | null = null;
  /** The last fit's inner check (training data without the held-out items, the users and their targets), or null. */
  innerCheck: { train: TrainData; users: number[]; targets: number[] } | null = null;

  constructor(opts: Record<string, unknown> = {}) {
    this.opts = opts as SasrecOptions;
    this.mix = this.opts.ensembleMix ?? DEFAULT_ENSEMBLE_MIX;
  }

  /** Trains on the training sequences (every member in turn, sharing `maxSeconds`). */
  async fit(d: TrainData, hooks: TrainHooks = {}): Promise<void> {
    const { content, patience = DEFAULT_PATIENCE, innerUsers = INNER_USERS, ensemble = DEFAULT_ENSEMBLE, ensembleMix: _mix, ...cfg } = this.opts;
    const k = Math.max(1, Math.floor(ensemble));
    this.dispose();
    const inner = patience > 0 ? innerSplit(d, innerUsers) : null;
    this.innerCheck = inner;
    const t = inner?.train ?? d;
    const seq = {
      nItems: d.nItems,
      items: t.seqs,
      kinds: t.seqs.map((s, u) => kindsOf(t.kinds?.[u], s.length)),
      gaps: t.seqs.map((s, u) => gapsOf(t.times?.[u], s.length)),
    };
    const cap = cfg.maxSeconds ?? DEFAULT_SASREC.maxSeconds;
    const t0 = Date.now();
    const fits: MemberFit[] = [];
    for (const [i, seed] of memberSeeds(cfg.seed ?? hooks.seed ?? 42, k).entries()) {
      // The first member trains as a single model would (the whole cap). A further one starts only when the time left is
      // at least the longest a member has taken, so it can finish its own early stop; it gets all of that time. With
      // too little time the ensemble is smaller, never a set of cut-short models.
      const left = cap - (Date.now() - t0) / 1000;
      if (i > 0 && left < Math.max(...fits.map((f) => f.seconds))) break;
      const model = await createSasrec(d.nItems, { ...cfg, seed, maxSeconds: i === 0 ? cap : left }, content ?? null);
      this.models.push(model);
      const progress = hooks.progress && k > 1 ? (done: number, total: number, phase: string): void => hooks.progress?.(i * total + done, k * total, `[${i + 1}/${k}] ${phase}`) : hooks.progress;
      fits.push({ seed, ...(await fitMember(model, seq, inner, patience, { progress, checkCancelled: hooks.checkCancelled })) });
    }
    const { seed: _s, ...first } = fits[0];
    this.lastFit = { ...first, seconds: (Date.now() - t0) / 1000, ...(k > 1 ? { members: fits } : {}) };
  }

  /** Scores all items for each history (an ensemble: the mean of its members' scores). */
  score(histories: History[]): Float32Array {
    if (!this.models.length) throw new Error('sasrec: fit() first');
    return combineScores(this.models.map((m) => scoreWith(m, histories)), histories.length, this.mix);
  }

  /** A recommender around already trained (e.g. loaded) models, which it then owns (several: an ensemble). */
  static fromTrained(models: Sasrec | Sasrec[], mix: EnsembleMix = DEFAULT_ENSEMBLE_MIX): SasrecRecommender {
    const r = new SasrecRecommender({ ensembleMix: mix });
    r.models = Array.isArray(models) ? [...models] : [models];
    return r;
  }

  /** The trained model (the first member of an ensemble; for item vectors), or null. */
  trained(): Sasrec | null {
    return this.models[0] ?? null;
  }

  /** Every trained member (one for a single model). */
  members(): readonly Sasrec[] {
    return this.models;
  }

  /** How the members' scores are combined. */
  ensembleMix(): EnsembleMix {
    return this.mix;
  }

  /** Frees the models' tensors. */
  dispose(): void {
    for (const m of this.models) m.dispose();
    this.models = [];
  }
}

/** One model's scores for the histories. */
function scoreWith(model: Sasrec, histories: History[]): Float32Array {
  return model.scoreHistories(
    histories.map((h) => h.items),
    histories.map((h) => kindsOf(h.kinds, h.items.length)),
    histories.map((h) => gapsOf(h.times, h.items.length)),
  );
}

// NDCG@10 of one model on held-out targets (history items excluded, as in evaluation).
function ndcgAt10(model: Sasrec, hs: History[], targets: number[]): number {
  let sum = 0;
  for (let b = 0; b < hs.length; b += 128) {
    const part = hs.slice(b, b + 128);
    sum += heldOutNdcgSum(scoreWith(model, part), part, targets.slice(b, b + 128));
  }
  return hs.length ? sum / hs.length : 0;
}

/** Trains one model, early-stopped on the inner check when there is one (the best epoch's weights are kept). */
async function fitMember(model: Sasrec, seq: SeqData, inner: { train: TrainData; users: number[]; targets: number[] } | null, patience: number, hooks: FitHooks): Promise<Omit<MemberFit, 'seed'>> {
  let best = -1;
  let bestEpoch = 0;
  let snap: tf.Tensor[] | null = null;
  const innerNdcg: number[] = [];
  const t = inner?.train;
  const epochEnd = inner && t && inner.users.length
    ? (epoch: number): boolean => {
      const hs: History[] = inner.users.map((u) => ({ user: u, items: t.seqs[u], kinds: t.kinds?.[u], times: t.times?.[u] }));
      const ndcg = ndcgAt10(model, hs, inner.targets);
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
  const r = await model.fit(seq, { ...hooks, epochEnd });
  if (snap && bestEpoch < r.epochs) model.restore(snap);
  else if (snap) for (const x of snap as tf.Tensor[]) x.dispose();
  return inner ? { ...r, bestEpoch, innerNdcg } : r;
}
