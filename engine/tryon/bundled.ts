/** The model photos bundled with the app (Apache-2.0, tfjs-models test data), added to the demo store for try-on. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { engineFileUrl } from '../bundle-paths';
import { addPhoto } from '../db/queries/tryon';

/** The bundled photos with their pixel sizes (checked by the tests). */
export const BUNDLED_PHOTOS = [
  { name: 'portrait.jpg', width: 820, height: 1024 },
  { name: 'three_people.jpg', width: 1049, height: 861 },
  { name: 'hands.jpg', width: 720, height: 382 },
] as const;

/** Adds the bundled model photos to a store; returns their ids. */
export function addBundledPhotos(db: Database.Database, createdAt: string): number[] {
  return BUNDLED_PHOTOS.map((p) => {
    const bytes = readFileSync(fileURLToPath(engineFileUrl(`tryon/photos/${p.name}`)));
    return addPhoto(db, {
      name: p.name, sha256: createHash('sha256').update(bytes).digest('hex'), mime: 'image/jpeg', width: p.width, height: p.height,
      bytes, source: 'bundled', licence: 'Apache-2.0 (tensorflow/tfjs-models test_data)', createdAt,
    });
  });
}
