/** Try-on operations: keypoints of a photo, product preparation (type, anchors), rendering, photos, gallery, export, batch. */
import { z } from 'zod';
import { holds, searchParams } from '../../db/queries/text-search';
import { galleryPng, listGallery, listPhotos, productImages } from '../../db/queries/tryon';
import { EngineError } from '../../errors';
import { writeFileAtomic } from '../../fs/atomic';
import { originalUploadName } from '../../fs/upload-name';
import { tr } from '../../i18n';
import { opPath } from '../../security/path-policy';
import { ANCHOR_NAMES } from '../../tryon/anchors';
import { tryonMessages } from '../../tryon/messages';
import { TRYON_TYPES, tryonTypeOf } from '../../tryon/product-type';
import { defineOp, type OpContext } from '../contract';

/** A photo file (with the user's own name for it, a browser upload's, for messages) or a model photo kept in the store. */
const PhotoInput = z.union([z.object({ path: z.string().min(1).max(4096), name: z.string().min(1).max(255).optional() }), z.object({ photoId: z.number().int().positive() })]);
const AdjustInput = z.object({
  dx: z.number().min(-10_000).max(10_000).default(0),
  dy: z.number().min(-10_000).max(10_000).default(0),
  scale: z.number().min(0.2).max(5).default(1),
  rotateDeg: z.number().min(-180).max(180).default(0),
});
const AnchorsInput = z.record(z.string().max(40), z.object({ x: z.number().min(-10_000).max(10_000), y: z.number().min(-10_000).max(10_000) }));

function photoSource(ctx: OpContext, p: z.output<typeof PhotoInput>): { path: string; name?: string } | { photoId: number } {
  return 'path' in p ? { path: opPath(ctx, p.path, { base: process.cwd(), use: 'read' }), ...(p.name ? { name: p.name } : {}) } : p;
}

const now = (): string => new Date().toISOString();

function round1<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? Math.round(x * 1000) / 1000 : x))) as T;
}

