// Visual search says when nothing in the catalogue is close: a banana searched in a fashion store listed twelve
// products with a percentage each and no note, as if they were real matches. On a demo store in a real browser, en and
// 中文: the banana gets "No close match in your catalogue — these are the nearest" above its results; a new photo of
// one of the store's own products (read from the store's SQLite file, cropped, mirrored, re-encoded) does not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let errors: string[];
const folder = dataFolder();
const BANANA = join(__dirname, '..', 'unit', 'fixtures', 'vision', 'banana-iconic.jpg');

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 12, days: 30, end: '2026-12-01' });
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'images.index', {}))).status).toBe('succeeded');
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitReady(page);
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

/** Searches a photo file on the screen and waits for its results. */
async function searchPhoto(file: string): Promise<void> {
  await page.setInputFiles('[data-testid="visual-file"]', file);
  // The search runs for seconds (detection and features): its spinner shows, then the results.
  await page.waitForSelector('[data-testid="visual-busy"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="visual-busy"]', { state: 'detached', timeout: 120_000 });
  await page.waitForSelector('[data-testid="visual-match"]', { timeout: 10_000 });
  await waitReady(page, 'visual');
}

describe('no close match in the catalogue', () => {
  it('a banana in a fashion store: "No close match in your catalogue" above the nearest products; a photo of a product sold: no note (en, 中文)', async () => {
    await page.click('[data-testid="nav-visual"]');
    await waitReady(page, 'visual');
    await searchPhoto(BANANA);
    const note = page.locator('[data-testid="visual-no-close-match"]');
    expect(await note.innerText()).toBe('No close match in your catalogue — these are the nearest.');
    expect(await page.locator('[data-testid="visual-match"]').count()).toBeGreaterThan(0);
    // Above the results, not beside or below them.
    const noteBox = await note.boundingBox();
    const gridBox = await page.locator('[data-testid="visual-results"]').boundingBox();
    expect(noteBox && gridBox && noteBox.y + noteBox.height <= gridBox.y).toBe(true);
    await switchLang(page, 'zh');
    expect(await note.innerText()).toBe('目录中没有相近的商品——以下是最接近的。');

    const { path } = await api<{ path: string }>(desk, 'store.info', { backend: false });
    const db = new Database(path, { readonly: true });
    const row = db.prepare("SELECT p.sku, i.bytes FROM images i JOIN products p ON p.id = i.product_id WHERE i.mime = 'image/jpeg' ORDER BY i.id LIMIT 1 OFFSET 4").get() as { sku: string; bytes: Buffer };
    db.close();
    const meta = await sharp(row.bytes).metadata();
    const w = meta.width ?? 0, h = meta.height ?? 0;
    const photo = join(folder.dir, 'customer-photo.jpg');
    writeFileSync(photo, await sharp(row.bytes).extract({ left: Math.round(w * 0.05), top: Math.round(h * 0.05), width: Math.round(w * 0.9), height: Math.round(h * 0.9) }).flop().jpeg({ quality: 70 }).toBuffer());
    await searchPhoto(photo);
    expect(await page.locator('[data-testid="visual-match-link"]').allInnerTexts()).toContain(row.sku);
    expect(await note.count()).toBe(0);
    await switchLang(page, 'en');
    expect(await note.count()).toBe(0);
    expect(errors).toEqual([]);
  }, 300_000);
});
