// Visual search › Duplicates names both listings of a pair: each card showed two pictures and two SKUs only, so the
// merchant had to look each SKU up to know which listings to merge. On a demo store (40 products, indexed with the fast
// colour features) in a real browser: the product titles in the UI's language with their SKUs, en and 中文.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let errors: string[];
const folder = dataFolder();

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 40, days: 30, end: '2026-12-01' });
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'images.index', { backbone: 'colour' }))).status).toBe('succeeded');
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitReady(page);
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

type Pair = { skuA: string; skuB: string; titleEnA: string | null; titleZhA: string | null; titleEnB: string | null; titleZhB: string | null };

describe('duplicate listings', () => {
  it('each card names both products by title (in the UI language) and SKU (en, 中文)', async () => {
    const pairs = (await api<{ pairs: Pair[] }>(desk, 'images.duplicates', { limit: 200 })).pairs;
    expect(pairs.length).toBeGreaterThan(0);
    await page.click('[data-testid="nav-visual"]');
    await waitReady(page, 'visual');
    await page.click('[data-testid="visual-tab-duplicates"]');
    await waitReady(page, 'visual');
    const cards = page.locator('[data-testid="visual-dup"]');
    expect(await cards.count()).toBe(pairs.length);
    const sides = async (): Promise<string[][]> =>
      Promise.all((await cards.first().locator('[data-testid="visual-dup-side"]').all()).map(async (s) => [await s.locator('[data-testid="visual-dup-title"]').innerText(), await s.locator('[data-testid="visual-dup-sku"]').innerText()]));
    const p = pairs[0];
    expect(await sides()).toEqual([[p.titleEnA, p.skuA], [p.titleEnB, p.skuB]]);
    // Titles the demo gives in both languages, and not the same words in each.
    expect(p.titleZhA).not.toBe(p.titleEnA);
    await switchLang(page, 'zh');
    expect(await sides()).toEqual([[p.titleZhA, p.skuA], [p.titleZhB, p.skuB]]);
    // Every card has both titles.
    expect(await page.locator('[data-testid="visual-dup-title"]').count()).toBe(2 * pairs.length);
    await switchLang(page, 'en');
    expect(errors).toEqual([]);
  }, 300_000);
});
