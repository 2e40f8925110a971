/** The image import: match files to products, decode and check every one, then write all of them (or, with skipInvalid, the good ones) in one transaction. */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type Database from 'better-sqlite3';
import { EngineError } from '../../errors';
import { tr, type Lang } from '../../i18n';
import { looksLikeImage } from '../../io/image-file';
import { CsvStreamWriter } from '../../io/writer';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, makeThumbnail, probeImage } from '../decode';
import { visionMessages } from '../messages';
import { phash } from '../phash';
import { IMAGE_EXTENSIONS, mappingFromCsv, skuFromFileName } from './match';
import { folderFiles, zipFiles, type SourceFile } from './sources';

/** What the image import takes. */
export interface ImageImportParams {
  path: string;
  skipInvalid?: boolean;
  rejectsPath?: string;
}

/** A file that was not imported, with the reason in the user's language. */
export interface ImageReject {
  file: string;
  reason: string;
}

/** What the image import did. */
export interface ImageImportResult {
  kind: 'images';
  path: string;
  files: number;
  inserted: number;
  unchanged: number;
  rejected: number;
  rejects: ImageReject[];
  rejectsFile: string | null;
  matchedBy: { fileName: number; mapping: number };
  /**
   * Files whose photo another product already has (the same bytes): a photo belongs to one product, so this file's
   * product did not get it. Counted apart from `unchanged` (a photo the same product already had).
   */
  shared: { file: string; sku: string; ownerSku: string }[];
}

/** Hooks for progress and cancellation. */
export interface ImageImportHooks {
  lang: Lang;
  progress(done: number, total: number, phase: string): void;
  checkCancelled(): void;
}

interface Good {
  file: string;
  productId: number;
  sha: string;
  mime: string;
  width: number;
  height: number;
  bytes: Buffer;
  thumb: Buffer;
  phash: string;
}

const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', tiff: 'image/tiff', avif: 'image/avif', heif: 'image/heif' };

async function checkOne(f: SourceFile, lang: Lang): Promise<{ ok: true; buf: Buffer; mime: string; width: number; height: number; thumb: Buffer; phash: string } | { ok: false; reason: string }> {
  const t = (k: string, p: Record<string, unknown> = {}): string => tr(visionMessages, lang, k, p);
  if (f.size === 0) return { ok: false, reason: t('empty') };
  const buf = await f.read();
  if (buf === null) return { ok: false, reason: t('too_large', { max: MAX_IMAGE_BYTES / 1024 / 1024 }) };
  if (buf.length === 0) return { ok: false, reason: t('empty') };
  let meta: { width: number; height: number; format: string };
  try {
    meta = await probeImage(buf);
  } catch (e) {
    const msg = (e as Error).message;
    if (/pixel limit/i.test(msg)) return { ok: false, reason: t('too_many_pixels', { max: MAX_IMAGE_PIXELS / 1e6 }) };
    // A file that starts like an image but cannot be read is a broken image, not some other kind of file.
    if (looksLikeImage(buf)) return { ok: false, reason: t('corrupt', { reason: msg.split('\n')[0].replace(/^Input buffer /, '').slice(0, 120) }) };
    return { ok: false, reason: t('not_image') };
  }
  const mime = MIME[meta.format];
  if (!mime) return { ok: false, reason: t('not_image') };
  try {
    // Decoding the whole image (for the thumbnail) is what finds truncated and corrupt data.
    const thumb = await makeThumbnail(buf);
    return { ok: true, buf, mime, width: meta.width, height: meta.height, thumb, phash: await phash(buf) };
  } catch (e) {
    return { ok: false, reason: t('corrupt', { reason: (e as Error).message.split('\n')[0].replace(/^Input buffer /, '').slice(0, 120) }) };
  }
}

