// A new shop's empty store (`desk init`): each screen that lists the store's data says there is none yet and where it
// comes from, instead of "no match" or a table of zeros — Inventory, Chats, Visual search, and Recommendations after a training (why
// the Transformer was not trained; nothing could be measured) — in English and in 中文.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = dataFolder();

beforeAll(async () => {
  const store = join(folder.dir, 'new-shop.db');
  execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'desk.js'), 'init', '--store', store]);
  desk = await startDesk({ dataDir: folder.dir, store });
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
}, 120_000);

afterAll(() => closeAll(browser, desk, folder));

describe('a new shop with an empty store', () => {
  it('Inventory, Chats and Visual search say there is nothing yet and what to import, not that a filter matched nothing', async () => {
    await page.click('[data-testid="nav-inventory"]');
    await waitReady(page, 'inventory');
    expect(await page.locator('[data-testid="products-empty"]').innerText()).toMatch(/^No products yet\. Import your product list on the Data screen/);
    await page.screenshot({ path: join(SCREEN_DIR, 'new-shop-inventory-en.png') });
    // With a search typed, "no match" is the right answer again.
    await page.fill('[data-testid="product-search"]', 'mug');
    await page.waitForFunction(() => document.querySelector('[data-testid="products-empty"]')?.textContent?.startsWith('No product matches'));
    await page.fill('[data-testid="product-search"]', '');
    await page.click('[data-testid="nav-chats"]');
    await waitReady(page, 'chats');
    expect(await page.locator('[data-testid="chats-none-yet"]').innerText()).toMatch(/^No conversations yet\. Import chat transcripts on the Data screen/);
    // With no conversation at all there is nothing to choose: no "choose a conversation" hint beside it.
    expect(await page.locator('[data-testid="chats-pick"]').count()).toBe(0);
    await page.screenshot({ path: join(SCREEN_DIR, 'new-shop-chats-en.png') });
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForFunction(() => document.querySelector('[data-testid="chats-none-yet"]')?.textContent?.startsWith('还没有会话'));
    await page.screenshot({ path: join(SCREEN_DIR, 'new-shop-chats-zh.png') });
    await page.click('[data-testid="nav-inventory"]');
    await waitReady(page, 'inventory');
    await page.waitForFunction(() => document.querySelector('[data-testid="products-empty"]')?.textContent?.startsWith('还没有商品'));
    await page.screenshot({ path: join(SCREEN_DIR, 'new-shop-inventory-zh.png') });
    await page.click('[data-testid="nav-visual"]');
    await waitReady(page, 'visual');
    // No photos: the index cannot be built and nothing can be searched; the screen says where photos come from.
    expect(await page.locator('[data-testid="visual-index-status"]').innerText()).toMatch(/^还没有商品图片：请在“数据”页导入/);
    expect(await page.locator('[data-testid="visual-build-index"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="visual-pick"]').isDisabled()).toBe(true);
    await page.click('[data-testid="lang-switch"] >> text=EN');
    await page.waitForFunction(() => document.querySelector('[data-testid="visual-index-status"]')?.textContent?.startsWith('No product photos yet: import them on the Data screen'));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('after training, says why no model was measured and what to import, in both languages; no table of zeros', async () => {
    const job = await finishedJob(desk, await api<{ jobId: string }>(desk, 'recs.train.start', {}));
    expect(job.status).toBe('succeeded');
    await page.click('[data-testid="nav-recommendations"]');
    await waitReady(page, 'recommendations');
    expect(await page.locator('[data-testid="recs-fallback"]').innerText()).toMatch(/^Too little history for the sequential model/);
    // Customers tab: nobody to pick, said once, no empty cards and no tail figures of 0%.
    await page.locator('[data-testid="recs-no-customers"]').waitFor();
    expect(await page.locator('[data-testid="recs-no-customers"]').innerText()).toMatch(/^No customer has an order or a browsing event yet.*Import orders or browsing events on the Data screen/s);
    expect(await page.locator('[data-testid="recs-history"]').count()).toBe(0);
    expect(await page.locator('[data-testid="recs-tail-effect"]').count()).toBe(0);
    // Nothing to export: both buttons are off rather than writing a file with a header and no rows.
    expect(await page.locator('[data-testid="recs-export"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="recs-export-revisit"]').isDisabled()).toBe(true);
    await page.screenshot({ path: join(SCREEN_DIR, 'recs-empty-customers-en.png') });
    await page.click('[data-testid="recs-tab-models"]');
    const none = page.locator('[data-testid="recs-models-none"]');
    await none.waitFor();
    expect(await none.innerText()).toMatch(/No customer has 3 or more events yet, so no model could be measured.*Import orders or browsing events on the Data screen/s);
    expect(await page.locator('[data-testid="recs-models"]').count()).toBe(0);
    expect(await page.locator('[data-testid="recs-chart"]').count()).toBe(0);
    await page.screenshot({ path: join(SCREEN_DIR, 'recs-empty-models-en.png') });
    // The language switch keeps the screen on the tab it was on (since 2026-12-06; it used to reopen the first tab).
    await page.click('[data-testid="lang-switch"] >> text=中文');
    await page.waitForFunction(() => document.querySelector('[data-testid="recs-models-none"]')?.textContent?.includes('还没有任何顾客'));
    await page.click('[data-testid="recs-tab-customers"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="recs-no-customers"]')?.textContent?.includes('还没有任何顾客有订单或浏览记录'));
    await page.screenshot({ path: join(SCREEN_DIR, 'recs-empty-customers-zh.png') });
    await page.click('[data-testid="recs-tab-models"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="recs-models-none"]')?.textContent?.includes('还没有任何顾客'));
    expect(await none.innerText()).toMatch(/无法评估任何模型.*请在“数据”页面导入订单或浏览记录/s);
    expect(await page.locator('[data-testid="recs-fallback"]').innerText()).toMatch(/^历史数据太少/);
    await page.screenshot({ path: join(SCREEN_DIR, 'recs-empty-models-zh.png') });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
