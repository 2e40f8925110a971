// Inventory's price and cost columns keep one format down the column: every amount to the cent in the product's
// currency. They dropped the cents from 1,000 up ('CN¥1,235' under 'CN¥84.50'), so a column read unevenly.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, openDemoPage, SCREEN_DIR, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

beforeAll(async () => {
  ({ desk, browser, page } = await openDemoPage(folder.dir, { skus: 12, days: 60, end: '2026-12-01' }));
  // One dear product beside the demo's cheaper ones: a price and a cost over 1,000.
  const file = join(folder.dir, 'dear.csv');
  writeFileSync(file, 'sku,title_en,title_zh,category,price,cost\nAA-DEAR,Espresso machine,咖啡机,home,1234.5,1010\n');
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'products', path: file }))).status).toBe('succeeded');
  await page.reload();
  await waitReady(page);
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Inventory money columns', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`price and cost show cents at every size (${lang})`, async () => {
      await switchLang(page, lang);
      await page.click('[data-testid="nav-inventory"]');
      await waitReady(page, 'inventory');
      const yuan = lang === 'zh' ? '¥' : 'CN¥';
      const dear = page.locator('[data-testid="product-row"][data-sku="AA-DEAR"]');
      await expect.poll(() => dear.locator('td[data-col="price"]').innerText()).toBe(`${yuan}1,234.50`);
      expect(await dear.locator('td[data-col="cost"]').innerText()).toBe(`${yuan}1,010.00`);
      // The cheaper rows keep their cents too: one format down each column.
      const prices = await page.locator('[data-testid="product-row"] td[data-col="price"]').allInnerTexts();
      const costs = await page.locator('[data-testid="product-row"] td[data-col="cost"]').allInnerTexts();
      expect(prices.length).toBeGreaterThan(5);
      const cents = new RegExp(`^${yuan.replace('$', '\\$')}[\\d,]+\\.\\d{2}$`);
      expect(prices.filter((p) => !cents.test(p))).toEqual([]);
      expect(costs.filter((p) => p !== '—' && !cents.test(p))).toEqual([]);
      // The widest figure fits its column, not cut with an ellipsis.
      const cell = dear.locator('td[data-col="price"]');
      expect(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      await page.screenshot({ path: join(SCREEN_DIR, `inventory-money-${lang}.png`) });
    });
  }
});
