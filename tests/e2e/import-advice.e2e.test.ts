// The import wizard's own advice: a file whose columns it cannot place, or that looks like another kind, is answered
// with what to do in the wizard (pick the field in the menu under the column), not with the CLI's --map COLUMN=FIELD,
// in English and 中文; after "looks like another kind", Import again with the fields checked imports it as asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../engine/db/store';
import { fillStore } from '../unit/dashboard-fixture';
import { closeAll, dataFolder, type Desk, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

beforeAll(async () => {
  const storePath = join(folder.dir, 'shop.db');
  const store = openStore(storePath, { create: true });
  fillStore(store.db, { skus: 10, days: 20, seed: 5 });
  // A store whose products are in two currencies: a products file without a currency column gets CNY, and says so.
  store.db.prepare("UPDATE products SET currency = 'USD' WHERE id = (SELECT min(id) FROM products)").run();
  store.close();
  // No column the wizard can take for the SKU ("Artikel" is no name it knows).
  writeFileSync(join(folder.dir, 'artikel.csv'), 'Artikel,title_en,price\nADV-1,Advice cup,12\n');
  // A competitor's price list picked as Products.
  // A header and nothing below it.
  writeFileSync(join(folder.dir, 'header-only.csv'), 'sku,title_en,price\n');
  writeFileSync(join(folder.dir, 'empty.csv'), '');
  writeFileSync(join(folder.dir, 'no-currency-en.csv'), 'sku,title_en,price\nCUR-1,Currency cup,12\n');
  writeFileSync(join(folder.dir, 'no-currency-zh.csv'), 'sku,title_en,price\nCUR-2,Currency bowl,15\n');
  writeFileSync(join(folder.dir, 'jd-prices.csv'), 'sku,competitor,date,price,in_stock\nADV-2,JD,2026-03-01,899,yes\n');
  desk = await startDesk({ dataDir: folder.dir, store: storePath });
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
});

afterAll(() => closeAll(browser, desk, folder));

/** Picks the kind (by its label in the UI's language) and the file, waits for the preview, and runs the import. */
async function importFile(file: string, kind: string): Promise<void> {
  await page.click('[data-testid="nav-data"]');
  await waitReady(page, 'data');
  await page.click('[data-testid="tab-import"]');
  await page.click('[data-testid="import-kind"]');
  await page.getByRole('option', { name: kind, exact: true }).click();
  await page.setInputFiles('input[type="file"]', join(folder.dir, file));
  await page.waitForSelector('[data-testid="import-preview"]');
  await page.click('[data-testid="import-run"]');
}

const failure = async (): Promise<string> => {
  await page.locator('[data-testid="import-failed"]').waitFor({ timeout: 60_000 });
  return page.locator('[data-testid="import-failed"]').innerText();
};

describe('import wizard advice', () => {
  it('a 0-byte file is said to be empty, naming it, in the preview (en, 中文); the preview showed no columns and the import said "has no header row"', async () => {
    await page.click('[data-testid="nav-data"]');
    await waitReady(page, 'data');
    await page.click('[data-testid="tab-import"]');
    await page.click('[data-testid="import-kind"]');
    await page.getByRole('option', { name: 'Products', exact: true }).click();
    await page.setInputFiles('input[type="file"]', join(folder.dir, 'empty.csv'));
    const alert = page.locator('[data-testid="import-error"]');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.innerText()).toContain('empty.csv is empty (0 bytes): there is nothing in it to read');
    await page.screenshot({ path: join(SCREEN_DIR, 'import-empty-en.png') });
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.reload();
    await waitReady(page);
    await page.click('[data-testid="nav-data"]');
    await waitReady(page, 'data');
    await page.click('[data-testid="tab-import"]');
    await page.click('[data-testid="import-kind"]');
    await page.getByRole('option', { name: '商品', exact: true }).click();
    await page.setInputFiles('input[type="file"]', join(folder.dir, 'empty.csv'));
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.innerText()).toContain('empty.csv 是空文件（0 字节），没有可读取的内容');
    await page.screenshot({ path: join(SCREEN_DIR, 'import-empty-zh.png') });
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await page.reload();
    await waitReady(page);
  });


  it('a required column it cannot find: pick the field in the menu under the column, not --map (en, 中文)', async () => {
    await importFile('artikel.csv', 'Products');
    const en = await failure();
    expect(en).toContain('artikel.csv: no column found for required field sku');
    expect(en).toContain('In the preview, pick its field in the menu under the column that holds it');
    expect(en).not.toContain('--map');
    await page.screenshot({ path: join(SCREEN_DIR, 'import-advice-missing-en.png') });
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.locator('[data-testid="import-preview"]').waitFor();
    await page.click('[data-testid="import-run"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="import-failed"]')?.textContent?.includes('找不到必填字段'));
    const zh = await failure();
    expect(zh).toContain('请在预览中每列名称下方的菜单里为对应的列选择该字段');
    expect(zh).not.toContain('--map');
    await page.screenshot({ path: join(SCREEN_DIR, 'import-advice-missing-zh.png') });
    await page.click('[data-testid="lang-switch"] >> text=EN');
  });

  it('a file of another kind: check the fields and import again, which then imports it as the kind picked (en, 中文)', async () => {
    await page.reload(); // a fresh wizard: picking the kind already picked would clear it
    await waitReady(page);
    await importFile('jd-prices.csv', 'Products');
    const en = await failure();
    expect(en).toContain('jd-prices.csv looks like a file of Competitor prices');
    expect(en).toContain('check the field picked under each column in the preview and import again');
    expect(en).not.toContain('--map');
    // A fresh wizard in 中文 (picking the same kind and file again changes nothing in the form).
    await page.reload();
    await waitReady(page);
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await importFile('jd-prices.csv', '商品');
    const zh = await failure();
    expect(zh).toContain('jd-prices.csv 看起来是竞品价格文件');
    expect(zh).toContain('请在预览中核对每列下方选择的字段后重新导入');
    expect(zh).not.toContain('--map');
    await page.screenshot({ path: join(SCREEN_DIR, 'import-advice-kind-zh.png') });
    // As the message says: Import again with the fields as they are imports it as products.
    await page.click('[data-testid="import-run"]');
    await page.locator('[data-testid="import-result"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="import-inserted"]').innerText()).toBe('1');
    await page.click('[data-testid="lang-switch"] >> text=EN');
  });

  it('a file with a header and no rows says that nothing was imported because it is empty below its header (en, 中文)', async () => {
    for (const [lang, kind, text] of [
      ['EN', 'Products', 'header-only.csv has its header row but no rows below it: nothing was imported.'],
      ['中文', '商品', 'header-only.csv 只有表头行，表头下面没有任何数据行：没有导入任何数据。'],
    ] as const) {
      await page.reload(); // a fresh wizard
      await waitReady(page);
      await page.click(`[data-testid="lang-switch"] >> text=${lang}`);
      await page.click('[data-testid="nav-data"]');
      await waitReady(page, 'data');
      await page.click('[data-testid="tab-import"]');
      await page.click('[data-testid="import-kind"]');
      await page.getByRole('option', { name: kind, exact: true }).click();
      await page.setInputFiles('input[type="file"]', join(folder.dir, 'header-only.csv'));
      await page.waitForSelector('[data-testid="import-preview"]');
      await page.click('[data-testid="import-run"]');
      await page.locator('[data-testid="import-result"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="import-no-rows"]').innerText()).toContain(text);
      await page.screenshot({ path: join(SCREEN_DIR, `import-no-rows-${lang === 'EN' ? 'en' : 'zh'}.png`) });
    }
    await page.click('[data-testid="lang-switch"] >> text=EN');
  });

  it('a products file without a currency column in a store of several currencies says its new rows are in CNY (en, 中文)', async () => {
    for (const [lang, kind, file, text] of [
      ['EN', 'Products', 'no-currency-en.csv', "no-currency-en.csv has no currency column, and the store's products are in several currencies (CNY, USD): its new rows are in CNY."],
      ['中文', '商品', 'no-currency-zh.csv', 'no-currency-zh.csv 没有币种列，而店铺中的商品使用多种币种（CNY, USD）：其中的新数据按 CNY 计。'],
    ] as const) {
      await page.reload(); // a fresh wizard
      await waitReady(page);
      await page.click(`[data-testid="lang-switch"] >> text=${lang}`);
      await importFile(file, kind);
      await page.locator('[data-testid="import-result"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="import-currency-default"]').innerText()).toContain(text);
      await page.screenshot({ path: join(SCREEN_DIR, `import-currency-default-${lang === 'EN' ? 'en' : 'zh'}.png`) });
    }
    await page.click('[data-testid="lang-switch"] >> text=EN');
  });
});
