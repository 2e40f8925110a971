import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import { cutOut, type RgbaImage } from '../../engine/tryon/cutout';
import { previousFloodFill } from '../bench/cutout-previous';
import { cutoutCase, scoreAlpha, type BgKind } from './cutout-fixtures';
import { engineOnFreshStore } from './helpers';

// Product photos drawn with a known alpha and composited onto studio backgrounds (tests/unit/cutout-fixtures.ts); the
// seeds are outside the development and report sets of `npm run bench -- tryon-cutout`.
async function iouOf(shape: string, kind: BgKind, seed: number): Promise<{ ours: number; previous: number }> {
  const c = await cutoutCase(shape, kind, seed);
  const cut = await cutOut(c.bytes);
  expect(cut.method).toBe('flood_fill');
  const { data, info } = await sharp(c.bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const prev: RgbaImage = previousFloodFill({ width: info.width, height: info.height, data: new Uint8Array(data) });
  return { ours: scoreAlpha(c.alpha, cut.image.data).iou, previous: scoreAlpha(c.alpha, prev.data).iou };
}

describe('product cut-outs on studio backgrounds', () => {
  it('a studio sweep (light to grey) is removed whole: a pale T-shirt and a necklace keep their outline', async () => {
    // The border-colour flood left most of the grey end as product (IoU 0.006 and 0.36).
    expect((await iouOf('tshirt', 'linear_gradient', 503)).ours).toBeGreaterThan(0.95);
    expect((await iouOf('necklace', 'linear_gradient', 502)).ours).toBeGreaterThan(0.85);
  });

  it('a soft drop shadow under a ring or earrings is background, and the inside of the ring too', async () => {
    // Before: the shadow and the ring's inside were kept as product (IoU 0.26 and 0.57).
    expect((await iouOf('ring', 'drop_shadow', 502)).ours).toBeGreaterThan(0.9);
    expect((await iouOf('earrings', 'drop_shadow', 502)).ours).toBeGreaterThan(0.9);
  });

  it('white and pale products on white are cut out as well as before: nothing pale is cut away', async () => {
    for (const [shape, seed] of [['tshirt', 501], ['hat', 501], ['earrings', 501], ['watch', 502]] as const) {
      const r = await iouOf(shape, 'white', seed);
      expect(r.ours, `${shape} ${seed}`).toBeGreaterThan(0.93);
      expect(r.ours, `${shape} ${seed}`).toBeGreaterThanOrEqual(r.previous - 0.005);
    }
  });

  it('a very light grey shirt with no outline on white is kept whole (the old flood took it for the white; no pixel of it is far from the white)', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="#ffffff"/><path d="M120,60 L170,45 Q200,80 230,45 L280,60 L350,130 L310,180 L285,160 L285,350 L115,350 L115,160 L90,180 L50,130 Z" fill="#ebebeb"/></svg>';
    const truth = await sharp(Buffer.from(svg.replace('<rect width="400" height="400" fill="#ffffff"/>', ''))).ensureAlpha().extractChannel(3).raw().toBuffer();
    const cut = await cutOut(await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer());
    expect(scoreAlpha(new Uint8Array(truth), cut.image.data).iou).toBeGreaterThan(0.97);
  });
});

describe('a product photographed on a gradient with a shadow, through the store', () => {
  let engine: Engine;
  let close: () => Promise<void>;
  const now = '2026-12-06T10:00:00Z';

  beforeAll(async () => {
    ({ engine, close } = await engineOnFreshStore());
  });
  afterAll(async () => close());

  it('tryon.product cuts it out without the background or the shadow, and keeps that cut-out', async () => {
    const c = await cutoutCase('hat', 'drop_shadow', 502);
    const db = engine.store.db;
    db.prepare(`INSERT INTO products (id, sku, title_en, title_zh, category, attributes, images, created_at, updated_at) VALUES (1, 'AP-9', 'Hat', '帽子', 'accessories', ?, '[1]', ?, ?)`)
      .run(JSON.stringify({ type: 'Hat' }), now, now);
    db.prepare('INSERT INTO images (id, product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (1, 1, ?, ?, ?, ?, ?, ?, ?)')
      .run(createHash('sha256').update(c.bytes).digest('hex'), 'image/jpeg', c.width, c.height, c.bytes, 'test', now);
    for (let k = 0; k < 2; k++) {
      // The second call reads the cut-out saved in tryon_products.
      const p = await engine.invoke('tryon.product', { sku: 'AP-9' });
      const { data } = await sharp(Buffer.from(p.cutout.dataUrl.split(',')[1], 'base64')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(scoreAlpha(c.alpha, new Uint8Array(data)).iou).toBeGreaterThan(0.95);
    }
  });
});
