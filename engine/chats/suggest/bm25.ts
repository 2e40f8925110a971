/** BM25 over knowledge-base articles (both languages; Chinese segmented by jieba, plus character bigrams for recall). */
import { tokens } from '../../../models/text/tokenize';
import { detectLanguage } from '../../../models/text/lang';

/** One indexed document. */
export interface Bm25Doc {
  id: number;
  text: string;
}

/** Terms of a text for retrieval: words, and character bigrams of Chinese. */
export function retrievalTerms(text: string): string[] {
  const lang = detectLanguage(text);
  const words = tokens(text, lang === 'zh' ? 'zh' : 'en').filter((w) => w.length > 1 || /[\u4e00-\u9fff]/u.test(w));
  if (lang !== 'zh') return words;
  const chars = [...text.replace(/[^\u4e00-\u9fff]/gu, '')];
  const bigrams: string[] = [];
  for (let i = 1; i < chars.length; i++) bigrams.push(chars[i - 1] + chars[i]);
  return [...words, ...bigrams];
}

/** A BM25 index (k1 = 1.2, b = 0.75). */
export class Bm25 {
  private postings = new Map<string, { doc: number; tf: number }[]>();
  private lengths: number[] = [];
  private avg = 0;

  /** Indexes the documents. */
  constructor(readonly docs: readonly Bm25Doc[]) {
    docs.forEach((d, i) => {
      const terms = retrievalTerms(d.text);
      this.lengths.push(terms.length);
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = []));
        list.push({ doc: i, tf: n });
      }
    });
    this.avg = this.lengths.reduce((s, x) => s + x, 0) / Math.max(1, docs.length);
  }

  /** BM25 score of every document the query matches, by document index (position in `docs`). */
  scoreAll(query: string): Map<number, number> {
    const n = this.docs.length;
    const scores = new Map<number, number>();
    for (const t of new Set(retrievalTerms(query))) {
      const list = this.postings.get(t);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const p of list) {
        const norm = p.tf + 1.2 * (1 - 0.75 + (0.75 * this.lengths[p.doc]) / (this.avg || 1));
        scores.set(p.doc, (scores.get(p.doc) ?? 0) + (idf * p.tf * 2.2) / norm);
      }
    }
    return scores;
  }

  /** Scores of every document with a positive score, best first. */
  search(query: string, limit = 20): { id: number; score: number }[] {
    return [...this.scoreAll(query)].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([i, score]) => ({ id: this.docs[i].id, score }));
  }
}
