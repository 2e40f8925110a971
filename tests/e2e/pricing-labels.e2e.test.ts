// The Pricing screen read in 中文 and English on a small demo store: the Export dialog's built-in column-mapping presets
// are named in the reader's language (the Chinese dialog said "Other (preset)"), and the price curve says what its axes
// count (price and money in the shop's currency, units per day), in a real Chromium against `desk serve`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, type Desk, finishedJob, openForFile, openPricedDemoPage, SCREEN_DIR, waitReady } from './harness';

let desk: Desk;
let page: Page;
let pageErrors: string[];
const opened = openForFile((dir) => openPricedDemoPage(dir, { skus: 20, days: 150, end: '2026-11-30' }, { width: 1024, height: 768 }), 180_000);

beforeAll(() => {
  ({ desk, page, errors: pageErrors } = opened);
});

/** The mapping choices the Export dialog offers for a CSV with a column mapping, and the one shown. */
async function mappingChoices(formatLabel: string): Promise<{ shown: string; options: string[] }> {
  await page.click('[data-testid="pricing-export"]');
  await page.locator('[data-testid="export-format"]').click();
  await page.getByRole('option', { name: formatLabel, exact: true }).click();
  const select = page.locator('[data-testid="export-mapping"]');
  await select.waitFor();
  await expect.poll(async () => select.inputValue()).not.toBe('');
  const shown = await select.inputValue();
  await select.click();
  const options = await page.getByRole('option').allInnerTexts();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="export-run"]').waitFor({ state: 'hidden' });
  return { shown, options };
}

