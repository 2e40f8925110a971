/** Adapts the TensorFlow.js sequential model (models/recommend) to the engine's RecModel interface. */
import { selectBackend } from '../../models/backend';
import type { ContentFeatures } from '../../models/recommend/tower';
import { DEFAULT_SASREC, type Sasrec, type SasrecConfig } from '../../models/recommend/sasrec';
import { gapsOf, kindsOf, scoreWith, type InnerCheck, type MemberFit } from './member-fit';
import { memberThreads, trainMembers } from './member-pool';
import { combineScores, DEFAULT_ENSEMBLE, DEFAULT_ENSEMBLE_MIX, memberSeeds, type EnsembleMix } from './ensemble';
import type { History, RecModel, TrainData, TrainHooks } from './types';

/**
 * Options: SASRec hyper-parameters, optional item content features, and early stopping: when `patience` > 0 each
 * long-enough training sequence gives up its last item as an inner check (never the evaluation's validation or test
 * item), training stops after `patience` epochs without a better inner NDCG@10 and the best epoch's weights are kept.
 * `ensemble` > 1 trains that many Transformers with different seeds (member i: seed + MEMBER_SEED_STEP·i), each with
 * its own early stop, within one `maxSeconds` shared between them, and scores with the mean of their scores
 * (`ensembleMix`: raw scores, or each member's scores standardised per customer first). Members train side by side,
 * `workers` at a time (default: one per core on the wasm and cpu backends, engine/recs/member-pool.ts); the first
 * `workers` members start together with the whole cap, a further one only when the time left is at least the longest
 * a member took, so a tight cap gives fewer members rather than many cut short.
 */
export type { EnsembleMix } from './ensemble';
export { gapsOf, kindsOf, type MemberFit } from './member-fit';
export type SasrecOptions = Partial<SasrecConfig> & { content?: ContentFeatures | null; patience?: number; innerUsers?: number; ensemble?: number; ensembleMix?: EnsembleMix; workers?: number };

/** Epochs without a better inner NDCG@10 before training stops (0 = no early stopping). */
export const DEFAULT_PATIENCE = 2;

/** Users whose last training item is held out for early stopping (at most this many, spread evenly). */
export const INNER_USERS = 1000;

/** The inner check: sequences of 4+ items lose their last item, which becomes the target. */
function innerSplit(d: TrainData, most: number): InnerCheck {
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

/** The sequential Transformer as a RecModel (one model, or an ensemble of several trained with different seeds). */
export class SasrecRecommender implements RecModel {
  readonly name = 'sasrec';
  private models: Sasrec[] = [];
  private readonly opts: SasrecOptions;
  private mix: EnsembleMix;
  /**
   * What the last fit did: the first member's figures (as for a single model; `seconds` is the whole training's wall time) and, for an
   * ensemble, each member's and how many threads trained them side by side.
   */
  lastFit: (Omit<MemberFit, 'seed'> & { members?: MemberFit[]; threads?: number }) | null = null;
  /** The last fit's inner check (training data without the held-out items, the users and their targets), or null. */
  innerCheck: InnerCheck | null = null;

  constructor(opts: Record<string, unknown> = {}) {
    this.opts = opts as SasrecOptions;
    this.mix = this.opts.ensembleMix ?? DEFAULT_ENSEMBLE_MIX;
  }

  /** Trains on the training sequences (every member, side by side where there are cores, sharing `maxSeconds`). */
  async fit(d: TrainData, hooks: TrainHooks = {}): Promise<void> {
    const { content, patience = DEFAULT_PATIENCE, innerUsers = INNER_USERS, ensemble = DEFAULT_ENSEMBLE, ensembleMix: _mix, workers, ...cfg } = this.opts;
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
    const seeds = memberSeeds(cfg.seed ?? hooks.seed ?? 42, k);
    const threads = workers ?? memberThreads(k, (await selectBackend()).name);
    const t0 = Date.now();
    const { maxSeconds: _cap, seed: _seed, ...shared } = cfg;
    const { models, fits } = await trainMembers({ seq, inner, cfg: shared, content: content ?? null, patience, seeds, cap, threads }, hooks);
    this.models = models;
    const { seed: _s, ...first } = fits[0];
    this.lastFit = { ...first, seconds: (Date.now() - t0) / 1000, ...(k > 1 ? { members: fits, threads: Math.min(threads, k) } : {}) };
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

