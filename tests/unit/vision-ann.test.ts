import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../engine/vision/index/ann';

function randomUnit(n: number, dim: number, seed: number): Float32Array[] {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: dim }, rnd);
    const len = Math.hypot(...v);
    return v.map((x) => x / len);
  });
}

describe('image vector index (usearch HNSW above 5,000 vectors, exact below)', () => {
  it('finds ≥ 95% of the exact top-10 on 10k random vectors', () => {
    const dim = 32;
    const vecs = randomUnit(10_000, dim, 3);
    const { index } = VectorIndex.fromVectors(dim, vecs.map((_, i) => i + 1), vecs);
    expect(index.approximate).toBe(true);
    let found = 0;
    const queries = randomUnit(100, dim, 99);
    for (const q of queries) {
      const exact = new Set(index.search(q, 10, { exact: true }).map((h) => h.key));
      found += index.search(q, 10).filter((h) => exact.has(h.key)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
  }, 60_000);

  it('updates incrementally: added vectors are found, removed ones are not', () => {
    const dim = 8;
    const vecs = randomUnit(50, dim, 5);
    const { index } = VectorIndex.fromVectors(dim, vecs.map((_, i) => i + 1), vecs);
    const extra = randomUnit(1, dim, 77)[0];
    index.add([1000], [extra]);
    expect(index.search(extra, 1)[0]).toEqual({ key: 1000, score: expect.closeTo(1, 5) as number });
    index.remove([1000, 3]);
    expect(index.search(extra, 50).some((h) => h.key === 1000 || h.key === 3)).toBe(false);
    expect(index.size).toBe(49);
  });
});
