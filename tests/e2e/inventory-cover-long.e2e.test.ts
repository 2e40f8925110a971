// A slow seller with a lot of stock: Inventory's days-of-cover column and Planning's stock line read '>3,650' past ten
// years, as `desk plan` prints '>3650'. They showed the raw figure (1,564,500 days), cut to '1,564,50…' in the column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, openDemoPage, SCREEN_DIR, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let sku = '';
const folder = dataFolder();

beforeAll(async () => {
  ({ desk, browser, page } = await openDemoPage(folder.dir, { skus: 30, days: 120, end: '2026-12-01' }));
  // The slowest product that sells, given 100,000 units: decades of cover at the few units a day it sells.
  const list = await api<{ rows: { sku: string; units28: number }[] }>(desk, 'products.list', { limit: 100, sort: 'sku' });
  sku = list.rows.filter((r) => r.units28 > 0).sort((a, b) => a.units28 - b.units28)[0]?.sku ?? '';
  const file = join(folder.dir, 'count.csv');
  writeFileSync(file, `sku,date,on_hand\n${sku},2026-12-01,100000\n`);
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'inventory', path: file }))).status).toBe('succeeded');
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'forecast.run', { horizon: 28, model: 'ma', folds: 1 }))).status).toBe('succeeded');
  await page.reload();
  await waitReady(page, 'dashboard');
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('days of cover beyond ten years', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`read '>3,650' in Inventory's column and Planning's stock line (${lang})`, async () => {
      const status = await api<{ sku: string; daysOfCover: number | null }[]>(desk, 'planning.status', {});
      expect(status.find((r) => r.sku === sku)?.daysOfCover).toBeGreaterThan(3650);
      await switchLang(page, lang);
      await page.click('[data-testid="nav-inventory"]');
      await waitReady(page, 'inventory');
      await page.fill('[data-testid="product-search"]', sku);
      const cell = page.locator(`[data-testid="product-row"][data-sku="${sku}"] [data-testid="cover-cell"]`);
      await expect.poll(() => cell.innerText()).toBe('>3,650');
      // The whole figure is in the column, not cut with an ellipsis.
      expect(await cell.evaluate((e) => (e.parentElement as HTMLElement).scrollWidth <= (e.parentElement as HTMLElement).clientWidth)).toBe(true);
      await page.screenshot({ path: join(SCREEN_DIR, `inventory-cover-long-${lang}-1280.png`) });
      await page.click('[data-testid="nav-planning"]');
      await waitReady(page, 'planning');
      await page.click('[data-testid="tab-sku"]');
      await page.locator('[data-testid="tab-sku"]').waitFor();
      await page.getByPlaceholder(lang === 'zh' ? '按 SKU 或标题查找商品' : 'Find a product by SKU or title').fill(sku);
      await page.getByRole('option').filter({ hasText: `${sku} · ` }).first().click();
      await expect.poll(() => page.locator('[data-testid="stock-projection"]').innerText()).toContain(lang === 'zh' ? '可售 >3,650 天' : '>3,650 days of cover');
    });
  }
});
