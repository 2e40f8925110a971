/** Builds the stored lists: per-customer candidates with a reason, similar items, and items bought together. */
import type Database from 'better-sqlite3';
import type { ContentFeatures } from '../../models/recommend/tower';
import type { CooccurrenceModel } from './baselines/cooccurrence';
import { tailItems, topK } from './metrics';
import { logNormaliser, meanTailAffinity, personalLiftWeight, popularityOf, standardise, tailAffinity } from './tail';
import { EVENT_KINDS, type History, type Interactions, type RecModel } from './types';

/** A reason code stored with each recommended item (labels in both languages in messages.ts). */
export type ReasonCode = 'viewed' | 'carted' | 'bought' | 'bought_with' | 'similar_to' | 'popular' | 'new_like';

/** One stored list entry. */
export interface RecRow {
  list: 'customer' | 'similar' | 'together';
  subjectId: number;
  rank: number;
  productId: number;
  score: number;
  popularity: number;
  reason: ReasonCode;
  reasonProductId: number | null;
  /** The customer's personal tail-lift weight (customer lists; 1 elsewhere): tail.ts personalLiftWeight. */
  liftWeight?: number;
  /** The customer's softmax normaliser at the run's temperature (customer lists scored by a model; tail.ts logNormaliser). */
  logNorm?: number | null;
}

/** γ of the popularity discount up to which the stored candidates re-rank exactly (the lift forms: any γ). */
export const MAX_GAMMA = 1;

function cosine(a: Float32Array, i: number, j: number, dim: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += a[i * dim + k] * a[j * dim + k];
  return s;
}

function kindReason(kind: number): ReasonCode {
  const name = EVENT_KINDS[kind];
  return name === 'cart' ? 'carted' : name === 'purchase' ? 'bought' : 'viewed';
}

/**
 * Popularity (training events) at or below which an item is long tail for the product's lift and badge: the highest
 * popularity whose items all lie among the 80% least popular, so every lifted item counts in the tail share (metrics.ts
 * breaks ties at the 80% boundary by index). Where the boundary's popularity is tied, its items are left out (unless
 * nothing is below it: then they are all in). Until 2026-12-03 the tied items were all in: on ml-latest-small the lift
 * then raised 7,896 items of which 117 do not count as tail, and spent list slots on them.
 */
export function tailCutOf(d: { seqs: Int32Array[]; itemIds: string[] }): number {
  return tailCutFor(d.seqs, d.itemIds.length);
}

/** tailCutOf for sequences over `n` items. */
export function tailCutFor(seqs: Int32Array[], n: number): number {
  const pop = popularityOf(seqs, n);
  const tail = tailItems(seqs, n);
  let edge = 0;
  for (let i = 0; i < n; i++) if (tail[i]) edge = Math.max(edge, pop[i]);
  let tiedOutside = false;
  let below = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!tail[i] && pop[i] === edge) tiedOutside = true;
    if (pop[i] < edge) below = Math.max(below, pop[i]);
  }
  return tiedOutside && below > -Infinity ? below : edge;
}

/**
 * One customer's candidates from a standardised score row (history already -Infinity): the top 2k, the top 2k after
 * the strongest popularity discount and the top 2k long-tail items, so either form of the tail control at any γ in
 * [0, MAX_GAMMA] re-ranks exactly at read time.
 */
export function candidatesOf(scores: Float32Array, off: number, n: number, pop: Float32Array, tailCut: number, k: number): number[] {
  const plain = topK(scores, 2 * k, off, n);
  const disc = scores.slice(off, off + n);
  const tailOnly = scores.slice(off, off + n);
  for (let i = 0; i < n; i++) {
    disc[i] -= MAX_GAMMA * Math.log1p(pop[i]);
    if (pop[i] > tailCut) tailOnly[i] = -Infinity;
  }
  return [...new Set([...plain, ...topK(disc, 2 * k), ...topK(tailOnly, 2 * k)])];
}

/**
 * Candidates per customer (candidatesOf) with a reason each. Items the customer already interacted with are left out.
 * With `temperature`, each customer's softmax normaliser is stored too (the probability form of the tail control).
 */
