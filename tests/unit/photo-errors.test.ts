// A photo that cannot be used is refused in plain words in the caller's language, naming the user's own file (never
// the name an upload is stored under, never the decoder's text): on visual search and on try-on, for a file that is
// not an image, an empty file, a damaged (cut short) PNG, a photo over the pixel limit (the limit stated), a folder and
// a missing file (named by its path: where it was looked for).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let dir: string;
let close: () => Promise<void>;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A valid PNG header saying width × height (one grey row of data is enough for the header to be read). */
function bigPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(width + 1))), chunk('IEND', Buffer.alloc(0))]);
}

// Files as they arrive from the browser: stored under a time and a tag before the user's name.
const STORED = (name: string): string => `1796522212821-wdjegl-${name}`;

beforeAll(async () => {
  ({ engine, dir, close } = await engineOnFreshStore());
  // One indexed product photo (colour backbone, quick), so a search gets as far as decoding the photo's pixels.
  const db = engine.store.db;
  const pid = Number(db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES ('MUG-1', 'Mug', 10, 'x', 'x')").run().lastInsertRowid);
  const mug = await sharp({ create: { width: 128, height: 128, channels: 3, background: '#2f9e44' } }).png().toBuffer();
  db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, 'mug', 'image/png', 128, 128, ?, 'test', 'x')").run(pid, mug);
  const job = await engine.invoke('images.index', { backbone: 'colour' });
  expect((await engine.jobs.wait(job.jobId)).status).toBe('succeeded');
  writeFileSync(join(dir, STORED('notimage.jpg')), 'Dear supplier, the photos follow in the next mail.\n'.repeat(20));
  writeFileSync(join(dir, 'empty.jpg'), Buffer.alloc(0));
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3366aa' } }).png({ compressionLevel: 0 }).toBuffer();
  writeFileSync(join(dir, STORED('truncated.png')), png.subarray(0, png.length >> 1));
  writeFileSync(join(dir, 'huge.png'), bigPng(9000, 7000));
  mkdirSync(join(dir, 'photos.jpg'));
}, 60_000);
afterAll(() => close());

/** The message of a refused call, in `lang`. */
async function refusal(op: 'images.search' | 'tryon.render' | 'tryon.photos.add', input: unknown, lang: 'en' | 'zh'): Promise<string> {
  const r = await engine.call(op, input, lang);
  if (r.ok) throw new Error(`${op} accepted ${JSON.stringify(input)}`);
  return r.error.message;
}

const CASES = [
  { file: STORED('notimage.jpg'), en: 'The photo notimage.jpg cannot be used: it is not an image (use a JPEG, PNG, WebP, GIF, TIFF or AVIF photo)', zh: '无法使用照片 notimage.jpg：它不是图片（请使用 JPEG、PNG、WebP、GIF、TIFF 或 AVIF 照片）' },
  { file: 'empty.jpg', en: 'The photo empty.jpg cannot be used: the file is empty (0 bytes)', zh: '无法使用照片 empty.jpg：文件是空的（0 字节）' },
  { file: STORED('truncated.png'), en: 'The photo truncated.png cannot be used: the image is damaged or cut short, so it cannot be read', zh: '无法使用照片 truncated.png：图片已损坏或不完整，无法读取' },
  { file: 'photos.jpg', en: 'The photo photos.jpg cannot be used: it is a folder, not a photo', zh: '无法使用照片 photos.jpg：这是一个文件夹，不是照片' },
];

