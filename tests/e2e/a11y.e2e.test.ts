// Keyboard and screen-reader use on a small demo store: the sidebar reached with Tab and opened with Enter or Space,
// with a visible focus ring and the open screen marked current; buttons named for what they act on (each recent
// store's Open button names its file and folder, the export dialog's close button says Close), in English and 中文.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, seriousA11y, startDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = dataFolder();

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

/** The data-testid of the focused element, or its tag name. */
function focused(): Promise<string> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');
}

beforeAll(async () => {
  desk = await startDesk({ dataDir: folder.dir });
  const demo = await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', { skus: 12, days: 30, end: '2026-10-31' }));
  expect(demo.status).toBe('succeeded');
  const { path: demoPath } = await api<{ path: string }>(desk, 'store.current');
  // Two stores of the same file name in two folders, then the demo again: the recent list holds all three.
  await api(desk, 'store.create', { path: 'north/shop.db' });
  await api(desk, 'store.create', { path: 'south/shop.db' });
  await api(desk, 'store.open', { path: demoPath });
  // Opening Pricing starts agent training in the background: started and cancelled here, so the dialog test has the
  // machine to itself (the screen then offers to resume).
  const training = await api<{ job: { jobId: string } | null }>(desk, 'pricing.training', { autoStart: true });
  if (training.job) {
    await api(desk, 'jobs.cancel', { jobId: training.job.jobId });
    await api(desk, 'jobs.wait', { jobId: training.job.jobId, timeoutMs: 120_000 });
  }
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
  mkdirSync(SCREEN_DIR, { recursive: true });
}, 180_000);

afterAll(() => closeAll(browser, desk, folder));

describe('keyboard and accessible names', () => {
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
  });

  it("each recent store's Open button names the file and its folder, in English and 中文; the folder shows under the name", async () => {
    await page.click('[data-testid="switch-store"]');
    await page.waitForSelector('[data-testid="recent-stores"]');
    const sep = folder.dir.includes('\\') ? '\\' : '/';
    const north = `${folder.dir}${sep}north`;
    const south = `${folder.dir}${sep}south`;
    const names = async (): Promise<string[]> => page.locator('[data-testid="recent-stores"]').getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? b.textContent ?? ''));
    expect((await names()).sort()).toEqual([`Open demo.db in ${folder.dir}`, `Open shop.db in ${north}`, `Open shop.db in ${south}`].sort());
    // The two shop.db rows can be told apart by eye too.
    const folders = await page.locator('[data-testid="recent-store-folder"]').allInnerTexts();
    expect(folders).toEqual(expect.arrayContaining([north, south]));
    expect(await seriousA11y(page)).toEqual([]);
    await page.screenshot({ path: join(SCREEN_DIR, 'store-picker-en.png') });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitReady(page, 'dashboard');
    // The language picked in the header holds for the picker (which also has a switch of its own).
    await setLang('zh');
    try {
      await page.click('[data-testid="switch-store"]');
      await page.waitForSelector('[data-testid="recent-stores"]');
      expect((await names()).sort()).toEqual([`打开 ${folder.dir} 中的 demo.db`, `打开 ${north} 中的 shop.db`, `打开 ${south} 中的 shop.db`].sort());
      await page.getByRole('button', { name: '取消' }).click();
      await waitReady(page, 'dashboard');
    } finally {
      await setLang('en');
    }
  });

  it("the Pricing export dialog's close button is named Close (关闭 in 中文), and axe finds nothing serious in the dialog", async () => {
    await page.click('[data-testid="nav-pricing"]');
    await waitReady(page, 'pricing');
    const dialog = page.getByRole('dialog');
    await page.click('[data-testid="pricing-export"]');
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Close', exact: true }).count()).toBe(1);
    expect(await seriousA11y(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    // The dialog covers the language switch: 中文 is chosen before it opens.
    await setLang('zh');
    try {
      await page.click('[data-testid="pricing-export"]');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: '关闭', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    } finally {
      await setLang('en');
    }
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
