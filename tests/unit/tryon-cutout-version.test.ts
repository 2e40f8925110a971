import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, openStore } from '../../engine/db/store';
import { Engine } from '../../engine/engine';
import { autoAnchors } from '../../engine/tryon/anchors';
import { CUTOUT_LONG_SIDE, CUTOUT_VERSION, type RgbaImage } from '../../engine/tryon/cutout';
import { previousFloodFill } from '../bench/cutout-previous';
import { cutoutCase, scoreAlpha, type CutoutCase } from './cutout-fixtures';
import { tempDir } from './helpers';
import { PEOPLE_DIR } from './tryon-fixtures';

// A store made before schema v17 holds cut-outs made by the flood fill used until 2026-12-06 (written below as that
// version wrote them: no cutout_version column). Opened by this version, a preview makes them again with the current
// method, except where the merchant set the anchors by hand.
const t = tempDir();
const path = join(t.dir, 'old.db');
const saved = '2026-12-01T10:00:00.000Z';
let engine: Engine;
let hat: CutoutCase;
let hat2: CutoutCase;
type Row = { cutout: Buffer; cutout_version: number; cutout_method: string; anchors: string; anchors_source: string; image_id: number | null; updated_at: string };

async function oldCutout(bytes: Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(bytes).rotate().resize(CUTOUT_LONG_SIDE, CUTOUT_LONG_SIDE, { fit: 'inside', withoutEnlargement: true }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return previousFloodFill({ width: info.width, height: info.height, data: new Uint8Array(data) });
}

async function alphaIou(c: CutoutCase, png: Buffer): Promise<number> {
  const { data } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return scoreAlpha(c.alpha, new Uint8Array(data)).iou;
}

function row(sku: string): Row {
  return engine.store.db.prepare('SELECT t.* FROM tryon_products t JOIN products p ON p.id = t.product_id WHERE p.sku = ?').get(sku) as Row;
}

beforeAll(async () => {
  hat = await cutoutCase('hat', 'linear_gradient', 505);
  hat2 = await cutoutCase('hat', 'linear_gradient', 503);
  const old = openStore(path, { migrations: loadMigrations().filter((m) => m.version < 17) });
  const db = old.db;
  const product = db.prepare(`INSERT INTO products (id, sku, title_en, title_zh, category, attributes, images, created_at, updated_at) VALUES (?, ?, 'Fedora', '礼帽', 'accessories', '{"type":"Hat"}', ?, ?, ?)`);
  const image = db.prepare('INSERT INTO images (id, product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const prepared = db.prepare(`INSERT INTO tryon_products (product_id, type, type_source, anchors, anchors_source, image_id, cutout, cutout_method, width_mm, updated_at)
    VALUES (?, 'hat', 'auto', ?, ?, ?, ?, ?, NULL, ?)`);
  for (const [id, sku, c, anchorsSource] of [[1, 'AP-9', hat, 'auto'], [2, 'AP-10', hat2, 'manual']] as const) {
    product.run(id, sku, `[${id}]`, saved, saved);
    image.run(id, id, createHash('sha256').update(c.bytes).digest('hex'), 'image/jpeg', c.width, c.height, c.bytes, 'test', saved);
    const cut = await oldCutout(c.bytes);
    const png = await sharp(Buffer.from(cut.data), { raw: { width: cut.width, height: cut.height, channels: 4 } }).png().toBuffer();
    prepared.run(id, JSON.stringify(autoAnchors(cut, 'hat')), anchorsSource, id, png, 'flood_fill', saved);
  }
  // A transparent PNG: every method keeps its own alpha.
  const rgb = await sharp(hat.bytes).removeAlpha().raw().toBuffer();
  const rgba = Buffer.alloc(hat.width * hat.height * 4);
  for (let i = 0; i < hat.width * hat.height; i++) {
    rgb.copy(rgba, i * 4, i * 3, i * 3 + 3);
    rgba[i * 4 + 3] = hat.alpha[i];
  }
  const own = await sharp(rgba, { raw: { width: hat.width, height: hat.height, channels: 4 } }).png().toBuffer();
  product.run(3, 'AP-11', '[3]', saved, saved);
  image.run(3, 3, 'own', 'image/png', hat.width, hat.height, own, 'test', saved);
  prepared.run(3, '{}', 'auto', 3, own, 'transparent', saved);
  old.close();
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(path);
}, 120_000);

afterAll(async () => {
  await engine.close();
  t.cleanup();
});

describe('try-on cut-outs saved by an older method', () => {
  it('schema v17 marks the cut-outs of v16 as made by the old method (a transparent PNG as current), after backing the file up', () => {
    expect(engine.store.schemaVersion).toBe(17);
    expect(row('AP-9').cutout_version).toBe(1);
    expect(row('AP-10').cutout_version).toBe(1);
    expect(row('AP-11').cutout_version).toBe(CUTOUT_VERSION);
    const bak = readdirSync(t.dir).filter((f) => f.startsWith('old.db.bak-v16-'));
    expect(bak).toHaveLength(1);
    const copy = new Database(join(t.dir, bak[0]), { readonly: true });
    expect(copy.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(16);
    expect(copy.prepare("SELECT count(*) FROM pragma_table_info('tryon_products') WHERE name = 'cutout_version'").pluck().get()).toBe(0);
    copy.close();
  });

  it('a preview makes the old cut-out again without the grey end of the sweep and keeps the new one; a current cut-out is not made again', async () => {
    const before = row('AP-9');
    // The old flood fill kept much of the studio sweep's grey end as part of the hat (IoU 0.52).
    expect(await alphaIou(hat, before.cutout)).toBeLessThan(0.6);
    const r = await engine.invoke('tryon.render', { photo: { path: join(PEOPLE_DIR, 'portrait.jpg') }, sku: 'AP-9', preview: false });
    expect(r.type).toBe('hat');
    const after = row('AP-9');
    expect(after.cutout_version).toBe(CUTOUT_VERSION);
    expect(after.updated_at).not.toBe(saved);
    expect(after.image_id).toBe(1);
    expect(await alphaIou(hat, after.cutout)).toBeGreaterThan(0.95);
    // The preview used the anchors of the new cut-out.
    const near = (a: object): string => JSON.stringify(a, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v) : v));
    expect(near(r.anchors)).toBe(near(JSON.parse(after.anchors) as object));
    const p = await engine.invoke('tryon.product', { sku: 'AP-9' });
    expect(await alphaIou(hat, Buffer.from(p.cutout.dataUrl.split(',')[1], 'base64'))).toBeGreaterThan(0.95);
    // Current now: the row is read as it is, not made again.
    expect(row('AP-9')).toEqual(after);
    await engine.invoke('tryon.product', { sku: 'AP-11' });
    expect(row('AP-11').updated_at).toBe(saved);
  }, 120_000);

  it('a cut-out whose anchors the merchant set by hand is left as it is', async () => {
    const before = row('AP-10');
    const p = await engine.invoke('tryon.product', { sku: 'AP-10' });
    expect(p.anchorsSource).toBe('manual');
    expect(row('AP-10')).toEqual(before);
  });

  it('Reset to automatic discards the anchors set by hand and makes the old cut-out again with its automatic anchors', async () => {
    const before = row('AP-10');
    expect(before.anchors_source).toBe('manual');
    const r = await engine.invoke('tryon.product.reset', { sku: 'AP-10' });
    expect(r.anchorsSource).toBe('auto');
    expect(r.type).toBe('hat');
    const after = row('AP-10');
    expect(after.anchors_source).toBe('auto');
    expect(after.cutout_version).toBe(CUTOUT_VERSION);
    expect(after.image_id).toBe(2);
    // The cut-out is the current method's (the old flood fill's was well below), and the anchors are found on it.
    expect(await alphaIou(hat2, before.cutout)).toBeLessThan(0.9);
    expect(await alphaIou(hat2, after.cutout)).toBeGreaterThan(0.95);
    const { data, info } = await sharp(after.cutout).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(JSON.parse(after.anchors)).toEqual(autoAnchors({ width: info.width, height: info.height, data: new Uint8Array(data) }, 'hat'));
    // Automatic from now on: the next preparation reads it as it is.
    const p = await engine.invoke('tryon.product', { sku: 'AP-10' });
    expect(p.anchorsSource).toBe('auto');
    expect(row('AP-10')).toEqual(after);
  }, 120_000);

  it('a width set by hand keeps the image the cut-out was made from and its version', async () => {
    const before = row('AP-9');
    await engine.invoke('tryon.product.update', { sku: 'AP-9', widthMm: 300 });
    const after = row('AP-9');
    expect(after.image_id).toBe(1);
    expect(after.cutout_version).toBe(CUTOUT_VERSION);
    expect(after.cutout.equals(before.cutout)).toBe(true);
  });
});
