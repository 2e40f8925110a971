// The Chats conversation list in a real browser, in both languages: the waiting time of a conversation is the same in
// the full list and in a search (one reference for the store: its newest message).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, dataFolder, finishedJob, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady, type Desk } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

async function setLang(lang: 'en' | 'zh'): Promise<void> {
  await page.click(`[data-testid="lang-switch"] >> text=${lang === 'zh' ? '中文' : 'EN'}`);
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
}

/** Types a search and waits for the list to show the rows the engine finds for it. */
async function search(text: string): Promise<void> {
  const { total } = await api<{ total: number }>(desk, 'chats.list', { search: text || undefined, limit: 200 });
  await page.fill('[data-testid="chats-search"]', text);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chats-row"]').length === n, Math.min(total, 200));
}

/** The waiting time shown for a conversation's row. */
const waitingOf = (ext: string): Promise<string> => page.locator(`[data-testid="chats-row"][data-ext="${ext}"] [data-testid="chats-waiting"]`).innerText();

beforeAll(async () => {
  desk = await startDesk({ dataDir: folder.dir });
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', { skus: 12, days: 40, end: '2026-12-01' }))).status).toBe('succeeded');
  // The QA pass's probe conversations (2026-11-22), older than the demo's newest message (2026-12-01).
  const probe = join(folder.dir, 'qa-probe.csv');
  writeFileSync(probe, readFileSync(join(import.meta.dirname, '..', 'unit', 'fixtures', 'chats', 'qa-probe.csv')));
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'chats', path: probe }))).status).toBe('succeeded');
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page);
  await page.click('[data-testid="nav-chats"]');
  await waitReady(page, 'chats');
  await page.waitForSelector('[data-testid="chats-row"][data-ext="P7"]');
  mkdirSync(SCREEN_DIR, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  folder.cleanup();
});

describe('Chats list', () => {
  it('a conversation waits as long in a search as in the full list: the newest message of the store is "now"', async () => {
    const full = await waitingOf('P7');
    // Customer's last message 2026-11-22 10:02, the store's newest on 2026-12-01: about nine days.
    expect(full).toMatch(/^(8|9) d$/);
    await search('P7');
    expect(await page.locator('[data-testid="chats-row"]').count()).toBe(1);
    expect(await waitingOf('P7')).toBe(full);
    // Filtered to the probe conversations only (the newest of them from 2026-11-22): still the same.
    await search('DM2026080800002');
    expect(await waitingOf('P7')).toBe(full);
    await setLang('zh');
    await page.waitForFunction(() => document.querySelector('[data-testid="chats-row"][data-ext="P7"] [data-testid="chats-waiting"]')?.textContent?.endsWith('天'));
    expect(await waitingOf('P7')).toBe(full.replace(' d', ' 天'));
    await setLang('en');
    await search('');
  });
});
