// A photo search says when nothing in the catalogue is close: fruit searched in a fashion store found twelve products
// about as alike as a real product photo's best match, with no note. Through the real CLI on a demo store (12 products,
// 36 photos, the default backbone): a banana has no close match, a new photo of one of the store's products has.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeness, DEFAULT_LEVEL, MIN_PRODUCTS_FOR_GAP, sameProductLevel, STANDS_OUT } from '../../engine/vision/close-match';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
const BANANA = join(import.meta.dirname, 'fixtures', 'vision', 'banana-iconic.jpg');
let dir: string;
let store: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'desk-close-match-'));
  store = join(dir, 'shop.db');
  await run(process.execPath, [desk, 'demo', '--out', store, '--skus', '12', '--days', '30', '--end', '2026-12-01']);
  await run(process.execPath, [desk, 'images', 'index', '--store', store]);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Search = { ok: boolean; closeMatch: boolean | null; closeness: { close: boolean; best: number; standsOut: number; level: number } | null; matches: { sku: string; score: number }[] };
const search = async (args: string[]): Promise<{ stdout: string }> => run(process.execPath, [desk, 'images', 'search', '--store', store, ...args]);

describe('no close match in the catalogue', () => {
  it('a banana in a fashion store: the nearest products come with "No close match in your catalogue" (en, 中文, --json)', async () => {
    const json = JSON.parse((await search(['--image', BANANA, '--k', '12', '--json'])).stdout) as Search;
    expect(json.matches).toHaveLength(12);
    expect(json.closeMatch).toBe(false);
    expect(json.closeness?.close).toBe(false);
    expect(json.closeness?.best).toBe(json.matches[0].score);
    const en = (await search(['--image', BANANA, '--k', '3', '--lang', 'en'])).stdout.split('\n');
    // Said just above the first match (after the crop line and the objects detected).
    const at = en.indexOf('No close match in your catalogue — these are the nearest');
    expect(at).toBeGreaterThan(0);
    expect(en[at + 1]).toMatch(/^ {2}1\. 0\.\d{3} {2}\S+/);
    const zh = (await search(['--image', BANANA, '--k', '3', '--lang', 'zh'])).stdout.split('\n');
    expect(zh[zh.indexOf('目录中没有相近的商品——以下是最接近的') + 1]).toMatch(/^ {2}1\. /);
  }, 180_000);

  it('a new photo of one of the store\'s products (cropped, mirrored, re-encoded) is a close match, with no note', async () => {
    const db = new Database(store, { readonly: true });
    const row = db.prepare("SELECT p.sku, i.bytes FROM images i JOIN products p ON p.id = i.product_id WHERE i.mime = 'image/jpeg' ORDER BY i.id LIMIT 1 OFFSET 4").get() as { sku: string; bytes: Buffer };
    db.close();
    const meta = await sharp(row.bytes).metadata();
    const w = meta.width ?? 0, h = meta.height ?? 0;
    const photo = join(dir, 'customer-photo.jpg');
    writeFileSync(photo, await sharp(row.bytes).extract({ left: Math.round(w * 0.05), top: Math.round(h * 0.05), width: Math.round(w * 0.9), height: Math.round(h * 0.9) }).flop().jpeg({ quality: 70 }).toBuffer());
    const json = JSON.parse((await search(['--image', photo, '--k', '12', '--json'])).stdout) as Search;
    expect(json.closeMatch).toBe(true);
    expect(json.matches.slice(0, 3).map((m) => m.sku)).toContain(row.sku);
    const en = (await search(['--image', photo, '--k', '3', '--lang', 'en'])).stdout;
    expect(en).not.toContain('No close match');
    // A search by product is of a product the store sells: nothing to say.
    expect((JSON.parse((await search(['--product', row.sku, '--json'])).stdout) as Search).closeMatch).toBeNull();
  }, 180_000);

  it('the rule: as alike as two photos of one product usually are, or standing out from the next ten', () => {
    const level = 0.75;
    const many = 300;
    const flat = [0.6, ...Array.from({ length: 11 }, (_, i) => 0.58 - i * 0.002)];
    expect(closeness(flat, level, many)?.close).toBe(false);
    const standing = [0.6, ...Array.from({ length: 11 }, (_, i) => 0.6 - STANDS_OUT - 0.01 - i * 0.001)];
    expect(closeness(standing, level, many)?.close).toBe(true);
    // In a small catalogue the next ten are most of it: standing out says nothing there, the level decides.
    expect(closeness(standing, level, MIN_PRODUCTS_FOR_GAP - 1)?.close).toBe(false);
    // Variants sharing one picture: nothing stands out, but the best is as alike as the store's own photos of a product.
    expect(closeness([0.95, 0.95, 0.95, 0.94, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], level, many)?.close).toBe(true);
    expect(closeness([], level, many)).toBeNull();
    // One product only: decided by the level alone.
    expect(closeness([0.7], level, 1)?.close).toBe(false);
    // The store's level: the median closest sibling photo; the default with too few products of several photos.
    const unit = (a: number): Float32Array => new Float32Array([Math.cos(a), Math.sin(a)]);
    const ids: number[] = [], vecs: Float32Array[] = [];
    for (let p = 0; p < 15; p++) {
      for (const d of [0, 0.5]) {
        ids.push(p);
        vecs.push(unit(p * 0.1 + d));
      }
    }
    expect(sameProductLevel(ids, vecs)).toBeCloseTo(Math.cos(0.5), 6);
    expect(sameProductLevel(ids.slice(0, 10), vecs.slice(0, 10))).toBe(DEFAULT_LEVEL);
  });
});
