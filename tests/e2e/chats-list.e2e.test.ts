// The Chats conversation list beside an open conversation, in a real browser, in both languages: the waiting time of a
// conversation is the same in the full list and in a search (one reference for the store: its newest message), and at
// 1024, 1280 and 1920 pixels the list fits its half (no column under the conversation panel, the waiting time and the
// badges whole).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

/** Types a search and waits for the list to show the rows the engine finds for it. */
async function search(text: string): Promise<void> {
  const { total } = await api<{ total: number }>(desk, 'chats.list', { search: text || undefined, limit: 200 });
  await page.fill('[data-testid="chats-search"]', text);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chats-row"]').length === n, Math.min(total, 200));
}

/** The waiting time shown for a conversation's row. */
const waitingOf = (ext: string): Promise<string> => page.locator(`[data-testid="chats-row"][data-ext="${ext}"] [data-testid="chats-waiting"]`).innerText();

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 12, days: 40, end: '2026-12-01' });
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

afterAll(() => closeAll(browser, desk, folder));

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

  it('at 1024, 1280 and 1920 pixels the list fits beside the open conversation in both languages: nothing under the panel, waiting and badges whole', async () => {
    await search('');
    const listed = await api<{ rows: { id: number; externalId: string }[] }>(desk, 'chats.list', {});
    // A demo conversation with suggested replies, so the panel shows its "Suggested replies" heading and cards.
    let pick: number | null = null;
    for (const r of listed.rows) {
      const s = await api<{ suggestions: unknown[]; smallTalk?: unknown }>(desk, 'chats.suggest', { conversation: r.id, limit: 3 });
      if (s.suggestions.length && !s.smallTalk) {
        pick = r.id;
        break;
      }
    }
    expect(pick).not.toBeNull();
    await page.locator(`[data-testid="chats-row"][data-conv="${pick}"]`).click();
    await page.waitForSelector('[data-testid="suggestion"]', { timeout: 60_000 });
    for (const lang of ['en', 'zh'] as const) {
      await setLang(lang);
      for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width, height });
        await page.waitForFunction(() => document.querySelector('[data-testid="chat-view"]') !== null);
        const m = await page.evaluate(() => {
          const box = (el: Element | null): DOMRect => el?.getBoundingClientRect() ?? new DOMRect();
          const table = box(document.querySelector('[data-testid="chats-list"]'));
          const column = box(document.querySelector('.desk-chatlist'));
          const view = box(document.querySelector('[data-testid="chat-view"]'));
          const cells = [...document.querySelectorAll<HTMLElement>('[data-testid="chats-waiting"], [data-testid="chats-row"] .mantine-Badge-root')];
          const cut = cells.filter((c) => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > table.right + 1).map((c) => c.innerText);
          return { tableRight: table.right, columnRight: column.right, viewLeft: view.left, cut, rows: document.querySelectorAll('[data-testid="chats-row"]').length };
        });
        const where = `${lang} ${width}`;
        expect(m.rows, where).toBeGreaterThan(10);
        expect(m.tableRight, where).toBeLessThanOrEqual(m.columnRight + 1);
        expect(m.tableRight, where).toBeLessThan(m.viewLeft);
        expect(m.cut, where).toEqual([]);
        await page.screenshot({ path: join(SCREEN_DIR, `chats-list-${lang}-${width}.png`) });
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await setLang('en');
  }, 180_000);
});
