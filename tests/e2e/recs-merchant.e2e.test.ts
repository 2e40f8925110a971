// Recommendations as a small merchant uses them, in the browser against the real server on a small demo store trained
// with the two quick models (popularity and co-occurrence): every list and history row names its SKU (the demo's
// variants share titles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, dataFolder, finishedJob, launchChromium, openPage, startDemoDesk, waitReady, type Desk } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = dataFolder();

async function open(screen: string): Promise<void> {
  await page.click(`[data-testid="nav-${screen}"]`);
  await waitReady(page, screen);
}

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 60, days: 45, end: '2026-10-31' });
  const train = await finishedJob(desk, await api<{ jobId: string }>(desk, 'recs.train.start', { models: ['pop', 'cooc'], maxSeconds: 60 }));
  expect(train.status).toBe('succeeded');
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  folder.cleanup();
});

describe('recommendations for a merchant', () => {
  it('every recommended, viewed-not-bought and history row names its SKU beside the title', async () => {
    await open('recommendations');
    await page.waitForSelector('[data-testid="recs-item"]', { timeout: 30_000 });
    const customer = (await page.locator('[data-testid="recs-customer"]').inputValue()).split(' · ').pop() as string;
    const r = await api<{ items: { sku: string; title: string }[]; revisit: { sku: string }[]; history: { sku: string }[] }>(desk, 'recs.forCustomer', { customer, k: 10 });
    await expect.poll(() => page.locator('[data-testid="recs-history"] tr').count(), { timeout: 15_000 }).toBe(r.history.length);
    const rows = async (sel: string): Promise<string[]> => page.locator(sel).allInnerTexts();
    const items = await rows('[data-testid="recs-item"]');
    expect(items).toHaveLength(r.items.length);
    items.forEach((text, i) => expect(text).toContain(`${r.items[i].title} ${r.items[i].sku}`));
    const revisit = await rows('[data-testid="recs-revisit-item"]');
    revisit.forEach((text, i) => expect(text).toContain(r.revisit[i].sku));
    const history = await rows('[data-testid="recs-history"] tr');
    history.forEach((text, i) => expect(text).toContain(r.history[i].sku));
    await page.click('[data-testid="recs-tab-products"]');
    await page.waitForSelector('[data-testid="recs-similar"] tr', { timeout: 15_000 });
    for (const text of await rows('[data-testid="recs-similar"] tr')) expect(text).toMatch(/\b[A-Z]{2}-[A-Z0-9]{4}\b/);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
