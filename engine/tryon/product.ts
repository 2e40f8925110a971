/** A product prepared for try-on: its type, cut-out and anchors, computed once and kept in tryon_products. */
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import { productBySku, productImages, saveTryonProduct, tryonProduct, type TryonProductSource } from '../db/queries/tryon';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { ANCHOR_NAMES, autoAnchors, type Anchors } from './anchors';
import { cutOut, usableCutout, type RgbaImage } from './cutout';
import { tryonMessages } from './messages';
import { isTryonType, TRYON_TYPES, tryonTypeOf, type TryonType } from './product-type';

/** Everything fitting needs about a product. */
export interface PreparedProduct {
  productId: number;
  sku: string;
  type: TryonType;
  typeSource: 'auto' | 'manual';
  anchors: Anchors;
  anchorsSource: 'auto' | 'manual';
  cutout: RgbaImage;
  cutoutMethod: 'transparent' | 'flood_fill';
  /** Real width in mm when the store knows it (attributes.width_mm or a manual value). */
  widthMm: number | null;
}

function attrs(p: TryonProductSource): Record<string, unknown> {
  try {
    const a = JSON.parse(p.attributes) as unknown;
    return a && typeof a === 'object' ? (a as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The product by SKU, or a bilingual not-found error. */
export function productOrFail(db: Database.Database, sku: string, lang: Lang): TryonProductSource {
  const p = productBySku(db, sku);
  if (!p) throw new EngineError('not_found', tr(tryonMessages, lang, 'no_sku', { sku }), { sku });
  return p;
}

async function decodeRgba(png: Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** The product's try-on type from its row (manual choice kept), else from category / type attribute / titles. */
export function typeFor(db: Database.Database, p: TryonProductSource): TryonType | null {
  const row = tryonProduct(db, p.id);
  if (row && isTryonType(row.type)) return row.type;
  const a = attrs(p);
  return tryonTypeOf({ category: p.category, type: typeof a.type === 'string' ? a.type : null, titleEn: p.title_en, titleZh: p.title_zh });
}

/** Loads or prepares (cut-out + automatic anchors, then saved) a product for try-on; bad products are bilingual user errors. */
export async function prepareProduct(db: Database.Database, sku: string, lang: Lang, now: () => string): Promise<PreparedProduct> {
  const p = productOrFail(db, sku, lang);
  const row = tryonProduct(db, p.id);
  if (row && isTryonType(row.type)) {
    const cutout = await decodeRgba(row.cutout);
    let anchors = JSON.parse(row.anchors) as Anchors;
    // Automatic earring anchors saved as one piece (both hooks at one point) before pairs whose pieces touch were
    // split (2026-12-02) are found again, and saved when they now make a pair.
    if (row.type === 'earrings' && row.anchors_source === 'auto' && anchors.hook_left && anchors.hook_right && Math.abs(anchors.hook_left.x - anchors.hook_right.x) < 1) {
      const again = autoAnchors(cutout, 'earrings');
      if (again && Math.abs(again.hook_left.x - again.hook_right.x) >= 1) {
        anchors = again;
        saveTryonProduct(db, { ...row, anchors: JSON.stringify(anchors), updated_at: now() });
      }
    }
    // Automatic shoulder anchors saved before they skipped hoods (2026-12-06: a hoodie's sat on its hood, drawing it
    // seven times its width) are found again.
    if (row.type === 'top' && row.anchors_source === 'auto') {
      const again = autoAnchors(cutout, 'top');
      if (again && JSON.stringify(again) !== JSON.stringify(anchors)) {
        anchors = again;
        saveTryonProduct(db, { ...row, anchors: JSON.stringify(anchors), updated_at: now() });
      }
    }
    return {
      productId: p.id, sku, type: row.type, typeSource: row.type_source, anchors, anchorsSource: row.anchors_source,
      cutout, cutoutMethod: row.cutout_method, widthMm: row.width_mm,
    };
  }
  const a = attrs(p);
  const type = tryonTypeOf({ category: p.category, type: typeof a.type === 'string' ? a.type : null, titleEn: p.title_en, titleZh: p.title_zh });
  if (!type) throw new EngineError('user_error', tr(tryonMessages, lang, 'unsupported_category', { sku, category: p.category ?? '—', types: TRYON_TYPES.join(', ') }), { sku, reason: 'unsupported_category' });
  const images = productImages(db, p.id);
  if (!images.length) throw new EngineError('user_error', tr(tryonMessages, lang, 'no_image', { sku }), { sku, reason: 'no_image' });
  let lastError: 'image_corrupt' | 'no_image' = 'no_image';
  for (const im of images) {
    let cut;
    try {
      cut = await cutOut(im.bytes);
    } catch {
      lastError = 'image_corrupt';
      continue;
    }
    if (!usableCutout(cut)) continue;
    const anchors = autoAnchors(cut.image, type);
    if (!anchors) continue;
    const png = await sharp(Buffer.from(cut.image.data), { raw: { width: cut.image.width, height: cut.image.height, channels: 4 } }).png().toBuffer();
    const widthMm = typeof a.width_mm === 'number' && a.width_mm > 0 ? a.width_mm : null;
    saveTryonProduct(db, {
      product_id: p.id, type, type_source: 'auto', anchors: JSON.stringify(anchors), anchors_source: 'auto', image_id: im.id,
      cutout: png, cutout_method: cut.method, width_mm: widthMm, updated_at: now(),
    });
    return { productId: p.id, sku, type, typeSource: 'auto', anchors, anchorsSource: 'auto', cutout: cut.image, cutoutMethod: cut.method, widthMm };
  }
  throw new EngineError('user_error', tr(tryonMessages, lang, lastError, { sku }), { sku, reason: lastError });
}

/** Sets a product's type and/or anchors by hand (anchors recomputed automatically when only the type changes). */
export async function updateProduct(db: Database.Database, sku: string, change: { type?: TryonType; anchors?: Anchors; widthMm?: number | null }, lang: Lang, now: () => string): Promise<PreparedProduct> {
  const prepared = await prepareProduct(db, sku, lang, now).catch(async (e: unknown) => {
    // A product whose category has no try-on can still be given a type by hand.
    if (change.type && e instanceof EngineError && (e.details as { reason?: string } | undefined)?.reason === 'unsupported_category') {
      const p = productOrFail(db, sku, lang);
      const im = productImages(db, p.id)[0];
      if (!im) throw new EngineError('user_error', tr(tryonMessages, lang, 'no_image', { sku }), { sku, reason: 'no_image' });
      const cut = await cutOut(im.bytes);
      return { productId: p.id, sku, type: change.type, typeSource: 'manual' as const, anchors: autoAnchors(cut.image, change.type) ?? {}, anchorsSource: 'auto' as const, cutout: cut.image, cutoutMethod: cut.method, widthMm: null };
    }
    throw e;
  });
  const type = change.type ?? prepared.type;
  let anchors = change.anchors ?? (type !== prepared.type ? autoAnchors(prepared.cutout, type) ?? {} : prepared.anchors);
  const missing = ANCHOR_NAMES[type].filter((n) => !anchors[n]);
  if (missing.length) anchors = { ...(autoAnchors(prepared.cutout, type) ?? {}), ...anchors };
  const png = await sharp(Buffer.from(prepared.cutout.data), { raw: { width: prepared.cutout.width, height: prepared.cutout.height, channels: 4 } }).png().toBuffer();
  const next: PreparedProduct = {
    ...prepared, type, typeSource: change.type ? 'manual' : prepared.typeSource, anchors, anchorsSource: change.anchors ? 'manual' : type !== prepared.type ? 'auto' : prepared.anchorsSource,
    widthMm: change.widthMm === undefined ? prepared.widthMm : change.widthMm,
  };
  saveTryonProduct(db, {
    product_id: next.productId, type: next.type, type_source: next.typeSource, anchors: JSON.stringify(next.anchors), anchors_source: next.anchorsSource,
    image_id: null, cutout: png, cutout_method: next.cutoutMethod, width_mm: next.widthMm, updated_at: now(),
  });
  return next;
}
