// Visual search in a real browser, in both languages: upload a photo, see the detected boxes, get similar products.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { openStore } from '../../engine/db/store';
import { renderImages } from '../../engine/demo/images';
import { generateProducts } from '../../engine/demo/products';
import { runImageImport } from '../../engine/vision/import/run';
import { clippedValues, rawCodesShown, tofuChars } from './screen-checks';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
const folder = dataFolder();
const BANANA = join(__dirname, '..', 'unit', 'fixtures', 'vision', 'banana-iconic.jpg');
// Three people and a shelf of books (a bundled try-on photo): several boxes, two of them side by side.
const GROUP = join(__dirname, '..', '..', 'engine', 'tryon', 'photos', 'three_people.jpg');

beforeAll(async () => {
  const storePath = join(folder.dir, 'shop.db');
  const store = openStore(storePath, { create: true });
  const demo = generateProducts(5, 12, 30);
  const ins = store.db.prepare("INSERT INTO products (sku, title_en, title_zh, price, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'x')");
  for (const p of demo) ins.run(p.sku, p.titleEn, p.titleZh, p.refPrice);
  ins.run('FRUIT-BANANA', 'Bananas, bunch', '香蕉（一串）', 9.9);
  store.db.prepare("INSERT INTO locations (code) VALUES ('main')").run();
  store.db.prepare("INSERT INTO inventory (product_id, location_id, date, on_hand) SELECT id, 1, '2026-06-30', 17 FROM products").run();
  const photos = join(folder.dir, 'photos');
  const rendered = await renderImages(demo, () => undefined, () => false);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(photos);
  rendered.forEach((r, i) => writeFileSync(join(photos, `${demo[i].sku}.png`), r.png));
  writeFileSync(join(photos, 'FRUIT-BANANA.jpg'), readFileSync(BANANA));
  await runImageImport(store.db, { path: photos }, { lang: 'en', progress: () => undefined, checkCancelled: () => undefined });
  // Customers viewed the first demo product with the sixth in three sessions and bought them together once.
  const ev = store.db.prepare("INSERT INTO browsing_events (session_id, product_id, kind, ts) VALUES (?, ?, 'view', ?)");
  for (const sid of ['s1', 's2', 's3']) for (const pid of [1, 6]) ev.run(sid, pid, `2026-06-0${pid === 1 ? 1 : 2}T10:00:00Z`);
  const order = Number(store.db.prepare("INSERT INTO orders (order_no, ordered_at) VALUES ('O1', '2026-06-03T10:00:00Z')").run().lastInsertRowid);
  for (const [n, pid] of [[1, 1], [2, 6]]) store.db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, 1, 10)').run(order, n, pid);
  store.close();
  // The query: the same bananas cropped differently, on a grey background, re-encoded.
  const q = await sharp(readFileSync(BANANA)).extend({ top: 40, bottom: 40, left: 60, right: 60, background: '#9a9a9a' }).jpeg({ quality: 75 }).toBuffer();
  writeFileSync(join(folder.dir, 'query.jpg'), q);
  copyFileSync(GROUP, join(folder.dir, 'group.jpg'));
  // A photo added after the first build: the screen must say it is not searchable yet.
  mkdirSync(join(folder.dir, 'late'));
  await sharp({ create: { width: 256, height: 256, channels: 3, background: '#c0392b' } }).png().toFile(join(folder.dir, 'late', `${demo[0].sku}_2.png`));
  desk = await startDesk({ dataDir: folder.dir, store: storePath });
  browser = await launchChromium();
}, 240_000);

/** Builds the index over the API when a test runs without the first one (the build is incremental: quick once built). */
async function ensureIndexed(): Promise<void> {
  const job = await api<{ jobId: string }>(desk, 'images.index', {});
  expect((await finishedJob(desk, job)).status).toBe('succeeded');
}

afterAll(() => closeAll(browser, desk, folder));

