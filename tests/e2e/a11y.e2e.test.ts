// Keyboard use on a small demo store: the sidebar reached with Tab and opened with Enter or Space, with a visible
// focus ring and the open screen marked current.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, dataFolder, finishedJob, launchChromium, openPage, startDesk, waitReady, type Desk } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = dataFolder();

/** The data-testid of the focused element, or its tag name. */
function focused(): Promise<string> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');
}

beforeAll(async () => {
  desk = await startDesk({ dataDir: folder.dir });
  const demo = await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', { skus: 12, days: 30, end: '2026-10-31' }));
  expect(demo.status).toBe('succeeded');
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  folder.cleanup();
});

describe('keyboard', () => {
  it('Tab from the page reaches the sidebar; Enter opens Inventory, Space opens Dashboard; a focus ring shows; aria-current marks the open screen', async () => {
    // Start from nothing focused, as a user who just opened the window.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const path: string[] = [];
    for (let i = 0; i < 25 && (path.at(-1) ?? '') !== 'nav-inventory'; i++) {
      await page.keyboard.press('Tab');
      path.push(await focused());
    }
    expect(path.at(-1), `Tab went through: ${path.join(' → ')}`).toBe('nav-inventory');
    // The ring is drawn (and inside the item: the sidebar's scroll area would clip one outside it).
    const ring = await page.locator('[data-testid="nav-inventory"]').evaluate((e) => {
      const cs = getComputedStyle(e);
      return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), offset: parseFloat(cs.outlineOffset) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(ring.offset).toBeLessThan(0);
    await page.keyboard.press('Enter');
    await waitReady(page, 'inventory');
    expect(await page.getAttribute('[data-testid="nav-inventory"]', 'aria-current')).toBe('page');
    expect(await page.getAttribute('[data-testid="nav-dashboard"]', 'aria-current')).toBeNull();
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('nav-dashboard');
    await page.keyboard.press('Space');
    await waitReady(page, 'dashboard');
    expect(await page.getAttribute('[data-testid="nav-dashboard"]', 'aria-current')).toBe('page');
    // Screen readers hear each item as something to press, by its label.
    expect(await page.getByRole('navigation').getByRole('button', { name: 'Inventory' }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
