/**
 * Training one member of the sequential Transformer (engine/recs/sasrec-adapter.ts): its early stop on the inner check,
 * and how the members of an ensemble share out their work and one time cap between threads (engine/recs/member-pool.ts
 * runs them; engine/recs/member-worker.ts is a thread's side). Shared by the engine's thread and the member threads.
 */
import type * as tf from '@tensorflow/tfjs';
import { createSasrec, gapBucket, type FitHooks, type Sasrec, type SasrecConfig, type SeqData } from '../../models/recommend/sasrec';
import type { ContentFeatures } from '../../models/recommend/tower';
import { heldOutNdcgSum } from './metrics';
import type { History, TrainData } from './types';

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

/** What one member's training did (epochs run, seconds, final loss, the epoch kept and its inner NDCG@10 when early stopping). */
export interface MemberFit {
  seed: number;
  epochs: number;
  seconds: number;
  loss: number;
  bestEpoch?: number;
  innerNdcg?: number[];
}

/** The early stop's inner check: the training data without the held-out items, the users and their held-out targets. */
export interface InnerCheck {
  train: TrainData;
  users: number[];
  targets: number[];
}

/** One model's scores for the histories. */
export function scoreWith(model: Sasrec, histories: History[]): Float32Array {
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
export async function fitMember(model: Sasrec, seq: SeqData, inner: InnerCheck | null, patience: number, hooks: FitHooks): Promise<Omit<MemberFit, 'seed'>> {
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
  let r: Awaited<ReturnType<Sasrec['fit']>>;
  try {
    r = await model.fit(seq, { ...hooks, epochEnd });
  } catch (e) {
    if (snap) for (const x of snap as tf.Tensor[]) x.dispose();
    throw e;
  }
  if (snap && bestEpoch < r.epochs) model.restore(snap);
  else if (snap) for (const x of snap as tf.Tensor[]) x.dispose();
  return inner ? { ...r, bestEpoch, innerNdcg } : r;
}

/**
 * The control words the threads training an ensemble share (an Int32Array over a SharedArrayBuffer): a cancel flag,
 * the next member to claim, the longest a finished member took (ms), then each member's progress in thousandths.
 */
export const CTL_CANCEL = 0;
export const CTL_NEXT = 1;
export const CTL_LONGEST_MS = 2;
export const CTL_PROGRESS = 3;

/** A control block for k members. */
export function memberControl(k: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (CTL_PROGRESS + k)));
}

/**
 * Claims the next member to train, or null when none is left or there is no time for it. The first `parallel` members
 * start together and each has the whole cap; a further one starts only when the time left is at least the longest a
 * member has taken, so a tight cap gives fewer members rather than many cut short (a later member can still need more
 * than the longest so far and then stops at the cap).
 */
export function claimMember(ctl: Int32Array, k: number, parallel: number, deadline: number): { index: number; maxSeconds: number } | null {
  if (Atomics.load(ctl, CTL_CANCEL) === 1) return null;
  const index = Atomics.add(ctl, CTL_NEXT, 1);
  if (index >= k) return null;
  const leftMs = deadline - Date.now();
  // The first member always trains; a thread that starts after the cap has run out (a slow start on a loaded machine)
  // starts none.
  if (index > 0 && leftMs <= 0) return null;
  if (index >= parallel && leftMs < Atomics.load(ctl, CTL_LONGEST_MS)) return null;
  return { index, maxSeconds: Math.max(0, leftMs / 1000) };
}

/** Records a finished member's time (the longest so far is kept). */
export function recordMemberTime(ctl: Int32Array, seconds: number): void {
  const ms = Math.min(2 ** 31 - 1, Math.ceil(seconds * 1000));
  for (;;) {
    const cur = Atomics.load(ctl, CTL_LONGEST_MS);
    if (ms <= cur || Atomics.compareExchange(ctl, CTL_LONGEST_MS, cur, ms) === cur) return;
  }
}

/** Stores a member's progress (done of total steps) where every thread can read it. */
export function storeMemberProgress(ctl: Int32Array, index: number, done: number, total: number): void {
  Atomics.store(ctl, CTL_PROGRESS + index, Math.round((1000 * Math.min(done, total)) / Math.max(1, total)));
}

/** A cancellation error as the job runner knows it. */
export function cancelledError(): Error {
  return Object.assign(new Error('cancelled'), { code: 'cancelled' });
}

/** What training a member needs besides its claim (the same for every member of an ensemble). */
export interface MemberInput {
  seq: SeqData;
  inner: InnerCheck | null;
  /** Hyper-parameters but the seed and the time cap, which each member gets. */
  cfg: Partial<SasrecConfig>;
  content: ContentFeatures | null;
  patience: number;
  seeds: number[];
}

/**
 * Trains a claimed member in this thread, to its early stop or its time, and returns the model (the caller owns it) with
 * what its training did; a failed or cancelled training frees the model here. The member's time is recorded for the
 * start rule and its progress set to done (an early stop ends it before its last epoch).
 */
export async function trainClaimed(ctl: Int32Array, claim: { index: number; maxSeconds: number }, input: MemberInput, hooks: { phase: (phase: string) => void; checkCancelled: () => void }): Promise<{ model: Sasrec; fit: MemberFit }> {
  const { index, maxSeconds } = claim;
  const seed = input.seeds[index];
  const model = await createSasrec(input.seq.nItems, { ...input.cfg, seed, maxSeconds }, input.content);
  try {
    const fit = await fitMember(model, input.seq, input.inner, input.patience, {
      progress: (done, total, phase) => {
        storeMemberProgress(ctl, index, done, total);
        hooks.phase(phase);
      },
      checkCancelled: hooks.checkCancelled,
    });
    recordMemberTime(ctl, fit.seconds);
    storeMemberProgress(ctl, index, 1, 1);
    return { model, fit: { seed, ...fit } };
  } catch (e) {
    model.dispose();
    throw e;
  }
}
