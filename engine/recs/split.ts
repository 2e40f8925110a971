/** Leave-last-out split exactly as in SASRec: last item = test, second-last = validation, the rest training. */
import type { History, Interactions, TrainData } from './types';

/** The split: training prefixes and one validation and one test target per user (-1 when the user is too short). */
export interface Split {
  train: TrainData;
  valid: Int32Array;
  test: Int32Array;
  /** Users with a validation and a test target (at least 3 interactions). */
  evalUsers: number[];
}

/** Events a customer needs to be evaluated: the test item, the validation item and at least one to learn from. */
export const MIN_EVAL_LENGTH = 3;

/** Whether a customer's sequence gets a validation and a test item (else it only trains). */
export function isEvaluable(seq: { length: number }): boolean {
  return seq.length >= MIN_EVAL_LENGTH;
}

function cut<T extends Int32Array | Uint8Array | Float64Array>(a: T, n: number): T {
  return a.subarray(0, n) as T;
}

/** Splits each user's sequence; users with fewer than 3 interactions are training-only. */
export function leaveLastOut(d: Interactions): Split {
  const n = d.seqs.length;
  const valid = new Int32Array(n).fill(-1);
  const test = new Int32Array(n).fill(-1);
  const seqs: Int32Array[] = [];
  const kinds: Uint8Array[] = [];
  const times: Float64Array[] = [];
  const evalUsers: number[] = [];
  for (let u = 0; u < n; u++) {
    const s = d.seqs[u];
    const keep = isEvaluable(s) ? s.length - 2 : s.length;
    if (isEvaluable(s)) {
      valid[u] = s[s.length - 2];
      test[u] = s[s.length - 1];
      evalUsers.push(u);
    }
    seqs.push(cut(s, keep));
    if (d.kinds) kinds.push(cut(d.kinds[u], keep));
    if (d.times) times.push(cut(d.times[u], keep));
  }
  return { train: { nItems: d.itemIds.length, seqs, kinds: d.kinds ? kinds : undefined, times: d.times ? times : undefined }, valid, test, evalUsers };
}

/** The history a model gets when predicting the validation target (training part) or the test target (training + validation). */
export function historyFor(d: Interactions, u: number, phase: 'valid' | 'test'): History {
  const s = d.seqs[u];
  const len = phase === 'valid' ? s.length - 2 : s.length - 1;
  return { user: u, items: s.subarray(0, len), kinds: d.kinds?.[u].subarray(0, len), times: d.times?.[u].subarray(0, len) };
}
