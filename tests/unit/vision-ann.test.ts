import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../engine/vision/index/ann';
import { randomUnit } from './vector-fixture';

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

describe('persisted HNSW graph', () => {
  it('is reused when the vectors are unchanged and updated when images are added (the new one is found)', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'desk-ann-'));
    try {
      const file = join(dir, 'shop.db.images.usearch');
      const dim = 8;
      const vecs = randomUnit(5200, dim, 11);
      const first = VectorIndex.fromVectors(dim, vecs.slice(0, 5100).map((_, i) => i + 1), vecs.slice(0, 5100), file);
      expect(first.rebuilt).toBe(true);
      await first.index.save(file);
      const same = VectorIndex.fromVectors(dim, vecs.slice(0, 5100).map((_, i) => i + 1), vecs.slice(0, 5100), file);
      expect(same.rebuilt).toBe(false);
      const grown = VectorIndex.fromVectors(dim, vecs.map((_, i) => i + 1), vecs, file);
      expect(grown.rebuilt).toBe(true);
      expect(grown.index.search(vecs[5150], 1)[0].key).toBe(5151);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stores the graph at 16 bits per value, so the file beside the store is smaller than the 32-bit vectors alone', async () => {
    const { mkdtempSync, rmSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'desk-ann-'));
    try {
      const file = join(dir, 'shop.db.images.usearch');
      const dim = 128;
      const vecs = randomUnit(5000, dim, 5);
      const { index } = VectorIndex.fromVectors(dim, vecs.map((_, i) => i + 1), vecs, file);
      await index.save(file);
      expect(statSync(file).size).toBeLessThan(5000 * dim * 4);
      expect(index.search(vecs[42], 1)[0].key).toBe(43);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
