/** Suggested replies: KB articles ranked by BM25 fused with sentence embeddings, and the dialogue state's intent, in the customer's language and channel wording, filled with live facts. */
import type Database from 'better-sqlite3';
import { loadEncoder, type SentenceEncoder } from '../../../models/text/encoder';
import { shippedModelDir } from '../models';
import { Bm25 } from './bm25';
import { DENSE_MIN_COSINE, denseScores, fuseScores } from './dense';
import { liveFacts, type Fact } from './facts';
import { fillReply } from './fill';
import { smallTalkKind } from './smalltalk';

/** One suggested reply; it names the article and the facts it used. */
export interface Suggestion {
  slug: string;
  articleId: number;
  title: string;
  lang: 'zh' | 'en';
  /** The channel variant used, or 'default'. */
  variant: string;
  text: string;
  score: number;
  facts: Fact[];
  unfilled: string[];
}

interface Article {
  id: number;
  slug: string;
  title_zh: string | null;
  title_en: string | null;
  body_zh: string | null;
  body_en: string | null;
  tags: string;
  intent: string | null;
}

const MARKETPLACES = new Set(['taobao', 'tmall', 'jd', 'pdd', 'pinduoduo', 'douyin', 'amazon', 'shopee', 'lazada', 'ebay', 'etsy', 'marketplace']);

interface KbIndex {
  key: string;
  articles: Article[];
  bm25: Bm25;
  /** Each article's sentence vector, in `articles` order. */
  vectors: Float32Array[];
  variants: Map<string, string>;
}

const cache = new WeakMap<Database.Database, KbIndex>();

/** Intents whose articles answer each other's questions ("where is my order?" and "when will my parcel arrive?"). */
const NEIGHBOUR_INTENTS: Record<string, readonly string[]> = { order_status: ['shipping'], shipping: ['order_status'] };
let encoder: SentenceEncoder | null = null;

/** The shipped retrieval encoder (models/weights/text/encoder), loaded once per process. */
function retrievalEncoder(): SentenceEncoder {
  encoder ??= loadEncoder(shippedModelDir('encoder'));
  return encoder;
}

/** The KB index of a store, rebuilt when articles or variants change. */
export function kbIndex(db: Database.Database): KbIndex {
  const key = JSON.stringify(db.prepare(`SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), '') || ':' || COALESCE(SUM(length(COALESCE(body_zh,'')) + length(COALESCE(body_en,''))), 0) FROM kb_articles), (SELECT COUNT(*) || ':' || COALESCE(SUM(length(body)), 0) FROM kb_variants)`).raw().get());
  const hit = cache.get(db);
  if (hit && hit.key === key) return hit;
  const articles = db.prepare('SELECT id, slug, title_zh, title_en, body_zh, body_en, tags, intent FROM kb_articles ORDER BY id').all() as Article[];
  const bm25 = new Bm25(articles.map((a) => ({ id: a.id, text: [a.title_zh, a.title_zh, a.title_en, a.title_en, a.body_zh, a.body_en, a.tags].filter(Boolean).join('\n') })));
  const enc = retrievalEncoder();
  const vectors = articles.map((a) => enc.embed([a.title_zh, a.title_en, a.body_zh, a.body_en, a.tags].filter(Boolean).join('\n')));
  const variants = new Map((db.prepare('SELECT article_id, lang, channel, body FROM kb_variants').all() as { article_id: number; lang: string; channel: string; body: string }[]).map((v) => [`${v.article_id}:${v.lang}:${v.channel}`, v.body]));
  const idx = { key, articles, bm25, vectors, variants };
  cache.set(db, idx);
  return idx;
}

/** The reply text of an article for a language and channel: the channel's variant, the marketplace variant, else the article. */
function bodyFor(idx: KbIndex, a: Article, lang: 'zh' | 'en', channel: string): { body: string; variant: string } {
  for (const ch of [channel, MARKETPLACES.has(channel) ? 'marketplace' : null]) {
    if (!ch) continue;
    const v = idx.variants.get(`${a.id}:${lang}:${ch}`);
    if (v) return { body: v, variant: ch };
  }
  const other = lang === 'zh' ? 'en' : 'zh';
  return { body: (lang === 'zh' ? a.body_zh : a.body_en) ?? (other === 'zh' ? a.body_zh : a.body_en) ?? '', variant: 'default' };
}

/** Ranks and fills suggestions for a query and state (the conversation-free core, also used by the benchmark). */
export function rankSuggestions(
  db: Database.Database,
  q: { query: string; intent: string | null; slots: { order_no?: string; product?: string }; lang: 'zh' | 'en'; channel: string; limit?: number },
): Suggestion[] {
  // Small talk ("hello", "谢谢", "在吗") asks for no article, however close its vector happens to sit to one.
  if (!q.query.trim() || q.query.split('\n').every((line) => !line.trim() || smallTalkKind(line) !== null)) return [];
  const idx = kbIndex(db);
  const bm = idx.bm25.scoreAll(q.query);
  const evidence = idx.bm25.matchedByContent(q.query);
  const dense = denseScores(retrievalEncoder(), idx.vectors, q.query);
  const fused = fuseScores(bm, dense);
  // Candidates: articles sharing a word with the query that is not a function word, or close in meaning (a paraphrase
  // sharing no word), or written for the state's intent, which rank above keyword and meaning matches alone. An
  // article written for another intent than the customer's needs the meaning match: a shared word alone ("order" in
  // the coupon article's "one per order") put "Coupons and sales" under an order-status question.
  const scores = new Map<number, number>();
  const known = q.intent !== null && q.intent !== 'other';
  idx.articles.forEach((a, i) => {
    const forIntent = q.intent !== null && a.intent === q.intent;
    const otherIntent = known && a.intent !== null && a.intent !== q.intent && !NEIGHBOUR_INTENTS[q.intent ?? '']?.includes(a.intent);
    if (forIntent || (evidence.has(i) && !otherIntent) || dense[i] >= DENSE_MIN_COSINE) scores.set(a.id, fused[i] + (forIntent ? 0.75 : 0));
  });
  const ranked = [...scores].sort((x, y) => y[1] - x[1]).slice(0, q.limit ?? 3);
  const facts = liveFacts(db, q.slots, q.lang);
  const byId = new Map(idx.articles.map((a) => [a.id, a]));
  return ranked.map(([id, score]) => {
    const a = byId.get(id) as Article;
    const { body, variant } = bodyFor(idx, a, q.lang, q.channel);
    const filled = fillReply(body, facts, q.slots.order_no ?? null, q.lang);
    const title = (q.lang === 'zh' ? a.title_zh ?? a.title_en : a.title_en ?? a.title_zh) ?? a.slug;
    return { slug: a.slug, articleId: a.id, title, lang: q.lang, variant, text: filled.text, score: Math.round(score * 1000) / 1000, facts: filled.used, unfilled: filled.unfilled };
  });
}