/** Runs one image import on `db`. Throws a user_error naming the first bad file when any file is bad and skipInvalid is off. */
export async function runImageImport(db: Database.Database, params: ImageImportParams, hooks: ImageImportHooks): Promise<ImageImportResult> {
  const { lang } = hooks;
  const t = (k: string, p: Record<string, unknown> = {}): string => tr(visionMessages, lang, k, p);
  const path = params.path;
  if (!existsSync(path)) throw new EngineError('user_error', t('not_found', { path }), { path });
  const isDir = statSync(path).isDirectory();
  let zip: { files: SourceFile[]; close(): void } | null = null;
  if (!isDir) {
    try {
      zip = await zipFiles(path);
    } catch (e) {
      throw new EngineError('user_error', t('bad_zip', { path: basename(path), reason: (e as Error).message }), { path });
    }
  }
  try {
    const all = isDir ? folderFiles(path) : (zip?.files ?? []);
    if (!all.length) throw new EngineError('user_error', t('no_files', { path: basename(path) }), { path });
    const skus = db.prepare('SELECT id, sku FROM products').all() as { id: number; sku: string }[];
    const skuByLower = new Map(skus.map((s) => [s.sku.toLowerCase(), s.sku]));
    const idBySku = new Map(skus.map((s) => [s.sku, s.id]));
    const idBySkuLower = new Map(skus.map((s) => [s.sku.toLowerCase(), s.id]));
    // Any CSV with a SKU column and an image column maps files to products (sku,file; Shopify; WooCommerce).
    const mapping = new Map<string, string>();
    for (const f of all.filter((x) => extname(x.name).toLowerCase() === '.csv')) {
      const buf = await f.read();
      const m = buf ? mappingFromCsv(buf.toString('utf8')) : null;
      if (m) for (const [k, v] of m) if (!mapping.has(k)) mapping.set(k, v);
    }
    const files = all.filter((x) => extname(x.name).toLowerCase() !== '.csv');
    const rejects: ImageReject[] = [];
    const good: Good[] = [];
    const matchedBy = { fileName: 0, mapping: 0 };
    for (let i = 0; i < files.length; i++) {
      hooks.checkCancelled();
      hooks.progress(i, files.length, 'reading');
      const f = files[i];
      const mapped = mapping.get(basename(f.name).toLowerCase());
      let productId: number | undefined;
      if (mapped !== undefined) {
        productId = idBySku.get(mapped) ?? idBySkuLower.get(mapped.toLowerCase());
        if (productId === undefined) { rejects.push({ file: f.name, reason: t('unknown_sku', { sku: mapped }) }); continue; }
        matchedBy.mapping++;
      } else {
        const sku = skuFromFileName(f.name, skuByLower);
        if (sku === null) {
          rejects.push({ file: f.name, reason: IMAGE_EXTENSIONS.has(extname(f.name).toLowerCase()) || f.size === 0 ? t('unmatched') : t('not_image') });
          continue;
        }
        productId = idBySku.get(sku);
        matchedBy.fileName++;
      }
      const r = await checkOne(f, lang);
      if (!r.ok) { rejects.push({ file: f.name, reason: r.reason }); continue; }
      const sha = createHash('sha256').update(r.buf).digest('hex');
      good.push({ file: f.name, productId: productId as number, sha, mime: r.mime, width: r.width, height: r.height, bytes: r.buf, thumb: r.thumb, phash: r.phash });
    }
    if (rejects.length && !params.skipInvalid) {
      throw new EngineError('user_error', t('invalid', { file: rejects[0].file, reason: rejects[0].reason, count: rejects.length }), { rejects: rejects.slice(0, 1000) });
    }
    hooks.checkCancelled();
    hooks.progress(files.length, files.length, 'writing');
    const now = new Date().toISOString();
    let inserted = 0;
    const shared: ImageImportResult['shared'] = [];
    const ownerOf = db.prepare('SELECT i.product_id AS id, p.sku FROM images i LEFT JOIN products p ON p.id = i.product_id WHERE i.sha256 = ?');
    const skuOf = db.prepare('SELECT sku FROM products WHERE id = ?').pluck();
    const insImg = db.prepare('INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING');
    const insThumb = db.prepare("INSERT OR REPLACE INTO image_thumbs (image_id, mime, bytes, phash) VALUES (?, 'image/jpeg', ?, ?)");
    db.transaction(() => {
      for (const g of good) {
        const info = insImg.run(g.productId, g.sha, g.mime, g.width, g.height, g.bytes, g.file, now);
        if (info.changes) {
          inserted++;
          insThumb.run(info.lastInsertRowid, g.thumb, g.phash);
        } else {
          const owner = ownerOf.get(g.sha) as { id: number | null; sku: string | null } | undefined;
          if (owner && owner.id !== g.productId) shared.push({ file: g.file, sku: skuOf.get(g.productId) as string, ownerSku: owner.sku ?? '' });
        }
      }
    })();
    let rejectsFile: string | null = null;
    if (rejects.length && params.rejectsPath) {
      const w = new CsvStreamWriter(params.rejectsPath);
      w.row(['file', 'reason']);
      for (const r of rejects) w.row([r.file, r.reason]);
      w.close();
      rejectsFile = params.rejectsPath;
    }
    return { kind: 'images', path, files: files.length, inserted, unchanged: good.length - inserted - shared.length, rejected: rejects.length, rejects: rejects.slice(0, 1000), rejectsFile, matchedBy, shared };
  } finally {
    zip?.close();
  }
}
