/** Queries of the try-on tables: prepared products, model photos, the gallery. */
import type Database from 'better-sqlite3';

/** A product as try-on needs it. */
export interface TryonProductSource {
  id: number;
  sku: string;
  category: string | null;
  title_en: string | null;
  title_zh: string | null;
  attributes: string;
  images: string;
}

/** The prepared row of a product. */
export interface TryonProductRow {
  product_id: number;
  type: string;
  type_source: 'auto' | 'manual';
  anchors: string;
  anchors_source: 'auto' | 'manual';
  image_id: number | null;
  cutout: Buffer;
  cutout_method: 'transparent' | 'flood_fill';
  /** The cut-out method's version (CUTOUT_VERSION in engine/tryon/cutout.ts; 1 on rows saved before schema v17). */
  cutout_version: number;
  width_mm: number | null;
  updated_at: string;
}

/** A product by SKU. */
export function productBySku(db: Database.Database, sku: string): TryonProductSource | undefined {
  return db.prepare('SELECT id, sku, category, title_en, title_zh, attributes, images FROM products WHERE sku = ?').get(sku) as TryonProductSource | undefined;
}

/** The product's images, stored ones first (by id). */
export function productImages(db: Database.Database, productId: number): { id: number; bytes: Buffer }[] {
  return db.prepare('SELECT id, bytes FROM images WHERE product_id = ? ORDER BY id').all(productId) as { id: number; bytes: Buffer }[];
}

/** The prepared try-on row of a product. */
export function tryonProduct(db: Database.Database, productId: number): TryonProductRow | undefined {
  return db.prepare('SELECT * FROM tryon_products WHERE product_id = ?').get(productId) as TryonProductRow | undefined;
}

/** Writes (or replaces) a product's try-on row. */
export function saveTryonProduct(db: Database.Database, r: TryonProductRow): void {
  db.prepare(`INSERT INTO tryon_products (product_id, type, type_source, anchors, anchors_source, image_id, cutout, cutout_method, cutout_version, width_mm, updated_at)
    VALUES (@product_id, @type, @type_source, @anchors, @anchors_source, @image_id, @cutout, @cutout_method, @cutout_version, @width_mm, @updated_at)
    ON CONFLICT (product_id) DO UPDATE SET type = excluded.type, type_source = excluded.type_source, anchors = excluded.anchors,
      anchors_source = excluded.anchors_source, image_id = excluded.image_id, cutout = excluded.cutout, cutout_method = excluded.cutout_method,
      cutout_version = excluded.cutout_version, width_mm = excluded.width_mm, updated_at = excluded.updated_at`).run(r);
}

/** A cut-out made again (with its automatic anchors), written in one statement only if the row is still the one it was
 * made from (same version and time, anchors still automatic): a hand adjustment saved meanwhile is never overwritten.
 * True when written. */
export function replaceCutout(db: Database.Database, old: Pick<TryonProductRow, 'product_id' | 'cutout_version' | 'updated_at'>,
  next: Pick<TryonProductRow, 'cutout' | 'cutout_method' | 'cutout_version' | 'anchors' | 'image_id' | 'updated_at'>): boolean {
  return db.prepare(`UPDATE tryon_products SET cutout = @cutout, cutout_method = @cutout_method, cutout_version = @cutout_version, anchors = @anchors,
      image_id = @image_id, updated_at = @updated_at
    WHERE product_id = @product_id AND cutout_version = @old_version AND updated_at = @old_updated_at AND anchors_source = 'auto'`)
    .run({ ...next, product_id: old.product_id, old_version: old.cutout_version, old_updated_at: old.updated_at }).changes === 1;
}

/** A gallery entry without its image. */
export interface GalleryRow {
  id: number;
  product_id: number;
  sku: string;
  /** The product's titles, so a caption can name it in the reader's language. */
  title_en: string | null;
  title_zh: string | null;
  photo_id: number | null;
  photo_name: string;
  person_index: number;
  width: number;
  height: number;
  created_at: string;
}

/** Adds a composite to the gallery; returns its id. */
export function addToGallery(db: Database.Database, g: { productId: number; photoId: number | null; photoName: string; personIndex: number; adjust: unknown; fit: unknown; png: Buffer; width: number; height: number; createdAt: string }): number {
  const r = db.prepare(`INSERT INTO tryon_gallery (product_id, photo_id, photo_name, person_index, adjust, fit, png, width, height, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(g.productId, g.photoId, g.photoName, g.personIndex, JSON.stringify(g.adjust), JSON.stringify(g.fit), g.png, g.width, g.height, g.createdAt);
  return Number(r.lastInsertRowid);
}

/** The gallery, newest first. */
export function listGallery(db: Database.Database, limit = 200): GalleryRow[] {
  return db.prepare(`SELECT g.id, g.product_id, p.sku, p.title_en, p.title_zh, g.photo_id, g.photo_name, g.person_index, g.width, g.height, g.created_at
    FROM tryon_gallery g JOIN products p ON p.id = g.product_id ORDER BY g.id DESC LIMIT ?`).all(limit) as GalleryRow[];
}

/** One gallery image. */
export function galleryPng(db: Database.Database, id: number): { png: Buffer; sku: string } | undefined {
  return db.prepare('SELECT g.png, p.sku FROM tryon_gallery g JOIN products p ON p.id = g.product_id WHERE g.id = ?').get(id) as { png: Buffer; sku: string } | undefined;
}

/** Model photos (without their bytes). */
export function listPhotos(db: Database.Database): { id: number; name: string; width: number; height: number; source: string; licence: string | null }[] {
  return db.prepare('SELECT id, name, width, height, source, licence FROM tryon_photos ORDER BY id').all() as { id: number; name: string; width: number; height: number; source: string; licence: string | null }[];
}

/** One model photo's bytes. */
export function photoBytes(db: Database.Database, id: number): { name: string; bytes: Buffer } | undefined {
  return db.prepare('SELECT name, bytes FROM tryon_photos WHERE id = ?').get(id) as { name: string; bytes: Buffer } | undefined;
}

/** Stores a model photo (same bytes twice keep one row); returns its id. */
export function addPhoto(db: Database.Database, p: { name: string; sha256: string; mime: string; width: number; height: number; bytes: Buffer; source: 'upload' | 'bundled'; licence: string | null; createdAt: string }): number {
  const old = db.prepare('SELECT id FROM tryon_photos WHERE sha256 = ?').get(p.sha256) as { id: number } | undefined;
  if (old) return old.id;
  const r = db.prepare('INSERT INTO tryon_photos (name, sha256, mime, width, height, bytes, source, licence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(p.name, p.sha256, p.mime, p.width, p.height, p.bytes, p.source, p.licence, p.createdAt);
  return Number(r.lastInsertRowid);
}
