/** Image embeddings in the store: computes the missing ones for a backbone and reads them back as vectors. */
import type Database from 'better-sqlite3';
import type { Backbone } from '../../models/vision/backbones';

/** The backbone visual search uses by default, chosen by measurement (README "Visual search"). */
export const DEFAULT_BACKBONE = 'mb3_centernet+colour';

/**
 * The backbone a store's search, duplicates and product vectors read: the default once it holds at least as many
 * vectors as any other, else the backbone an earlier version indexed the store with (the most vectors), so a store
 * indexed before the default changed keeps working until `desk images index` has embedded it anew.
 */
export function activeBackbone(db: Database.Database): string {
  const rows = db.prepare('SELECT backbone, count(*) AS n FROM image_embeddings GROUP BY backbone ORDER BY n DESC, backbone').all() as { backbone: string; n: number }[];
  const mine = rows.find((r) => r.backbone === DEFAULT_BACKBONE)?.n ?? 0;
  // Vectors of a fine-tuned head are tagged '+ft<run>' (migration 007) and are not a plain backbone.
  const other = rows.find((r) => r.backbone !== DEFAULT_BACKBONE && !r.backbone.includes('+ft'));
  return other && other.n > mine ? other.backbone : DEFAULT_BACKBONE;
}

/** Stored vectors of one backbone: image ids, their products and the vectors. */
export interface StoredVectors {
  imageIds: number[];
  productIds: (number | null)[];
  vectors: Float32Array[];
  dim: number;
}

/** A Float32Array view of a stored BLOB (copied, so it is aligned). */
export function blobToVector(b: Buffer): Float32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

/** How far a store's image index has got: photos, those with a vector under the active backbone, and when it was built. */
export interface IndexStatus {
  backbone: string;
  images: number;
  indexed: number;
  /** Photos added since the last build: not searchable until the index is updated. */
  missing: number;
  /** When the index was last built (ISO), null if never. */
  builtAt: string | null;
}

/** The image index's state for the active backbone (cheap: counts only). */
export function indexStatus(db: Database.Database): IndexStatus {
  const backbone = activeBackbone(db);
  const images = (db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n;
  const indexed = (db.prepare('SELECT count(*) AS n FROM image_embeddings e JOIN images i ON i.id = e.image_id WHERE e.backbone = ?').get(backbone) as { n: number }).n;
  const meta = db.prepare('SELECT built_at AS builtAt FROM image_index_meta WHERE backbone = ?').get(backbone) as { builtAt: string } | undefined;
  return { backbone, images, indexed, missing: images - indexed, builtAt: meta?.builtAt ?? null };
}

/** Ids of images that have no embedding under `backbone` yet. */
export function missingEmbeddings(db: Database.Database, backbone: string): number[] {
  return (db.prepare('SELECT id FROM images WHERE id NOT IN (SELECT image_id FROM image_embeddings WHERE backbone = ?) ORDER BY id').all(backbone) as { id: number }[]).map((r) => r.id);
}

/**
 * Embeds the given images (8 at a time) and stores the vectors; calls `step` after each batch. The vectors wait in a
 * temporary table of this connection and reach `image_embeddings` in one transaction at the end, so a build cancelled
 * (or stopped) half way leaves the index as it was before, not with some of the photos searchable.
 */
export async function embedImages(db: Database.Database, bb: Backbone, ids: readonly number[], step: (done: number) => void, checkCancelled: () => void): Promise<void> {
  const get = db.prepare('SELECT bytes FROM images WHERE id = ?');
  // A temp table, not memory: 100k photos at 464 floats are 186 MB; SQLite spills a temp table to a file.
  db.exec('DROP TABLE IF EXISTS temp.pending_embeddings; CREATE TEMP TABLE pending_embeddings (image_id INTEGER PRIMARY KEY, vector BLOB NOT NULL)');
  try {
    const hold = db.prepare('INSERT OR REPLACE INTO temp.pending_embeddings (image_id, vector) VALUES (?, ?)');
    // Loaded here, not at the top: this module is reached when the engine starts (recommendations read stored vectors),
    // and the image decoder (sharp, about 0.3 s to load) is only needed once images are embedded.
    const { decodeRgb } = await import('./decode');
    for (let i = 0; i < ids.length; i += 8) {
      checkCancelled();
      const batch = ids.slice(i, i + 8);
      const imgs = await Promise.all(batch.map(async (id) => decodeRgb((get.get(id) as { bytes: Buffer }).bytes, bb.inputSize)));
      const vecs = bb.embed(imgs);
      db.transaction(() => batch.forEach((id, k) => hold.run(id, Buffer.from(vecs[k].buffer, vecs[k].byteOffset, vecs[k].byteLength))))();
      step(Math.min(ids.length, i + 8));
    }
    checkCancelled();
    // Photos deleted while the build ran have no row to join and are left out.
    db.prepare('INSERT OR REPLACE INTO image_embeddings (image_id, backbone, dim, vector, created_at) SELECT p.image_id, ?, ?, p.vector, ? FROM temp.pending_embeddings p JOIN images i ON i.id = p.image_id').run(bb.name, bb.dim, new Date().toISOString());
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.pending_embeddings');
  }
}

/** Every stored vector of a backbone, by image id. */
export function loadStoredVectors(db: Database.Database, backbone: string): StoredVectors {
  const rows = db.prepare('SELECT e.image_id AS id, i.product_id AS pid, e.dim AS dim, e.vector AS v FROM image_embeddings e JOIN images i ON i.id = e.image_id WHERE e.backbone = ? ORDER BY e.image_id').all(backbone) as { id: number; pid: number | null; dim: number; v: Buffer }[];
  return { imageIds: rows.map((r) => r.id), productIds: rows.map((r) => r.pid), vectors: rows.map((r) => blobToVector(r.v)), dim: rows[0]?.dim ?? 0 };
}
