// Visual search's "…or pick a product" reaches every product with a photo, not only the first 50 listed: on a
// catalogue of 120 products the one typed by part of its SKU (60th in any order) can be picked and its look-alike shows.
// A file that is not a photo, or a blank one, is refused naming the user's own file, in the screen's language, and the
// refusal follows a language switch (it stayed in the language it was first worded in). A search still running when the
// merchant leaves the screen and comes back is shown running, then its result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { closeAll, dataFolder, type Desk, openScreen, SCREEN_DIR, switchLang, switchLangReading, waitReady } from './harness';
import { startPhotoDesk } from './photo-store';

let desk: Desk;
let browser: Browser;
const folder = dataFolder();
const N = 120;
const sku = (i: number): string => `CAT-${String(i).padStart(4, '0')}`;
// The product the test picks and the one drawn like it (the rest are other hues).
const TARGET = 60;
const TWIN = 61;

/** A coloured disc on white: the target and its twin yellow, every other product a hue between cyan and magenta. */
function disc(i: number): Promise<Buffer> {
  const hue = i === TARGET || i === TWIN ? 55 : 180 + ((i * 37) % 150);
  const r = i === TWIN ? 84 : 90;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128"><rect width="128" height="128" fill="#fff"/><circle cx="64" cy="64" r="${r / 2}" fill="hsl(${hue},80%,45%)"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

beforeAll(async () => {
  const discs = Array.from({ length: N }, async (_, k) => ({ sku: sku(k + 1), en: `Disc ${k + 1}`, zh: `圆盘 ${k + 1}`, png: await disc(k + 1) }));
  ({ desk, browser } = await startPhotoDesk(folder.dir, await Promise.all(discs)));
}, 240_000);

afterAll(() => closeAll(browser, desk, folder));

describe('visual search: pick a product', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`a product beyond the first 50 is found by typing part of its SKU, and its look-alike shows (${locale})`, async () => {
      const { page, errors } = await openScreen(browser, desk.url, locale, 'visual');
      const picker = page.locator('[data-testid="visual-product"]');
      await picker.click();
      // Typed key by key as a user does: the box keeps the text while the engine answers each keystroke.
      await page.keyboard.type('0060', { delay: 60 });
      await page.getByRole('option', { name: new RegExp(sku(TARGET)) }).waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="visual-product"][data-results-for="0060"]').waitFor({ timeout: 30_000 });
      expect(await picker.inputValue()).toBe('0060');
      const options = page.getByRole('option');
      expect(await options.allInnerTexts()).toEqual([`${sku(TARGET)} · ${locale === 'zh-CN' ? '圆盘' : 'Disc'} ${TARGET}`]);
      await options.first().click();
      await page.waitForSelector('[data-testid="visual-match"]', { timeout: 60_000 });
      expect(await picker.inputValue()).toBe(`${sku(TARGET)} · ${locale === 'zh-CN' ? '圆盘' : 'Disc'} ${TARGET}`);
      expect(await page.locator('[data-testid="visual-match-link"]').first().innerText()).toBe(sku(TWIN));
      await page.screenshot({ path: join(SCREEN_DIR, `visual-picker-${locale}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  }
});

describe('visual search: the picked product after a language switch', () => {
  it('is named in Chinese as the screen turns 中文, and in English again as it turns back', async () => {
    const { page, errors } = await openScreen(browser, desk.url, 'en-US', 'visual');
    const picker = page.locator('[data-testid="visual-product"]');
    await picker.click();
    await page.keyboard.type('0060', { delay: 60 });
    await page.locator('[data-testid="visual-product"][data-results-for="0060"]').waitFor({ timeout: 30_000 });
    await page.getByRole('option', { name: new RegExp(sku(TARGET)) }).click();
    await page.waitForSelector('[data-testid="visual-match"]', { timeout: 60_000 });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    expect(await picker.inputValue()).toBe(`${sku(TARGET)} · Disc ${TARGET}`);
    // Beyond the picker's first 50, so the box cannot take the label from the listed options: it kept 'CAT-0060 · Disc
    // 60' in 中文 for good. It follows in the very update that turns the screen's words.
    expect(await switchLangReading(page, 'zh', 'visual-product')).toBe(`${sku(TARGET)} · 圆盘 ${TARGET}`);
    expect(await picker.inputValue()).toBe(`${sku(TARGET)} · 圆盘 ${TARGET}`);
    await page.screenshot({ path: join(SCREEN_DIR, 'visual-picker-switched-zh.png'), fullPage: true });
    expect(await switchLangReading(page, 'en', 'visual-product')).toBe(`${sku(TARGET)} · Disc ${TARGET}`);
    // Still the same product's results, and the box still names it once every answer is in.
    await page.locator('[data-testid="visual-product"][data-results-for=""]').waitFor({ timeout: 30_000 });
    expect(await picker.inputValue()).toBe(`${sku(TARGET)} · Disc ${TARGET}`);
    expect(await page.locator('[data-testid="visual-match-link"]').first().innerText()).toBe(sku(TWIN));
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('visual search: a photo it cannot search', () => {
  const NOT_PHOTO = {
    en: 'The photo supplier notes.jpg cannot be used: it is not an image (use a JPEG, PNG, WebP, GIF, TIFF or AVIF photo)',
    zh: '无法使用照片 supplier notes.jpg：它不是图片（请使用 JPEG、PNG、WebP、GIF、TIFF 或 AVIF 照片）',
  };
  const BLANK = {
    en: 'The photo blank.png cannot be used: it is blank, one plain colour with nothing in it to search for (use a photo of the product)',
    zh: '无法使用照片 blank.png：整张照片只有一种颜色，没有可搜索的内容（请使用商品的照片）',
  };
  for (const [locale, lang, other] of [
    ['en-US', 'en', 'zh'],
    ['zh-CN', 'zh', 'en'],
  ] as const) {
    it(`says why, naming the file as the user named it, in the screen's language, and follows a language switch (${locale})`, async () => {
      const { page, errors } = await openScreen(browser, desk.url, locale, 'visual');
      const error = page.locator('[data-testid="visual-error"]');
      await page.setInputFiles('[data-testid="visual-file"]', { name: 'supplier notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('Dear supplier, the photos follow.\n'.repeat(30)) });
      await error.waitFor({ timeout: 60_000 });
      expect(await error.innerText()).toBe(NOT_PHOTO[lang]);
      // The refusal was worded in the language of the moment; after a switch it reads in the new one.
      await switchLang(page, other);
      expect(await error.innerText()).toBe(NOT_PHOTO[other]);
      // A blank photo (one plain colour) is refused in the language now shown, and follows the switch back.
      const blank = await sharp({ create: { width: 200, height: 160, channels: 3, background: '#ffffff' } }).png().toBuffer();
      await page.setInputFiles('[data-testid="visual-file"]', { name: 'blank.png', mimeType: 'image/png', buffer: blank });
      await page.waitForFunction((t) => document.querySelector('[data-testid="visual-error"]')?.textContent === t, BLANK[other], { timeout: 60_000 });
      await switchLang(page, lang);
      expect(await error.innerText()).toBe(BLANK[lang]);
      await page.screenshot({ path: join(SCREEN_DIR, `visual-refusal-${locale}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  }
});

describe('visual search: a search still running when the merchant comes back', () => {
  for (const [locale, searching] of [
    ['en-US', 'Searching for products that look alike…'],
    ['zh-CN', '正在搜索外观相似的商品…'],
  ] as const) {
    it(`shows it running, then its result (it showed the hint and the result never came) (${locale})`, async () => {
      const { page, errors } = await openScreen(browser, desk.url, locale, 'visual');
      // The engine's answer is held until the merchant has left the screen and come back: no race with its speed.
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      let asked: () => void = () => undefined;
      const sent = new Promise<void>((r) => (asked = r));
      await page.route('**/api/op/images.search', async (route) => {
        asked();
        await held;
        await route.continue();
      });
      await page.setInputFiles('[data-testid="visual-file"]', { name: 'yellow disc.png', mimeType: 'image/png', buffer: await disc(TARGET) });
      await sent;
      await page.locator('[data-testid="visual-busy"]').waitFor();
      await page.click('[data-testid="nav-dashboard"]');
      await waitReady(page, 'dashboard');
      await page.click('[data-testid="nav-visual"]');
      await page.locator('[data-testid="visual-screen"]').waitFor();
      // Back while the search runs: it is shown running, not the 'drop a photo' hint.
      expect(await page.locator('[data-testid="visual-busy"]').innerText()).toBe(searching);
      await page.screenshot({ path: join(SCREEN_DIR, `visual-search-running-${locale}.png`), fullPage: true });
      release();
      await waitReady(page, 'visual');
      await page.locator('[data-testid="visual-match"]').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="visual-busy"]').count()).toBe(0);
      // The photo searched is its product, whose twin is drawn alike: both lead the results.
      expect((await page.locator('[data-testid="visual-match-link"]').allInnerTexts()).slice(0, 2).sort()).toEqual([sku(TARGET), sku(TWIN)]);
      expect(await page.locator('[data-testid="visual-photo"]').count()).toBe(1);
      expect(errors).toEqual([]);
      await page.unroute('**/api/op/images.search');
      await page.close();
    }, 120_000);
  }
});
