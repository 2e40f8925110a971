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

// Function words of both languages (and Chinese character pairs made only of them): a match on one alone is no evidence
// that an article answers the message ("thank you" shares "you" with any article written to a customer, "好的" shares 的).
const STOP_TERMS = new Set([
  ...'a an the is are was were be been am i me my mine you your yours we our us he she it its they them their this that these those to of in on at for with from by and or but so if do does did done have has had can could would should will shall may might must not no yes there here what which who whom how when where why please just also very too about as into up out any some get got want need would like hi hello hey thanks thank ok okay'.split(' '),
  ...'的 了 吗 呢 吧 啊 呀 么 嘛 在 是 我 你 您 他 她 它 们 这 那 有 和 就 都 也 还 很 好 要 想 能 会 可 不 没 个 一 下 给 把 被 对 请 问 嗯 哦 亲 啦 哈'.split(' '),
  ...'你好 您好 谢谢 我们 你们 我的 你的 什么 怎么 可以 一下 这个 那个 请问 好的 就是 还是 但是 因为 所以 如果 已经 现在 没有 是不是 有没有 在吗 了吗 的吗 是不 不是 亲亲 能不能 可不可以'.split(' '),
]);

/** True when a retrieval term is a function word (no evidence on its own that an article answers a message). */
export const isStopTerm = (term: string): boolean => STOP_TERMS.has(term);

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

  /** Documents that share with the query at least one term that is not a function word (by document index). */
  matchedByContent(query: string): Set<number> {
    const out = new Set<number>();
    for (const t of new Set(retrievalTerms(query))) {
      if (isStopTerm(t)) continue;
      for (const p of this.postings.get(t) ?? []) out.add(p.doc);
    }
    return out;
  }

  /** Scores of every document with a positive score, best first. */
  search(query: string, limit = 20): { id: number; score: number }[] {
    return [...this.scoreAll(query)].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([i, score]) => ({ id: this.docs[i].id, score }));
  }
}
