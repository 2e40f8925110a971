/** Product-to-product visual similarity over every image of each product (the best-matching pair of images). */
import type { StoredVectors } from './embeddings';

/** Each product's image vectors. */
export function vectorsByProduct(s: StoredVectors): Map<number, Float32Array[]> {
  const out = new Map<number, Float32Array[]>();
  s.productIds.forEach((p, i) => {
    if (p === null) return;
    const list = out.get(p) ?? [];
    list.push(s.vectors[i]);
    out.set(p, list);
  });
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Similarity of two products: the highest cosine between any image of one and any image of the other. */
export function productSimilarity(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  let best = -Infinity;
  for (const x of a) for (const y of b) best = Math.max(best, dot(x, y));
  return best;
}

/** The `n` products most similar to `anchor` (exact, every image), best first. */
export function productNeighbours(byProduct: ReadonlyMap<number, readonly Float32Array[]>, anchor: number, n: number): { productId: number; score: number }[] {
  const mine = byProduct.get(anchor) ?? [];
  const out: { productId: number; score: number }[] = [];
  for (const [p, vecs] of byProduct) if (p !== anchor) out.push({ productId: p, score: productSimilarity(mine, vecs) });
  return out.sort((x, y) => y.score - x.score || x.productId - y.productId).slice(0, n);
}
