/** Nearest-neighbour search over unit vectors: exact (brute force) below a size where it is faster, usearch HNSW above. */
import { existsSync } from 'node:fs';
import usearch, { type Index as UIndex } from 'usearch';
import { withAtomicPath } from '../../fs/atomic';

/** Below this many vectors exact search is used (measured faster than HNSW there, and exact). */
export const EXACT_BELOW = 5000;

/** One match: the key (image id) and its cosine similarity. */
export interface Hit {
  key: number;
  score: number;
}

/** Rows above which exact search runs in usearch's native SIMD kernel instead of the JS loop. */
const NATIVE_EXACT_ABOVE = 512;

/** Top-k by cosine over a row-major matrix of unit vectors (exact; native SIMD for larger sets). */
export function exactTopK(matrix: Float32Array, keys: readonly number[], dim: number, q: Float32Array, k: number): Hit[] {
  const n = keys.length;
  if (n <= NATIVE_EXACT_ABOVE) return exactTopKJs(matrix, keys, dim, q, k);
  const m = usearch.exactSearch(matrix.subarray(0, n * dim), q, dim, Math.min(k, n), usearch.MetricKind.Cos, 1) as { keys: BigUint64Array; distances: Float32Array };
  const out: Hit[] = [];
  for (let i = 0; i < m.keys.length; i++) out.push({ key: keys[Number(m.keys[i])], score: 1 - m.distances[i] });
  return out;
}

/** Top-k by cosine in plain JS (small sets, where calling into native code costs more than it saves). */
export function exactTopKJs(matrix: Float32Array, keys: readonly number[], dim: number, q: Float32Array, k: number): Hit[] {
  const n = keys.length;
  const scores = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    const off = r * dim;
    for (let i = 0; i < dim; i++) s += matrix[off + i] * q[i];
    scores[r] = s;
  }
  const top: Hit[] = [];
  for (let r = 0; r < n; r++) {
    const s = scores[r];
    if (top.length < k) {
      top.push({ key: keys[r], score: s });
      if (top.length === k) top.sort((a, b) => b.score - a.score);
    } else if (s > top[k - 1].score) {
      let j = k - 1;
      while (j > 0 && top[j - 1].score < s) j--;
      top.splice(j, 0, { key: keys[r], score: s });
      top.pop();
    }
  }
  return top.sort((a, b) => b.score - a.score);
}

/** A vector index over (key, unit vector) pairs; the HNSW part is built only when there are enough vectors. */
export class VectorIndex {
  private keys: number[] = [];
  private pos = new Map<number, number>();
  private matrix: Float32Array;
  private hnsw: UIndex | null = null;

  constructor(readonly dim: number, capacity = 1024) {
    this.matrix = new Float32Array(dim * capacity);
  }

  /** Vectors held. */
  get size(): number {
    return this.keys.length;
  }

  /** True once the HNSW graph serves searches. */
  get approximate(): boolean {
    return this.hnsw !== null;
  }

  /** Adds or replaces vectors. */
  add(keys: readonly number[], vectors: readonly Float32Array[]): void {
    const fresh: number[] = [];
    keys.forEach((key, i) => {
      let p = this.pos.get(key);
      if (p === undefined) {
        p = this.keys.length;
        if ((p + 1) * this.dim > this.matrix.length) {
          const grown = new Float32Array(Math.max(this.matrix.length * 2, (p + 1) * this.dim));
          grown.set(this.matrix);
          this.matrix = grown;
        }
        this.keys.push(key);
        this.pos.set(key, p);
        fresh.push(i);
      } else if (this.hnsw) {
        this.hnsw.remove(BigInt(key));
        fresh.push(i);
      }
      this.matrix.set(vectors[i], p * this.dim);
    });
    if (this.hnsw) {
      if (fresh.length) this.hnsw.add(BigUint64Array.from(fresh.map((i) => BigInt(keys[i]))), concat(fresh.map((i) => vectors[i]), this.dim));
    } else if (this.keys.length >= EXACT_BELOW) this.buildHnsw();
  }

