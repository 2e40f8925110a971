/** A product prepared for try-on: its type, cut-out and anchors, computed once and kept in tryon_products. */
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import { productBySku, productImages, replaceCutout, saveTryonProduct, tryonProduct, type TryonProductRow, type TryonProductSource } from '../db/queries/tryon';
import { EngineError } from '../errors';
import type { Lang } from '../i18n';
import { ANCHOR_NAMES, autoAnchors, type Anchors } from './anchors';
import { CUTOUT_VERSION, cutOut, usableCutout, type RgbaImage } from './cutout';
import { tryonText } from './messages';
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
  /** The version of the method that made the cut-out (CUTOUT_VERSION when current). */
  cutoutVersion: number;
  /** The product image the cut-out was made from, when known. */
  imageId: number | null;
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
  if (!p) throw new EngineError('not_found', tryonText('no_sku', { sku }), { sku }, lang);
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

async function encodePng(img: RgbaImage): Promise<Buffer> {
  return sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 4 } }).png().toBuffer();
}

/**
 * A cut-out saved by an older method (cutout_version below CUTOUT_VERSION) made again from the product's image, the one
 * it was made from first, with its automatic anchors; the new one replaces the old in one statement, and only if the
 * row did not change meanwhile. Returns the row as saved now, or undefined when no image gives a usable cut-out (the
 * old one is then kept).
 */
async function redoCutout(db: Database.Database, p: TryonProductSource, row: TryonProductRow, type: TryonType, now: () => string): Promise<TryonProductRow | undefined> {
  const found = await firstUsable(productImages(db, p.id), row.image_id, type);
  if ('reason' in found) return undefined;
  const { im, cut, anchors } = found;
  const next = { cutout: await encodePng(cut.image), cutout_method: cut.method, cutout_version: CUTOUT_VERSION, anchors: JSON.stringify(anchors), image_id: im.id, updated_at: now() };
  if (replaceCutout(db, row, next)) return { ...row, ...next };
  // Changed while the cut-out was being made (a hand adjustment, another window's redo): that row stands.
  return tryonProduct(db, p.id);
}

type Usable = { im: ReturnType<typeof productImages>[number]; cut: Awaited<ReturnType<typeof cutOut>>; anchors: Anchors };

/**
 * The first image (`firstId`'s first when given) that cuts out usably and takes automatic anchors for `type`, with its
 * cut-out and anchors; else why none did: 'image_corrupt' when the last one tried could not be read, 'no_image' otherwise.
 */
async function firstUsable(images: ReturnType<typeof productImages>, firstId: number | null, type: TryonType): Promise<Usable | { reason: 'image_corrupt' | 'no_image' }> {
  const ordered = [...images.filter((im) => im.id === firstId), ...images.filter((im) => im.id !== firstId)];
  let reason: 'image_corrupt' | 'no_image' = 'no_image';
  for (const im of ordered) {
    let cut;
    try {
      cut = await cutOut(im.bytes);
    } catch {
      reason = 'image_corrupt';
      continue;
    }
    if (!usableCutout(cut)) continue;
    const anchors = autoAnchors(cut.image, type);
    if (anchors) return { im, cut, anchors };
  }
  return { reason };
}

/** Loads or prepares (cut-out + automatic anchors, then saved) a product for try-on; bad products are bilingual user errors. */
export async function prepareProduct(db: Database.Database, sku: string, lang: Lang, now: () => string): Promise<PreparedProduct> {
  const p = productOrFail(db, sku, lang);
  let row = tryonProduct(db, p.id);
  // A cut-out made by an older method is made again, unless its anchors were set by hand: they were placed by looking
  // at that cut-out, and the merchant's work is never overwritten.
  if (row && isTryonType(row.type) && row.cutout_version < CUTOUT_VERSION && row.anchors_source === 'auto') {
    row = (await redoCutout(db, p, row, row.type, now)) ?? row;
  }
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
      cutout, cutoutMethod: row.cutout_method, cutoutVersion: row.cutout_version, imageId: row.image_id, widthMm: row.width_mm,
    };
  }
  const a = attrs(p);
  const type = tryonTypeOf({ category: p.category, type: typeof a.type === 'string' ? a.type : null, titleEn: p.title_en, titleZh: p.title_zh });
  if (!type) throw new EngineError('user_error', tryonText('unsupported_category', { sku, category: p.category ?? '—', types: TRYON_TYPES.join(', ') }), { sku, reason: 'unsupported_category' }, lang);
  const { im, cut, anchors } = await firstCutout(db, p.id, null, type, sku, lang);
  const png = await encodePng(cut.image);
  const widthMm = typeof a.width_mm === 'number' && a.width_mm > 0 ? a.width_mm : null;
  saveTryonProduct(db, {
    product_id: p.id, type, type_source: 'auto', anchors: JSON.stringify(anchors), anchors_source: 'auto', image_id: im.id,
    cutout: png, cutout_method: cut.method, cutout_version: CUTOUT_VERSION, width_mm: widthMm, updated_at: now(),
  });
  return {
    productId: p.id, sku, type, typeSource: 'auto', anchors, anchorsSource: 'auto', cutout: cut.image, cutoutMethod: cut.method,
    cutoutVersion: CUTOUT_VERSION, imageId: im.id, widthMm,
  };
}

