/** The try-on batch job: every product over every model photo (keypoints found once per photo), saved to the gallery. */
import { z } from 'zod';
import { EngineError, type Bilingual } from '../errors';
import { originalUploadName } from '../fs/upload-name';
import { tr, type Lang } from '../i18n';
import type { JobRunner } from '../jobs/types';
import { tryonMessages } from './messages';
import { prepareProduct, type PreparedProduct } from './product';
import { encodePng, partsForAll, renderTryOn } from './render';
import { loadPhoto, saveComposite } from './service';

const Params = z.object({
  photoIds: z.array(z.number().int().positive()).min(1),
  skus: z.array(z.string().min(1)).min(1),
  person: z.number().int().min(0).optional(),
});

/**
 * One preview the batch could not make, and why (in the job's language): the message names the photo and the product
 * ("three_people.jpg · EY-0001: No face is visible on person 0; …"); a photo that cannot be read or a product that
 * cannot be tried on is said once per pair in the same words, which name it already.
 */
export interface BatchFailure {
  sku: string;
  photoId: number;
  /** The photo's name as the user knows it. */
  photo: string;
  message: string;
  /** The message in both languages, so the screen follows a language switch. */
  messages: Bilingual;
}

/** Runs the batch; a bad product or photo is skipped with its reason, anything else fails the job. */
export const runTryonBatchJob: JobRunner = async (raw, ctx) => {
  const p = Params.parse(raw);
  const { detectPeople, segmentPeople } = await import('./detect');
  const total = p.photoIds.length * p.skus.length;
  const now = (): string => new Date().toISOString();
  const products = new Map<string, PreparedProduct | Bilingual>();
  const inBoth = (e: EngineError): Bilingual => ({ en: e.messageIn('en'), zh: e.messageIn('zh') });
  for (const sku of p.skus) {
    try {
      products.set(sku, await prepareProduct(ctx.db, sku, ctx.lang, now));
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      products.set(sku, inBoth(e));
    }
  }
  // Keypoints once per photo, with the detectors these products need (all of them when a person is picked by index).
  const { ALL_PARTS } = await import('../../models/tryon/types');
  const ready = [...products.values()].filter((v): v is PreparedProduct => 'productId' in v);
  const parts = p.person === undefined ? partsForAll(ready.map((r) => r.type)) : ALL_PARTS;
  const galleryIds: number[] = [];
  const failures: BatchFailure[] = [];
  let done = 0;
  const t0 = performance.now();
  const nameOf = ctx.db.prepare('SELECT name FROM tryon_photos WHERE id = ?').pluck();
  for (const photoId of p.photoIds) {
    ctx.checkCancelled();
    const stored = nameOf.get(photoId) as string | undefined;
    const photo = stored ? originalUploadName(stored) : `#${photoId}`;
    let loaded;
    try {
      loaded = await loadPhoto(ctx.db, { photoId }, ctx.lang);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      for (const sku of p.skus) failures.push({ sku, photoId, photo, message: e.message, messages: inBoth(e) });
      done += p.skus.length;
      ctx.progress(done, total, 'rendering');
      continue;
    }
    const keypoints = ready.length ? await detectPeople(loaded.photo, parts) : undefined;
    let mask: Awaited<ReturnType<typeof segmentPeople>> | undefined;
    for (const sku of p.skus) {
      ctx.checkCancelled();
      const product = products.get(sku);
      if (!product || !('productId' in product)) {
        failures.push({ sku, photoId, photo, message: product?.[ctx.lang] ?? sku, messages: product ?? { en: sku, zh: sku } });
      } else {
        try {
          if (!mask && (product.type === 'top' || product.type === 'necklace')) mask = await segmentPeople(loaded.photo);
          const r = await renderTryOn(loaded.photo, product, { person: p.person, keypoints, mask }, ctx.lang);
          const png = await encodePng(r.rgb);
          galleryIds.push(saveComposite(ctx.db, {
            productId: product.productId, photoId, photoName: loaded.photo.name, personIndex: r.report.person, adjust: r.report.adjust,
            fit: { transforms: r.report.transforms }, png, width: r.rgb.width, height: r.rgb.height, createdAt: now(),
          }));
        } catch (e) {
          if (!(e instanceof EngineError)) throw e;
          const line = (l: Lang): string => tr(tryonMessages, l, 'batch_failure', { photo, sku, reason: e.messageIn(l) });
          failures.push({ sku, photoId, photo, message: line(ctx.lang), messages: { en: line('en'), zh: line('zh') } });
        }
      }
      done++;
      ctx.progress(done, total, 'rendering');
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { made: galleryIds.length, galleryIds, failures, seconds, perMinute: seconds > 0 ? (galleryIds.length / seconds) * 60 : 0 };
};