  /** Removes keys (missing ones are ignored). */
  remove(keys: readonly number[]): void {
    for (const key of keys) {
      const p = this.pos.get(key);
      if (p === undefined) continue;
      const last = this.keys.length - 1;
      const lastKey = this.keys[last];
      this.matrix.copyWithin(p * this.dim, last * this.dim, (last + 1) * this.dim);
      this.keys[p] = lastKey;
      this.pos.set(lastKey, p);
      this.keys.pop();
      this.pos.delete(key);
      this.hnsw?.remove(BigInt(key));
    }
  }

  /** The keys held. */
  allKeys(): number[] {
    return [...this.keys];
  }

  /** The stored vector of a key. */
  vector(key: number): Float32Array | null {
    const p = this.pos.get(key);
    return p === undefined ? null : this.matrix.slice(p * this.dim, (p + 1) * this.dim);
  }

  /** Builds the HNSW graph over every vector (called automatically past EXACT_BELOW). */
  buildHnsw(): void {
    const idx = newHnsw(this.dim);
    if (this.keys.length) idx.add(BigUint64Array.from(this.keys.map(BigInt)), this.matrix.subarray(0, this.keys.length * this.dim));
    this.hnsw = idx;
  }

  /** The k nearest keys by cosine similarity, best first. */
  search(q: Float32Array, k: number, opts: { exact?: boolean } = {}): Hit[] {
    const kk = Math.min(k, this.keys.length);
    if (kk <= 0) return [];
    if (!this.hnsw || opts.exact) return exactTopK(this.matrix, this.keys, this.dim, q, kk);
    const m = this.hnsw.search(q, kk, 1);
    const out: Hit[] = [];
    for (let i = 0; i < m.keys.length; i++) out.push({ key: Number(m.keys[i]), score: 1 - m.distances[i] });
    return out;
  }

  /** Writes the HNSW graph (when built) to `path` atomically; the vectors themselves live in the store. */
  async save(path: string): Promise<boolean> {
    const h = this.hnsw;
    if (!h) return false;
    await withAtomicPath(path, (tmp) => h.save(tmp));
    return true;
  }

  /**
   * An index over these vectors; past EXACT_BELOW it reuses the HNSW graph saved at `savedPath`, adding the keys it
   * lacks, else builds one; `rebuilt` is true when the graph changed and should be saved again.
   */
  static fromVectors(dim: number, keys: readonly number[], vectors: readonly Float32Array[], savedPath?: string): { index: VectorIndex; rebuilt: boolean } {
    const index = new VectorIndex(dim, Math.max(1, keys.length));
    keys.forEach((key, i) => {
      index.pos.set(key, i);
      index.keys.push(key);
      index.matrix.set(vectors[i], i * dim);
    });
    if (keys.length < EXACT_BELOW) return { index, rebuilt: false };
    if (savedPath && existsSync(savedPath)) {
      try {
        const idx = newHnsw(dim);
        idx.load(savedPath);
        const has = idx.contains(BigUint64Array.from(keys.map(BigInt))) as boolean[];
        const missing = keys.map((_, i) => i).filter((i) => !has[i]);
        // New images are added to the saved graph; a graph holding keys that are gone (deleted images) is rebuilt.
        if (idx.size() === keys.length - missing.length) {
          if (missing.length) idx.add(BigUint64Array.from(missing.map((i) => BigInt(keys[i]))), concat(missing.map((i) => vectors[i]), dim));
          index.hnsw = idx;
          return { index, rebuilt: missing.length > 0 };
        }
      } catch {
        // A damaged or foreign file is rebuilt.
      }
    }
    index.buildHnsw();
    return { index, rebuilt: true };
  }
}

/**
 * The HNSW graph stores vectors as 16-bit floats: measured 2026-12-02 at 10k × 256-d it builds in about half the time of
 * 32-bit (4.3 s against 7.6 s on two loaded cores) at recall@10 0.989 against 0.994, and holds half the memory.
 * Exact search and the stored vectors stay 32-bit.
 */
function newHnsw(dim: number): UIndex {
  return new usearch.Index({ dimensions: dim, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.F16, connectivity: 16, expansion_add: 64, expansion_search: 128, multi: false });
}

function concat(vs: readonly Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(vs.length * dim);
  vs.forEach((v, i) => out.set(v, i * dim));
  return out;
}
