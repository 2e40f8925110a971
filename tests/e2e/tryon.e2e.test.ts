// Try-on in the browser against the real server on a small demo store (its bundled model photos): glasses fitted on
// the portrait, before / after, saved to the gallery and exported at 800×800; in 中文, a photo without a face for glasses
// says so in Chinese. Screenshots of both languages go to tests/artifacts/screens/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, dataFolder, finishedJob, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady, type Desk } from './harness';

let desk: Desk;
let browser: Browser;
const folder = dataFolder();
let eyewear = '';

beforeAll(async () => {
  desk = await startDesk({ dataDir: folder.dir });
  const demo = await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', { skus: 24, days: 60, end: '2026-10-31' }));
  expect(demo.status).toBe('succeeded');
  const { products } = await api<{ products: { sku: string; type: string }[] }>(desk, 'tryon.products', {});
  eyewear = products.find((p) => p.type === 'eyewear')?.sku ?? '';
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  folder.cleanup();
});

async function openTryOn(locale: string): Promise<{ page: Page; errors: string[] }> {
  const o = await openPage(browser, desk.url, locale);
  await waitReady(o.page, 'dashboard');
  await o.page.click('[data-testid="nav-tryon"]');
  await waitReady(o.page, 'tryon');
  return o;
}

async function pickProduct(page: Page, sku: string): Promise<void> {
  await page.click('[data-testid="tryon-product"]');
  await page.fill('[data-testid="tryon-product"]', sku);
  await page.getByRole('option', { name: new RegExp(sku) }).first().click();
}

describe('Try-on screen', () => {
  it('fits glasses on the bundled portrait, shows before / after, saves to the gallery and exports 800×800', async () => {
    expect(eyewear).not.toBe('');
    const { page, errors } = await openTryOn('en-US');
    await expect(page.locator('[data-testid="tryon-photos"]').getAttribute('data-count')).resolves.toBe('3');
    await page.click('[data-testid="tryon-photos"] button >> nth=0');
    await pickProduct(page, eyewear);
    await page.click('[data-testid="tryon-run"]');
    const result = page.locator('[data-testid="tryon-result"]');
    await result.waitFor({ timeout: 120_000 });
    await expect(result.getAttribute('data-type')).resolves.toBe('eyewear');
    await expect(page.locator('[data-testid="tryon-summary"]').innerText()).resolves.toMatch(/^Eyewear on person #0 of 1 · [\d.]+ s$/);
    await page.getByText('Before', { exact: true }).click();
    await expect(page.locator('[data-testid="tryon-preview"]').getAttribute('data-view')).resolves.toBe('before');
    await page.getByText('After', { exact: true }).click();
    mkdirSync(SCREEN_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREEN_DIR, 'tryon-en.png') });
    await page.click('[data-testid="tryon-save"]');
    const gallery = page.locator('[data-testid="tryon-gallery"][data-count="1"]');
    await gallery.waitFor({ timeout: 60_000 });
    await page.locator('[data-testid^="tryon-gallery-item-"]').first().click();
    await page.getByRole('combobox', { name: 'Size' }).click();
    await page.getByRole('option', { name: '800×800' }).click();
    await page.click('[data-testid="tryon-export"]');
    await page.locator('[data-testid="tryon-exported"]').waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-testid="tryon-exported"]').innerText()).resolves.toMatch(/1 file written[\s\S]*-800\.jpg/);
    expect(errors).toEqual([]);
  }, 240_000);

  it('in Chinese, glasses on the hands photo say that no face is visible, in Chinese', async () => {
    const { page, errors } = await openTryOn('zh-CN');
    await expect(page.getByText('模特照片', { exact: true }).count()).resolves.toBe(1);
    await page.click('[data-testid="tryon-photos"] button >> nth=2');
    await pickProduct(page, eyewear);
    await page.click('[data-testid="tryon-run"]');
    const err = page.locator('[data-testid="tryon-error"]');
    await err.waitFor({ timeout: 120_000 });
    await expect(err.innerText()).resolves.toMatch(/人物 0 的脸部不可见；眼镜需要脸部/);
    await page.screenshot({ path: join(SCREEN_DIR, 'tryon-zh.png') });
    expect(errors).toEqual([]);
  }, 240_000);
});
