/** Tokens and n-gram features of a message: Chinese segmented by jieba (plus characters), English by words. */
import { createRequire } from 'node:module';
import { detectLanguage, type TextLang } from './lang';

interface Segmenter {
  cut(text: string, hmm?: boolean): string[];
}

const require = createRequire(import.meta.url);
let jieba: Segmenter | null = null;

function segmenter(): Segmenter {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): Segmenter } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const PUNCT = /^[\p{P}\p{S}\s]+$/u;

/** Word tokens: jieba words for Chinese (Latin runs inside kept as lower-case words), lower-case words for English. */
export function tokens(text: string, lang: TextLang = detectLanguage(text)): string[] {
  const clean = text.normalize('NFKC').toLowerCase().replace(/\d+/g, '0');
  if (lang === 'zh') return segmenter().cut(clean, false).map((t) => t.trim()).filter((t) => t && !PUNCT.test(t));
  return clean.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?|[!?]/gu) ?? [];
}

/**
 * Features of one message: word unigrams and bigrams, plus (for Chinese) character unigrams and bigrams, which
 * catch words the segmenter splits differently, and (for English) character trigrams of words, which catch misspellings. Negations stay inside the bigrams ("not good", "不 好").
 */
export function features(text: string, lang: TextLang = detectLanguage(text)): string[] {
  const words = tokens(text, lang);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    out.push(`w:${words[i]}`);
    if (i > 0) out.push(`b:${words[i - 1]}_${words[i]}`);
  }
  if (lang !== 'zh') {
    // Character trigrams of English words: misspellings and word forms ("cancelling", "canceling") share features.
    for (const w of words) {
      if (w.length < 3 || w.length > 20) continue;
      const p = `<${w}>`;
      for (let i = 0; i + 3 <= p.length; i++) out.push(`t:${p.slice(i, i + 3)}`);
    }
  }
  if (lang === 'zh') {
    const chars = [...text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')];
    for (let i = 0; i < chars.length; i++) {
      out.push(`c:${chars[i]}`);
      if (i > 0) out.push(`d:${chars[i - 1]}${chars[i]}`);
    }
  }
  return out;
}
