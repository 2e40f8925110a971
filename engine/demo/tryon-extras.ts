/**
 * Three wearables the seeded catalogue lacks — a watch, a bracelet and a hat — so every try-on type can be previewed in
 * the demo. They are added after the seeded store is written (no random draws), as new arrivals without sales history,
 * and only to stores of TRYON_EXTRAS_MIN_SKUS or more SKUs (small test stores keep exactly the SKUs they asked for).
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import { drawnSvg, IMAGE_SIZE, type DrawnLook } from './images';

/** Stores with at least this many seeded SKUs get the extras. */
export const TRYON_EXTRAS_MIN_SKUS = 100;

/** One extra product. */
export interface TryonExtra {
  sku: string;
  category: 'jewellery' | 'apparel';
  titleEn: string;
  titleZh: string;
  typeEn: string;
  typeZh: string;
  colour: { en: string; zh: string; hex: string };
  material: { en: string; zh: string };
  brand: string;
  supplier: string;
  cost: number;
  price: number;
  /** Real width (mm) the fit uses instead of body proportions, when known. */
  widthMm: number | null;
  look: Omit<DrawnLook, 'id' | 'hex'>;
}

/** The extras, in SKU order. */
export const TRYON_EXTRAS: readonly TryonExtra[] = [
  {
    sku: 'JW-T001', category: 'jewellery', titleEn: 'Stainless Steel Classic Watch Silver', titleZh: '不锈钢经典手表 银色', typeEn: 'Watch', typeZh: '手表',
    colour: { en: 'Silver', zh: '银色', hex: '#c0c4c9' }, material: { en: 'Stainless Steel', zh: '不锈钢' }, brand: 'Silverline',
    supplier: 'Yiwu Ornament Trading 义乌饰品', cost: 158, price: 399.9, widthMm: 40, look: { pattern: 'solid', shape: 'watch', variant: 0 },
  },
  {
    sku: 'JW-T002', category: 'jewellery', titleEn: 'Sterling Silver Bangle Bracelet Gold', titleZh: '925银手镯 金色', typeEn: 'Bracelet', typeZh: '手镯',
    colour: { en: 'Gold', zh: '金色', hex: '#d4af37' }, material: { en: 'Sterling Silver', zh: '925银' }, brand: 'Yuelan 月澜',
    supplier: 'Yiwu Ornament Trading 义乌饰品', cost: 72, price: 199.9, widthMm: null, look: { pattern: 'solid', shape: 'bracelet', variant: 1 },
  },
  {
    sku: 'AP-T001', category: 'apparel', titleEn: 'Wool Fedora Hat Camel', titleZh: '羊毛礼帽 驼色', typeEn: 'Hat', typeZh: '帽子',
    colour: { en: 'Camel', zh: '驼色', hex: '#b5875a' }, material: { en: 'Wool', zh: '羊毛' }, brand: 'UrbanLeaf',
    supplier: 'Hangzhou Silk & Knit 杭州丝织', cost: 55, price: 159.9, widthMm: null, look: { pattern: 'stripes', shape: 'hat', variant: 0 },
  },
];

/** A rendered extra: its transparent PNG and hash. */
export interface TryonExtraImage {
  extra: TryonExtra;
  png: Buffer;
  sha256: string;
}

/** Renders the extras' images the way the seeded products' are drawn (SVG silhouette, patterned fill, 256×256 PNG). */
export async function renderTryonExtras(): Promise<TryonExtraImage[]> {
  return Promise.all(TRYON_EXTRAS.map(async (extra, i) => {
    // Ids far from the seeded ones vary the shade and pattern the same way a seeded product's id does.
    const png = await sharp(Buffer.from(drawnSvg({ ...extra.look, id: 9001 + i, hex: extra.colour.hex }))).png({ compressionLevel: 6 }).toBuffer();
    return { extra, png, sha256: createHash('sha256').update(png).digest('hex') };
  }));
}

/** Writes the extras (products + images, ids after the seeded ones); returns their product ids. Run in a transaction. */
export function writeTryonExtras(db: Database.Database, images: TryonExtraImage[], createdAt: string): number[] {
  const insP = db.prepare(`INSERT INTO products (sku, title_zh, title_en, category, brand, cost, price, currency, min_price, max_price, supplier,
    lead_time_days, lead_time_sd, moq, case_pack, images, attributes, status, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?, 14, 3, 10, 10, '[]', ?, 'active', ?, ?)`);
  const insI = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/png', ?, ?, ?, 'demo', ?)");
  const setImages = db.prepare('UPDATE products SET images = ? WHERE id = ?');
  return images.map(({ extra: e, png, sha256 }) => {
    const attributes = {
      type: e.typeEn, type_zh: e.typeZh, colour: e.colour.en, colour_zh: e.colour.zh, colour_hex: e.colour.hex,
      material: e.material.en, material_zh: e.material.zh, ...(e.widthMm ? { width_mm: e.widthMm } : {}),
    };
    const id = Number(insP.run(e.sku, e.titleZh, e.titleEn, e.category, e.brand, e.cost, e.price, Math.round(e.cost * 1.15 * 100) / 100,
      Math.round(e.price * 1.4), e.supplier, JSON.stringify(attributes), createdAt, createdAt).lastInsertRowid);
    const imageId = Number(insI.run(id, sha256, IMAGE_SIZE, IMAGE_SIZE, png, createdAt).lastInsertRowid);
    setImages.run(JSON.stringify([imageId]), id);
    return id;
  });
}
