// Try-on photo uploads in the browser against the real server on a small demo store, in en and 中文: a file that is
// not an image is refused under a title that says the photo was not added (not "No preview made"), and a good photo
// added after it clears that message. While a photo is on its way (held back here until checked), the button spins and
// the screen says which photo it is adding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, dataFolder, type Desk, openScreen, startTryOnDesk } from './harness';

let desk: Desk;
let browser: Browser;
const folder = dataFolder();

beforeAll(async () => {
  ({ desk, browser } = await startTryOnDesk(folder.dir));
}, 240_000);

afterAll(() => closeAll(browser, desk, folder));

function openTryOn(locale: string): Promise<{ page: Page; errors: string[] }> {
  return openScreen(browser, desk.url, locale, 'tryon');
}

describe('Try-on photo upload', () => {
  for (const [locale, title, width] of [
    ['en-US', 'Photo not added', 500],
    ['zh-CN', '照片未添加', 520],
  ] as const) {
    it(`a file that is not an image says the photo was not added; a good photo after it clears the message (${locale})`, async () => {
      const { page, errors } = await openTryOn(locale);
      const photos = page.locator('[data-testid="tryon-photos"]');
      const count = Number(await photos.getAttribute('data-count'));
      await page.setInputFiles('input[type="file"]', { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('a shopping list, not a photo\n'.repeat(20)) });
      const alert = page.locator('[data-testid="tryon-error"]');
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.locator('.mantine-Alert-title').innerText()).toBe(title);
      expect(await alert.innerText()).toContain('notes.jpg');
      expect(Number(await photos.getAttribute('data-count'))).toBe(count);
      // The portrait again at another size (other bytes, so a new photo).
      const good = await sharp(readFileSync(join(__dirname, '..', '..', 'engine', 'tryon', 'photos', 'portrait.jpg'))).resize(width).jpeg().toBuffer();
      await page.setInputFiles('input[type="file"]', { name: 'Li Wei.jpg', mimeType: 'image/jpeg', buffer: good });
      await page.locator(`[data-testid="tryon-photos"][data-count="${count + 1}"]`).waitFor({ timeout: 60_000 });
      expect(await alert.count()).toBe(0);
      expect(await photos.locator('button[aria-pressed="true"]').getAttribute('aria-label')).toBe('Li Wei.jpg');
      expect(errors).toEqual([]);
    }, 120_000);
  }

  for (const [locale, text, width] of [
    ['en-US', 'Adding Zhang Min.jpg…', 540],
    ['zh-CN', '正在添加 Zhang Min.jpg…', 560],
  ] as const) {
    it(`a photo on its way is said, with the button busy, until it is added (${locale})`, async () => {
      const { page, errors } = await openTryOn(locale);
      const photos = page.locator('[data-testid="tryon-photos"]');
      const count = Number(await photos.getAttribute('data-count'));
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/upload**', async (route) => {
        await held;
        await route.continue();
      });
      const photo = await sharp(readFileSync(join(__dirname, '..', '..', 'engine', 'tryon', 'photos', 'portrait.jpg'))).resize(width).jpeg().toBuffer();
      await page.setInputFiles('input[type="file"]', { name: 'Zhang Min.jpg', mimeType: 'image/jpeg', buffer: photo });
      const adding = page.locator('[data-testid="tryon-adding"]');
      await adding.waitFor({ timeout: 10_000 });
      expect(await adding.innerText()).toBe(text);
      expect(await page.locator('[data-testid="tryon-upload"]').getAttribute('data-loading')).toBe('true');
      release();
      await page.locator(`[data-testid="tryon-photos"][data-count="${count + 1}"]`).waitFor({ timeout: 60_000 });
      await adding.waitFor({ state: 'detached', timeout: 10_000 });
      expect(await page.locator('[data-testid="tryon-upload"]').getAttribute('data-loading')).toBeNull();
      expect(errors).toEqual([]);
    }, 120_000);
  }
});
