/** Ranking metrics under the SASRec protocols: HR@K, NDCG@K, catalogue coverage@K, long-tail share of the top K. */
import { Rng } from '../demo/rng';
import { historyFor, type Split } from './split';
import type { History, Interactions, RecModel } from './types';

/** `full` ranks the target among all items the user has not interacted with; `sampled100` among 100 drawn uniformly. */
export type Protocol = 'full' | 'sampled100';

/** One model's figures. */
export interface EvalMetrics {
  hr: number;
  ndcg: number;
  coverage: number;
  tailShare: number;
  users: number;
  /**
   * NDCG@K over the users whose target is not already in their history, and how many they are. The stored customer
   * lists never show a history item, so this is what they can deliver; a repeat (a viewed item bought) counts in
   * `ndcg` as the protocol says.
   */
  ndcgNew: number;
  newTargets: number;
  /** With `perUser`: each evaluated user's NDCG@K and long-tail items in their top K (in split.evalUsers order). */
  userNdcg?: Float64Array;
  userTail?: Float64Array;
}

/** How many items sampled100 drew per customer: it wants 100, a customer with fewer never-interacted items gets them all. */
export const SAMPLED_CANDIDATES = 100;

/**
 * How sampled100 went for the evaluated customers: how many had fewer than SAMPLED_CANDIDATES items they never
 * interacted with, and the fewest and most items such a customer's held-out item was ranked among instead (null
 * when none fell short).
 */
export function sampledShortfall(d: Interactions, evalUsers: readonly number[]): { wanted: number; users: number; short: number; fewest: number | null; most: number | null } {
  const nItems = d.itemIds.length;
  let short = 0;
  let fewest = Infinity;
  let most = -Infinity;
  for (const u of evalUsers) {
    const left = nItems - new Set(d.seqs[u]).size;
    if (left >= SAMPLED_CANDIDATES) continue;
    short++;
    fewest = Math.min(fewest, left);
    most = Math.max(most, left);
  }
  return { wanted: SAMPLED_CANDIDATES, users: evalUsers.length, short, fewest: short ? fewest : null, most: short ? most : null };
}

/** Marks the 80% least popular items (by training interactions; ties by index) as the long tail. */
export function tailItems(trainSeqs: Int32Array[], nItems: number): Uint8Array {
  const count = new Float64Array(nItems);
  for (const s of trainSeqs) for (const i of s) count[i]++;
  const order = Array.from({ length: nItems }, (_, i) => i).sort((a, b) => count[a] - count[b] || a - b);
  const tail = new Uint8Array(nItems);
  const nTail = Math.floor(nItems * 0.8);
  for (let r = 0; r < nTail; r++) tail[order[r]] = 1;
  return tail;
}

/**
 * Summed NDCG@10 of held-out targets from a score matrix [histories × items] (row-major, changed in place): each
 * history's items other than its target are excluded, as in evaluation, so a repeated target stays rankable.
 */
export function heldOutNdcgSum(scores: Float32Array, histories: readonly { items: ArrayLike<number> }[], targets: readonly number[]): number {
  const n = scores.length / Math.max(1, histories.length);
  let sum = 0;
  histories.forEach((h, j) => {
    const off = j * n;
    for (let k = 0; k < h.items.length; k++) if (h.items[k] !== targets[j]) scores[off + h.items[k]] = -Infinity;
    const rank = topK(scores, 10, off, n).indexOf(targets[j]);
    if (rank >= 0) sum += 1 / Math.log2(rank + 2);
  });
  return sum;
}

/** Indices of the k best-scored items (scores of excluded items must be -Infinity). */
export function topK(scores: Float32Array, k: number, offset = 0, n = scores.length - offset): number[] {
  const best: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = scores[offset + i];
    if (v === -Infinity || (best.length === k && v <= vals[k - 1])) continue;
    let pos = best.length < k ? best.length : k - 1;
    if (best.length < k) {
      best.push(i);
      vals.push(v);
    }
    while (pos > 0 && vals[pos - 1] < v) {
      best[pos] = best[pos - 1];
      vals[pos] = vals[pos - 1];
      pos--;
    }
    best[pos] = i;
    vals[pos] = v;
  }
  return best;
}

/** A re-ranking applied to one user's scores (in place) before the target is ranked: e.g. a tail control. */
export type Rerank = (scores: Float32Array, offset: number, history: ArrayLike<number>) => void;

/** One way to rank the same scores: the protocol and an optional re-ranking. */
export interface EvalVariant {
  protocol: Protocol;
  rerank?: Rerank;
  /** Also return each user's NDCG@K and long-tail count. */
  perUser?: boolean;
}

/** Evaluates a trained model on the validation or test target of every evaluable user. */
export function evaluate(model: RecModel, d: Interactions, split: Split, o: { protocol: Protocol; phase: 'valid' | 'test'; seed?: number; k?: number; batch?: number; rerank?: Rerank; perUser?: boolean }): EvalMetrics {
  return evaluateVariants(model, d, split, o, [{ protocol: o.protocol, rerank: o.rerank, perUser: o.perUser }])[0];
}

