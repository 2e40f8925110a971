import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHAPES } from '../../engine/demo/shapes';
import { addBundledPhotos, BUNDLED_PHOTOS } from '../../engine/tryon/bundled';
import type { Engine } from '../../engine/engine';
import { engineOnFreshStore } from './helpers';
import { PEOPLE_DIR } from './tryon-fixtures';

let engine: Engine;
let dir: string;
let close: () => Promise<void>;

async function png(shape: string, background: string | null = null): Promise<Buffer> {
  const bg = background ? `<rect width="256" height="256" fill="${background}"/>` : '';
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">${bg}${SHAPES[shape]('#8a6d3b', '#2a1d08', 0)}</svg>`)).png().toBuffer();
}

function addProduct(db: Engine['store']['db'], id: number, sku: string, category: string, type: string, image: Buffer | null): void {
  const now = '2026-12-01T10:00:00Z';
  db.prepare(`INSERT INTO products (id, sku, title_en, title_zh, category, attributes, images, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, sku, `${type} ${sku}`, `${sku}`, category, JSON.stringify({ type }), JSON.stringify(image ? [id] : []), now, now);
  if (image) {
    db.prepare('INSERT INTO images (id, product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, id, createHash('sha256').update(image).update(sku).digest('hex'), 'image/png', 256, 256, image, 'test', now);
  }
}

beforeAll(async () => {
  ({ engine, dir, close } = await engineOnFreshStore());
  const db = engine.store.db;
  addProduct(db, 1, 'EY-1', 'eyewear', 'Sunglasses', await png('sunglasses'));
  // A flat JPEG on a white studio background: the cut-out must remove the background.
  addProduct(db, 2, 'EY-2', 'eyewear', 'Optical Frame', await sharp(await png('optical', '#ffffff')).jpeg().toBuffer());
  addProduct(db, 3, 'JW-1', 'jewellery', 'Ring', null);
  addProduct(db, 4, 'HM-1', 'home', 'Mug', await png('mug'));
  addProduct(db, 5, 'JW-2', 'jewellery', 'Necklace', Buffer.from('this is not an image'));
}, 60_000);

afterAll(async () => close());

describe('tryon operations on a real store', () => {
  it('tryon.render fits glasses on the portrait: PNG at the photo size, changed around the eyes only, and the report a caller needs', async () => {
    const out = join(dir, 'preview.png');
    const r = await engine.invoke('tryon.render', { photo: { path: join(PEOPLE_DIR, 'portrait.jpg') }, sku: 'EY-1', out, save: true });
    expect(existsSync(out)).toBe(true);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([820, 1024]);
    expect(r.type).toBe('eyewear');
    expect(r.people).toBe(1);
    expect(Object.keys(r.keypoints)).toEqual(['right_iris', 'left_iris']);
    expect(Object.keys(r.anchors).sort()).toEqual(['bridge', 'hinge_left', 'hinge_right']);
    expect(r.transforms[0].matrix).toHaveLength(6);
    for (const k of ['detection', 'keypoints', 'segmentation', 'fitting', 'compositing', 'total'] as const) expect(r.ms[k]).toBeGreaterThanOrEqual(0);
    // Lighting match brings the product's Lab mean closer to the scene than a naive paste.
    expect(r.lighting.matched).toBeLessThan(r.lighting.naive);
    const before = await sharp(join(PEOPLE_DIR, 'portrait.jpg')).removeAlpha().raw().toBuffer();
    const after = await sharp(out).removeAlpha().raw().toBuffer();
    const diff = (x0: number, y0: number, x1: number, y1: number): number => {
      let d = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) d += Math.abs(before[(y * 820 + x) * 3 + c] - after[(y * 820 + x) * 3 + c]);
      return d / ((x1 - x0) * (y1 - y0) * 3);
    };
    const eyes = r.transforms[0].targets;
    const cx = Math.round((eyes.hinge_left.x + eyes.hinge_right.x) / 2);
    const cy = Math.round((eyes.hinge_left.y + eyes.hinge_right.y) / 2);
    expect(diff(cx - 60, cy - 20, cx + 60, cy + 20)).toBeGreaterThan(20);
    expect(diff(0, 900, 200, 1024)).toBeLessThan(2);
    expect(r.galleryId).toBeGreaterThan(0);
  });

  it('tryon.render writes JPEG bytes to a .jpg name (PNG only to .png) and refuses any other extension before rendering', async () => {
    const jpg = join(dir, 'preview.jpg');
    await engine.invoke('tryon.render', { photo: { path: join(PEOPLE_DIR, 'portrait.jpg') }, sku: 'EY-1', out: jpg, preview: false });
    expect((await sharp(jpg).metadata()).format).toBe('jpeg');
    expect([...readFileSync(jpg).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const gif = join(dir, 'preview.gif');
    await expect(engine.invoke('tryon.render', { photo: { path: join(PEOPLE_DIR, 'portrait.jpg') }, sku: 'EY-1', out: gif })).rejects.toThrow(/must end in \.png, \.jpg or \.jpeg/);
    expect(existsSync(gif)).toBe(false);
  });

  it('a JPEG on white gets its background removed; the gallery lists the saved preview and exports it at 800×800', async () => {
    const p = await engine.invoke('tryon.product', { sku: 'EY-2' });
    expect(p.cutout.method).toBe('flood_fill');
    const cut = await sharp(Buffer.from(p.cutout.dataUrl.split(',')[1], 'base64')).raw().toBuffer({ resolveWithObject: true });
    // The corner (studio white) is transparent, the lens rim is not.
    expect(cut.data[3]).toBe(0);
    const g = await engine.invoke('tryon.gallery', { limit: 10 });
    expect(g.items.map((i) => i.sku)).toEqual(['EY-1']);
    const ex = await engine.invoke('tryon.export', { ids: [g.items[0].id], size: 800, background: 'original', format: 'jpeg', dir: join(dir, 'exp') });
    const meta = await sharp(ex.files[0]).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([800, 800, 'jpeg']);
  });

  it('bad products are refused with a message saying what is missing, in both languages', async () => {
    const photo = { path: join(PEOPLE_DIR, 'portrait.jpg') };
    await expect(engine.invoke('tryon.render', { photo, sku: 'JW-1' })).rejects.toThrow(/Product JW-1 has no image that can be used for a try-on/);
    await expect(engine.invoke('tryon.render', { photo, sku: 'HM-1' })).rejects.toThrow(/category 'home', which has no try-on; set its try-on type to one of: eyewear, earrings/);
    await expect(engine.invoke('tryon.render', { photo, sku: 'JW-2' })).rejects.toThrow(/Product JW-2's image could not be read/);
    const zh = await engine.call('tryon.render', { photo, sku: 'HM-1' }, 'zh');
    expect(zh.ok).toBe(false);
    if (!zh.ok) expect(zh.error.message).toMatch(/不支持试戴/);
  });

  it('a photo without a person is refused (no silent composite), and the type can then be set by hand', async () => {
    const empty = join(dir, 'wall.png');
    writeFileSync(empty, await sharp({ create: { width: 320, height: 240, channels: 3, background: '#9a8f80' } }).png().toBuffer());
    await expect(engine.invoke('tryon.render', { photo: { path: empty }, sku: 'EY-1', out: join(dir, 'x.png') })).rejects.toThrow(/No person was found in the photo wall.png/);
    expect(existsSync(join(dir, 'x.png'))).toBe(false);
    const u = await engine.invoke('tryon.product.update', { sku: 'HM-1', type: 'hat' });
    expect([u.type, u.typeSource]).toEqual(['hat', 'manual']);
    expect(Object.keys(u.anchors).sort()).toEqual(['brim_left', 'brim_right']);
  });

  it('the bundled model photos (Apache-2.0) go into the store once, with their licence, and are listed with previews', async () => {
    const ids = addBundledPhotos(engine.store.db, '2026-12-01T12:00:00Z');
    expect(addBundledPhotos(engine.store.db, '2026-12-01T12:00:00Z')).toEqual(ids);
    const { photos } = await engine.invoke('tryon.photos', {});
    expect(photos.map((p) => [p.name, p.width, p.height])).toEqual(BUNDLED_PHOTOS.map((p) => [p.name, p.width, p.height]));
    for (const p of photos) {
      expect(p.licence).toMatch(/Apache-2.0/);
      expect(p.thumb).toMatch(/^data:image\/jpeg;base64,/);
    }
  });

  it('tryon.batch renders every product over the photos in a job, saves successes to the gallery and lists failures; cancel stops it', async () => {
    const [portrait, , hands] = addBundledPhotos(engine.store.db, '2026-12-01T12:00:00Z');
    const before = (await engine.invoke('tryon.gallery', {})).items.length;
    const job = await engine.invoke('tryon.batch', { photoIds: [portrait, hands], skus: ['EY-1', 'JW-1'] });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('succeeded');
    const result = done.result as { made: number; failures: { sku: string; photo: string; message: string }[] };
    expect(result.made).toBe(1);
    expect(result.failures.map((f) => `${f.photo} ${f.sku}`)).toEqual(['portrait.jpg JW-1', 'hands.jpg EY-1', 'hands.jpg JW-1']);
    // A product without a picture says so (naming the product); glasses on the hands photo name the photo and product.
    expect(result.failures[0].message).toMatch(/no image/);
    expect(result.failures[1].message).toMatch(/^hands\.jpg · EY-1: No (face is visible on person 0; eyewear needs the face|person was found)/);
    expect((await engine.invoke('tryon.gallery', {})).items.length).toBe(before + 1);
    const long = await engine.invoke('tryon.batch', { photoIds: [portrait, portrait, portrait], skus: ['EY-1', 'EY-2'] });
    engine.jobs.cancel(long.jobId);
    expect((await engine.jobs.wait(long.jobId)).status).toBe('cancelled');
  });
});
