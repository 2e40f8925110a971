// The Planning screen shows what the latest forecast warned about, in the reader's language: a store whose sales end
// 40 days ago (the whole 28-day forecast is already past) and whose saved neural model folder is gone (the run ignores
// it). Run from the screen's own button, in a real Chromium against `desk serve` on a real store file.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeAll, dataFolder, type Desk, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady } from './harness';

const root = new URL('../..', import.meta.url).pathname;
const folder = dataFolder();
const store = join(folder.dir, 'shop.db');
const gone = join(folder.dir, 'shop.models', 'neural-moved-away');
let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let end = '';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// A day as the screen writes dates elsewhere ("Oct 20, 2026", "2026年10月20日"); the warning wrote 2026-10-20.
const enDay = (iso: string): string => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;
const zhDay = (iso: string): string => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const daysAgo = (iso: string): number => Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(iso)) / 86_400_000);

beforeAll(async () => {
  end = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
  const demo = spawnSync(process.execPath, ['bin/desk.js', 'demo', '--out', store, '--skus', '20', '--days', '200', '--end', end, '--json'], { cwd: root, encoding: 'utf8', env: { ...process.env, DESK_DATA_DIR: folder.dir } });
  expect(demo.status, demo.stderr).toBe(0);
  // A neural model trained on this history whose folder has since gone (moved, or a backup restored without it).
  const db = new Database(store);
  const last = (db.prepare('SELECT max(date) AS d FROM daily_sales').get() as { d: string }).d;
  db.prepare(`INSERT INTO model_runs (id, kind, params, metrics, artefact_path, created_at) VALUES ('nn-gone', 'forecast-neural', ?, ?, ?, ?)`).run(JSON.stringify({ horizon: 28 }), JSON.stringify({ historyEnd: last }), gone, new Date().toISOString());
  db.prepare('INSERT INTO neural_holdout (run_id, product_id, sums, forecast) SELECT ?, id, ?, ? FROM products LIMIT 1').run('nn-gone', '{}', '{}');
  db.close();
  end = last;
  desk = await startDesk({ dataDir: folder.dir, store });
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitReady(page);
  mkdirSync(SCREEN_DIR, { recursive: true });
}, 180_000);

afterAll(() => closeAll(browser, desk, folder));

const alert = (): ReturnType<Page['locator']> => page.locator('[data-testid="forecast-warnings"]');
const items = (): ReturnType<Page['locator']> => alert().locator('[data-testid="forecast-warning"]');

describe('forecast warnings on the Planning screen', () => {
  it('after Forecast & plan, the warnings show above the tabs in English: the ignored model by its folder, the stale sales where the tab does not say it already', async () => {
    await page.click('[data-testid="nav-planning"]');
    await waitReady(page, 'planning');
    // No forecast yet: nothing to warn about.
    expect(await alert().count()).toBe(0);
    await page.click('[data-testid="run-forecast"]');
    // Beside the bar, what the run is doing in words (not a bare bar).
    const said = page.locator('[data-testid="forecast-progress-text"]');
    await said.waitFor({ timeout: 30_000 });
    expect(await said.innerText()).toMatch(/^(starting|loading history|backtesting and fitting( · \d+ of 20 SKUs)?|weighing the neural model per SKU|saving)( · about \d+ s left)?$/);
    await alert().waitFor({ timeout: 120_000 });
    await page.waitForSelector('[data-testid="run-forecast"]:not([data-loading])', { timeout: 60_000 });
    // The suggestions tab already says the sales data are old (plan-stale): the alert names the other warning only.
    await page.locator('[data-testid="plan-stale"]').waitFor();
    // Its days are counted from the last day of sales, as the forecast's are (it said one day fewer).
    expect(await page.locator('[data-testid="plan-stale"]').innerText()).toMatch(new RegExp(`^Sales data end on [A-Z][a-z]{2} \\d{1,2}, \\d{4}, ${daysAgo(end)} days ago: `));
    expect(await alert().locator('.mantine-Alert-title').innerText()).toMatch(/^The forecast of [A-Z][a-z]{2} \d{1,2}, \d{4} came with 1 warning\n?\s*Hide$/);
    expect(await items().allInnerTexts()).toEqual([`The saved forecast model at ${gone} is damaged and was ignored (model.json is missing); retrain to replace it`]);
    await page.screenshot({ path: join(SCREEN_DIR, 'planning-warnings-en-1280.png') });

    // On the SKU forecast tab nothing else says the data are old: the stale warning is there, counted to today.
    await page.click('[data-testid="tab-sku"]');
    await expect.poll(async () => items().count()).toBe(2);
    expect(await alert().locator('.mantine-Alert-title').innerText()).toMatch(/came with 2 warnings/);
    expect(await items().first().innerText()).toBe(`The sales data end on ${enDay(end)}, ${daysAgo(end)} days ago: the forecast starts the day after, so all 28 days of it are already past. Import recent sales for a current forecast.`);
    expect(pageErrors).toEqual([]);
  });

  it('folded, the alert keeps one line; it stays folded across a switch to 中文 and opens in Chinese, also at 1024 px', async () => {
    const before = (await alert().boundingBox())?.height ?? 0;
    await page.click('[data-testid="forecast-warnings-toggle"]');
    await expect.poll(async () => items().first().isVisible()).toBe(false);
    const folded = (await alert().boundingBox())?.height ?? 0;
    expect(folded).toBeLessThan(before);
    expect(folded).toBeLessThan(60);

    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForSelector('[data-testid="tab-sku"] >> text=SKU 预测');
    // Still folded, still on the SKU tab, the title now in Chinese.
    await expect.poll(async () => alert().locator('.mantine-Alert-title').innerText()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 的预测有 2 条警告\s*展开$/);
    expect(await items().first().isVisible()).toBe(false);
    expect(await page.locator('[data-testid="tab-sku"]').getAttribute('aria-selected')).toBe('true');

    await page.click('[data-testid="forecast-warnings-toggle"]');
    await expect.poll(async () => items().first().isVisible()).toBe(true);
    await expect.poll(async () => items().allInnerTexts()).toEqual([
      `销售数据截止于 ${zhDay(end)}（${daysAgo(end)} 天前）：预测从次日开始，全部 28 天都已经过去。请导入近期销售，以得到当前的预测。`,
      `${gone} 处保存的预测模型已损坏，已忽略（缺少 model.json 文件）；重新训练即可替换`,
    ]);

    // At 1024 px the alert and its button stay inside the main area, and its text wraps instead of running out.
    await page.setViewportSize({ width: 1024, height: 768 });
    const box = await alert().boundingBox();
    const main = await page.locator('main').boundingBox();
    const toggle = await page.locator('[data-testid="forecast-warnings-toggle"]').boundingBox();
    expect(box && main && toggle).toBeTruthy();
    if (box && main && toggle) {
      expect(box.x + box.width).toBeLessThanOrEqual(main.x + main.width + 0.5);
      expect(toggle.x + toggle.width).toBeLessThanOrEqual(box.x + box.width);
    }
    expect(await alert().evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.screenshot({ path: join(SCREEN_DIR, 'planning-warnings-zh-1024.png') });
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