describe('Pricing labels in both languages', () => {
  it('the Export dialog names its mapping presets in Chinese in 中文 and in English in English', async () => {
    await page.click('[data-testid="nav-pricing"]');
    await waitReady(page, 'pricing');
    const en = await mappingChoices('CSV with a column mapping');
    expect(en.shown).toBe('Other (preset)');
    expect(en.options).toEqual(expect.arrayContaining(['Taobao / 淘宝 (preset)', 'JD / 京东 (preset)', 'Pinduoduo / 拼多多 (preset)', 'Other (preset)']));

    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=定价');
    const zh = await mappingChoices('按列映射的 CSV');
    expect(zh.shown).toBe('其他平台（预设）');
    expect(zh.options).toEqual(expect.arrayContaining(['淘宝（预设）', '京东（预设）', '拼多多（预设）', '其他平台（预设）']));
    expect(zh.options.join(' ')).not.toMatch(/preset|Other/);
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('the price curve says what its axes count: prices and money in the currency, units per day named (中文, then English)', async () => {
    const axes = async (): Promise<{ x: string[]; left: string[]; labels: string[] }> => {
      const curve = page.locator('[data-testid="pricing-curve"]');
      await curve.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').first().waitFor({ timeout: 30_000 });
      return {
        x: await curve.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents(),
        left: await curve.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents(),
        labels: await curve.locator('svg text').allTextContents(),
      };
    };
    // On its own too (the test before leaves the screen in 中文): open Pricing, in 中文.
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.click('[data-testid="nav-pricing"]');
    await waitReady(page, 'pricing');
    const zh = await axes();
    expect(zh.x.length).toBeGreaterThan(1);
    expect(zh.x.every((v) => /^¥\d/.test(v)), zh.x.join(' ')).toBe(true);
    expect(zh.left.some((v) => /^¥\d/.test(v)), zh.left.join(' ')).toBe(true);
    expect(zh.labels).toContain('销量（件/天）');
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=Pricing');
    await expect.poll(async () => (await axes()).labels).toContain('units / day');
    expect((await axes()).x.every((v) => /^CN¥\d/.test(v))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('a CSV export takes the encoding its mapping remembers: Other writes UTF-8 with a BOM, Taobao GB18030 (English, then 中文)', async () => {
    const encoding = page.locator('[data-testid="export-encoding"]');
    const pick = async (testid: string, option: string): Promise<void> => {
      await page.locator(`[data-testid="${testid}"]`).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    // The test before leaves the screen in English.
    await page.click('[data-testid="pricing-export"]');
    await pick('export-format', 'CSV with a column mapping');
    await expect.poll(async () => page.locator('[data-testid="export-mapping"]').inputValue()).toBe('Other (preset)');
    // It said "UTF-8": Excel then showed the Chinese titles of a shop's file as mojibake.
    expect(await encoding.inputValue()).toBe('UTF-8 with BOM (opens correctly in Excel)');
    const onlyChanged = page.locator('[data-testid="export-only-changed"]');
    if (await onlyChanged.isChecked()) await onlyChanged.click();
    await page.click('[data-testid="export-run"]');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('[data-testid="export-download"]')]);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="export-run"]').waitFor({ state: 'hidden' });

    // Taobao picked for an Excel file, then the format changed to CSV: the Taobao encoding comes with it.
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=定价');
    await page.click('[data-testid="pricing-export"]');
    await pick('export-format', '按列映射的 Excel');
    await pick('export-mapping', '淘宝（预设）');
    await pick('export-format', '按列映射的 CSV');
    await expect.poll(async () => encoding.inputValue()).toBe('GB18030（中文版 Excel、淘宝）');
    mkdirSync(SCREEN_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREEN_DIR, 'pricing-export-encoding-zh.png') });
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="export-run"]').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('a price set by hand stays in sight until applied, and Apply says when the guardrails moved it (中文, then English)', async () => {
    // The test before leaves the screen in 中文. A pending row the guardrails will not let fall to 1.00.
    const row = page.locator('[data-testid="pricing-row"]', { has: page.locator('[data-testid="pricing-status"]', { hasText: '待处理' }) }).first();
    const sku = (await row.getAttribute('data-sku')) as string;
    await row.locator('[data-testid="pricing-edit-open"]').click();
    const dropdown = page.locator('.mantine-Popover-dropdown');
    await dropdown.locator('input').fill('1');
    await dropdown.locator('.mantine-Button-root').click();
    const mine = page.locator(`[data-testid="pricing-row"][data-sku="${sku}"] [data-testid="pricing-final"]`);
    // Only the badge said 已修改: the price typed was nowhere on screen.
    await expect.poll(async () => mine.textContent()).toBe('改为 ¥1.00');
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await expect.poll(async () => mine.textContent()).toBe('set to CN¥1.00');
    await page.click('[data-testid="pricing-apply"]');
    // It said "Applied 1 price; 0 held back by the guardrails." and nothing of the price applied instead.
    const note = page.locator('[data-testid="note-blue"]', { hasText: 'Applied 1 price' });
    await note.waitFor({ timeout: 30_000 });
    const said = new RegExp(`${sku}: Raised from 1 to (\\d+\\.\\d{2}): `).exec((await note.textContent()) ?? '');
    expect(said).not.toBeNull();
    // The row takes the applied price when the table is fetched again, a moment after the note.
    const current = page.locator(`[data-testid="pricing-row"][data-sku="${sku}"] [data-testid="pricing-current"]`);
    await expect.poll(async () => Number(await current.getAttribute('data-price')).toFixed(2), { timeout: 15_000 }).toBe(said?.[1]);
    expect(Number(said?.[1])).toBeGreaterThan(1);
    await expect.poll(async () => mine.count()).toBe(0);
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('prices show to the cent from 1,000 up and in the product’s currency (English, then 中文)', async () => {
    // A product sold in dollars at 1,234.56: the table showed it as "CN¥1,235".
    const file = join(opened.dataDir, 'usd-product.csv');
    writeFileSync(file, 'sku,title_en,category,price,cost,currency\nUS-LAMP,Desk lamp,home,1234.56,500,USD\n');
    expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'products', path: file }))).status).toBe('succeeded');
    await api(desk, 'pricing.recommend', { sku: 'US-LAMP', draws: 20 });
    await page.reload();
    await waitReady(page);
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await page.click('[data-testid="nav-pricing"]');
    await waitReady(page, 'pricing');
    const current = page.locator('[data-testid="pricing-row"][data-sku="US-LAMP"] [data-testid="pricing-current"]');
    await expect.poll(async () => current.textContent()).toBe('$1,234.56');
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await expect.poll(async () => current.textContent()).toBe('US$1,234.56');
    // A CNY row stays in yuan, with its cents.
    expect(await page.locator('[data-testid="pricing-row"][data-sku="AP-0001"] [data-testid="pricing-current"]').textContent()).toMatch(/^¥\d+\.\d{2}/);
    expect(pageErrors).toEqual([]);
  });
});
