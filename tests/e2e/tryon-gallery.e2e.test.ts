// Try-on's gallery tells its previews apart, in the browser against the real server on a small demo store, in en and
// 中文: one product saved on two photos is captioned with the product's title in the UI language, the photo's name and
// when it was made ('Polarised Aviator…', 'portrait.jpg', 'Dec 6, 2026, 09:31'); each caption was the bare SKU, alike.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeAll, dataFolder, type Desk, launchChromium, openPage, startDemoDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
const folder = dataFolder();
let eyewear: { sku: string; titleEn: string; titleZh: string };
const made: string[] = [];

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 24, days: 60, end: '2026-10-31' });
  const { products } = await api<{ products: { sku: string; type: string; titleEn: string; titleZh: string }[] }>(desk, 'tryon.products', {});
  eyewear = products.find((p) => p.type === 'eyewear')!;
  const { photos } = await api<{ photos: { id: number; name: string }[] }>(desk, 'tryon.photos', {});
  // The same glasses saved on the portrait and on the three people (the newest first in the gallery).
  for (const name of ['portrait.jpg', 'three_people.jpg']) {
    const photo = photos.find((p) => p.name === name)!;
    await api(desk, 'tryon.render', { photo: { photoId: photo.id }, sku: eyewear.sku, save: true, preview: false });
    made.push(name);
  }
  browser = await launchChromium();
}, 240_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Try-on gallery captions', () => {
  for (const [locale, title, year] of [
    ['en-US', () => eyewear.titleEn, /, 20\d\d, \d\d:\d\d$/],
    ['zh-CN', () => eyewear.titleZh, /20\d\d年\d+月\d+日 \d\d:\d\d$/],
  ] as const) {
    it(`each preview is captioned with the product's title, the photo and when it was made (${locale})`, async () => {
      expect(made).toEqual(['portrait.jpg', 'three_people.jpg']);
      expect(eyewear.titleZh).toMatch(/\p{Script=Han}/u);
      const { page, errors } = await openPage(browser, desk.url, locale);
      await waitReady(page, 'dashboard');
      await page.click('[data-testid="nav-tryon"]');
      await waitReady(page, 'tryon');
      await page.locator('[data-testid="tryon-gallery"][data-count="2"]').waitFor({ timeout: 30_000 });
      const cells = page.locator('[data-testid="tryon-gallery-cell"]');
      const titles = await cells.locator('[data-testid="tryon-gallery-title"]').allInnerTexts();
      expect(titles).toEqual([title(), title()]);
      expect(await cells.locator('[data-testid="tryon-gallery-photo"]').allInnerTexts()).toEqual(['three_people.jpg', 'portrait.jpg']);
      const when = await cells.locator('[data-testid="tryon-gallery-when"]').allInnerTexts();
      expect(when).toHaveLength(2);
      for (const w of when) expect(w).toMatch(year);
      expect(errors).toEqual([]);
    }, 120_000);
  }
});
