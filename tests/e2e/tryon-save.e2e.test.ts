// Try-on's Save to gallery saves the preview on screen, in the browser against the real server on a small demo store:
// after glasses are tried on the portrait, the saved entry is the portrait's and the preview stays on screen. Picking
// another photo clears the preview (it used to stay, and Save rendered and saved the newly picked photo instead), so
// Save is off until Try on.
import { describe, expect, it } from 'vitest';
import { api, openForFile, openScreen, pickTryOnProduct, startTryOnDesk } from './harness';

const tryOn = openForFile(startTryOnDesk);

type Gallery = { items: { id: number; sku: string; photo_name: string }[] };

describe('Try-on Save to gallery', () => {
  for (const [locale, summary] of [
    ['en-US', /^Eyewear on person #0 of 1 · /],
    ['zh-CN', /^眼镜，人物 #0（共 1 人）· /],
  ] as const) {
    it(`saves the preview on screen, not the photo picked after it (${locale})`, async () => {
      const { desk, browser, eyewear } = tryOn;
      expect(eyewear).not.toBe('');
      const { page, errors } = await openScreen(browser, desk.url, locale, 'tryon');
      const photos = page.locator('[data-testid="tryon-photos"] button');
      await photos.nth(0).click();
      expect(await photos.nth(0).getAttribute('aria-label')).toBe('portrait.jpg');
      await pickTryOnProduct(page, eyewear);
      await page.click('[data-testid="tryon-run"]');
      await page.locator('[data-testid="tryon-result"]').waitFor({ timeout: 120_000 });
      const before = (await api<Gallery>(desk, 'tryon.gallery', {})).items.length;
      await expect(page.locator('[data-testid="tryon-summary"]').innerText()).resolves.toMatch(summary);
      // Another photo is picked: the portrait's preview goes (tryon-pick.e2e), so there is nothing to save until Try on.
      await photos.nth(1).click();
      expect(await photos.nth(1).getAttribute('aria-label')).toBe('three_people.jpg');
      await page.locator('[data-testid="tryon-result"]').waitFor({ state: 'detached', timeout: 10_000 });
      expect(await page.locator('[data-testid="tryon-save"]').isDisabled()).toBe(true);
      // Back on the portrait, tried on again: Save saves the portrait's preview, and the preview stays on screen.
      await photos.nth(0).click();
      await page.click('[data-testid="tryon-run"]');
      await page.locator('[data-testid="tryon-result"]').waitFor({ timeout: 120_000 });
      await page.click('[data-testid="tryon-save"]');
      await page.locator(`[data-testid="tryon-gallery"][data-count="${before + 1}"]`).waitFor({ timeout: 60_000 });
      const saved = (await api<Gallery>(desk, 'tryon.gallery', {})).items[0];
      expect([saved.sku, saved.photo_name]).toEqual([eyewear, 'portrait.jpg']);
      await expect(page.locator('[data-testid="tryon-summary"]').innerText()).resolves.toMatch(summary);
      expect(errors).toEqual([]);
    }, 180_000);
  }
});
