/** Exports gallery previews at listing sizes: square PNG/JPEG, on white (person cut out by the mask) or the original background. */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import { galleryPng } from '../db/queries/tryon';
import { EngineError } from '../errors';
import { writeFileAtomic } from '../fs/atomic';
import { tr, type Lang } from '../i18n';
import { tryonMessages } from './messages';
import { makeDirs } from '../fs/mkdirs';

/** Export options. */
export interface ExportOptions {
  ids: number[];
  size: 800 | 1000;
  background: 'white' | 'original';
  format: 'png' | 'jpeg';
  dir: string;
}

/** Writes one file per gallery entry; returns the paths. */
export async function exportGallery(db: Database.Database, o: ExportOptions, lang: Lang): Promise<{ files: string[] }> {
  makeDirs(o.dir);
  const files: string[] = [];
  for (const id of o.ids) {
    const g = galleryPng(db, id);
    if (!g) throw new EngineError('not_found', tr(tryonMessages, lang, 'no_preview', { id }), { id });
    let img = sharp(g.png);
    if (o.background === 'white') {
      // The person (and what they wear) on white: the segmentation mask of the composite becomes its alpha.
      const { data, info } = await sharp(g.png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const { segmentPeople } = await import('./detect');
      const { decodePhoto } = await import('./photo');
      const photo = await decodePhoto(await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).png().toBuffer(), `${id}.png`, lang);
      const { mask } = await segmentPeople(photo);
      const rgba = Buffer.alloc(info.width * info.height * 4);
      for (let i = 0; i < info.width * info.height; i++) {
        rgba[i * 4] = data[i * 3];
        rgba[i * 4 + 1] = data[i * 3 + 1];
        rgba[i * 4 + 2] = data[i * 3 + 2];
        rgba[i * 4 + 3] = mask.data[i];
      }
      img = sharp(rgba, { raw: { width: info.width, height: info.height, channels: 4 } })
        .resize(o.size, o.size, { fit: 'contain', background: '#ffffff' })
        .flatten({ background: '#ffffff' });
    } else {
      img = img.resize(o.size, o.size, { fit: 'cover', position: 'attention' });
    }
    const buf = o.format === 'png' ? await img.png().toBuffer() : await img.flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
    const path = join(o.dir, `${g.sku.replace(/[^\w.-]+/g, '_')}-${id}-${o.size}.${o.format === 'png' ? 'png' : 'jpg'}`);
    writeFileAtomic(path, buf);
    files.push(path);
  }
  return { files };
}
