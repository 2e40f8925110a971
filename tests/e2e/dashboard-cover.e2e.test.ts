// The Dashboard's "Under 14 days of cover" and Inventory's days-of-cover column agree, in a real browser over HTTP, in
// both languages: once Planning has made a forecast the Dashboard counts from it as Inventory's column does, and says
// which basis it counts from. It counted from the last 28 days' sales while the column counted from the forecast, so a
// product listed under 14 days showed, say, 28 days in Inventory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, openDemoPage, SCREEN_DIR, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

type Low = { basis: string; total: number; rows: { sku: string; daysOfCover: number }[] };
const BASIS = {
  en: { sales28: "Days of cover from the last 28 days' sales", forecast: 'Days of cover from the forecast' },
  zh: { sales28: '可售天数按近 28 天的销量计算', forecast: '可售天数按预测计算' },
};

async function go(screen: 'dashboard' | 'inventory'): Promise<void> {
  await page.click(`[data-testid="nav-${screen}"]`);
  await waitReady(page, screen);
}

beforeAll(async () => {
  ({ desk, browser, page } = await openDemoPage(folder.dir, { skus: 40, days: 120, end: '2026-12-01' }));
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Dashboard low cover and Inventory days of cover', () => {
  it('before any forecast the Dashboard says it counts from the last 28 days\' sales (en, 中文)', async () => {
    for (const lang of ['en', 'zh'] as const) {
      await switchLang(page, lang);
      await expect.poll(() => page.locator('[data-testid="low-cover-basis"]').innerText()).toBe(BASIS[lang].sales28);
    }
    await switchLang(page, 'en');
  });

  it('with a forecast, each listed product shows the same days in Inventory\'s column, and Show all opens them (en, 中文)', async () => {
    const run = await finishedJob(desk, await api<{ jobId: string }>(desk, 'forecast.run', { horizon: 28, model: 'ma', folds: 1 }));
    expect(run.status).toBe('succeeded');
    await page.reload();
    await waitReady(page, 'dashboard');
    const low = (await api<{ alerts: { lowCover: Low } }>(desk, 'dashboard.summary', { days: 28 })).alerts.lowCover;
    expect(low.basis).toBe('forecast');
    expect(low.rows.length).toBeGreaterThan(2);
    for (const lang of ['en', 'zh'] as const) {
      await switchLang(page, lang);
      await go('dashboard');
      expect(await page.locator('[data-testid="low-cover-basis"]').innerText()).toBe(BASIS[lang].forecast);
      const listed = await page.locator('[data-testid="low-cover"] tbody tr').evaluateAll((rows) =>
        rows.map((r) => ({ sku: r.querySelector('[data-testid="dashboard-product"]')?.getAttribute('data-sku') ?? '', days: r.querySelector('[data-testid="low-cover-days"]')?.textContent?.trim() ?? '' })),
      );
      expect(listed.map((r) => r.sku)).toEqual(low.rows.map((r) => r.sku));
      await page.screenshot({ path: join(SCREEN_DIR, `dashboard-cover-forecast-${lang}-1280.png`) });
      // Each listed product opened in Inventory: its days-of-cover cell reads as the Dashboard's.
      for (const { sku, days } of listed) {
        await page.click(`[data-testid="low-cover"] [data-testid="dashboard-product"][data-sku="${sku}"]`);
        await waitReady(page, 'inventory');
        const cell = page.locator(`[data-testid="product-row"][data-sku="${sku}"] [data-testid="cover-cell"]`);
        await cell.waitFor();
        expect(await cell.innerText(), `${lang} ${sku}`).toBe(days);
        await go('dashboard');
      }
      // Show all: the very products, every one under the threshold in the column.
      if (low.total > low.rows.length) {
        await page.click('[data-testid="low-cover-all"]');
        await waitReady(page, 'inventory');
        await expect.poll(async () => page.getAttribute('[data-testid="product-count"]', 'data-count')).toBe(String(low.total));
        // The filter's chip says the days come from the forecast, as the Dashboard's caption does.
        expect(await page.locator('[data-testid="filter-cover-basis"]').innerText()).toBe(lang === 'en' ? '(counted from the forecast)' : '（按预测计算）');
        const cells = await page.locator('[data-testid="cover-cell"]').allInnerTexts();
        expect(cells.length).toBeGreaterThan(0);
        for (const c of cells) expect(Number(c.replace(/,/g, '')), c).toBeLessThan(14);
        await page.click('[data-testid="filter-cover-clear"]');
        await go('dashboard');
      }
    }
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
  });
});