/** Try-on operations. */
export const tryonOps = {
  'tryon.keypoints': defineOp({
    summary: 'People in a photo: body keypoints, face landmarks (eyes, iris, ears, nose, mouth), hand landmarks, ms per stage',
    input: z.object({ photo: PhotoInput }),
    needsStore: false,
    run: async (input, ctx) => {
      const { loadPhoto } = await import('../../tryon/service');
      const { readPhoto } = await import('../../tryon/photo');
      const { detectPeople } = await import('../../tryon/detect');
      const src = photoSource(ctx, input.photo);
      let photo;
      if ('path' in src) photo = await readPhoto(src.path, ctx.lang, src.name);
      else if (ctx.engine.hasStore) photo = (await loadPhoto(ctx.engine.store.db, src, ctx.lang)).photo;
      else throw new EngineError('user_error', tr(tryonMessages, ctx.lang, 'photo_missing', { path: `#${src.photoId}` }));
      return round1(await detectPeople(photo));
    },
  }),
  'tryon.products': defineOp({
    summary: 'Products a try-on can fit (type from category, type attribute or title, or set by hand), with an image; q searches SKU and both titles; total counts every match',
    input: z.object({ q: z.string().max(200).optional(), limit: z.number().int().min(1).max(2000).default(500) }),
    run: (input, { engine }) => {
      const db = engine.store.db;
      const rows = db.prepare(`SELECT p.id, p.sku, p.title_en, p.title_zh, p.category, p.attributes, t.type AS manual_type,
          (SELECT min(i.id) FROM images i WHERE i.product_id = p.id) AS image_id
        FROM products p LEFT JOIN tryon_products t ON t.product_id = p.id
        WHERE p.status = 'active' AND (@all = 1 OR ${holds('p.sku', 'q')} OR ${holds('p.title_en', 'q')} OR ${holds('p.title_zh', 'q')}) ORDER BY p.sku`)
        .all({ ...searchParams('q', input.q?.trim() ?? ''), all: input.q?.trim() ? 0 : 1 }) as { id: number; sku: string; title_en: string | null; title_zh: string | null; category: string | null; attributes: string; manual_type: string | null; image_id: number | null }[];
      const out = [];
      // Every match is typed and counted (a regex on a title each), so the picker can say how many it does not show.
      let total = 0;
      for (const r of rows) {
        if (r.image_id === null) continue;
        let type: string | null = r.manual_type;
        if (!type) {
          let attr: unknown = {};
          try {
            attr = JSON.parse(r.attributes);
          } catch {
            attr = {};
          }
          const t = (attr as { type?: unknown }).type;
          type = tryonTypeOf({ category: r.category, type: typeof t === 'string' ? t : null, titleEn: r.title_en, titleZh: r.title_zh });
        }
        if (!type) continue;
        total++;
        if (out.length < input.limit) out.push({ sku: r.sku, titleEn: r.title_en, titleZh: r.title_zh, category: r.category, type, imageId: r.image_id });
      }
      return { products: out, total, types: [...TRYON_TYPES] };
    },
  }),
  'tryon.product': defineOp({
    summary: "A product prepared for try-on: type, cut-out (transparent PNG kept, else background removed), anchors",
    input: z.object({ sku: z.string().min(1).max(200) }),
    run: async (input, { engine, lang }) => {
      const { prepareProduct } = await import('../../tryon/product');
      const p = await prepareProduct(engine.store.db, input.sku, lang, now);
      const sharp = (await import('sharp')).default;
      const png = await sharp(Buffer.from(p.cutout.data), { raw: { width: p.cutout.width, height: p.cutout.height, channels: 4 } }).png().toBuffer();
      return {
        sku: p.sku, type: p.type, typeSource: p.typeSource, anchors: round1(p.anchors), anchorsSource: p.anchorsSource, anchorNames: [...ANCHOR_NAMES[p.type]],
        cutout: { width: p.cutout.width, height: p.cutout.height, method: p.cutoutMethod, dataUrl: `data:image/png;base64,${png.toString('base64')}` },
        widthMm: p.widthMm, images: productImages(engine.store.db, p.productId).length,
      };
    },
  }),
  'tryon.product.update': defineOp({
    summary: "Set a product's try-on type, anchors (cut-out pixels) or real width in mm by hand",
    input: z.object({ sku: z.string().min(1).max(200), type: z.enum(TRYON_TYPES).optional(), anchors: AnchorsInput.optional(), widthMm: z.number().positive().max(2000).nullable().optional() }),
    run: async (input, { engine, lang }) => {
      const { updateProduct } = await import('../../tryon/product');
      const p = await updateProduct(engine.store.db, input.sku, { type: input.type, anchors: input.anchors, widthMm: input.widthMm }, lang, now);
      return { sku: p.sku, type: p.type, typeSource: p.typeSource, anchors: round1(p.anchors), anchorsSource: p.anchorsSource, widthMm: p.widthMm };
    },
  }),
  'tryon.product.reset': defineOp({
    summary: "Reset a product's try-on anchors to automatic: the anchors set by hand are discarded and the cut-out is made again from its image, with its automatic anchors (a type or width set by hand is kept)",
    input: z.object({ sku: z.string().min(1).max(200) }),
    run: async (input, { engine, lang }) => {
      const { resetAnchors } = await import('../../tryon/product');
      const p = await resetAnchors(engine.store.db, input.sku, lang, now);
      return { sku: p.sku, type: p.type, typeSource: p.typeSource, anchors: round1(p.anchors), anchorsSource: p.anchorsSource, widthMm: p.widthMm, cutout: { width: p.cutout.width, height: p.cutout.height, method: p.cutoutMethod } };
    },
  }),
  'tryon.render': defineOp({
    summary: 'Fit a product to a person in a photo: preview, keypoints used, anchors, transform, ms per stage; optional PNG file and gallery entry',
    input: z.object({
      photo: PhotoInput,
      sku: z.string().min(1).max(200),
      person: z.number().int().min(0).max(100).optional(),
      adjust: AdjustInput.optional(),
      out: z.string().min(1).max(4096).optional(),
      save: z.boolean().default(false),
      preview: z.boolean().default(true),
    }),
    run: async (input, ctx) => {
      const { engine, lang } = ctx;
      const db = engine.store.db;
      const { loadPhoto, previewDataUrl, saveComposite } = await import('../../tryon/service');
      const { prepareProduct } = await import('../../tryon/product');
      const { renderTryOn, encodePng } = await import('../../tryon/render');
      const outPath = input.out ? opPath(ctx, input.out, { base: process.cwd(), use: 'write' }) : null;
      // The file's bytes follow its name: a .jpg gets JPEG, not PNG bytes under a .jpg name.
      const outJpeg = outPath ? /\.jpe?g$/i.test(outPath) : false;
      if (outPath && !outJpeg && !/\.png$/i.test(outPath)) throw new EngineError('user_error', tr(tryonMessages, ctx.lang, 'out_format', { path: input.out ?? '' }));
      const { photo, photoId } = await loadPhoto(db, photoSource(ctx, input.photo), lang);
      const product = await prepareProduct(db, input.sku, lang, now);
      const r = await renderTryOn(photo, product, { person: input.person, adjust: input.adjust }, lang);
      let png: Buffer | null = null;
      const t0 = performance.now();
      if (outPath || input.save) png = await encodePng(r.rgb);
      r.report.ms.compositing += performance.now() - t0;
      r.report.ms.total += performance.now() - t0;
      if (outPath && png) writeFileAtomic(outPath, outJpeg ? await (await import('sharp')).default(png).jpeg({ quality: 92 }).toBuffer() : png);
      const galleryId = input.save && png
        ? saveComposite(db, { productId: product.productId, photoId, photoName: photo.name, personIndex: r.report.person, adjust: r.report.adjust, fit: { transforms: r.report.transforms }, png, width: r.rgb.width, height: r.rgb.height, createdAt: now() })
        : null;
      return {
        ...round1(r.report), out: outPath, galleryId,
        preview: input.preview ? await previewDataUrl(r.rgb) : null,
        original: input.preview ? await previewDataUrl(photo.full) : null,
      };
    },
  }),
  'tryon.photos': defineOp({
    summary: 'Model photos kept in the store (uploaded or bundled), with a small preview each',
    input: z.object({}),
    run: async (_input, { engine }) => {
      const { photoBytes } = await import('../../db/queries/tryon');
      const sharp = (await import('sharp')).default;
      const rows = listPhotos(engine.store.db);
      return {
        photos: await Promise.all(rows.map(async (p) => {
          const b = photoBytes(engine.store.db, p.id);
          const thumb = b ? await sharp(b.bytes).rotate().resize(320, 320, { fit: 'inside' }).jpeg({ quality: 80 }).toBuffer() : null;
          // Photos uploaded before their own names were kept show the name the user gave, not the stored one.
          return { ...p, name: originalUploadName(p.name), thumb: thumb ? `data:image/jpeg;base64,${thumb.toString('base64')}` : null };
        })),
      };
    },
  }),
  'tryon.photos.add': defineOp({
    summary: 'Keep a model photo (a file picked by the user) in the store, under the name the user gave it',
    input: z.object({ path: z.string().min(1).max(4096), name: z.string().min(1).max(255).optional() }),
    run: async (input, ctx) => {
      const { addPhotoFile } = await import('../../tryon/service');
      const path = opPath(ctx, input.path, { base: process.cwd(), use: 'read' });
      return { photoId: await addPhotoFile(ctx.engine.store.db, path, 'upload', null, ctx.lang, now(), input.name) };
    },
  }),
  'tryon.gallery': defineOp({
    summary: 'Saved try-on previews, newest first, with small previews',
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    run: async (input, { engine }) => {
      const sharp = (await import('sharp')).default;
      const rows = listGallery(engine.store.db, input.limit);
      return {
        items: await Promise.all(rows.map(async (g) => {
          const png = galleryPng(engine.store.db, g.id);
          const thumb = png ? await sharp(png.png).resize(240, 240, { fit: 'inside' }).jpeg({ quality: 78 }).toBuffer() : null;
          return { ...g, photo_name: originalUploadName(g.photo_name), thumb: thumb ? `data:image/jpeg;base64,${thumb.toString('base64')}` : null };
        })),
      };
    },
  }),
  'tryon.export': defineOp({
    summary: 'Export gallery previews as PNG or JPEG at a listing size (1000×1000 or 800×800) on white or the original background',
    input: z.object({
      ids: z.array(z.number().int().positive()).min(1).max(500),
      size: z.union([z.literal(1000), z.literal(800)]).default(1000),
      background: z.enum(['white', 'original']).default('original'),
      format: z.enum(['png', 'jpeg']).default('jpeg'),
      dir: z.string().min(1).max(4096).default('tryon-exports'),
    }),
    run: async (input, ctx) => {
      const { exportGallery } = await import('../../tryon/export');
      const dir = opPath(ctx, input.dir, { base: ctx.engine.options.dataDir, use: 'write' });
      return exportGallery(ctx.engine.store.db, { ...input, dir }, ctx.lang);
    },
  }),
  'tryon.batch': defineOp({
    summary: 'One product over many model photos, or many products over one photo, saved to the gallery; a job',
    input: z.object({
      photoIds: z.array(z.number().int().positive()).min(1).max(200),
      skus: z.array(z.string().min(1).max(200)).min(1).max(200),
      person: z.number().int().min(0).max(100).optional(),
    }),
    run: (input, { engine, lang }) => engine.jobs.start('tryon.batch', input, { lang }),
  }),
};
