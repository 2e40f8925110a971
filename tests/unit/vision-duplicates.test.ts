import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import { fillThumbnails } from '../../engine/vision/duplicates';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ engine, close } = await engineOnFreshStore());
});
afterEach(() => close());

/** A 128 px picture: a coloured disc on white, shifted by `dx`; `tint` changes its colour a little. */
function picture(dx: number, tint: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128"><rect width="128" height="128" fill="#fff"/><circle cx="${60 + dx}" cy="64" r="40" fill="rgb(${200 + tint},40,40)"/><rect x="20" y="100" width="88" height="10" fill="#333"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe('near-duplicate listings with several images per product', () => {
  it('lists two products whose pictures all look alike once, and dismissing them hides every pair of their images', async () => {
    const db = engine.store.db;
    const prod = db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES (?, ?, 10, 'x', 'x')");
    const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/png', 128, 128, ?, 'test', 'x')");
    const a = Number(prod.run('RED-S', 'Red S').lastInsertRowid), b = Number(prod.run('RED-M', 'Red M').lastInsertRowid);
    // Two listings of one design, two near-identical pictures each: four image pairs across the two products.
    for (const [pid, dx, tint] of [[a, 0, 0], [a, 1, 2], [b, 0, 1], [b, 1, 3]]) img.run(pid, `${pid}-${dx}`, await picture(dx, tint));
    await fillThumbnails(db);
    const first = await engine.invoke('images.duplicates', {});
    expect(first.pairs.map((p) => [p.skuA, p.skuB])).toEqual([['RED-S', 'RED-M']]);
    await engine.invoke('images.dismissDuplicate', { imageA: first.pairs[0].imageA, imageB: first.pairs[0].imageB });
    expect((await engine.invoke('images.duplicates', {})).pairs).toEqual([]);
  });

  it('dismissing a pair with an image that does not exist, or one image twice, is a typed refusal naming the image, and records nothing', async () => {
    // Found by the API fuzzer: both used to fail inside SQLite (foreign key, CHECK) as an internal error.
    const missing = await engine.invoke('images.dismissDuplicate', { imageA: 999998, imageB: 999999 }).then(() => null, (e: { code: string; message: string }) => e);
    expect(missing).toMatchObject({ code: 'not_found' });
    expect(missing?.message).toContain('999998');
    const twice = await engine.invoke('images.dismissDuplicate', { imageA: 5, imageB: 5 }).then(() => null, (e: { code: string; message: string }) => e);
    expect(twice).toMatchObject({ code: 'user_error' });
    expect(engine.store.db.prepare('SELECT count(*) FROM image_duplicates_dismissed').pluck().get()).toBe(0);
  });
});
