/** Try-on work the operations and the batch job share: reading photos from paths or the store, rendering, saving to the gallery. */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import { addPhoto, addToGallery, photoBytes } from '../db/queries/tryon';
import { EngineError } from '../errors';
import { originalUploadName } from '../fs/upload-name';
import type { Lang } from '../i18n';
import { userFileName } from '../io/image-file';
import { tryonText } from './messages';
import { decodePhoto, readPhoto, readPhotoBytes, type Photo } from './photo';

/** Where a model photo comes from: a file, or one kept in the store. */
export type PhotoSource = { path: string; name?: string } | { photoId: number };

/** Decodes a photo from a file path (already confined by the caller) or from tryon_photos. */
export async function loadPhoto(db: Database.Database, src: PhotoSource, lang: Lang): Promise<{ photo: Photo; photoId: number | null }> {
  if ('path' in src) return { photo: await readPhoto(src.path, lang, src.name), photoId: null };
  const row = photoBytes(db, src.photoId);
  if (!row) throw new EngineError('not_found', tryonText('photo_missing', { path: `#${src.photoId}` }), { photoId: src.photoId }, lang);
  return { photo: await decodePhoto(row.bytes, originalUploadName(row.name), lang), photoId: src.photoId };
}

/** Adds a photo file to the store's model photos (an SVG or GIF refused, the rest checked by decoding it first) under `name` (the user's); returns its id. */
export async function addPhotoFile(db: Database.Database, path: string, source: 'upload' | 'bundled', licence: string | null, lang: Lang, now: string, name?: string): Promise<number> {
  const file = userFileName(path, name);
  const bytes = await readPhotoBytes(path, file, lang);
  const photo = await decodePhoto(bytes, file, lang);
  const meta = await sharp(bytes).metadata();
  return addPhoto(db, {
    name: file, sha256: createHash('sha256').update(bytes).digest('hex'), mime: `image/${meta.format ?? 'jpeg'}`,
    width: photo.full.width, height: photo.full.height, bytes, source, licence, createdAt: now,
  });
}

/** Saves a composite to the gallery. */
export function saveComposite(db: Database.Database, g: Parameters<typeof addToGallery>[1]): number {
  return addToGallery(db, g);
}

/** A small JPEG data URL of an RGB image for the preview (long side at most `side`). */
export async function previewDataUrl(rgb: { width: number; height: number; data: Uint8Array }, side = 900): Promise<string> {
  const jpg = await sharp(Buffer.from(rgb.data.buffer, rgb.data.byteOffset, rgb.data.length), { raw: { width: rgb.width, height: rgb.height, channels: 3 } })
    .resize(side, side, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 85 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpg.toString('base64')}`;
}
