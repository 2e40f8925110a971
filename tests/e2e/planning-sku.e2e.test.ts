// Planning's SKU forecast tab in a real browser, en and 中文, on a store of 80 SKUs: a "needs
// attention" SKU opened from its button shows in the picker box whatever the picker lists (it showed the placeholder
// when the SKU was not among the first 50), and the chart names its left axis ("units / day" / "销量（件/天）") and keeps
// its last date whole (it sat against the right edge, cut).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, launchChromium, openPage, SCREEN_DIR, startDemoDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

type Row = { sku: string; titleZh: string | null; titleEn: string | null };

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 80, days: 120, end: '2026-12-01' });
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
  mkdirSync(SCREEN_DIR, { recursive: true });
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

/** Opens Planning's SKU tab afresh and clicks a needs-attention SKU the picker does not list before typing; its SKU and title. */
async function openUnlistedUrgent(lang: 'en' | 'zh', width: number): Promise<{ sku: string; title: string }> {
  await page.setViewportSize({ width, height: 900 });
  await page.click(`[data-testid="lang-switch"] >> text=${lang === 'zh' ? '中文' : 'EN'}`);
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
  // Another screen first, so Planning opens afresh on its SKU tab's hint.
  await page.click('[data-testid="nav-inventory"]');
  await waitReady(page, 'inventory');
  await page.click('[data-testid="nav-planning"]');
  await waitReady(page, 'planning');
  await page.click('[data-testid="tab-sku"]');
  const buttons = page.locator('[data-testid="sku-pick-urgent"]');
  await buttons.first().waitFor();
  // The picker lists the 50 best sellers before anything is typed.
  const listed = new Set((await api<{ rows: Row[] }>(desk, 'products.list', { sort: 'units28', dir: 'desc', limit: 50 })).rows.map((r) => r.sku));
  const urgent = (await buttons.allInnerTexts()).map((s) => s.split(' · ')[0].trim());
  const sku = urgent.find((s) => !listed.has(s));
  expect(sku, `a needs-attention SKU outside the first 50 among ${urgent.join(', ')}`).toBeDefined();
  await buttons.filter({ hasText: `${sku} · ` }).click();
  await page.locator(CHART).waitFor();
  const row = (await api<{ rows: Row[] }>(desk, 'products.list', { q: sku, limit: 50 })).rows.find((r) => r.sku === sku);
  return { sku: sku!, title: (lang === 'zh' ? (row?.titleZh ?? row?.titleEn) : (row?.titleEn ?? row?.titleZh)) ?? '' };
}

const CHART = '[data-testid="forecast-chart"] .recharts-wrapper > .recharts-surface';

describe('Planning SKU forecast', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`a needs-attention SKU beyond the picker's first 50 shows in its box (${lang})`, async () => {
      const { sku, title } = await openUnlistedUrgent(lang, 1024);
      await expect.poll(async () => page.locator('[data-testid="sku-picker"]').inputValue()).toBe(`${sku} · ${title}`);
      await page.screenshot({ path: join(SCREEN_DIR, `planning-sku-picker-${lang}-1024.png`) });
      expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    });
  }
  for (const lang of ['en', 'zh'] as const) {
    for (const width of [1024, 1920]) {
      it(`the forecast chart names its left axis and keeps its last date whole (${lang}, ${width} px)`, async () => {
        await openUnlistedUrgent(lang, width);
        const chart = await page.locator(CHART).evaluate((svg) => {
          const box = svg.getBoundingClientRect();
          const ticks = [...svg.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.getBoundingClientRect());
          const label = svg.querySelector('.desk-axis-label');
          const lb = label?.getBoundingClientRect();
          return { left: box.left, right: box.right, top: box.top, bottom: box.bottom, lastTickRight: ticks[ticks.length - 1]?.right ?? NaN, ticks: ticks.length, label: label?.textContent ?? '', labelBox: lb ? { left: lb.left, top: lb.top, bottom: lb.bottom } : null };
        });
        expect(chart.label).toBe(lang === 'zh' ? '销量（件/天）' : 'units / day');
        expect(chart.labelBox).not.toBeNull();
        expect(chart.labelBox!.left).toBeGreaterThanOrEqual(chart.left);
        expect(chart.labelBox!.top).toBeGreaterThanOrEqual(chart.top);
        expect(chart.labelBox!.bottom).toBeLessThanOrEqual(chart.bottom);
        expect(chart.ticks).toBeGreaterThan(2);
        // The last date's label ends inside the chart, not cut by its right edge.
        expect(chart.lastTickRight).toBeLessThanOrEqual(chart.right - 2);
        await page.screenshot({ path: join(SCREEN_DIR, `planning-sku-chart-${lang}-${width}.png`), fullPage: true });
        expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
      });
    }
  }
});