describe('photos that cannot be used', () => {
  for (const c of CASES) {
    it(`${c.file}: visual search and try-on say why, in English and Chinese`, async () => {
      const path = join(dir, c.file);
      for (const lang of ['en', 'zh'] as const) {
        expect(await refusal('images.search', { path }, lang)).toBe(c[lang]);
        expect(await refusal('tryon.render', { photo: { path }, sku: 'ANY' }, lang)).toBe(c[lang]);
        expect(await refusal('tryon.photos.add', { path }, lang)).toBe(c[lang]);
      }
    });
  }

  it('a missing file is named by the path it was looked for at', async () => {
    const path = join(dir, 'nowhere.jpg');
    for (const op of ['images.search', 'tryon.photos.add'] as const) {
      expect(await refusal(op, { path }, 'en')).toBe(`The photo ${path} cannot be used: there is no such file`);
      expect(await refusal(op, { path }, 'zh')).toBe(`无法使用照片 ${path}：没有这个文件`);
    }
    expect(await refusal('tryon.render', { photo: { path, name: 'beach.jpg' }, sku: 'ANY' }, 'en')).toBe('The photo beach.jpg cannot be used: there is no such file');
  });

  it('a photo over the pixel limit states its size and the limit (50 megapixels for search, 60 for try-on)', async () => {
    const path = join(dir, 'huge.png');
    expect(await refusal('images.search', { path }, 'en')).toBe('The photo huge.png cannot be used: it is too large: 63 megapixels (9000×7000), over the limit of 50 megapixels');
    expect(await refusal('images.search', { path }, 'zh')).toBe('无法使用照片 huge.png：图片太大：63 百万像素（9000×7000），超过 50 百万像素的上限');
    expect(await refusal('tryon.render', { photo: { path }, sku: 'ANY' }, 'en')).toBe('The photo huge.png cannot be used: it is too large: 63 megapixels (9000×7000), over the limit of 60 megapixels');
  });

  it('the name the user gave an upload is the one said, and the one a kept model photo is listed under', async () => {
    const path = join(dir, STORED('notimage.jpg'));
    expect(await refusal('images.search', { path, name: 'Supplier mail.jpg' }, 'en')).toMatch(/^The photo Supplier mail\.jpg cannot be used: it is not an image/);
    expect(await refusal('tryon.render', { photo: { path, name: '供应商.jpg' }, sku: 'ANY' }, 'zh')).toMatch(/^无法使用照片 供应商\.jpg：它不是图片/);
    const good = join(dir, STORED('model.jpg'));
    writeFileSync(good, await sharp({ create: { width: 200, height: 240, channels: 3, background: '#c08060' } }).jpeg().toBuffer());
    const added = await engine.invoke('tryon.photos.add', { path: good, name: 'Anna at the beach.jpg' });
    const unnamed = join(dir, STORED('second.jpg'));
    writeFileSync(unnamed, await sharp({ create: { width: 220, height: 240, channels: 3, background: '#6080c0' } }).jpeg().toBuffer());
    const second = await engine.invoke('tryon.photos.add', { path: unnamed });
    const names = new Map((await engine.invoke('tryon.photos', {})).photos.map((p) => [p.id, p.name]));
    expect(names.get(added.photoId)).toBe('Anna at the beach.jpg');
    expect(names.get(second.photoId)).toBe('second.jpg');
  });

  it('a blank photo (one plain colour, as large or as tiny as it comes) is refused on visual search instead of finding products "68% alike"', async () => {
    const blank = join(dir, STORED('blank.jpg'));
    writeFileSync(blank, await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ffffff' } }).jpeg().toBuffer());
    const tiny = join(dir, 'swatch.png');
    writeFileSync(tiny, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).png().toBuffer());
    expect(await refusal('images.search', { path: blank, name: 'IMG_0042.jpg' }, 'en')).toBe('The photo IMG_0042.jpg cannot be used: it is blank, one plain colour with nothing in it to search for (use a photo of the product)');
    expect(await refusal('images.search', { path: blank }, 'zh')).toBe('无法使用照片 blank.jpg：整张照片只有一种颜色，没有可搜索的内容（请使用商品的照片）');
    expect(await refusal('images.search', { path: tiny }, 'en')).toMatch(/^The photo swatch\.png cannot be used: it is blank/);
    // A small object on the same white is a photo to search: it is searched.
    const object = join(dir, 'object.jpg');
    const dot = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#2f9e44' } }).png().toBuffer();
    writeFileSync(object, await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ffffff' } }).composite([{ input: dot, left: 340, top: 255 }]).jpeg().toBuffer());
    const found = await engine.call('images.search', { path: object }, 'en');
    expect(found.ok).toBe(true);
  });
});
