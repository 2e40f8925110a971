// Try-on anchors set by hand have a way back to automatic, in the browser against the real server on a small demo store,
// in en and 中文: the chosen product's anchors are shown on its cut-out as set by hand, with "Reset to automatic" /
// "恢复自动"; pressing it discards them, makes the cut-out again and shows the anchors as automatic, the same points the
// product had before they were set by hand (there was no way back: only tryon.product.update, which keeps them manual).
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, closeAll, dataFolder, type Desk, launchChromium, openPage, SCREEN_DIR, startDemoDesk, waitReady } from './harness';

type Pt = { x: number; y: number };
let desk: Desk;
let browser: Browser;
const folder = dataFolder();
let eyewear = '';
let auto: Record<string, Pt> = {};

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 24, days: 60, end: '2026-10-31' });
  const { products } = await api<{ products: { sku: string; type: string }[] }>(desk, 'tryon.products', {});
  eyewear = products.find((p) => p.type === 'eyewear')?.sku ?? '';
  auto = (await api<{ anchors: Record<string, Pt> }>(desk, 'tryon.product', { sku: eyewear })).anchors;
  browser = await launchChromium();
}, 240_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Try-on: Reset to automatic', () => {
  for (const [locale, manual, reset, automatic] of [
    ['en-US', 'Set by hand', 'Reset to automatic', 'Automatic'],
    ['zh-CN', '手动设置', '恢复自动', '自动'],
  ] as const) {
    it(`anchors set by hand are shown so and go back to the automatic ones (${locale})`, async () => {
      expect(eyewear).not.toBe('');
      // The merchant moved both hinges 20 px out (the API is the only hand edit so far).
      const moved = { ...auto, hinge_left: { x: auto.hinge_left.x - 20, y: auto.hinge_left.y }, hinge_right: { x: auto.hinge_right.x + 20, y: auto.hinge_right.y } };
      const set = await api<{ anchorsSource: string }>(desk, 'tryon.product.update', { sku: eyewear, anchors: moved });
      expect(set.anchorsSource).toBe('manual');

      const { page, errors } = await openPage(browser, desk.url, locale);
      await page.setViewportSize({ width: 1280, height: 800 });
      await waitReady(page, 'dashboard');
      await page.click('[data-testid="nav-tryon"]');
      await waitReady(page, 'tryon');
      const box = page.locator('[data-testid="tryon-product"]');
      await box.click();
      await box.fill(eyewear);
      await page.getByRole('option', { name: new RegExp(eyewear) }).first().click();
      const panel = page.locator('[data-testid="tryon-anchors"]');
      await panel.waitFor({ timeout: 60_000 });
      expect(await panel.getAttribute('data-source')).toBe('manual');
      expect(await page.locator('[data-testid="tryon-anchors-source"]').textContent()).toBe(manual);
      const button = page.locator('[data-testid="tryon-anchors-reset"]');
      expect(await button.innerText()).toBe(reset);
      await page.screenshot({ path: join(SCREEN_DIR, `tryon-anchors-manual-${locale}.png`) });

      await button.click();
      await page.locator('[data-testid="tryon-anchors"][data-source="auto"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="tryon-anchors-source"]').textContent()).toBe(automatic);
      expect(await button.count()).toBe(0);
      await page.screenshot({ path: join(SCREEN_DIR, `tryon-anchors-auto-${locale}.png`) });
      const now = await api<{ anchors: Record<string, Pt>; anchorsSource: string }>(desk, 'tryon.product', { sku: eyewear });
      expect(now.anchorsSource).toBe('auto');
      expect(now.anchors).toEqual(auto);
      expect(errors).toEqual([]);
      await page.close();
    }, 240_000);
  }
});
