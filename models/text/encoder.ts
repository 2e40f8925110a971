/**
 * Sentence vectors for retrieval from a saved text model's learned n-gram embeddings (models/weights/text/*): the
 * L2-normalised mean of the embeddings of a text's word / character n-gram features. Plain arrays, no TensorFlow.js:
 * one query costs a few hundred lookups, so suggestions stay fast and need no backend.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BagSpec } from './bag';
import { features } from './tokenize';

/** A loaded sentence encoder. */
export interface SentenceEncoder {
  readonly dim: number;
  /** The unit-length vector of a text (all zeros when none of its features is known). */
  embed(text: string): Float32Array;
}

/** Builds an encoder from a vocabulary and its row-major embedding matrix (rows = vocab.length). */
export function encoderFrom(vocab: readonly string[], emb: Float32Array, dim: number): SentenceEncoder {
  const index = new Map(vocab.map((v, i) => [v, i]));
  return {
    dim,
    embed(text) {
      const out = new Float32Array(dim);
      for (const f of features(text)) {
        const id = index.get(f);
        // Row 0 is the classifier's always-present start feature: it carries no meaning of the text.
        if (id === undefined || id === 0) continue;
        const off = id * dim;
        for (let k = 0; k < dim; k++) out[k] += emb[off + k];
      }
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += out[k] * out[k];
      norm = Math.sqrt(norm);
      if (norm > 0) for (let k = 0; k < dim; k++) out[k] /= norm;
      return out;
    },
  };
}

/** Loads the embeddings of a model folder written by saveBag (int8 rows with a float scale each). */
export function loadEncoder(dir: string): SentenceEncoder {
  const jsonPath = join(dir, 'model.json');
  if (!existsSync(jsonPath)) throw new Error(`No text model in ${dir} (model.json is missing)`);
  const spec = JSON.parse(readFileSync(jsonPath, 'utf8')) as BagSpec;
  if (spec.format !== 'merchant-desk-textbag-v1') throw new Error(`Not a text model (format '${String(spec.format)}'; expected merchant-desk-textbag-v1)`);
  const buf = readFileSync(join(dir, 'weights.bin'));
  const rows = spec.vocab.length;
  const d = spec.dim;
  if (buf.byteLength < rows * 4 + rows * d) throw new Error(`Text model weights in ${dir} are too short for ${rows} rows of ${d}`);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength).slice(0, rows * 4 + rows * d);
  const scales = new Float32Array(bytes.buffer, 0, rows);
  const q = new Int8Array(bytes.buffer, rows * 4, rows * d);
  const emb = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) for (let k = 0; k < d; k++) emb[r * d + k] = q[r * d + k] * scales[r];
  return encoderFrom(spec.vocab, emb, d);
}

/** Dot product of two unit vectors (their cosine). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}
