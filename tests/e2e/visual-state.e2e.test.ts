// Visual search on a fresh demo store, in a real browser: the Duplicates tab says when photos are not indexed yet (it
// said '0 likely duplicate listings' on a store whose photos had never been indexed) and offers the build; the screen
// keeps its tab, searched photo and results when the merchant opens a match in Inventory and comes back (it started over).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
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
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitReady(page);
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

/** Opens another screen, then comes back to Visual search. */
async function awayAndBack(): Promise<void> {
  await page.click('[data-testid="nav-dashboard"]');
  await waitReady(page, 'dashboard');
  await page.click('[data-testid="nav-visual"]');
  await waitReady(page, 'visual');
}

describe('visual search on a demo store', () => {
  it('the Duplicates tab says the photos are not indexed yet and builds the index from there (en, 中文)', async () => {
    const status = await api<{ images: number; indexed: number }>(desk, 'images.status', {});
    expect(status.images).toBeGreaterThan(12);
    expect(status.indexed).toBe(0);
    await page.click('[data-testid="nav-visual"]');
    await waitReady(page, 'visual');
    await page.click('[data-testid="visual-tab-duplicates"]');
    await waitReady(page, 'visual');
    const note = page.locator('[data-testid="visual-dup-not-indexed"]');
    expect(await note.innerText()).toBe(`${status.images} of ${status.images} photos are not indexed yet, so their duplicates are not listed: build the index to find them.`);
    await switchLang(page, 'zh');
    expect(await note.innerText()).toBe(`${status.images} 张图片中有 ${status.images} 张尚未建立索引，它们的重复商品不会列出：建立索引后才能找到。`);
    expect(await page.locator('[data-testid="visual-build-index"]').innerText()).toBe('建立图片索引');
    await page.click('[data-testid="visual-build-index"]');
    await page.waitForSelector('[data-testid="visual-index-progress"]', { timeout: 30_000 });
    // Once built, the note goes and the list is the one the engine finds among the indexed photos.
    await note.waitFor({ state: 'detached', timeout: 240_000 });
    const pairs = (await api<{ pairs: unknown[] }>(desk, 'images.duplicates', { limit: 200 })).pairs.length;
    await page.waitForFunction((n) => document.querySelector('[data-testid="visual-dup-count"]')?.textContent === `有 ${n} 组可能重复的商品：不同商品的图片看起来一样。`, pairs, { timeout: 60_000 });
    await switchLang(page, 'en');
    expect(errors).toEqual([]);
  }, 300_000);

  it('keeps the tab, the searched photo and its results after a match is opened in Inventory and the way back (en, 中文)', async () => {
    // Indexed over the API when the test runs alone (quick once built).
    const built = await api<{ jobId: string }>(desk, 'images.index', {});
    expect((await finishedJob(desk, built)).status).toBe('succeeded');
    await page.click('[data-testid="nav-visual"]');
    await waitReady(page, 'visual');
    await page.click('[data-testid="visual-tab-duplicates"]');
    await waitReady(page, 'visual');
    // The tab left open is open again.
    await awayAndBack();
    expect(await page.getAttribute('[data-testid="visual-tab-duplicates"]', 'aria-selected')).toBe('true');
    await page.click('[data-testid="visual-tab-search"]');
    await waitReady(page, 'visual');
    await page.setInputFiles('[data-testid="visual-file"]', BANANA);
    await page.waitForSelector('[data-testid="visual-match"]', { timeout: 120_000 });
    await waitReady(page, 'visual');
    const skus = (): Promise<string[]> => page.locator('[data-testid="visual-match-link"]').allInnerTexts();
    const before = await skus();
    const crop = await page.locator('[data-testid="visual-crop-source"]').innerText();
    expect(before.length).toBeGreaterThan(0);
    // The merchant opens the first match in Inventory, then comes back.
    await page.locator('[data-testid="visual-match-link"]').first().click();
    await waitReady(page, 'inventory');
    await page.click('[data-testid="nav-visual"]');
    await waitReady(page, 'visual');
    expect(await skus()).toEqual(before);
    expect(await page.locator('[data-testid="visual-crop-source"]').innerText()).toBe(crop);
    expect(await page.locator('img[data-testid="visual-photo-img"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    // A product searched in 中文 is still picked, with its results, after a visit to the Dashboard.
    await switchLang(page, 'zh');
    const picker = page.locator('[data-testid="visual-product"]');
    await picker.click();
    await page.keyboard.type('-0002', { delay: 40 });
    await page.getByRole('option').first().waitFor({ timeout: 30_000 });
    await page.getByRole('option').first().click();
    await page.waitForSelector('[data-testid="visual-graph-weight"], [data-testid="visual-match"]', { timeout: 60_000 });
    await waitReady(page, 'visual');
    const picked = await picker.inputValue();
    expect(picked).toMatch(/-0002 · /);
    const productMatches = await skus();
    expect(productMatches.length).toBeGreaterThan(0);
    await awayAndBack();
    expect(await picker.inputValue()).toBe(picked);
    expect(await skus()).toEqual(productMatches);
    await switchLang(page, 'en');
    expect(errors).toEqual([]);
  }, 240_000);
});
