import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openStore, type Store } from '../../engine/db/store';
import { runImageImport, type ImageImportResult } from '../../engine/vision/import/run';
import { tempDirsPerTest } from './helpers';

const newDir = tempDirsPerTest();
const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function store(): Database.Database {
  const s = openStore(join(newDir(), 'shop.db'), { create: true });
  stores.push(s);
  const ins = s.db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES (?, ?, 10, 'x', 'x')");
  for (const sku of ['MUG-01', 'TEE-RED', 'Bag7']) ins.run(sku, sku);
  return s.db;
}

async function png(r: number, g: number, b: number, w = 40, h = 30): Promise<Buffer> {
  return sharp({ create: { width: w, height: h, channels: 3, background: { r, g, b } } }).png().toBuffer();
}

async function halfJpeg(): Promise<Buffer> {
  const noise = Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 7919) % 251));
  const jpg = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } }).jpeg().toBuffer();
  return jpg.subarray(0, Math.floor(jpg.length / 2));
}

const hooks = { lang: 'en' as const, progress: () => undefined, checkCancelled: () => undefined };
const counts = (db: Database.Database): number[] => ['images', 'image_thumbs'].map((t) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('desk import images', () => {
  it('matches SKU.jpg, SKU_2.png and SKU-front names case-insensitively, stores thumbnails, and is idempotent', async () => {
    const db = store();
    const dir = newDir();
    writeFileSync(join(dir, 'mug-01.png'), await png(200, 0, 0));
    writeFileSync(join(dir, 'MUG-01_2.png'), await png(0, 200, 0));
    writeFileSync(join(dir, 'tee-red-front.jpg'), await sharp(await png(0, 0, 200, 600, 300)).jpeg().toBuffer());
    const r = await runImageImport(db, { path: dir }, hooks);
    expect([r.inserted, r.rejected, r.matchedBy.fileName]).toEqual([3, 0, 3]);
    const rows = db.prepare('SELECT p.sku, i.width, i.height, t.phash FROM images i JOIN products p ON p.id = i.product_id JOIN image_thumbs t ON t.image_id = i.id ORDER BY i.id').all() as { sku: string; width: number; height: number; phash: string }[];
    expect(rows.map((x) => x.sku).sort()).toEqual(['MUG-01', 'MUG-01', 'TEE-RED']);
    expect(rows.every((x) => /^[0-9a-f]{16}$/.test(x.phash))).toBe(true);
    const thumb = db.prepare("SELECT t.bytes FROM image_thumbs t JOIN images i ON i.id = t.image_id WHERE i.source = 'tee-red-front.jpg'").get() as { bytes: Buffer };
    expect((await sharp(thumb.bytes).metadata()).width).toBe(256);
    const again = await runImageImport(db, { path: dir }, hooks);
    expect([again.inserted, again.unchanged]).toEqual([0, 3]);
    expect(counts(db)).toEqual([3, 3]);
  });

  it('the same photo named for a second product is said (a photo belongs to one product), not counted as already there', async () => {
    const db = store();
    const dir = newDir();
    const red = await png(200, 0, 0);
    writeFileSync(join(dir, 'MUG-01.png'), red);
    writeFileSync(join(dir, 'TEE-RED.png'), red);
    const r = await runImageImport(db, { path: dir }, hooks);
    expect([r.inserted, r.unchanged]).toEqual([1, 0]);
    expect(r.shared).toEqual([{ file: 'TEE-RED.png', sku: 'TEE-RED', ownerSku: 'MUG-01' }]);
    // Importing the folder again: MUG-01's photo is already there, TEE-RED is still told.
    const again = await runImageImport(db, { path: dir }, hooks);
    expect([again.inserted, again.unchanged, again.shared.length]).toEqual([0, 1, 1]);
  });

  it("skips the files Windows and macOS leave in photo folders (Thumbs.db, desktop.ini, .DS_Store) instead of failing on them", async () => {
    const db = store();
    const dir = newDir();
    writeFileSync(join(dir, 'MUG-01.png'), await png(200, 0, 0));
    writeFileSync(join(dir, 'Thumbs.db'), Buffer.from('not a photo'));
    writeFileSync(join(dir, 'desktop.ini'), '[.ShellClassInfo]\r\n');
    writeFileSync(join(dir, '.DS_Store'), Buffer.alloc(16));
    const r = await runImageImport(db, { path: dir }, hooks);
    expect([r.inserted, r.rejected]).toEqual([1, 0]);
  });

  it('refuses the whole import, naming the file and the reason, when one file is corrupt, empty, unmatched or not an image', async () => {
    const db = store();
    const cases: [string, Buffer, string][] = [
      ['Bag7.png', (await png(1, 2, 3)).subarray(0, 60), 'Bag7.png: corrupt or truncated image'],
      ['Bag7_2.jpg', await halfJpeg(), 'Bag7_2.jpg: corrupt or truncated image'],
      ['MUG-01.jpg', Buffer.alloc(0), 'MUG-01.jpg: empty file (0 bytes)'],
      ['unknown-thing.png', await png(1, 2, 3), 'unknown-thing.png: no product matches the name'],
      ['TEE-RED.png', Buffer.from('hello, not a picture'), 'TEE-RED.png: not an image (unsupported or unknown format)'],
    ];
    for (const [name, bytes, expected] of cases) {
      const dir = newDir();
      writeFileSync(join(dir, 'MUG-01_9.png'), await png(9, 9, 9));
      writeFileSync(join(dir, name), bytes);
      const e = await failure(runImageImport(db, { path: dir }, hooks));
      expect(e.code).toBe('user_error');
      expect(e.message.slice(0, expected.length)).toBe(expected);
      expect(e.message).toContain('1 file could not be imported, nothing was imported');
      expect(counts(db)).toEqual([0, 0]);
    }
  });

  it('with skipInvalid imports the good files and writes every reject with its reason', async () => {
    const db = store();
    const dir = newDir();
    writeFileSync(join(dir, 'Bag7.png'), await png(5, 5, 5));
    writeFileSync(join(dir, 'nobody.png'), await png(6, 6, 6));
    const rejectsPath = join(newDir(), 'rejects.csv');
    const r: ImageImportResult = await runImageImport(db, { path: dir, skipInvalid: true, rejectsPath }, hooks);
    expect([r.inserted, r.rejected]).toEqual([1, 1]);
    expect(r.rejects[0]).toEqual({ file: 'nobody.png', reason: expect.stringContaining('no product matches') as string });
    expect(r.rejectsFile).toBe(rejectsPath);
  });

  it('follows a sku,file mapping CSV and reads a .zip', async () => {
    const db = store();
    const dir = newDir();
    mkdirSync(join(dir, 'pics'));
    writeFileSync(join(dir, 'pics', 'IMG_0001.png'), await png(10, 20, 30));
    writeFileSync(join(dir, 'map.csv'), 'sku,file\nbag7,pics/IMG_0001.png\n');
    const r = await runImageImport(db, { path: dir }, hooks);
    expect([r.inserted, r.matchedBy.mapping]).toEqual([1, 1]);
    // The same photos in a zip (stored without compression by a minimal writer).
    const zipPath = join(newDir(), 'photos.zip');
    writeFileSync(zipPath, storedZip([['TEE-RED_1.png', await png(40, 50, 60)]]));
    const z = await runImageImport(db, { path: zipPath }, hooks);
    expect([z.inserted, z.rejected]).toEqual([1, 0]);
  });
});

/** A zip with stored (uncompressed) entries, enough for the importer's reader. */
function storedZip(files: [string, Buffer][]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(data.length, 18); lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(n.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(data.length, 20); ch.writeUInt32LE(data.length, 24); ch.writeUInt16LE(n.length, 28); ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, data);
    centrals.push(ch, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
