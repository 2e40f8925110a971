/**
 * Embedding retrieval over knowledge-base articles and its fusion with BM25: the sentence encoder ships with the app
 * (models/weights/text/encoder, trained offline on the public intent sets; README "Chats"), so a paraphrase that shares
 * no word with an article can still find it.
 */
import { cosine, type SentenceEncoder } from '../../../models/text/encoder';

/** Cosine scores of a query against every document vector, in document order. */
export function denseScores(enc: SentenceEncoder, vectors: readonly Float32Array[], query: string): Float32Array {
  const q = enc.embed(query);
  const out = new Float32Array(vectors.length);
  for (let i = 0; i < vectors.length; i++) out[i] = cosine(q, vectors[i]);
  return out;
}

/**
 * The weight of the embedding score in the fused score (1 - it is BM25's): the best mean MRR of both languages on the
 * development halves of the retrieval evaluation's unseen-intent task (held-out requests of bitext and JDDC;
 * `npm run bench -- chats` prints the weight it finds), never on its test halves.
 */
export const DENSE_WEIGHT = 0.8;

/**
 * The cosine from which an article BM25 did not match is still a candidate: below it, a query with no word in any
 * article gets no suggestion rather than the least unrelated one. Set by hand, then checked on the evaluation's
 * development halves: the right article clears it for 100% (en) and 87-90% (zh) of queries (README "Chats").
 */
export const DENSE_MIN_COSINE = 0.5;

/**
 * Fused scores: (1 - w) x BM25 / best BM25 + w x max(0, cosine). BM25 is scaled by the query's best score so the
 * two parts are on the same 0..1 scale; documents BM25 did not match keep their embedding part.
 */
export function fuseScores(bm25: ReadonlyMap<number, number>, dense: Float32Array, w = DENSE_WEIGHT): Float32Array {
  let top = 0;
  for (const s of bm25.values()) top = Math.max(top, s);
  const out = new Float32Array(dense.length);
  for (let i = 0; i < dense.length; i++) out[i] = w * Math.max(0, dense[i]) + (top > 0 ? ((1 - w) * (bm25.get(i) ?? 0)) / top : 0);
  return out;
}