export function customerLists(model: RecModel, d: Interactions, cooc: CooccurrenceModel, content: ContentFeatures, customerOf: number[], productIds: number[], k: number, temperature?: number): RecRow[] {
  const n = d.itemIds.length;
  const pop = popularityOf(d.seqs, n);
  const tailCut = tailCutOf(d);
  const lifted = Uint8Array.from(pop, (p) => (p <= tailCut ? 1 : 0));
  const meanAffinity = meanTailAffinity(d.seqs, lifted);
  const out: RecRow[] = [];
  const batch = 128;
  for (let b = 0; b < d.seqs.length; b += batch) {
    const users = Array.from({ length: Math.min(batch, d.seqs.length - b) }, (_, j) => b + j);
    const hs: History[] = users.map((u) => ({ user: u, items: d.seqs[u], kinds: d.kinds?.[u], times: d.times?.[u] }));
    const scores = model.score(hs);
    users.forEach((u, j) => {
      const off = j * n;
      for (const i of d.seqs[u]) scores[off + i] = -Infinity;
      standardise(scores, off, n);
      const cands = candidatesOf(scores, off, n, pop, tailCut, k);
      const seq = d.seqs[u];
      const liftWeight = personalLiftWeight(tailAffinity(seq, lifted), meanAffinity);
      const logNorm = temperature === undefined ? null : logNormaliser(scores, off, n, temperature);
      cands.forEach((i, r) => {
        let reason: ReasonCode = pop[i] === 0 ? 'new_like' : 'popular';
        let because: number | null = null;
        let best = 0;
        for (let p = seq.length - 1; p >= Math.max(0, seq.length - 20); p--) {
          const w = pop[i] === 0 ? cosine(content.text, seq[p], i, content.textDim) : cooc.similarity(seq[p], i);
          if (w > best) {
            best = w;
            because = seq[p];
            if (pop[i] > 0) reason = kindReason(d.kinds?.[u][p] ?? 1);
          }
        }
        out.push({ list: 'customer', subjectId: customerOf[u], rank: r + 1, productId: productIds[i], score: scores[off + i], popularity: pop[i], reason, reasonProductId: because === null ? null : productIds[because], liftWeight, logNorm });
      });
    });
  }
  return out;
}

/** Similar items (co-occurrence in sequences plus title similarity, so new items have some) and bought together (same order). */
export function productLists(db: Database.Database, cooc: CooccurrenceModel, content: ContentFeatures, productIds: number[], k: number): RecRow[] {
  const n = productIds.length;
  const out: RecRow[] = [];
  const textToo = n <= 5000;
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    scores.fill(-Infinity);
    for (const { item, weight } of cooc.neighboursOf(i, 50)) scores[item] = weight;
    if (textToo) for (let j = 0; j < n; j++) if (j !== i) scores[j] = Math.max(scores[j], 0) + 0.3 * cosine(content.text, i, j, content.textDim);
    scores[i] = -Infinity;
    topK(scores, k).forEach((j, r) => out.push({ list: 'similar', subjectId: productIds[i], rank: r + 1, productId: productIds[j], score: scores[j], popularity: 0, reason: 'similar_to', reasonProductId: productIds[i] }));
  }
  const pairs = db.prepare(`
    WITH n AS (SELECT product_id, count(DISTINCT order_id) AS c FROM order_lines GROUP BY product_id)
    SELECT a.product_id AS a, b.product_id AS b, count(DISTINCT a.order_id) * 1.0 / sqrt(na.c * nb.c) AS w
    FROM order_lines a JOIN order_lines b ON a.order_id = b.order_id AND a.product_id <> b.product_id
    JOIN n na ON na.product_id = a.product_id JOIN n nb ON nb.product_id = b.product_id
    GROUP BY a.product_id, b.product_id ORDER BY a.product_id, w DESC, b.product_id`).iterate() as IterableIterator<{ a: number; b: number; w: number }>;
  let cur = -1;
  let rank = 0;
  for (const r of pairs) {
    if (r.a !== cur) {
      cur = r.a;
      rank = 0;
    }
    if (rank >= k) continue;
    out.push({ list: 'together', subjectId: r.a, rank: ++rank, productId: r.b, score: r.w, popularity: 0, reason: 'bought_with', reasonProductId: r.a });
  }
  return out;
}
