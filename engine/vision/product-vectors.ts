/** Product image vectors from the visual-search index (#7). Placeholder until that work lands: no vectors yet. */
import type Database from 'better-sqlite3';

/** products.id → L2-normalised image vector; an empty Map when the store has none. */
export function loadProductImageVectors(db: Database.Database): Map<number, Float32Array> {
  void db;
  return new Map<number, Float32Array>();
}
