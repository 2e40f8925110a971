// A search the engine refuses before it looks (no photos, no index yet, a product without a photo) answers in both
// languages, worded in the caller's first: the Visual search screen keeps the refusal across a language switch (it
// had the caller's language only, and stayed in it after a switch).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineOnFreshStore } from './helpers';

const BANANA = join(__dirname, 'fixtures', 'vision', 'banana-iconic.jpg');
let fresh: Awaited<ReturnType<typeof engineOnFreshStore>>;

beforeEach(async () => {
  fresh = await engineOnFreshStore();
});
afterEach(async () => {
  await fresh.close();
});

function addProduct(sku: string, withImage: boolean): number {
  const db = fresh.engine.store.db;
  const id = Number(db.prepare("INSERT INTO products (sku, title_en, title_zh, price, created_at, updated_at) VALUES (?, 'Bananas', '香蕉', 9.9, 'x', 'x')").run(sku).lastInsertRowid);
  if (withImage) db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/jpeg', 256, 256, ?, 'demo', 'x')").run(id, sku, readFileSync(BANANA));
  return id;
}

describe('images.search refusals carry both languages', () => {
  it('a store with no photos: said in 中文 for a 中文 caller, with the English kept beside it', async () => {
    const out = await fresh.engine.call('images.search', { path: BANANA }, 'zh');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.message).toBe('这个店铺还没有可搜索的商品图片：请先导入（数据 › 商品图片，或运行 `desk import images 文件夹`）');
    expect(out.error.texts).toEqual({
      en: 'This store has no product photos to search: import them first (Data › Product photos, or `desk import images FOLDER`)',
      zh: out.error.message,
    });
  });

  it('photos not indexed yet: said in English for an English caller, with the 中文 kept beside it', async () => {
    addProduct('FRUIT-1', true);
    const out = await fresh.engine.call('images.search', { path: BANANA }, 'en');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.message).toBe('No image index yet: build it first (Visual search › Build image index, or `desk images index`)');
    expect(out.error.texts?.zh).toBe('还没有图片索引：请先建立索引（以图搜货 › 建立图片索引，或运行 `desk images index`）');
  });

  it('a product without a photo, searched by product', async () => {
    const id = addProduct('NO-PHOTO', false);
    const out = await fresh.engine.call('images.search', { productId: id }, 'zh');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('not_found');
    expect(out.error.texts).toEqual({ en: `Product ${id} has no image`, zh: `商品 ${id} 没有图片` });
  });
});
