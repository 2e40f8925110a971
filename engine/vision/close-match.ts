/**
 * Whether a photo search found something close in the catalogue, or only the nearest of what the store sells (fruit
 * searched in a fashion store found twelve products at about the similarity of a real product photo's best match).
 * Measured on held-out shelf photos in README "Visual search" (when a search says there is no close match).
 */

/** How far the best match must stand above the mean of the next ten (cosine), chosen on the select half of the labels. */
export const STANDS_OUT = 0.0635;

/** Products after the best that make "the rest" it is compared with. */
export const REST = 10;

/**
 * Fewest products before "standing out from the next ten" counts: in a smaller catalogue the next ten are most of it,
 * not the best match's neighbourhood (a banana stood out by 0.23 among a 12-product fashion store's photos).
 */
export const MIN_PRODUCTS_FOR_GAP = 2 * (REST + 1);

/** A store photo's similarity to the closest other photo of its product, used when too few products have two photos. */
export const DEFAULT_LEVEL = 0.75;

/** Fewest photos with a sibling photo of the same product before the store's own level is used. */
export const MIN_PAIRED = 20;

/** How close the best match is: its cosine, how far it stands above the rest, and the store's same-product level. */
export interface Closeness {
  /** False: no close match in the catalogue, the results are only the nearest products. */
  close: boolean;
  best: number;
  /** Best cosine minus the mean of the next REST products' (0 when there is no other product). */
  standsOut: number;
  /** The median cosine of a store photo to the closest other photo of its product (DEFAULT_LEVEL when too few). */
  level: number;
}

const dot = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * How alike two photos of one product of this store are: the median, over photos whose product has another indexed
 * photo, of the cosine to the closest such photo; DEFAULT_LEVEL when fewer than MIN_PAIRED photos have one.
 */
export function sameProductLevel(productIds: readonly (number | null)[], vectors: readonly Float32Array[]): number {
  const byProduct = new Map<number, Float32Array[]>();
  productIds.forEach((p, i) => {
    if (p === null) return;
    const list = byProduct.get(p) ?? [];
    list.push(vectors[i]);
    byProduct.set(p, list);
  });
  const closest: number[] = [];
  for (const list of byProduct.values()) {
    if (list.length < 2) continue;
    list.forEach((v, i) => closest.push(Math.max(...list.filter((_, j) => j !== i).map((w) => dot(v, w)))));
  }
  if (closest.length < MIN_PAIRED) return DEFAULT_LEVEL;
  closest.sort((a, b) => a - b);
  return closest[Math.floor(closest.length / 2)];
}

/**
 * Close when the best match is as alike as two photos of one of the store's products usually are (`level`), or, in a
 * catalogue of MIN_PRODUCTS_FOR_GAP products or more, stands out from the next REST products by STANDS_OUT or more.
 * `scores`: the products' cosines, best first (REST + 1 of them when the catalogue has that many); `products`: how many
 * products the index holds. Null when nothing was found.
 */
export function closeness(scores: readonly number[], level: number, products: number): Closeness | null {
  if (!scores.length) return null;
  const best = scores[0];
  const rest = scores.slice(1, 1 + REST);
  const standsOut = rest.length ? best - rest.reduce((a, b) => a + b, 0) / rest.length : 0;
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  return { close: best >= level || (products >= MIN_PRODUCTS_FOR_GAP && rest.length > 0 && standsOut >= STANDS_OUT), best: round(best), standsOut: round(standsOut), level: round(level) };
}
