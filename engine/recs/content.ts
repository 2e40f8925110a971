/**
 * Content features of items: title and description tokens (Chinese segmented with jieba, English lower-cased words),
 * category and brand, as TF-IDF over hashed buckets, projected to a fixed width by a seeded random ±1 matrix and
 * L2-normalised. A new item gets features the moment it has a title.
 */
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { Rng } from '../demo/rng';

/** Width of the projected text features. */
export const TEXT_DIM = 64;
const BUCKETS = 1 << 14;

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  if (!jieba) {
    // Loaded on first use: the native module and its 5 MB dictionary are not needed elsewhere.
    const require = createRequire(import.meta.url);
    const mod = require('@node-rs/jieba') as { Jieba: typeof Jieba };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = mod.Jieba.withDict(dict);
  }
  return jieba;
}

/** Tokens of a text: jieba words for Chinese runs, lower-cased words (≥ 2 characters, not bare numbers) for the rest. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[\u3400-\u9fff]+|[A-Za-z0-9][A-Za-z0-9'-]*/g) ?? []) {
    if (/[\u3400-\u9fff]/.test(run)) out.push(...segmenter().cut(run, false).filter((w) => w.trim()));
    // Bare numbers (sizes, model numbers) are rare tokens whose weight would drown the words that say what a thing is.
    else if (run.length >= 2 && !/^\d+$/.test(run)) out.push(run.toLowerCase());
  }
  return out;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Text of one item as given by the caller (title in both languages, category, brand, description). */
export interface ItemText {
  parts: (string | null | undefined)[];
}

/** TF-IDF of hashed tokens, randomly projected to TEXT_DIM and L2-normalised (row-major nItems × TEXT_DIM). */
export function textFeatures(items: ItemText[], seed = 11): Float32Array {
  const docs = items.map((it) => {
    const m = new Map<number, number>();
    for (const t of it.parts.flatMap((p) => (p ? tokenize(p) : []))) {
      const b = hash(t) % BUCKETS;
      m.set(b, (m.get(b) ?? 0) + 1);
    }
    return m;
  });
  const df = new Float32Array(BUCKETS);
  for (const d of docs) for (const b of d.keys()) df[b]++;
  // One seeded ±1 row per bucket, drawn lazily: the projection is the same for every run with the same seed.
  const rows = new Map<number, Int8Array>();
  const row = (b: number): Int8Array => {
    let r = rows.get(b);
    if (!r) {
      const local = new Rng((seed * 2654435761) ^ (b * 40503));
      r = Int8Array.from({ length: TEXT_DIM }, () => (local.next() < 0.5 ? -1 : 1));
      rows.set(b, r);
    }
    return r;
  };
  const out = new Float32Array(items.length * TEXT_DIM);
  docs.forEach((d, i) => {
    const off = i * TEXT_DIM;
    for (const [b, tf] of d) {
      const w = (1 + Math.log(tf)) * Math.log((1 + docs.length) / (1 + df[b]));
      const r = row(b);
      for (let k = 0; k < TEXT_DIM; k++) out[off + k] += w * r[k];
    }
    let norm = 0;
    for (let k = 0; k < TEXT_DIM; k++) norm += out[off + k] * out[off + k];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < TEXT_DIM; k++) out[off + k] /= norm;
  });
  return out;
}
