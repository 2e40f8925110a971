// Importing through the Data screen: a file with a bad cell is refused with its row and column and
// leaves the store unchanged; a clean file adds its products (a SKU repeated in it is said, the last row kept).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { openStore } from '../../engine/db/store';
import { fillStore } from '../unit/dashboard-fixture';
import { api, closeAll, dataFolder, type Desk, launchChromium, openPage, restoreRefused, SCREEN_DIR, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();
const HEAD = 'sku,title_zh,title_en,category,price,cost';

beforeAll(async () => {
  const storePath = join(folder.dir, 'shop.db');
  const store = openStore(storePath, { create: true });
  fillStore(store.db, { skus: 30, days: 60, seed: 11 });
  store.close();
  writeFileSync(join(folder.dir, 'bad.csv'), `${HEAD}\nE2E-0001,测试茶杯,Test cup,kitchen,25.5,10\nE2E-0002,测试茶壶,Test pot,kitchen,abc,40\n`);
  // E2E-0002 twice: the later row (price 88) is the one written, and the screen says a row repeated a SKU.
  writeFileSync(join(folder.dir, 'good.csv'), `${HEAD}\nE2E-0001,测试茶杯,Test cup,kitchen,25.5,10\nE2E-0002,测试茶壶,Test pot,kitchen,77,40\nE2E-0002,测试茶壶,Test pot,kitchen,88,40\n`);
  // Dates that read either way (no day above 12): the wizard asks; these are month/day (5 January and 5 February).
  writeFileSync(join(folder.dir, 'sales-us.csv'), 'sku,date,units\nE2E-0001,01/05/2026,3\nE2E-0001,02/05/2026,4\n');
  desk = await startDesk({ dataDir: folder.dir, store: storePath });
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
});

afterAll(() => closeAll(browser, desk, folder));

async function productCountOnScreen(): Promise<number> {
  await page.click('[data-testid="nav-inventory"]');
  await waitReady(page, 'inventory');
  return Number(await page.getAttribute('[data-testid="product-count"]', 'data-count'));
}

async function importFile(file: string, kind = 'Products', beforeRun?: () => Promise<void>): Promise<void> {
  await page.click('[data-testid="nav-data"]');
  await waitReady(page, 'data');
  await page.click('[data-testid="tab-import"]');
  await page.click('[data-testid="import-kind"]');
  await page.getByRole('option', { name: kind, exact: true }).click();
  await page.setInputFiles('input[type="file"]', join(folder.dir, file));
  await page.waitForSelector('[data-testid="import-preview"]');
  expect(await page.locator('[data-testid="import-preview"]').innerText()).toContain('E2E-000');
  await beforeRun?.();
  await page.click('[data-testid="import-run"]');
}

describe('import wizard', () => {
  it('shows the bad row and column and leaves the store unchanged', async () => {
    const before = await productCountOnScreen();
    expect(before).toBe(30);
    await importFile('bad.csv');
    const report = page.locator('[data-testid="import-rejects"]');
    await report.waitFor({ timeout: 60_000 });
    const row = page.locator('[data-testid="reject-row"]').first();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('price');
    expect(cells[2]).toBe('abc');
    expect(cells[3].length).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="import-failed"]').isVisible()).toBe(true);
    // The message names the file as the user named it, not its stored upload name (1796…-tag-bad.csv).
    expect(await page.locator('[data-testid="import-failed"]').innerText()).toMatch(/^bad\.csv row 3, column price: not a number/m);
    expect(await productCountOnScreen()).toBe(before);
    const engine = await api<{ total: number }>(desk, 'products.list', { q: 'E2E-', limit: 1 });
    expect(engine.total).toBe(0);
  });

  it('a clean file raises the product count and shows the result counts', async () => {
    const before = await productCountOnScreen();
    await importFile('good.csv');
    await page.waitForSelector('[data-testid="import-result"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="import-inserted"]')).toBe('2');
    expect(await page.textContent('[data-testid="import-duplicates"]')).toBe('1 row repeated the key (e.g. the SKU) of an earlier row in the file: the last row of each key was used.');
    expect(await productCountOnScreen()).toBe(before + 2);
    expect((await api<{ rows: { sku: string; price: number }[] }>(desk, 'products.list', { q: 'E2E-0002', limit: 1 })).rows[0].price).toBe(88);
    await page.fill('[data-testid="product-search"]', '测试茶');
    await page.waitForSelector('[data-testid="product-count"][data-count="2"]');
    await page.click('[data-testid="nav-data"]');
    await page.click('[data-testid="tab-history"]');
    await page.waitForSelector('[data-testid="import-history"]');
    expect(await page.locator('[data-testid="import-history"] tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="import-history"] tbody tr').first().locator('td').nth(2).innerText()).toBe('good.csv');
  });

  // Runs after the clean import above, which adds E2E-0001.
  it('asks whether dates that read both ways are day/month or month/day, and imports them as told', async () => {
    await importFile('sales-us.csv', 'Daily sales', async () => {
      const ask = page.locator('[data-testid="import-date-order"]');
      expect(await ask.innerText()).toMatch(/^Dates in the column date could be day\/month or month\/day \(e\.g\. 01\/05\/2026\)\. They are:/);
      await ask.getByText('month/day', { exact: true }).click();
      await page.screenshot({ path: join(SCREEN_DIR, 'import-date-order-en.png') });
    });
    await page.waitForSelector('[data-testid="import-result"]', { timeout: 60_000 });
    const store = new Database(join(folder.dir, 'shop.db'), { readonly: true });
    const days = store.prepare(`SELECT d.date FROM daily_sales d JOIN products p ON p.id = d.product_id WHERE p.sku = 'E2E-0001' ORDER BY d.date`).pluck().all();
    store.close();
    expect(days).toEqual(['2026-01-05', '2026-02-05']);
  });

  it('a large import can be cancelled from the wizard: nothing is written and the history says cancelled (en, 中文)', async () => {
    // ~40 MB of orders over the store's own SKUs: reading alone takes seconds, so Cancel is pressed while it runs.
    const skus = (await api<{ rows: { sku: string }[] }>(desk, 'products.list', { limit: 30 })).rows.map((r) => r.sku);
    const lines = ['order_no,sku,ordered_at,quantity,unit_price,customer'];
    for (let i = 0; i < 800_000; i++) lines.push(`BIG-${i >> 1},${skus[i % skus.length]},2025-0${1 + ((i >> 1) % 9)}-1${(i >> 1) % 10} 10:00,${1 + (i % 3)},${10 + (i % 50)}.50,cust-${i % 5000}`);
    writeFileSync(join(folder.dir, 'big-orders.csv'), lines.join('\n') + '\n');
    const orders = async (): Promise<number> => {
      const store = new Database(join(folder.dir, 'shop.db'), { readonly: true });
      try {
        return (store.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
      } finally {
        store.close();
      }
    };
    const before = await orders();
    for (const [lang, kind, text, status] of [
      ['EN', 'Orders', 'The import was cancelled; the store is as it was before.', 'Cancelled'],
      ['中文', '订单', '导入已取消；店铺数据保持导入前的状态。', '已取消'],
    ]) {
      await page.click(`[data-testid="lang-switch"] >> text=${lang}`);
      await page.click('[data-testid="nav-data"]');
      await waitReady(page, 'data');
      await page.click('[data-testid="tab-import"]');
      await page.click('[data-testid="import-kind"]');
      await page.getByRole('option', { name: kind, exact: true }).click();
      await page.setInputFiles('input[type="file"]', join(folder.dir, 'big-orders.csv'));
      await page.waitForSelector('[data-testid="import-preview"]', { timeout: 60_000 });
      await page.click('[data-testid="import-run"]');
      await page.locator('[data-testid="import-progress"]').waitFor({ timeout: 60_000 });
      await page.click('[data-testid="import-cancel"]');
      const failed = page.locator('[data-testid="import-failed"]');
      await failed.waitFor({ timeout: 60_000 });
      expect(await failed.innerText()).toContain(text);
      expect(await page.locator('[data-testid="import-result"]').count()).toBe(0);
      if (lang === '中文') await page.screenshot({ path: join(SCREEN_DIR, 'import-cancelled-zh.png') });
      expect(await orders()).toBe(before);
      await page.click('[data-testid="tab-history"]');
      const first = page.locator('[data-testid="import-history"] tbody tr').first();
      await first.waitFor();
      await expect.poll(async () => (await first.locator('td').allInnerTexts()).slice(2, 4).map((c, i) => (i ? c.toLowerCase() : c))).toEqual(['big-orders.csv', status.toLowerCase()]);
    }
    await page.click('[data-testid="lang-switch"] >> text=EN');
  }, 240_000);

  it('backs the store up with a download link, and restoring that backup brings its contents back', async () => {
    await page.click('[data-testid="nav-data"]');
    await page.click('[data-testid="tab-backup"]');
    await page.click('[data-testid="backup-run"]');
    const link = page.locator('[data-testid="backup-download"]');
    await link.waitFor({ timeout: 30_000 });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).not.toContain('token'); // the link works by the page's session cookie
    const res = await page.request.get(new URL(href, desk.baseUrl).toString());
    expect(res.status()).toBe(200);
    const bytes = await res.body();
    expect(bytes.subarray(0, 15).toString()).toBe('SQLite format 3');
    const saved = join(folder.dir, 'downloaded-backup.db');
    writeFileSync(saved, bytes);
    const atBackup = await productCountOnScreen();
    // Change the store after the backup, then restore it.
    writeFileSync(join(folder.dir, 'more.csv'), `${HEAD}\nE2E-0003,测试茶盘,Test tray,kitchen,30,12\n`);
    await importFile('more.csv');
    await page.waitForSelector('[data-testid="import-result"]', { timeout: 60_000 });
    expect(await productCountOnScreen()).toBe(atBackup + 1);
    await page.click('[data-testid="nav-data"]');
    await page.click('[data-testid="tab-backup"]');
    await page.setInputFiles('input[type="file"]', saved);
    // Restoring asks first, naming the store and the backup; cancelling changes nothing.
    await page.click('[data-testid="restore-run"]');
    const confirm = page.locator('.mantine-Modal-content');
    await confirm.waitFor({ timeout: 10_000 });
    expect(await confirm.innerText()).toContain('shop.db');
    expect(await confirm.innerText()).toContain('downloaded-backup.db');
    await page.click('[data-testid="restore-cancel"]');
    await confirm.waitFor({ state: 'hidden' });
    expect(await productCountOnScreen()).toBe(atBackup + 1);
    await page.click('[data-testid="nav-data"]');
    await page.click('[data-testid="tab-backup"]');
    await page.setInputFiles('input[type="file"]', saved);
    await page.click('[data-testid="restore-run"]');
    await page.click('[data-testid="restore-confirm-run"]');
    const note = page.locator('[data-testid="note-green"]');
    await note.waitFor({ timeout: 30_000 });
    // The note says where the store as it was is kept, and that file is there.
    const kept = /(shop\.before-restore-[\w-]+\.db)/.exec(await note.innerText())?.[1];
    expect(kept, await note.innerText()).toBeDefined();
    expect(existsSync(join(folder.dir, kept!))).toBe(true);
    expect(await productCountOnScreen()).toBe(atBackup);
  });

  it('a backup that cannot be restored is refused in the UI language, naming the file the user chose', async () => {
    const bad = join(folder.dir, '旧备份.db');
    writeFileSync(bad, 'not a database at all, just text '.repeat(100));
    await page.click('[data-testid="lang-switch"] >> text=中文');
    try {
      await page.click('[data-testid="nav-data"]');
      const error = await restoreRefused(page, bad);
      const text = await error.innerText();
      expect(text).toContain('旧备份.db');
      expect(text).not.toMatch(/uploads/);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    } finally {
      await page.click('[data-testid="lang-switch"] >> text=EN');
    }
  });
});