describe('visual search screen', () => {
  it('before the index is built it says so and offers the build; a photo added later is named until the index is updated (en, 中文)', async () => {
    const { page, errors } = await openPage(browser, desk.url, 'en-US');
    await waitReady(page);
    await page.click('[data-testid="nav-visual"]');
    await waitReady(page, 'visual');
    const status = page.locator('[data-testid="visual-index-status"]');
    expect(await status.innerText()).toBe('13 photos, not indexed yet: build the index to search them (a few minutes for a thousand photos).');
    expect(await page.locator('[data-testid="visual-pick"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="visual-build-index"]').innerText()).toBe('Build image index');
    await page.click('[data-testid="visual-build-index"]');
    // While it builds, the bar says what it is doing and how far it got, as the CLI does.
    await page.waitForFunction(() => /^computing image features · \d+ of 13 photos/.test(document.querySelector('[data-testid="visual-index-progress-text"]')?.textContent ?? ''), undefined, { timeout: 120_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="visual-index-status"]')?.textContent?.startsWith('All 13 photos indexed and searchable · built '), undefined, { timeout: 180_000 });
    expect(await page.locator('[data-testid="visual-pick"]').isDisabled()).toBe(false);
    expect(await page.locator('[data-testid="visual-build-index"]').innerText()).toBe('Refresh index');
    // A second photo of the first product, added after the build.
    expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'images.import', { path: join(folder.dir, 'late') }))).status).toBe('succeeded');
    await page.reload();
    await waitReady(page, 'visual');
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForFunction(() => document.querySelector('[data-testid="visual-index-status"]')?.textContent?.includes('张图片中 13 张可搜索'));
    expect(await status.innerText()).toBe('14 张图片中 13 张可搜索；新增的 1 张要更新索引后才能搜索。');
    expect(await page.locator('[data-testid="visual-build-index"]').innerText()).toBe('更新索引（新增 1 张）');
    await page.screenshot({ path: join(SCREEN_DIR, 'visual-index-new-zh-CN.png') });
    await page.click('[data-testid="visual-build-index"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="visual-index-status"]')?.textContent?.startsWith('全部 14 张图片已建立索引'), undefined, { timeout: 120_000 });
    await page.click('[data-testid="lang-switch"] >> text=EN');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  for (const [locale, boxLabel, tab] of [['en-US', 'banana', 'Search by image'], ['zh-CN', '香蕉', '以图搜货']] as const) {
    it(`uploads a photo, draws the detected box and lists the product first (${locale})`, async () => {
      await ensureIndexed();
      const { page, errors } = await openPage(browser, desk.url, locale);
      await waitReady(page);
      await page.click('[data-testid="nav-visual"]');
      await waitReady(page, 'visual');
      expect(await page.locator('[data-testid="visual-tab-search"]').innerText()).toBe(tab);
      await page.setInputFiles('[data-testid="visual-file"]', join(folder.dir, 'query.jpg'));
      await page.waitForSelector('[data-testid="visual-match"]', { timeout: 120_000 });
      const boxes = page.locator('[data-testid="visual-box"]');
      expect(await boxes.count()).toBeGreaterThan(0);
      expect(await boxes.first().textContent()).toContain(boxLabel);
      expect(await page.locator('[data-testid="visual-match-link"]').first().innerText()).toBe('FRUIT-BANANA');
      expect(await page.locator('[data-testid="visual-match"]').count()).toBeGreaterThan(3);
      await page.screenshot({ path: join(SCREEN_DIR, `visual-search-${locale}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
  }

  for (const [locale, width] of [['en-US', 1024], ['zh-CN', 1920]] as const) {
    it(`draws each detected box over the image only (not the caption), where the object is, with labels that do not overlap (${locale}, ${width} px)`, async () => {
      await ensureIndexed();
      const { page, errors } = await openPage(browser, desk.url, locale);
      await page.setViewportSize({ width, height: 900 });
      await waitReady(page);
      await page.click('[data-testid="nav-visual"]');
      await waitReady(page, 'visual');
      await page.setInputFiles('[data-testid="visual-file"]', join(folder.dir, 'group.jpg'));
      await page.waitForSelector('[data-testid="visual-match"]', { timeout: 120_000 });
      // What the engine detected, in the photo's pixels.
      const r = await api<{ width: number; height: number; boxes: { box: { x: number; y: number; w: number; h: number } }[] }>(desk, 'images.search', { path: join(folder.dir, 'group.jpg'), k: 1 });
      expect(r.boxes.length).toBeGreaterThan(1);
      const img = (await page.locator('[data-testid="visual-photo"] img').boundingBox())!;
      const k = img.width / r.width;
      expect(img.height).toBeCloseTo(r.height * k, 0);
      const groups = page.locator('[data-testid="visual-box"]');
      expect(await groups.count()).toBe(r.boxes.length);
      for (let i = 0; i < r.boxes.length; i++) {
        const b = r.boxes[i].box;
        const drawn = (await groups.nth(i).locator('rect').first().boundingBox())!;
        // Within the stroke's width (3 px) of the object's place on the image, vertically as well as across.
        expect(Math.abs(drawn.x - (img.x + b.x * k))).toBeLessThan(3);
        expect(Math.abs(drawn.y - (img.y + b.y * k))).toBeLessThan(3);
        expect(Math.abs(drawn.width - b.w * k)).toBeLessThan(4);
        expect(Math.abs(drawn.height - b.h * k)).toBeLessThan(4);
      }
      // The caption is below the image, with no box over it.
      const caption = (await page.locator('[data-testid="visual-crop-source"]').boundingBox())!;
      expect(caption.y).toBeGreaterThanOrEqual(img.y + img.height - 0.5);
      for (let i = 0; i < r.boxes.length; i++) expect((await groups.nth(i).locator('rect').first().boundingBox())!.y + 1).toBeLessThan(caption.y);
      // No two labels overlap.
      const labels = await Promise.all((await groups.locator('text').all()).map(async (t) => (await t.boundingBox())!));
      for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++) {
          const a = labels[i];
          const b = labels[j];
          const ox = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
          const oy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
          expect(ox > 0.5 && oy > 0.5, `labels ${i} and ${j} overlap`).toBe(false);
        }
      await page.locator('[data-testid="visual-photo"]').screenshot({ path: join(SCREEN_DIR, `visual-boxes-${locale}-${width}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
  }

  for (const [locale, reason] of [['en-US', 'Viewed together in 3 sessions · bought together in 1 order'], ['zh-CN', '同一浏览会话 3 次 · 同一订单 1 次']] as const) {
    it(`searches by a product, says which look-alikes customers view and buy with it, and moves them up with the weight (${locale})`, async () => {
      await ensureIndexed();
      const { page, errors } = await openPage(browser, desk.url, locale);
      await waitReady(page);
      await page.click('[data-testid="nav-visual"]');
      await waitReady(page, 'visual');
      const first = generateProducts(5, 12, 30)[0].sku;
      const sixth = generateProducts(5, 12, 30)[5].sku;
      await page.click('[data-testid="visual-product"]');
      await page.keyboard.type(first);
      await page.getByRole('option').filter({ hasText: first }).first().click();
      await page.waitForSelector('[data-testid="visual-graph-weight"]', { timeout: 60_000 });
      await page.waitForSelector('[data-testid="visual-match"]');
      const card = page.locator('[data-testid="visual-match"]').filter({ hasText: sixth });
      expect(await card.locator('[data-testid="visual-match-together"]').innerText()).toBe(reason);
      // Weight 1: the product viewed and bought with it comes first.
      await page.locator('[data-testid="visual-graph-weight"] .mantine-Slider-thumb').focus();
      await page.keyboard.press('End');
      await page.waitForFunction((sku) => document.querySelector('[data-testid="visual-match-link"]')?.textContent === sku, sixth, { timeout: 60_000 });
      expect(await page.locator('[data-testid="visual-graph-weight-value"]').innerText()).toMatch(/^1(\.00)?$/);
      // "Choose from my history": one order is too little to measure, so the store's weight goes back to 0, said why.
      await page.click('[data-testid="visual-graph-tune"]');
      await page.waitForSelector('[data-testid="visual-graph-tuned"]', { timeout: 60_000 });
      expect(await page.locator('[data-testid="visual-graph-tuned"]').innerText()).toMatch(locale === 'zh-CN' ? /一起购买的商品太少/ : /Too few products were bought together/);
      expect(await page.locator('[data-testid="visual-graph-weight-value"]').innerText()).toBe('0');
      await page.screenshot({ path: join(SCREEN_DIR, `visual-product-${locale}.png`), fullPage: true });
      expect(await clippedValues(page)).toEqual([]);
      expect(await rawCodesShown(page)).toEqual([]);
      expect((await tofuChars(page)).tofu).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
  }
});
