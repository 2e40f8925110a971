/** Per-product image vectors for other domains (recommendations, try-on): the mean image embedding of each product. */
import type Database from 'better-sqlite3';
import { l2normalise } from '../../models/vision/handcrafted';
import { activeBackbone, loadStoredVectors } from './embeddings';

/** products.id -> L2-normalised mean image embedding of the product under the store's active backbone; empty Map when nothing is indexed. */
export function loadProductImageVectors(db: Database.Database): Map<number, Float32Array> {
  const s = loadStoredVectors(db, activeBackbone(db));
  const sums = new Map<number, Float32Array>();
  s.vectors.forEach((v, i) => {
    const pid = s.productIds[i];
    if (pid === null) return;
    let acc = sums.get(pid);
    if (!acc) sums.set(pid, (acc = new Float32Array(v.length)));
    for (let k = 0; k < v.length; k++) acc[k] += v[k];
  });
  for (const v of sums.values()) l2normalise(v);
  return sums;
}