/** The first usable cut-out of a product (see firstUsable); none is the bilingual user error of its reason. */
async function firstCutout(db: Database.Database, productId: number, firstId: number | null, type: TryonType, sku: string, lang: Lang): Promise<Usable> {
  const found = await firstUsable(productImages(db, productId), firstId, type);
  if ('reason' in found) throw new EngineError('user_error', tryonText(found.reason, { sku }), { sku, reason: found.reason }, lang);
  return found;
}

/** Sets a product's type and/or anchors by hand (anchors recomputed automatically when only the type changes). */
export async function updateProduct(db: Database.Database, sku: string, change: { type?: TryonType; anchors?: Anchors; widthMm?: number | null }, lang: Lang, now: () => string): Promise<PreparedProduct> {
  const prepared = await prepareProduct(db, sku, lang, now).catch(async (e: unknown) => {
    // A product whose category has no try-on can still be given a type by hand.
    if (change.type && e instanceof EngineError && (e.details as { reason?: string } | undefined)?.reason === 'unsupported_category') {
      const p = productOrFail(db, sku, lang);
      const im = productImages(db, p.id)[0];
      if (!im) throw new EngineError('user_error', tryonText('no_image', { sku }), { sku, reason: 'no_image' }, lang);
      const cut = await cutOut(im.bytes);
      return {
        productId: p.id, sku, type: change.type, typeSource: 'manual' as const, anchors: autoAnchors(cut.image, change.type) ?? {}, anchorsSource: 'auto' as const,
        cutout: cut.image, cutoutMethod: cut.method, cutoutVersion: CUTOUT_VERSION, imageId: im.id, widthMm: null,
      };
    }
    throw e;
  });
  const type = change.type ?? prepared.type;
  let anchors = change.anchors ?? (type !== prepared.type ? autoAnchors(prepared.cutout, type) ?? {} : prepared.anchors);
  const missing = ANCHOR_NAMES[type].filter((n) => !anchors[n]);
  if (missing.length) anchors = { ...(autoAnchors(prepared.cutout, type) ?? {}), ...anchors };
  const png = await encodePng(prepared.cutout);
  const next: PreparedProduct = {
    ...prepared, type, typeSource: change.type ? 'manual' : prepared.typeSource, anchors, anchorsSource: change.anchors ? 'manual' : type !== prepared.type ? 'auto' : prepared.anchorsSource,
    widthMm: change.widthMm === undefined ? prepared.widthMm : change.widthMm,
  };
  saveTryonProduct(db, {
    product_id: next.productId, type: next.type, type_source: next.typeSource, anchors: JSON.stringify(next.anchors), anchors_source: next.anchorsSource,
    image_id: next.imageId, cutout: png, cutout_method: next.cutoutMethod, cutout_version: next.cutoutVersion, width_mm: next.widthMm, updated_at: now(),
  });
  return next;
}

/**
 * "Reset to automatic": discards anchors set by hand and makes the cut-out again from the product's image with the
 * current method, with its automatic anchors. A type or real width set by hand is kept (they are not anchors). A product
 * never prepared is prepared as usual; no usable image is the same bilingual user error as a first preparation.
 */
export async function resetAnchors(db: Database.Database, sku: string, lang: Lang, now: () => string): Promise<PreparedProduct> {
  const p = productOrFail(db, sku, lang);
  const row = tryonProduct(db, p.id);
  if (!row || !isTryonType(row.type)) return prepareProduct(db, sku, lang, now);
  const type = row.type;
  // The image the cut-out was made from first, then the others, as when it was first prepared.
  const { im, cut, anchors } = await firstCutout(db, p.id, row.image_id, type, sku, lang);
  saveTryonProduct(db, {
    ...row, anchors: JSON.stringify(anchors), anchors_source: 'auto', image_id: im.id,
    cutout: await encodePng(cut.image), cutout_method: cut.method, cutout_version: CUTOUT_VERSION, updated_at: now(),
  });
  return {
    productId: p.id, sku, type, typeSource: row.type_source, anchors, anchorsSource: 'auto', cutout: cut.image, cutoutMethod: cut.method,
    cutoutVersion: CUTOUT_VERSION, imageId: im.id, widthMm: row.width_mm,
  };
}
