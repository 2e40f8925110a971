/** Matches image files to products: a mapping CSV (sku,file), a Shopify/WooCommerce product CSV naming local files, else the file name. */
import { basename, extname } from 'node:path';
import { CsvParser, sniffDelimiter } from '../../import/csv';

/** Image file extensions the import tries to decode (anything else is reported as not an image). */
export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.avif', '.heic', '.heif', '.tif', '.tiff', '.gif']);

const SKU_HEADERS = ['sku', 'variant sku', 'product sku', '货号', 'sku编码'];
const FILE_HEADERS = ['file', 'filename', 'image', 'images', 'image src', 'image file', 'variant image', '图片', '文件'];

function norm(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().toLowerCase();
}

/** File name (lower case, no folders) -> SKU, from a CSV whose header has a SKU and an image column; null if it has none. */
export function mappingFromCsv(text: string): Map<string, string> | null {
  const rows: string[][] = [];
  const body = text.replace(/^\uFEFF/, '');
  const parser = new CsvParser(sniffDelimiter(body.slice(0, 8192)), (f) => { rows.push(f); });
  parser.push(body);
  parser.end();
  if (rows.length < 1) return null;
  const header = rows[0].map(norm);
  const skuCol = header.findIndex((h) => SKU_HEADERS.includes(h));
  const fileCols = header.map((h, i) => (FILE_HEADERS.includes(h) ? i : -1)).filter((i) => i >= 0);
  if (skuCol < 0 || !fileCols.length) return null;
  const map = new Map<string, string>();
  // Shopify repeats a product over rows (one per image) with the SKU only on the first; the Handle carries it down.
  const handleCol = header.indexOf('handle');
  let lastSku = '';
  let lastHandle = '';
  for (const row of rows.slice(1)) {
    const handle = handleCol >= 0 ? (row[handleCol] ?? '').trim() : '';
    let sku = (row[skuCol] ?? '').trim();
    if (!sku && handle && handle === lastHandle) sku = lastSku;
    if (sku) { lastSku = sku; lastHandle = handle; }
    if (!sku) continue;
    for (const c of fileCols) {
      // WooCommerce lists several images in one cell, comma-separated; URLs and paths keep only their file name.
      for (const ref of (row[c] ?? '').split(',')) {
        const name = basename(ref.trim().split('?')[0]).toLowerCase();
        if (name && !map.has(name)) map.set(name, sku);
      }
    }
  }
  return map;
}

/**
 * The SKU a file name points at: `SKU.jpg`, `SKU_2.png`, `SKU-front.webp` (case-insensitive). Suffixes after the
 * last `_` or `-` are dropped one at a time until a known SKU is found, so SKUs that contain dashes still match.
 */
export function skuFromFileName(name: string, skuByLower: ReadonlyMap<string, string>): string | null {
  let stem = basename(name, extname(name)).trim().toLowerCase();
  for (;;) {
    const hit = skuByLower.get(stem);
    if (hit) return hit;
    const cut = Math.max(stem.lastIndexOf('_'), stem.lastIndexOf('-'), stem.lastIndexOf(' '));
    if (cut <= 0) return null;
    stem = stem.slice(0, cut);
  }
}
