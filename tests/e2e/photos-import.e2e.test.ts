// Product photos from the Data screen (browser mode): picked photos are zipped in the page, uploaded and matched
// to products by file name; an unreadable file is listed by name with its reason, the rest are stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../engine/db/store';
import { fillStore } from '../unit/dashboard-fixture';
import { closeAll, dataFolder, type Desk, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let skus: string[] = [];
const folder = dataFolder();
const storePath = join(folder.dir, 'shop.db');

beforeAll(async () => {
  const store = openStore(storePath, { create: true });
  skus = fillStore(store.db, { skus: 12, days: 30, seed: 5 }).products.map((p) => p.sku);
  store.close();
  const photo = (r: number, g: number, b: number): Promise<Buffer> => sharp({ create: { width: 320, height: 240, channels: 3, background: { r, g, b } } }).jpeg().toBuffer();
  writeFileSync(join(folder.dir, `${skus[0].toLowerCase()}.jpg`), await photo(200, 30, 30));
  writeFileSync(join(folder.dir, `${skus[1]}_2.jpg`), await photo(30, 30, 200));
  writeFileSync(join(folder.dir, `${skus[2]}-front.jpg`), Buffer.from('this is not a picture')); // matches a product, cannot be decoded
  desk = await startDesk({ dataDir: folder.dir, store: storePath });
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
});

afterAll(() => closeAll(browser, desk, folder));

function imagesBySku(): Map<string, number> {
  const st = openStore(storePath, { create: false });
  try {
    const rows = st.db.prepare('SELECT p.sku AS sku, count(*) AS n FROM images i JOIN products p ON p.id = i.product_id GROUP BY p.sku').all() as { sku: string; n: number }[];
    return new Map(rows.map((r) => [r.sku, r.n]));
  } finally {
    st.close();
  }
}

describe('product photos on the Data screen', () => {
  it('picked photos are matched by file name; the broken one is named with its reason and the rest stored', async () => {
    await page.click('[data-testid="nav-data"]');
    await waitReady(page, 'data');
    await page.waitForSelector('[data-testid="photos-import"]');
    // Without "skip": the broken file stops the whole import and nothing is stored.
    await page.setInputFiles('[data-testid="photos-files-input"]', [`${skus[2]}-front.jpg`, `${skus[0].toLowerCase()}.jpg`, `${skus[1]}_2.jpg`].map((f) => join(folder.dir, f)));
    await page.waitForSelector('[data-testid="photos-error"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="photos-rejects"]').innerText()).toContain(`${skus[2]}-front.jpg`);
    expect(imagesBySku().size).toBe(0);
    // With "skip": the two photos go in, the broken one is listed.
    await page.check('[data-testid="photos-skip"]');
    await page.setInputFiles('[data-testid="photos-files-input"]', [`${skus[2]}-front.jpg`, `${skus[0].toLowerCase()}.jpg`, `${skus[1]}_2.jpg`].map((f) => join(folder.dir, f)));
    await page.waitForSelector('[data-testid="photos-counts"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="photos-count-inserted"]')).toBe('2');
    expect(await page.textContent('[data-testid="photos-count-rejected"]')).toBe('1');
    expect(await page.locator('[data-testid="photos-rejects"]').innerText()).toContain(`${skus[2]}-front.jpg`);
    const stored = imagesBySku();
    expect(stored.get(skus[0])).toBe(1);
    expect(stored.get(skus[1])).toBe(1);
    expect(stored.size).toBe(2);
    mkdirSync(SCREEN_DIR, { recursive: true });
    await page.locator('[data-testid="photos-import"]').screenshot({ path: join(SCREEN_DIR, 'data-photos-en.png') });
  }, 120_000);

  it('the panel is in Chinese when the app is', async () => {
    const zh = await openPage(browser, desk.url, 'zh-CN');
    await waitReady(zh.page, 'dashboard');
    await zh.page.click('[data-testid="nav-data"]');
    await waitReady(zh.page, 'data');
    const text = await zh.page.locator('[data-testid="photos-import"]').innerText();
    expect(text).toContain('商品图片');
    expect(text).toContain('选择文件夹');
    await zh.page.locator('[data-testid="photos-import"]').screenshot({ path: join(SCREEN_DIR, 'data-photos-zh.png') });
    await zh.page.close();
  }, 60_000);
});
