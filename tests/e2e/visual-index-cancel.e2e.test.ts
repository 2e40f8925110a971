// Visual search: the image index build (four to five minutes for a demo store's 903 photos) can be cancelled from the
// screen, and a cancelled build leaves the index as it was, with nothing half-written: it had no Cancel, and a build
// stopped half way had already stored the features of the photos it had done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, launchChromium, openPage, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let errors: string[];
const folder = dataFolder();

beforeAll(async () => {
  // 40 products, three photos each: the features take long enough to cancel half way.
  desk = await startDemoDesk(folder.dir, { skus: 40, days: 30, end: '2026-12-01' });
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitReady(page);
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

type Status = { images: number; indexed: number; builtAt: string | null };

describe('cancelling the image index build', () => {
  it('stops the build half way and leaves the index as it was, saying so (en, 中文)', async () => {
    const before = await api<Status>(desk, 'images.status', {});
    expect(before.images).toBe(120);
    expect(before.indexed).toBe(0);
    await page.click('[data-testid="nav-visual"]');
    await waitReady(page, 'visual');
    const status = page.locator('[data-testid="visual-index-status"]');
    const statusBefore = await status.innerText();
    await page.click('[data-testid="visual-build-index"]');
    // Half way through the features: some photos done, more to do.
    await page.waitForFunction(() => {
      const m = /computing image features · (\d+) of 120 photos/.exec(document.querySelector('[data-testid="visual-index-progress-text"]')?.textContent ?? '');
      return m !== null && Number(m[1]) >= 8 && Number(m[1]) < 100;
    }, undefined, { timeout: 180_000 });
    const cancel = page.locator('[data-testid="visual-index-cancel"]');
    expect(await cancel.innerText()).toBe('Cancel');
    await cancel.click();
    const note = page.locator('[data-testid="visual-index-msg"]');
    await note.waitFor({ timeout: 30_000 });
    expect(await note.innerText()).toBe('Build cancelled: the index is as it was before, nothing was added to it.');
    await page.locator('[data-testid="visual-index-progress"]').waitFor({ state: 'detached' });
    // Nothing half-written: no photo became searchable, and the status line reads as before.
    const after = await api<Status>(desk, 'images.status', {});
    expect(after).toMatchObject({ images: 120, indexed: 0, builtAt: null });
    await page.waitForFunction((t) => document.querySelector('[data-testid="visual-index-status"]')?.textContent === t, statusBefore);
    const jobs = await api<{ status: string }[]>(desk, 'jobs.list', { kind: 'images.index', limit: 1 });
    expect(jobs[0].status).toBe('cancelled');

    await switchLang(page, 'zh');
    expect(await note.innerText()).toBe('已取消建立索引：索引保持原样，没有写入任何内容。');
    // In Chinese, a second build cancelled as soon as it shows its progress.
    await page.click('[data-testid="visual-build-index"]');
    await note.waitFor({ state: 'detached' });
    expect(await cancel.innerText()).toBe('取消');
    await page.waitForFunction(() => !(document.querySelector('[data-testid="visual-index-cancel"]') as HTMLButtonElement | null)?.disabled);
    await cancel.click();
    await note.waitFor({ timeout: 60_000 });
    expect(await note.innerText()).toBe('已取消建立索引：索引保持原样，没有写入任何内容。');
    expect((await api<Status>(desk, 'images.status', {})).indexed).toBe(0);
    await switchLang(page, 'en');
    expect(errors).toEqual([]);
  }, 300_000);
});
