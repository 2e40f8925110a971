// Planning's purchase suggestions and Inventory's figures at the laptop sizes (1280×800, 1024×768), in both languages:
// the status badge whole ('OUT OF STO…' in a narrow supplier table), the SKU on one line, each cost with two decimals
// down its column (it showed 'CN¥916.80' beside 'CN¥3,982'), and an 8-digit stock figure whole ('10,000,0…').
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, openDemoPage, SCREEN_DIR, settled, switchLang, waitReady } from './harness';
import { clippedValues } from './screen-checks';
import type { OpResult } from '../../engine/api/ops/index';

/** A supplier's purchase suggestions, as planning.suggestions gives them. */
type Group = OpResult<'planning.suggestions'>['suppliers'][number];

let desk: Desk;
let browser: Browser;
let page: Page;
let bigSku = '';
const folder = dataFolder();
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
] as const;

beforeAll(async () => {
  ({ desk, browser, page } = await openDemoPage(folder.dir, { skus: 36, days: 240, end: '2026-10-31' }));
  // A warehouse count of ten million for one product (eight digits in Inventory's On hand column), and a dozen others
  // sold out, so that each supplier's table has lines out of stock.
  const list = await api<{ rows: { sku: string }[] }>(desk, 'products.list', { limit: 100, sort: 'sku' });
  bigSku = list.rows[list.rows.length - 1].sku;
  const soldOut = list.rows.filter((_, i) => i % 3 === 0).map((r) => `${r.sku},2026-10-31,0`);
  const file = join(folder.dir, 'count.csv');
  writeFileSync(file, `sku,date,on_hand\n${bigSku},2026-10-31,10000000\n${soldOut.join('\n')}\n`);
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'inventory', path: file }))).status).toBe('succeeded');
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'forecast.run', { horizon: 28 }))).status).toBe('succeeded');
  await api(desk, 'planning.plan', { serviceLevel: 0.95, reviewDays: 7 });
  // In one supplier's table, one line over CN¥1,000 and one under: the column must read the same way for both.
  const { suppliers } = await api<{ suppliers: Group[] }>(desk, 'planning.suggestions');
  const group = suppliers.find((g) => g.lines.filter((l) => l.unitCost).length >= 2) as Group;
  const [a, b] = group.lines.filter((l) => l.unitCost);
  await api(desk, 'planning.updateSuggestion', { id: a.id, quantity: Math.ceil(1000 / (a.unitCost as number)) + 3 });
  await api(desk, 'planning.updateSuggestion', { id: b.id, quantity: Math.max(1, Math.floor(900 / (b.unitCost as number))) });
  await page.reload();
  await waitReady(page, 'dashboard');
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

/** Elements (by what they show) whose content is wider than their box: cut by the layout. */
function cut(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.filter((e) => e.getClientRects().length && e.scrollWidth > e.clientWidth).map((e) => `"${(e as HTMLElement).innerText}" (${e.clientWidth}px of ${e.scrollWidth}px)`),
  );
}

/** Cells whose text the layout broke onto two or more lines. */
function wrapped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((e) => {
        const range = document.createRange();
        range.selectNodeContents(e);
        return new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size > 1;
      })
      .map((e) => (e as HTMLElement).innerText),
  );
}

describe('purchase suggestions and inventory at laptop sizes', () => {
  for (const lang of ['en', 'zh'] as const) {
    for (const size of SIZES) {
      it(`show badges, SKUs, costs and stock figures whole (${lang}, ${size.width}×${size.height})`, async () => {
        await page.setViewportSize(size);
        await switchLang(page, lang);
        await page.click('[data-testid="nav-planning"]');
        await waitReady(page, 'planning');
        await page.click('[data-testid="tab-suggestions"]');
        await page.waitForSelector('[data-testid="supplier-group"]');
        await settled(page);
        await page.screenshot({ path: join(SCREEN_DIR, `planning-suggestions-${lang}-${size.width}.png`), fullPage: true });
        const badges = '[data-testid="suggestion-row"] [data-testid="suggestion-status"]';
        expect(await page.locator(badges).count()).toBeGreaterThan(0);
        expect(await page.locator(badges).allInnerTexts()).toContain(lang === 'zh' ? '缺货' : 'OUT OF STOCK');
        expect(await cut(page, `${badges}, ${badges} .mantine-Badge-label`)).toEqual([]);
        expect(await wrapped(page, '[data-testid="suggestion-row"] [data-testid="suggestion-sku"]')).toEqual([]);
        expect(await clippedValues(page)).toEqual([]);
        // One money format down the column: two decimals on every cost, over CN¥1,000 or under it.
        const costs = (await page.locator('[data-testid="suggestion-cost"]').allInnerTexts()).filter((c) => c !== '—');
        expect(costs.some((c) => /\d,\d{3}\./.test(c))).toBe(true);
        expect(costs.filter((c) => !/^(CN)?¥[\d,]+\.\d\d$/.test(c))).toEqual([]);
        // Nothing runs off the page's right edge.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

        await page.click('[data-testid="nav-inventory"]');
        await waitReady(page, 'inventory');
        await page.fill('[data-testid="product-search"]', bigSku);
        const onHand = page.locator(`[data-testid="product-row"][data-sku="${bigSku}"] [data-col="onHand"]`);
        await expect.poll(() => onHand.innerText()).toBe('10,000,000');
        await page.screenshot({ path: join(SCREEN_DIR, `inventory-onhand-${lang}-${size.width}.png`) });
        expect(await cut(page, '[data-testid="product-row"] td.num')).toEqual([]);
        expect(await clippedValues(page)).toEqual([]);
      });
    }
  }
});
