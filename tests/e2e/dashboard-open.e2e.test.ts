// The Dashboard's product lists lead somewhere, in a real browser, in both languages: a product among the movers, the
// low-cover alerts or the stockouts opens Inventory searched for its SKU, by a click or from the keyboard. The names
// were plain text: a merchant who saw a product running out had to go and type its SKU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, openDemoPage, SCREEN_DIR, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

async function toDashboard(): Promise<void> {
  await page.click('[data-testid="nav-dashboard"]');
  await waitReady(page, 'dashboard');
}

beforeAll(async () => {
  ({ desk, browser, page } = await openDemoPage(folder.dir, { skus: 24, days: 60, end: '2026-12-01' }));
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Dashboard products open Inventory', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`a click on a mover or an alert, or Enter on it, opens Inventory at its SKU (${lang})`, async () => {
      await setLang(lang);
      await toDashboard();
      const summary = await api<{ movers: { top: { sku: string }[] }; alerts: { lowCover: { rows: { sku: string }[] }; stockouts: { rows: { sku: string }[] } } }>(desk, 'dashboard.summary', { days: 28 });
      const picks = [
        ['movers-top', summary.movers.top[0]?.sku],
        ['low-cover', summary.alerts.lowCover.rows[0]?.sku],
        ['stockouts', summary.alerts.stockouts.rows[0]?.sku],
      ].filter((p): p is [string, string] => typeof p[1] === 'string');
      expect(picks.length).toBeGreaterThanOrEqual(2);
      for (const [table, sku] of picks) {
        const cell = page.locator(`[data-testid="${table}"] [data-testid="dashboard-product"][data-sku="${sku}"]`).first();
        expect(await cell.getAttribute('title'), `${lang} ${table}`).toContain(lang === 'zh' ? '在库存中打开' : 'open in Inventory');
        await cell.click();
        await waitReady(page, 'inventory');
        expect(await page.inputValue('[data-testid="product-search"]'), `${lang} ${table}`).toBe(sku);
        await page.waitForSelector(`[data-testid="product-row"][data-sku="${sku}"]`);
        await toDashboard();
      }
      // From the keyboard: focus the first mover and press Enter.
      const [, sku] = picks[0];
      await page.locator(`[data-testid="${picks[0][0]}"] [data-testid="dashboard-product"][data-sku="${sku}"]`).first().focus();
      await page.keyboard.press('Enter');
      await waitReady(page, 'inventory');
      expect(await page.inputValue('[data-testid="product-search"]')).toBe(sku);
      await toDashboard();
      await page.screenshot({ path: join(SCREEN_DIR, `dashboard-lists-${lang}-1280.png`), fullPage: true });
      expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    });
  }
});
