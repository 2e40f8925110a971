// Pricing and its Export dialog read by a merchant on a small demo store, in a real Chromium against `desk serve`:
// an export with nothing to send says why and offers every product instead of writing an empty file; a price Apply
// holds says why in its row; an export's holds are each worded by their reason; the dialog shows a result only for the form that wrote it; the price curve and competitor charts speak the product's currency.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, type Desk, finishedJob, openForFile, openPricedDemoPage, SCREEN_DIR, waitReady } from './harness';

let desk: Desk;
let page: Page;
let pageErrors: string[];
const opened = openForFile((dir) => openPricedDemoPage(dir, { skus: 12, days: 120, end: '2026-11-30' }, { width: 1280, height: 900 }), 180_000);

beforeAll(async () => {
  ({ desk, page, errors: pageErrors } = opened);
  await page.click('[data-testid="nav-pricing"]');
  await waitReady(page, 'pricing');
});

/** Picks an option of one of the dialog's selects. */
async function pick(testid: string, option: string): Promise<void> {
  await page.locator(`[data-testid="${testid}"]`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Closes the Export dialog. */
async function closeDialog(): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="export-run"]').waitFor({ state: 'hidden' });
}

describe('Pricing follow-ups', () => {
  it('a first export with "only changed" and nothing to send writes the header alone, says why and offers every product (English, then 中文)', async () => {
    await page.click('[data-testid="pricing-export"]');
    await pick('export-format', 'Amazon Price & Quantity (tab-delimited)');
    expect(await page.locator('[data-testid="export-only-changed"]').isChecked()).toBe(true);
    await page.click('[data-testid="export-run"]');
    // It said "Wrote 0 rows to …" and offered an empty file to download.
    const empty = page.locator('[data-testid="export-empty"]');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.getAttribute('data-code')).toBe('unchanged_first');
    expect(await empty.textContent()).toMatch(/^Only the header row was written: nothing to send yet\. No price list has gone to this marketplace, and all 12 products have the price the shop lists now/);
    expect(await page.locator('[data-testid="export-download"]').count()).toBe(0);
    mkdirSync(SCREEN_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREEN_DIR, 'pricing-export-empty-en.png') });
    // One click writes every product as it is.
    await page.click('[data-testid="export-write-all"]');
    await expect.poll(async () => page.locator('[data-testid="export-result"]').getAttribute('data-written'), { timeout: 30_000 }).toBe('12');
    expect(await page.locator('[data-testid="export-only-changed"]').isChecked()).toBe(false);
    expect(await page.locator('[data-testid="export-download"]').count()).toBe(1);
    await closeDialog();

    // In 中文, the same export again: nothing changed since the last one.
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=定价');
    await page.click('[data-testid="pricing-export"]');
    await pick('export-format', '亚马逊价格与数量文件（制表符分隔）');
    const only = page.locator('[data-testid="export-only-changed"]');
    if (!(await only.isChecked())) await only.click();
    await page.click('[data-testid="export-run"]');
    await expect.poll(async () => empty.getAttribute('data-code'), { timeout: 30_000 }).toBe('unchanged');
    expect(await empty.textContent()).toContain('只写入了表头：自上次导出到该平台以来，没有商品的价格或库存发生变化（12 个商品未变）。');
    expect(await page.locator('[data-testid="export-write-all"]').textContent()).toBe('按现状写出全部 12 个商品');
    await page.screenshot({ path: join(SCREEN_DIR, 'pricing-export-empty-zh.png') });
    await closeDialog();
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=Pricing');
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('a price Apply holds says why in its row, not only the recommendation\'s reason (English, then 中文)', async () => {
    type Rec = { id: number; sku: string; status: string; currentPrice: number; reason: string };
    // A first price change today for one SKU, then a second one for it: the guardrails allow one change a day.
    const [first] = await api<Rec[]>(desk, 'pricing.recommendations', { status: 'pending', limit: 1 });
    await api(desk, 'pricing.decide', { ids: [first.id], action: 'edit', price: Math.round(first.currentPrice * 101) / 100 });
    await api(desk, 'pricing.apply', {});
    // The new recommendation for it is held already; a price set by hand on it goes to Apply, which holds it too.
    await api(desk, 'pricing.recommend', { sku: first.sku, draws: 20 });
    const [second] = await api<Rec[]>(desk, 'pricing.recommendations', { status: 'held', sku: first.sku });
    await api(desk, 'pricing.decide', { ids: [second.id], action: 'edit', price: Math.round(first.currentPrice * 102) / 100 });
    await page.reload();
    await waitReady(page, 'pricing');
    await page.click('[data-testid="pricing-apply"]');
    const row = page.locator('[data-testid="pricing-row"]', { has: page.locator('[data-testid="pricing-status"]', { hasText: 'Held by guardrails' }) });
    await row.first().waitFor({ timeout: 30_000 });
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-sku')).toBe(first.sku);
    // By its SKU from here: the status badge is worded in the UI language.
    const why = page.locator(`[data-testid="pricing-row"][data-sku="${first.sku}"] [data-testid="pricing-held-reason"]`);
    expect(await why.textContent()).toBe('Held on Apply: 1 change already made today (limit 1); price held back.');
    expect(await row.locator('[data-testid="pricing-reason"]').textContent()).toBe(second.reason);
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await expect.poll(async () => why.textContent()).toBe('应用时被拦下：今天已调价 1 次（上限 1 次），暂不调价。');
    await why.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREEN_DIR, 'pricing-held-reason-zh.png') });
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=Pricing');
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('the price curve and competitor charts of a product sold in dollars read in dollars, not yuan (English, then 中文)', async () => {
    // AP-0002 re-imported in USD (its sales, competitors and history stay): both charts showed "CN¥".
    const [p] = (await api<{ rows: { sku: string; titleEn: string; category: string; price: number; cost: number }[] }>(desk, 'products.list', { q: 'AP-0002', limit: 1 })).rows;
    const file = join(opened.dataDir, 'usd.csv');
    writeFileSync(file, `sku,title_en,category,price,cost,currency\nAP-0002,"${p.titleEn}",${p.category},${p.price},${p.cost},USD\n`);
    expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'products', path: file }))).status).toBe('succeeded');
    await page.reload();
    await waitReady(page, 'pricing');
    await page.locator('[data-testid="pricing-row"][data-sku="AP-0002"]').first().click();
    const ticks = async (chart: string, axis: 'x' | 'y'): Promise<string[]> => {
      const loc = page.locator(`[data-testid="${chart}"] .recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`);
      await loc.first().waitFor({ timeout: 30_000 });
      return loc.allTextContents();
    };
    await expect.poll(async () => page.locator('[data-testid="pricing-curve"] h2').textContent()).toContain('AP-0002');
    await expect.poll(async () => (await ticks('pricing-curve', 'x')).every((v) => /^\$\d/.test(v))).toBe(true);
    expect((await ticks('pricing-curve', 'y')).some((v) => /^\$\d/.test(v))).toBe(true);
    const comp = await ticks('pricing-competitors', 'y');
    expect(comp.length).toBeGreaterThan(1);
    expect(comp.every((v) => /^\$\d/.test(v)), comp.join(' ')).toBe(true);
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await expect.poll(async () => (await ticks('pricing-competitors', 'y')).every((v) => /^US\$\d/.test(v))).toBe(true);
    expect((await ticks('pricing-curve', 'x')).every((v) => /^US\$\d/.test(v))).toBe(true);
    await page.locator('[data-testid="pricing-curve"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREEN_DIR, 'pricing-charts-usd-zh.png') });
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=Pricing');
    expect(pageErrors).toEqual([]);
  });

  it('the Export dialog shows a result only while its form describes that file: cleared on reopening and on a change', async () => {
    const result = page.locator('[data-testid="export-result"]');
    const write = async (): Promise<void> => {
      await page.click('[data-testid="export-run"]');
      await result.waitFor({ timeout: 30_000 });
    };
    await page.click('[data-testid="pricing-export"]');
    await pick('export-format', 'WooCommerce product importer CSV');
    const only = page.locator('[data-testid="export-only-changed"]');
    if (await only.isChecked()) await only.click();
    await write();
    // Closed and reopened: the earlier result stayed under the form.
    await closeDialog();
    await page.click('[data-testid="pricing-export"]');
    await page.locator('[data-testid="export-run"]').waitFor();
    expect(await result.count()).toBe(0);
    // Another format, or another choice of rows, describes another file.
    await write();
    await pick('export-format', 'Shopify product CSV (price update)');
    expect(await result.count()).toBe(0);
    await write();
    await only.click();
    expect(await result.count()).toBe(0);
    await only.click();
    expect(await result.count()).toBe(0);
    await closeDialog();
    expect(pageErrors).toEqual([]);
  });

  it('the Export dialog words each hold by its reason: a price in another currency is no guardrail\'s (English, then 中文)', async () => {
    const title = page.locator('[data-testid="export-held-title"] .mantine-Alert-title');
    const ebay = async (label: string): Promise<string | null> => {
      await page.click('[data-testid="pricing-export"]');
      await pick('export-format', label);
      const only = page.locator('[data-testid="export-only-changed"]');
      if (await only.isChecked()) await only.click();
      await page.click('[data-testid="export-run"]');
      await title.waitFor({ timeout: 30_000 });
      return title.textContent();
    };
    // The shop's CNY prices under the file's USD: it said "11 rows held back by the guardrails".
    expect(await ebay('eBay File Exchange (Revise)')).toMatch(/^(\d+) rows held back: \1 priced in another currency than the file$/);
    await closeDialog();
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=定价');
    expect(await ebay('eBay File Exchange（修改）')).toMatch(/^(\d+) 行暂不导出：\1 行的币种与文件不符$/);
    await page.screenshot({ path: join(SCREEN_DIR, 'pricing-export-held-kinds-zh.png') });
    await closeDialog();
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=Pricing');
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('the competitor chart names each channel in the UI language: 天猫, 京东, 拼多多, 抖音 in 中文', async () => {
    const chart = page.locator('[data-testid="pricing-competitors"]');
    await page.locator('[data-testid="pricing-row"]').first().click();
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForSelector('[data-testid="nav-pricing"] >> text=定价');
    await chart.locator('.recharts-line').first().waitFor({ timeout: 30_000 });
    // It kept "JD", "Tmall" in the Chinese legend.
    await expect.poll(async () => chart.innerText()).toMatch(/(天猫|京东|拼多多|抖音) · /);
    const zh = await chart.innerText();
    expect(zh).not.toMatch(/\b(Tmall|JD|Pinduoduo|Douyin)\b/);
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREEN_DIR, 'pricing-competitors-zh.png') });
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await expect.poll(async () => chart.innerText()).toMatch(/(Tmall|JD\.com|Pinduoduo|Douyin) · /);
    expect(pageErrors).toEqual([]);
  });
});