/**
 * Evaluates several rankings of the same model's scores in one pass: each batch of users is scored once and every
 * variant ranks its own copy. Each variant's figures are exactly those of a separate `evaluate` call with the same
 * options (its own random stream, seeded the same), at the cost of scoring once instead of once per variant (the tail
 * control measures ~30 re-rankings; scoring is most of the time for ALS and the Transformer on large catalogues).
 */
export function evaluateVariants(model: RecModel, d: Interactions, split: Split, o: { phase: 'valid' | 'test'; seed?: number; k?: number; batch?: number }, variants: readonly EvalVariant[]): EvalMetrics[] {
  const k = o.k ?? 10;
  const nItems = d.itemIds.length;
  const tail = tailItems(split.train.seqs, nItems);
  const users = split.evalUsers;
  const batch = o.batch ?? 128;
  const seen = new Uint8Array(nItems);
  const acc = variants.map((v) => ({
    v,
    rng: new Rng((o.seed ?? 42) ^ (o.phase === 'valid' ? 0x5a5a : 0x3c3c)),
    recommended: new Uint8Array(nItems),
    hr: 0,
    ndcg: 0,
    tailHits: 0,
    slots: 0,
    ndcgNew: 0,
    userNdcg: v.perUser ? new Float64Array(users.length) : null,
    userTail: v.perUser ? new Float64Array(users.length) : null,
  }));
  let scratch = new Float32Array(0);
  let newTargets = 0;
  for (let b = 0; b < users.length; b += batch) {
    const us = users.slice(b, b + batch);
    const hs: History[] = us.map((u) => historyFor(d, u, o.phase));
    const isNew = us.map((u, j) => {
      const target = o.phase === 'valid' ? split.valid[u] : split.test[u];
      for (const i of hs[j].items) if (i === target) return false;
      return true;
    });
    for (const x of isNew) if (x) newTargets++;
    const raw = model.score(hs);
    for (const [vi, a] of acc.entries()) {
      // The last variant may use the model's own buffer; the others rank a copy.
      let scores = raw;
      if (vi < acc.length - 1) {
        if (scratch.length < raw.length) scratch = new Float32Array(raw.length);
        scratch.set(raw);
        scores = scratch;
      }
      const { rng, recommended } = a;
      us.forEach((u, j) => {
        const off = j * nItems;
        const target = o.phase === 'valid' ? split.valid[u] : split.test[u];
        // Never rank what the user already did (the history), as SASRec does. Excluded before any re-ranking, as the
        // stored lists are (lists.ts): the tail control standardises over the items the customer could be shown.
        // Until 2026-12-03 the re-ranker saw the history too, so the γ measured here was not quite the product's.
        for (const i of hs[j].items) if (i !== target) scores[off + i] = -Infinity;
        a.v.rerank?.(scores, off, hs[j].items);
        const ts = scores[off + target];
        let rank: number;
        if (a.v.protocol === 'full') {
          let greater = 0;
          let equal = 0;
          for (let i = 0; i < nItems; i++) {
            if (i === target) continue;
            const v = scores[off + i];
            if (v > ts) greater++;
            else if (v === ts) equal++;
          }
          // Ties are broken at random, so a model that scores everything alike ranks at chance.
          rank = greater + Math.floor(rng.next() * (equal + 1));
        } else {
          for (const i of d.seqs[u]) seen[i] = 1;
          let greater = 0;
          let equal = 0;
          const drawn = new Set<number>();
          const want = Math.min(SAMPLED_CANDIDATES, Math.max(0, nItems - new Set(d.seqs[u]).size));
          while (drawn.size < want) {
            const i = Math.floor(rng.next() * nItems);
            if (seen[i] || drawn.has(i)) continue;
            drawn.add(i);
            const v = scores[off + i];
            if (v > ts) greater++;
            else if (v === ts) equal++;
          }
          for (const i of d.seqs[u]) seen[i] = 0;
          rank = greater + Math.floor(rng.next() * (equal + 1));
        }
        if (rank < k) {
          a.hr++;
          a.ndcg += 1 / Math.log2(rank + 2);
          if (isNew[j]) a.ndcgNew += 1 / Math.log2(rank + 2);
          if (a.userNdcg) a.userNdcg[b + j] = 1 / Math.log2(rank + 2);
        }
        // Coverage and tail share are taken from the list a user would see (full ranking, history excluded).
        if (ts !== -Infinity) scores[off + target] = ts;
        for (const i of topK(scores, k, off, nItems)) {
          recommended[i] = 1;
          a.tailHits += tail[i];
          if (a.userTail) a.userTail[b + j] += tail[i];
          a.slots++;
        }
      });
    }
  }
  const n = users.length || 1;
  return acc.map((a) => ({
    hr: a.hr / n, ndcg: a.ndcg / n, coverage: a.recommended.reduce((x, v) => x + v, 0) / Math.max(1, nItems), tailShare: a.slots ? a.tailHits / a.slots : 0, users: users.length,
    ndcgNew: newTargets ? a.ndcgNew / newTargets : 0, newTargets,
    ...(a.userNdcg && a.userTail ? { userNdcg: a.userNdcg, userTail: a.userTail } : {}),
  }));
}
