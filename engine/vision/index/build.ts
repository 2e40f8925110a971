/** Builds or updates the image index of a store: embeds images that have no vector yet, then refreshes the ANN graph beside the store. */
import type Database from 'better-sqlite3';
import { loadBackbone } from '../../../models/vision/backbones';
import { DEFAULT_BACKBONE, embedImages, loadStoredVectors, missingEmbeddings } from '../embeddings';
import { fillThumbnails } from '../duplicates';
import { VectorIndex } from './ann';

/** The index file of a store and backbone, beside the store. */
export function indexFileFor(storePath: string, backbone: string): string {
  return `${storePath}.images-${backbone.replace(/[^a-z0-9_]+/gi, '_')}.usearch`;
}

/** What an index run did. */
export interface IndexResult {
  backbone: string;
  images: number;
  embedded: number;
  vectors: number;
  dim: number;
  approximate: boolean;
  rebuiltGraph: boolean;
  file: string | null;
  seconds: number;
}

/** Embeds what is missing and refreshes the ANN graph (written atomically when the store is big enough to use one). */
export async function buildImageIndex(db: Database.Database, storePath: string, hooks: { backbone?: string; progress(done: number, total: number, phase: string): void; checkCancelled(): void }): Promise<IndexResult> {
  const t0 = performance.now();
  const backbone = hooks.backbone ?? DEFAULT_BACKBONE;
  await fillThumbnails(db, { progress: (d, t) => hooks.progress(d, t, 'thumbnails'), checkCancelled: hooks.checkCancelled });
  const missing = missingEmbeddings(db, backbone);
  if (missing.length) {
    // Loading the CNN takes seconds: said, so the bar does not sit on the previous phase.
    hooks.progress(0, 1, 'loading_model');
    const bb = await loadBackbone(backbone);
    hooks.checkCancelled();
    try {
      await embedImages(db, bb, missing, (d) => hooks.progress(d, missing.length, 'embedding'), hooks.checkCancelled);
    } finally {
      bb.dispose();
    }
  }
  hooks.progress(0, 1, 'indexing');
  const s = loadStoredVectors(db, backbone);
  const file = indexFileFor(storePath, backbone);
  const { index, rebuilt } = VectorIndex.fromVectors(s.dim || 1, s.imageIds, s.vectors, file);
  const saved = rebuilt ? await index.save(file) : false;
  db.prepare('INSERT OR REPLACE INTO image_index_meta (backbone, file, vectors, built_at) VALUES (?, ?, ?, ?)').run(backbone, file, s.imageIds.length, new Date().toISOString());
  hooks.progress(1, 1, 'indexing');
  const images = (db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n;
  return { backbone, images, embedded: missing.length, vectors: s.imageIds.length, dim: s.dim, approximate: index.approximate, rebuiltGraph: saved, file: index.approximate ? file : null, seconds: (performance.now() - t0) / 1000 };
}
