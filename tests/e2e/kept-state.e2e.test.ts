// Leaving a screen and coming back finds it as it was, in a real browser: Inventory keeps its search, category filter
// and sort; Chats its filters, tab and open conversation; Data its tab and the backup just written. Each used to start
// over (every screen is unmounted when another opens).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, launchChromium, openPage, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

/** Opens another screen, then comes back to `screen`. */
async function awayAndBack(screen: string): Promise<void> {
  await page.click('[data-testid="nav-dashboard"]');
  await waitReady(page, 'dashboard');
  await page.click(`[data-testid="nav-${screen}"]`);
  await waitReady(page, screen);
}

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 24, days: 40, end: '2026-12-01' });
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitReady(page);
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('screens keep their state across a visit elsewhere', () => {
  it('Inventory keeps its search, category and sort (English)', async () => {
    const all = await api<{ rows: { sku: string; category: string }[]; categories: string[] }>(desk, 'products.list', { limit: 1000 });
    const category = all.categories[0];
    await page.click('[data-testid="nav-inventory"]');
    await waitReady(page, 'inventory');
    await page.fill('[data-testid="product-search"]', '-');
    await page.click('[data-testid="filter-category"]');
    await page.locator('[role="option"]:visible').first().click();
    // Price sorts from the highest first.
    await page.click('[data-testid="sort-price"]');
    await page.waitForSelector('th[aria-sort="descending"] [data-testid="sort-price"]');
    const expected = await api<{ total: number; rows: { sku: string }[] }>(desk, 'products.list', { q: '-', category, sort: 'price', dir: 'desc', limit: 1000 });
    expect(expected.total).toBeGreaterThan(1);
    await page.waitForSelector(`[data-testid="product-count"][data-count="${expected.total}"]`);
    await page.waitForFunction((sku) => document.querySelector('[data-testid="product-row"]')?.getAttribute('data-sku') === sku, expected.rows[0].sku);
    const categoryLabel = await page.inputValue('[data-testid="filter-category"]');
    await awayAndBack('inventory');
    expect(await page.inputValue('[data-testid="product-search"]')).toBe('-');
    expect(await page.inputValue('[data-testid="filter-category"]')).toBe(categoryLabel);
    expect(await page.getAttribute('[data-testid="product-count"]', 'data-count')).toBe(String(expected.total));
    expect(await page.locator('th[aria-sort="descending"] [data-testid="sort-price"]').count()).toBe(1);
    const skus = await page.locator('[data-testid="product-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sku')));
    expect(skus).toEqual(expected.rows.slice(0, skus.length).map((r) => r.sku));

    // Visual search's "open in Inventory" replaces the kept search with its SKU and clears the filter that could hide it.
    const other = all.rows.find((r) => r.category !== category)!;
    await page.click('[data-testid="nav-dashboard"]');
    await waitReady(page, 'dashboard');
    await page.evaluate((sku) => {
      sessionStorage.setItem('desk.inventory.q', sku);
      window.dispatchEvent(new CustomEvent('desk:navigate', { detail: 'inventory' }));
    }, other.sku);
    await waitReady(page, 'inventory');
    expect(await page.inputValue('[data-testid="product-search"]')).toBe(other.sku);
    expect(await page.inputValue('[data-testid="filter-category"]')).toBe('');
    await page.waitForSelector(`[data-testid="product-row"][data-sku="${other.sku}"]`);
  });

  it('Chats keeps its filter, tab and open conversation, and Data its tab and backup (中文)', async () => {
    await setLang('zh');
    await page.click('[data-testid="nav-chats"]');
    await waitReady(page, 'chats');
    await page.fill('[data-testid="chats-search"]', '尺码');
    const found = await api<{ total: number; rows: { id: number }[] }>(desk, 'chats.list', { search: '尺码', limit: 200 });
    expect(found.total).toBeGreaterThan(0);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chats-row"]').length === n, found.total);
    const id = found.rows[0].id;
    await page.click(`[data-testid="chats-row"][data-conv="${id}"]`);
    // What the customer wants, once analysed (the panel says "not analysed yet" while it loads).
    await page.waitForSelector('[data-testid="chat-view"] [data-testid="chat-slots"]');
    const text = (await page.locator('[data-testid="chat-state"]').innerText()).trim();
    await awayAndBack('chats');
    expect(await page.inputValue('[data-testid="chats-search"]')).toBe('尺码');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chats-row"]').length === n, found.total);
    await page.waitForSelector('[data-testid="chat-view"] [data-testid="chat-slots"]');
    expect((await page.locator('[data-testid="chat-state"]').innerText()).trim()).toBe(text);
    // The knowledge-base tab, left open, is open on coming back.
    await page.click('[data-testid="chats-tab-kb"]');
    await page.click('[data-testid="nav-dashboard"]');
    await waitReady(page, 'dashboard');
    await page.click('[data-testid="nav-chats"]');
    await page.waitForSelector('[data-testid="chats-tab-kb"]');
    expect(await page.getAttribute('[data-testid="chats-tab-kb"]', 'aria-selected')).toBe('true');

    // Data: the backup tab with the backup just written and its download link.
    await page.click('[data-testid="nav-data"]');
    await waitReady(page, 'data');
    await page.click('[data-testid="tab-backup"]');
    await page.click('[data-testid="backup-run"]');
    await page.waitForSelector('[data-testid="backup-download"]', { timeout: 60_000 });
    const link = await page.getAttribute('[data-testid="backup-download"]', 'href');
    await awayAndBack('data');
    expect(await page.getAttribute('[data-testid="tab-backup"]', 'aria-selected')).toBe('true');
    expect(await page.getAttribute('[data-testid="backup-download"]', 'href')).toBe(link);
    await setLang('en');
  });
});
