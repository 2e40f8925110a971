/**
 * Retrieval evaluation for suggested replies on the public intent sets: one "article" per intent, written from up to
 * ARTICLE_LINES of that intent's training requests; the queries are held-out requests (the fixed test fifth of
 * scripts/text/data.ts, never seen by the encoder), halved by a second hash into a development half (where any fusion
 * weight is chosen) and a test half (where it is reported).
 */
import { Bm25 } from '../../engine/chats/suggest/bm25';
import { denseScores, fuseScores } from '../../engine/chats/suggest/dense';
import type { SentenceEncoder } from '../../models/text/encoder';
import { split, type Labelled } from './data';

/** Epochs of the retrieval encoder (the shipped one and the one the benchmark trains with a third of the intents unseen). */
export const ENCODER_EPOCHS = 10;

/** Requests of an intent joined into its article. */
export const ARTICLE_LINES = 8;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A retrieval task: articles (one per intent) and dev / test queries with the index of their article. */
export interface RetrievalTask {
  articles: { intent: string; text: string }[];
  dev: { text: string; gold: number }[];
  test: { text: string; gold: number }[];
}

/** Builds the task from a labelled intent set. */
export function retrievalTask(rows: readonly Labelled[]): RetrievalTask {
  const { train, test } = split(rows);
  const byIntent = new Map<string, string[]>();
  // Lines picked by a hash of the text, not file order (the files are grouped by template).
  for (const r of [...train].sort((a, b) => hash(`${a.text}#a`) - hash(`${b.text}#a`))) {
    const list = byIntent.get(r.label) ?? [];
    if (list.length < ARTICLE_LINES) list.push(r.text);
    byIntent.set(r.label, list);
  }
  const intents = [...byIntent.keys()].sort();
  const articles = intents.map((intent) => ({ intent, text: (byIntent.get(intent) ?? []).join('\n') }));
  const pos = new Map(intents.map((x, i) => [x, i]));
  const queries = test.filter((r) => pos.has(r.label)).map((r) => ({ text: r.text, gold: pos.get(r.label) as number }));
  return { articles, dev: queries.filter((q) => hash(`${q.text}#dev`) % 2 === 0), test: queries.filter((q) => hash(`${q.text}#dev`) % 2 === 1) };
}

/** Recall@1, Recall@3 and mean reciprocal rank. */
export interface RetrievalScores {
  n: number;
  r1: number;
  r3: number;
  mrr: number;
}

/** Scores a ranking function (scores per article, higher is better) on queries. */
export function scoreRetrieval(queries: readonly { text: string; gold: number }[], rank: (q: string) => ArrayLike<number>): RetrievalScores {
  let r1 = 0;
  let r3 = 0;
  let mrr = 0;
  for (const q of queries) {
    const s = rank(q.text);
    const g = s[q.gold];
    // Ties count against the gold article (an all-zero ranking scores nothing).
    let above = 0;
    for (let i = 0; i < s.length; i++) if (i !== q.gold && s[i] >= g) above++;
    if (above === 0) r1++;
    if (above < 3) r3++;
    mrr += 1 / (above + 1);
  }
  const n = Math.max(1, queries.length);
  return { n: queries.length, r1: r1 / n, r3: r3 / n, mrr: mrr / n };
}

/** The three rankers of a task: BM25 alone, embeddings alone, and their fusion at weight w. */
export function rankers(task: RetrievalTask, enc: SentenceEncoder): { bm25: (q: string) => Float32Array; dense: (q: string) => Float32Array; hybrid: (q: string, w: number) => Float32Array } {
  const bm = new Bm25(task.articles.map((a, i) => ({ id: i, text: a.text })));
  const vectors = task.articles.map((a) => enc.embed(a.text));
  const n = task.articles.length;
  return {
    bm25: (q) => {
      const out = new Float32Array(n);
      for (const [i, s] of bm.scoreAll(q)) out[i] = s;
      return out;
    },
    dense: (q) => denseScores(enc, vectors, q),
    hybrid: (q, w) => fuseScores(bm.scoreAll(q), denseScores(enc, vectors, q), w),
  };
}

/** The fusion weight with the best dev MRR (ties: the smaller weight), from 0, 0.1, ..., 1. */
export function tuneWeight(task: RetrievalTask, r: ReturnType<typeof rankers>): { w: number; dev: RetrievalScores } {
  let best = { w: 0, dev: scoreRetrieval(task.dev, (q) => r.hybrid(q, 0)) };
  for (let k = 1; k <= 10; k++) {
    const w = k / 10;
    const dev = scoreRetrieval(task.dev, (q) => r.hybrid(q, w));
    if (dev.mrr > best.dev.mrr + 1e-9) best = { w, dev };
  }
  return best;
}

/** The third of the intents the benchmark's second encoder never trains on (by a hash of the intent's name). */
export function unseenIntent(intent: string): boolean {
  return hash(`${intent}#unseen`) % 3 === 0;
}

/** The task restricted to queries whose intent is unseen (every article stays a candidate). */
export function unseenOnly(task: RetrievalTask): RetrievalTask {
  const keep = new Set(task.articles.map((a, i) => (unseenIntent(a.intent) ? i : -1)).filter((i) => i >= 0));
  return { articles: task.articles, dev: task.dev.filter((q) => keep.has(q.gold)), test: task.test.filter((q) => keep.has(q.gold)) };
}

/** The labelled rows the encoder trains on: each set's training fifth with its own intents (prefixed by language). */
export function encoderRows(sets: { bitext: readonly Labelled[]; jddc: readonly Labelled[] }, skipUnseen: boolean): Labelled[] {
  const rows = [
    ...split(sets.bitext).train.map((r) => ({ text: r.text, label: `en:${r.label}` })),
    ...split(sets.jddc).train.map((r) => ({ text: r.text, label: `zh:${r.label}` })),
  ];
  return skipUnseen ? rows.filter((r) => !unseenIntent(r.label.slice(3))) : rows;
}
