// Inventory in a real browser, in both languages: the Dashboard's low-cover alert opens all of its products in
// Inventory (it listed 8 of 73 with no way to the rest), bilingual supplier names read in the reader's language with
// the whole name on hover (中文 showed "Guangzh…"), and the forecast note says where forecasting is set up and goes there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, openDemoPage, SCREEN_DIR, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

async function go(screen: 'dashboard' | 'inventory' | 'planning'): Promise<void> {
  await page.click(`[data-testid="nav-${screen}"]`);
  await waitReady(page, screen);
}

beforeAll(async () => {
  ({ desk, browser, page } = await openDemoPage(folder.dir, { skus: 80, days: 120, end: '2026-12-01' }));
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Inventory links and names', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`the Dashboard's low-cover alert opens all of its products in Inventory (${lang})`, async () => {
      await setLang(lang);
      await go('dashboard');
      const summary = await api<{ coverDays: number; alerts: { lowCover: { basis: 'forecast' | 'sales28'; total: number; rows: { sku: string }[] } } }>(desk, 'dashboard.summary', { days: 28, limit: 100 });
      const low = summary.alerts.lowCover;
      // More than the 8 the Dashboard lists: the rest had no way to be seen.
      expect(low.total).toBeGreaterThan(8);
      expect(await page.locator('[data-testid="low-cover"] [data-testid="dashboard-product"]').count()).toBe(8);
      const all = page.locator('[data-testid="low-cover-all"]');
      expect(await all.innerText()).toBe(lang === 'zh' ? `在库存中查看全部 ${low.total} 个` : `Show all ${low.total} in Inventory`);
      // Inventory searched for something else first: the hand-over clears it, which could hide some of them.
      await go('inventory');
      await page.fill('[data-testid="product-search"]', 'zzz-nothing');
      await page.waitForSelector('[data-testid="products-empty"]');
      await go('dashboard');
      await all.click();
      await waitReady(page, 'inventory');
      await expect.poll(async () => page.getAttribute('[data-testid="product-count"]', 'data-count')).toBe(String(low.total));
      expect(await page.inputValue('[data-testid="product-search"]')).toBe('');
      // The chip says what the days were counted from, as the Dashboard's alert does (this store has no forecast yet).
      expect(low.basis).toBe('sales28');
      expect((await page.locator('[data-testid="filter-cover"]').innerText()).replace(/\s+/g, ' ')).toBe(lang === 'zh' ? `库存不足 ${summary.coverDays} 天 （按近 28 天的销量计算）` : `Under ${summary.coverDays} days of cover (counted from the last 28 days' sales)`);
      expect(await page.getAttribute('[data-testid="filter-cover-basis"]', 'data-basis')).toBe(low.basis);
      const lowSkus = new Set(low.rows.map((r) => r.sku));
      const shown = await page.locator('[data-testid="product-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sku')));
      expect(shown.length).toBeGreaterThan(8);
      for (const sku of shown) expect(lowSkus.has(sku ?? ''), `${sku} is under ${summary.coverDays} days`).toBe(true);
      await page.screenshot({ path: join(SCREEN_DIR, `inventory-low-cover-${lang}-1280.png`) });
      // Cleared, the filter gives every product back.
      await page.click('[data-testid="filter-cover-clear"]');
      await expect.poll(async () => page.getAttribute('[data-testid="product-count"]', 'data-count')).toBe('80');
      expect(await page.locator('[data-testid="filter-cover"]').count()).toBe(0);
    });

    it(`a bilingual supplier reads in the reader's language, whole and with the full name on hover (${lang})`, async () => {
      await setLang(lang);
      await go('inventory');
      const cells = page.locator('[data-testid="supplier-cell"]');
      await cells.first().waitFor();
      const seen = await cells.evaluateAll((els) =>
        els.map((e) => {
          const td = e.closest('td') as HTMLElement;
          return { text: e.textContent ?? '', title: e.getAttribute('title') ?? '', cut: td.scrollWidth > td.clientWidth + 1 };
        }),
      );
      const bilingual = seen.filter((s) => /[\u4e00-\u9fff]/.test(s.title) && /[A-Za-z]{3}/.test(s.title));
      expect(bilingual.length).toBeGreaterThan(5);
      for (const s of bilingual) {
        // The whole stored name on hover; the cell in one language only.
        expect(s.title).toContain(s.text);
        expect(s.text.length).toBeLessThan(s.title.length);
        if (lang === 'zh') {
          expect(s.text, s.title).toMatch(/^[\u4e00-\u9fff]+$/);
          expect(s.cut, s.title).toBe(false);
        } else expect(s.text, s.title).not.toMatch(/[\u4e00-\u9fff]/);
      }
      await page.screenshot({ path: join(SCREEN_DIR, `inventory-suppliers-${lang}-1280.png`) });
    });

    it(`the forecast note says where forecasting is set up and goes there (${lang})`, async () => {
      await setLang(lang);
      await go('inventory');
      const note = page.locator('[data-testid="forecast-note"]');
      expect(await note.innerText()).toContain(lang === 'zh' ? '补货计划 → 预测并计划' : 'Planning → Forecast & plan');
      await page.click('[data-testid="forecast-note-go"]');
      await waitReady(page, 'planning');
      // The Forecast & plan button has the focus: Enter would run it.
      await expect.poll(async () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('run-forecast');
      expect(await page.locator('[data-testid="run-forecast"]').innerText()).toBe(lang === 'zh' ? '预测并计划' : 'Forecast & plan');
      expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    });
  }
});
