// Pricing and its Export dialog read by a merchant on a small demo store, in a real Chromium against `desk serve`:
// an export with nothing to send says why and offers every product instead of writing an empty file.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = dataFolder();

beforeAll(async () => {
  desk = await startDesk({ dataDir: folder.dir });
  const demo = await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', { skus: 12, days: 120, end: '2026-11-30' }));
  expect(demo.status).toBe('succeeded');
  await api(desk, 'pricing.recommend', { draws: 20 });
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 900 });
  await waitReady(page);
  await page.click('[data-testid="nav-pricing"]');
  await waitReady(page, 'pricing');
}, 180_000);

afterAll(() => closeAll(browser, desk, folder));

/** Picks an option of one of the dialog's selects. */
async function pick(testid: string, option: string): Promise<void> {
  await page.locator(`[data-testid="${testid}"]`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Closes the Export dialog. */
async function closeDialog(): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="export-run"]').waitFor({ state: 'hidden' });
}

describe('Pricing follow-ups', () => {
  it('a first export with "only changed" and nothing to send writes no file, says why and offers every product (English, then 中文)', async () => {
    await page.click('[data-testid="pricing-export"]');
    await pick('export-format', 'Amazon Price & Quantity (tab-delimited)');
    expect(await page.locator('[data-testid="export-only-changed"]').isChecked()).toBe(true);
    await page.click('[data-testid="export-run"]');
    // It said "Wrote 0 rows to …" and offered an empty file to download.
    const empty = page.locator('[data-testid="export-empty"]');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.getAttribute('data-code')).toBe('unchanged_first');
    expect(await empty.textContent()).toMatch(/^No file written: nothing to send yet\. No price list has gone to this marketplace, and all 12 products have the price the shop lists now/);
    expect(await page.locator('[data-testid="export-download"]').count()).toBe(0);
    mkdirSync(SCREEN_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREEN_DIR, 'pricing-export-empty-en.png') });
    // One click writes every product as it is.
    await page.click('[data-testid="export-write-all"]');
    await expect.poll(async () => page.locator('[data-testid="export-result"]').getAttribute('data-written'), { timeout: 30_000 }).toBe('12');
    expect(await page.locator('[data-testid="export-only-changed"]').isChecked()).toBe(false);
    expect(await page.locator('[data-testid="export-download"]').count()).toBe(1);
    await closeDialog();

    // In 中文, the same export again: nothing changed since the last one.
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=定价');
    await page.click('[data-testid="pricing-export"]');
    await pick('export-format', '亚马逊价格与数量文件（制表符分隔）');
    const only = page.locator('[data-testid="export-only-changed"]');
    if (!(await only.isChecked())) await only.click();
    await page.click('[data-testid="export-run"]');
    await expect.poll(async () => empty.getAttribute('data-code'), { timeout: 30_000 }).toBe('unchanged');
    expect(await empty.textContent()).toContain('未写入文件：自上次导出到该平台以来，没有商品的价格或库存发生变化（12 个商品未变）。');
    expect(await page.locator('[data-testid="export-write-all"]').textContent()).toBe('按现状写出全部 12 个商品');
    await page.screenshot({ path: join(SCREEN_DIR, 'pricing-export-empty-zh.png') });
    await closeDialog();
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=Pricing');
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
