// Try-on's preview area follows what is picked, in the browser against the real server on a small demo store, in en and
// 中文: after a preview, picking another photo or another product clears it and shows the newly picked photo ready for
// Try on (the old preview stayed under the new choice with nothing saying it was of the previous photo). What the
// preview area says while a preview is being made is tested in tryon-notice.e2e.test.ts (on a store of its own).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, dataFolder, type Desk, openScreen, pickTryOnProduct as pickProduct, startTryOnDesk } from './harness';

let desk: Desk;
let browser: Browser;
const folder = dataFolder();
let eyewear = '';
let other = '';

beforeAll(async () => {
  let products: { sku: string }[];
  ({ desk, browser, products, eyewear } = await startTryOnDesk(folder.dir));
  other = products.find((p) => p.sku !== eyewear)?.sku ?? '';
}, 240_000);

afterAll(() => closeAll(browser, desk, folder));

function openTryOn(locale: string): Promise<{ page: Page; errors: string[] }> {
  return openScreen(browser, desk.url, locale, 'tryon');
}

describe('Try-on preview and the picks', () => {
  for (const [locale, ready] of [
    ['en-US', (photo: string) => `${photo}: press Try on to see the product on this photo.`],
    ['zh-CN', (photo: string) => `${photo}：点击“试戴”查看商品在这张照片上的效果。`],
  ] as const) {
    it(`picking another photo or product clears the preview and shows the new pick ready for Try on (${locale})`, async () => {
      expect(eyewear).not.toBe('');
      expect(other).not.toBe('');
      const { page, errors } = await openTryOn(locale);
      const photos = page.locator('[data-testid="tryon-photos"] button');
      const result = page.locator('[data-testid="tryon-result"]');
      const picked = page.locator('[data-testid="tryon-picked"]');
      const save = page.locator('[data-testid="tryon-save"]');
      expect(await photos.nth(0).getAttribute('aria-label')).toBe('portrait.jpg');
      await photos.nth(0).click();
      await pickProduct(page, eyewear);
      await page.click('[data-testid="tryon-run"]');
      await result.waitFor({ timeout: 120_000 });
      expect(await picked.count()).toBe(0);

      // Another photo: the portrait's preview goes, the new photo is shown with what to do next.
      await photos.nth(1).click();
      await result.waitFor({ state: 'detached', timeout: 10_000 });
      expect(await picked.getAttribute('data-photo')).toBe('three_people.jpg');
      await expect(picked.innerText()).resolves.toContain(ready('three_people.jpg'));
      expect(await picked.locator('img').getAttribute('alt')).toBe('three_people.jpg');
      expect(await save.isDisabled()).toBe(true);

      // A preview on that photo, then another product: cleared the same way.
      await page.click('[data-testid="tryon-run"]');
      await result.waitFor({ timeout: 120_000 });
      await pickProduct(page, other);
      await result.waitFor({ state: 'detached', timeout: 10_000 });
      expect(await picked.getAttribute('data-photo')).toBe('three_people.jpg');
      expect(await save.isDisabled()).toBe(true);
      expect(errors).toEqual([]);
    }, 240_000);
  }
});
