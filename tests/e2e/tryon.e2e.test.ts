// Try-on in the browser against the real server on a small demo store (its bundled model photos): glasses fitted on
// the portrait, before / after, saved to the gallery and exported at 800×800; in 中文, a photo without a face for glasses
// says so in Chinese. A batch over every photo names the photo each failure is about, under a title that counts them
// (not "No preview made" when previews were saved); an uploaded photo keeps its own name; gallery thumbnails of different
// shapes keep to their cells at 1280 px. Screenshots of both languages go to tests/artifacts/screens/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openScreen, pickTryOnProduct as pickProduct, SCREEN_DIR, startDesk } from './harness';

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

afterAll(() => closeAll(browser, desk, folder));

function openTryOn(locale: string): Promise<{ page: Page; errors: string[] }> {
  return openScreen(browser, desk.url, locale, 'tryon');
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
  for (const [locale, failedTitle] of [
    ['en-US', '1 preview could not be made'],
    ['zh-CN', '1 张预览无法生成'],
  ] as const) {
    it(`a batch over every photo names the photo of each failure; an upload keeps its name; gallery cells do not overlap at 1280 px (${locale})`, async () => {
      const { page, errors } = await openTryOn(locale);
      await page.setViewportSize({ width: 1280, height: 900 });
      const photos = page.locator('[data-testid="tryon-photos"]');
      // The portrait again, smaller (other bytes), uploaded under the name the merchant gave it.
      const count = Number(await photos.getAttribute('data-count'));
      const anna = await sharp(readFileSync(join(__dirname, '..', '..', 'engine', 'tryon', 'photos', 'portrait.jpg'))).resize(locale === 'en-US' ? 600 : 620).jpeg().toBuffer();
      await page.setInputFiles('input[type="file"]', { name: 'Anna at the beach.jpg', mimeType: 'image/jpeg', buffer: anna });
      await page.locator(`[data-testid="tryon-photos"][data-count="${count + 1}"]`).waitFor({ timeout: 60_000 });
      expect(await photos.locator('button').last().getAttribute('aria-label')).toBe('Anna at the beach.jpg');
      await pickProduct(page, eyewear);
      await page.click('[data-testid="tryon-batch"]');
      const progress = page.locator('[data-testid="tryon-batch-progress"][data-pct="100"]');
      await progress.waitFor({ timeout: 240_000 });
      // Every photo but the hands gets its preview (the hands photo has no face for glasses): as many as there were before.
      const made = count;
      expect(await progress.locator('p').last().innerText()).toMatch(locale === 'en-US' ? new RegExp(`^${made} previews saved, 1 could not be made$`) : new RegExp(`^已保存 ${made} 张预览，1 张无法生成$`));
      const failures = page.locator('[data-testid="tryon-batch-failures"]');
      expect(await failures.locator('.mantine-Alert-title').innerText()).toBe(failedTitle);
      expect(await failures.locator('[data-testid="tryon-batch-failure"]').allInnerTexts()).toEqual([expect.stringMatching(new RegExp(`^hands\\.jpg · ${eyewear}(: |：)`))]);
      expect(await page.locator('[data-testid="tryon-error"]').count()).toBe(0);
      // Gallery: every thumbnail stays above its own caption and inside its cell; no two cells overlap.
      await page.locator('[data-testid="tryon-gallery"]').scrollIntoViewIfNeeded();
      const cells = await page.locator('[data-testid="tryon-gallery-cell"]').all();
      expect(cells.length).toBeGreaterThanOrEqual(made);
      const boxes = [];
      for (const c of cells) {
        const cell = (await c.boundingBox())!;
        const img = (await c.locator('img').boundingBox())!;
        const caption = (await c.locator('label').boundingBox())!;
        expect(img.y + img.height).toBeLessThanOrEqual(caption.y + 0.5);
        expect(img.x + img.width).toBeLessThanOrEqual(cell.x + cell.width + 0.5);
        boxes.push(cell);
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i];
          const b = boxes[j];
          const overlap = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;
          expect(overlap, `gallery cells ${i} and ${j} overlap`).toBe(false);
        }
      await page.screenshot({ path: join(SCREEN_DIR, `tryon-batch-${locale}-1280.png`) });
      expect(errors).toEqual([]);
    }, 360_000);
  }
});
