// The Import wizard's, Backup and restore's and the store picker's refusals follow a language switch en → 中文 → en: they were kept as the text
// of the moment they happened and stayed English after a switch to 中文.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../engine/db/store';
import { fillStore } from '../unit/dashboard-fixture';
import { acrossSwitch, closeAll, dataFolder, type Desk, launchChromium, openPage, openScreen, restoreRefused, startDesk, switchLang } from './harness';

let browser: Browser | undefined;
let desk: Desk | undefined;
let folder: { dir: string; cleanup: () => void } | undefined;

afterEach(async () => {
  await desk?.stop();
  folder?.cleanup();
  desk = undefined;
  folder = undefined;
});
afterAll(() => closeAll(browser, undefined, { cleanup: () => undefined }));

/** `desk serve` on the store at `storePath` with its data folder `dataDir`, and a page in English on the Data screen. */
async function openDataScreen(dataDir: string, storePath: string): Promise<{ page: Page; errors: string[] }> {
  desk = await startDesk({ dataDir, store: storePath });
  browser ??= await launchChromium();
  return openScreen(browser, desk.url, 'en-US', 'data');
}

describe('data refusals follow a language switch', () => {
  it('the Import wizard: a file with a bad cell, refused with its row and column, is worded in the UI language', async () => {
    folder = dataFolder();
    const storePath = join(folder.dir, 'shop.db');
    const store = openStore(storePath, { create: true });
    fillStore(store.db, { skus: 10, days: 20, seed: 3 });
    store.close();
    writeFileSync(join(folder.dir, 'bad.csv'), 'sku,title_zh,title_en,category,price,cost\nE2E-0001,测试茶杯,Test cup,kitchen,25.5,10\nE2E-0002,测试茶壶,Test pot,kitchen,abc,40\n');
    const { page, errors } = await openDataScreen(folder.dir, storePath);
    await page.click('[data-testid="tab-import"]');
    await page.click('[data-testid="import-kind"]');
    await page.getByRole('option', { name: 'Products', exact: true }).click();
    await page.setInputFiles('input[type="file"]', join(folder.dir, 'bad.csv'));
    await page.waitForSelector('[data-testid="import-preview"]');
    await page.click('[data-testid="import-run"]');
    const failed = page.locator('[data-testid="import-failed"]');
    await failed.waitFor({ timeout: 60_000 });
    // The engine's one text (the import was asked for in English), the title above it translated by the screen.
    const alert = await failed.innerText();
    const refusal = alert.slice(alert.indexOf('\n') + 1).trim();
    expect(refusal).toMatch(/^bad\.csv row 3, column price: not a number/);
    await acrossSwitch(page, failed, `Nothing was imported\n${refusal}`, `没有导入任何数据\n部分数值无效。详情：${refusal}`, 'refusal-import');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('Backup and restore: a backup that cannot be restored names the file chosen, in English, then 中文, then English', async () => {
    folder = dataFolder();
    const storePath = join(folder.dir, 'shop.db');
    openStore(storePath, { create: true }).close();
    const bad = join(folder.dir, 'old-backup.db');
    writeFileSync(bad, 'not a database at all, just text '.repeat(100));
    const { page, errors } = await openDataScreen(folder.dir, storePath);
    const error = await restoreRefused(page, bad);
    const en = await error.innerText();
    // The uploaded copy's internal name is never shown: the file the merchant chose is, in either language.
    expect(en).toMatch(/^The request did not succeed\n.*old-backup\.db/);
    expect(en).not.toMatch(/uploads|[\u4e00-\u9fff]/);
    await switchLang(page, 'zh');
    await expect.poll(() => error.innerText()).toMatch(/^请求未成功\n.*[\u4e00-\u9fff].*old-backup\.db|^请求未成功\n.*old-backup\.db.*[\u4e00-\u9fff]/);
    expect(await error.innerText()).not.toMatch(/uploads/);
    await switchLang(page, 'en');
    await expect.poll(() => error.innerText()).toBe(en);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('the store picker: a demo store that cannot be opened says why in English, then 中文, then English', async () => {
    folder = dataFolder();
    // A folder where the demo store would go: the picker's first-run demo finds it there and cannot open it.
    const demoPath = join(folder.dir, 'demo.db');
    mkdirSync(demoPath);
    desk = await startDesk({ dataDir: folder.dir });
    browser ??= await launchChromium();
    const { page, errors } = await openPage(browser, desk.url, 'en-US');
    const alert = page.locator('[data-testid="demo-error"]');
    await alert.waitFor({ timeout: 60_000 });
    // The engine's two texts: the switch on the picker itself (no store, so no header) re-words it.
    await acrossSwitch(
      page,
      alert,
      `The demo store could not be built\nCannot open store ${demoPath}: unable to open database file`,
      `演示店铺生成失败\n无法打开店铺文件 ${demoPath}：unable to open database file`,
      'refusal-store-picker',
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
