// A forecast older than the sales is said where it is used, in a real browser over HTTP, in both languages: after
// newer daily sales are imported (the import job, as Data › Import runs it), the Dashboard's days-of-cover caption,
// Inventory's forecast note and Planning say the forecast of Nov 30 is older than the sales (to Dec 5), the Dashboard's
// "re-run the forecast" opens Planning at Forecast & plan (the screen's one such button), which redoes it, after which
// nothing is said. They kept counting from the older forecast with nothing on screen saying so.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, seriousA11y, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = dataFolder();

const TEXT = {
  en: {
    basis: 'Days of cover from the forecast',
    dashboard: 'Days of cover from the forecast of Nov 30, 2026 — newer sales since (to Dec 5, 2026):',
    rerun: 're-run the forecast',
    planning: "It was made on sales up to Nov 30, 2026; the sales now run to Dec 5, 2026 (5 days more). The plan, Inventory's forecast columns and the Dashboard's days of cover still count from it until you run Forecast & plan again.",
    inventory: 'Forecast columns come from the forecast of Nov 30, 2026, older than the sales (they now run to Dec 5, 2026): run Planning → Forecast & plan again for current figures.',
  },
  zh: {
    basis: '可售天数按预测计算',
    dashboard: '可售天数按 2026年11月30日 的预测计算——此后有更新的销售（至 2026年12月5日）：',
    rerun: '重新预测',
    planning: '它基于截至 2026年11月30日 的销售，而销售数据现已到 2026年12月5日（多了 5 天）。在重新运行“预测并计划”之前，补货计划、库存页的预测列和概览的可售天数仍按它计算。',
    inventory: '预测列来自 2026年11月30日 的预测，早于销售数据（现已到 2026年12月5日）：请在“补货计划 → 预测并计划”中重新运行，以得到最新的数字。',
  },
};

async function go(screen: 'dashboard' | 'inventory' | 'planning'): Promise<void> {
  await page.click(`[data-testid="nav-${screen}"]`);
  await waitReady(page, screen);
}

const basis = (): ReturnType<Page['locator']> => page.locator('[data-testid="low-cover-basis"]');

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 20, days: 120, end: '2026-11-30' });
  const run = await finishedJob(desk, await api<{ jobId: string }>(desk, 'forecast.run', { horizon: 28, model: 'ma', folds: 1 }));
  expect(run.status).toBe('succeeded');
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitReady(page, 'dashboard');
  mkdirSync(SCREEN_DIR, { recursive: true });
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('a forecast older than the sales', () => {
  it('while the forecast is current, no screen says it is out of date', async () => {
    expect(await basis().innerText()).toBe(TEXT.en.basis);
    expect(await page.locator('[data-testid="low-cover-rerun"]').count()).toBe(0);
    await go('planning');
    expect(await page.locator('[data-testid="forecast-stale"]').count()).toBe(0);
    await go('inventory');
    await page.locator('[data-testid="cover-cell"]').first().waitFor();
    expect(await page.locator('[data-testid="forecast-note"]').count()).toBe(0);
    await go('dashboard');
  });

  it('after newer sales are imported, the Dashboard, Planning and Inventory say so with both days; re-run opens Forecast & plan (en, 中文)', async () => {
    // Five newer days for every product, through the import job.
    const skus = (await api<{ rows: { sku: string }[] }>(desk, 'products.list', { limit: 1000 })).rows.map((r) => r.sku);
    const file = join(desk.dataDir, 'newer-sales.csv');
    writeFileSync(file, 'sku,date,units\n' + skus.flatMap((sku) => ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'].map((d) => `${sku},${d},2`)).join('\n') + '\n');
    const imp = await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'daily-sales', path: file }));
    expect(imp.status).toBe('succeeded');
    await page.reload();
    await waitReady(page, 'dashboard');
    for (const lang of ['en', 'zh'] as const) {
      await switchLang(page, lang);
      await go('dashboard');
      // Still counted from that forecast (the best estimate until redone), and said to be older than the sales.
      await expect.poll(() => basis().getAttribute('data-stale')).toBe('true');
      expect(await basis().getAttribute('data-basis')).toBe('forecast');
      const caption = (await basis().innerText()).replace(/\s+/g, ' ').trim();
      expect(caption).toBe(`${TEXT[lang].dashboard} ${TEXT[lang].rerun}`);
      expect(await page.locator('[data-testid="low-cover-rerun"]').innerText()).toBe(TEXT[lang].rerun);
      await page.locator('[data-testid="alerts"]').screenshot({ path: join(SCREEN_DIR, `forecast-stale-dashboard-${lang}-1280.png`) });
      // Readable: the caption and its button keep the contrast small text needs.
      expect(await seriousA11y(page)).toEqual([]);

      // One click to Planning, Forecast & plan focused, the notice there.
      await page.click('[data-testid="low-cover-rerun"]');
      await waitReady(page, 'planning');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('run-forecast');
      const notice = page.locator('[data-testid="forecast-stale-text"]');
      await notice.waitFor();
      expect(await notice.innerText()).toBe(TEXT[lang].planning);
      // One Forecast & plan button on the screen, the one the notice names (the notice had a second of its own).
      expect(await page.getByRole('button', { name: lang === 'en' ? 'Forecast & plan' : '预测并计划', exact: true }).count()).toBe(1);
      // The forecast's note that the sales ended on Nov 30 no longer holds, and is not shown beside it.
      expect(await page.locator('[data-testid="forecast-warning"][data-code="stale_history"]').count()).toBe(0);
      await page.screenshot({ path: join(SCREEN_DIR, `forecast-stale-planning-${lang}-1280.png`) });
      expect(await seriousA11y(page)).toEqual([]);

      await go('inventory');
      const note = page.locator('[data-testid="forecast-note-text"]');
      await expect.poll(async () => ((await note.count()) ? note.innerText() : '')).toBe(TEXT[lang].inventory);
      // The columns still show the forecast's figures.
      expect(await page.locator('[data-testid="cover-cell"]').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(SCREEN_DIR, `forecast-stale-inventory-${lang}-1280.png`) });
      await page.click('[data-testid="forecast-note-go"]');
      await waitReady(page, 'planning');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('run-forecast');
    }
    await switchLang(page, 'en');
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
  });

  it("Planning's Forecast & plan redoes the forecast, and then no screen says it is out of date", async () => {
    await go('planning');
    await page.click('[data-testid="run-forecast"]');
    await page.locator('[data-testid="forecast-stale"]').waitFor({ state: 'detached', timeout: 120_000 });
    await page.waitForSelector('[data-testid="run-forecast"]:not([data-loading])', { timeout: 60_000 });
    await go('dashboard');
    await expect.poll(() => basis().innerText()).toBe(TEXT.en.basis);
    expect(await page.locator('[data-testid="low-cover-rerun"]').count()).toBe(0);
    await go('inventory');
    await page.locator('[data-testid="cover-cell"]').first().waitFor();
    expect(await page.locator('[data-testid="forecast-note"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
