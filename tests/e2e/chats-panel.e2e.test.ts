// The Chats screen as a merchant works through a long list, in a real browser, in both languages: a conversation
// clicked far down the list opens in view beside it (the panel used to sit at the top of the page, out of sight, so
// the click seemed to do nothing), and the channel filter offers every channel of the store, not only the channels of
// the rows on screen (once Taobao was picked, Taobao was the only choice left).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

/** The labels offered by the channel menu, opened and closed again. */
async function channelOptions(name: string): Promise<string[]> {
  await page.locator(`.desk-chatlist input[aria-label="${name}"]`).click();
  const options = page.locator('[role="option"]:visible');
  await options.first().waitFor();
  const labels = await options.allInnerTexts();
  await page.keyboard.press('Escape');
  return labels;
}

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 12, days: 40, end: '2026-12-01' });
  // Thirty more conversations over four channels: a list longer than any of the windows.
  const lines = ['conversation,time,sender,channel,text'];
  const channels = ['taobao', 'jd', 'wechat', 'douyin'];
  for (let i = 0; i < 30; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`L${i},2026-11-${day} 09:00:00,customer,${channels[i % 4]},"Order DM20261101${String(i).padStart(5, '0')} has not arrived yet, where is it?"`);
    lines.push(`L${i},2026-11-${day} 09:05:00,agent,${channels[i % 4]},"Let me check that for you."`);
  }
  const file = join(folder.dir, 'long-list.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'chats', path: file }))).status).toBe('succeeded');
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page);
  await page.click('[data-testid="nav-chats"]');
  await waitReady(page, 'chats');
  await page.waitForSelector('[data-testid="chats-row"]');
  mkdirSync(SCREEN_DIR, { recursive: true });
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Chats screen with a long list', () => {
  it('a conversation clicked at the bottom of the list opens in view, at 1024, 1280 and 1920 px in both languages', async () => {
    const rows = page.locator('[data-testid="chats-row"]');
    const n = await rows.count();
    expect(n).toBeGreaterThan(20);
    for (const lang of ['en', 'zh'] as const) {
      await setLang(lang);
      for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]] as const) {
        await page.setViewportSize({ width, height });
        await page.evaluate(() => window.scrollTo(0, 0));
        // The last row, then one in the middle: each time the panel shows that conversation within the window.
        for (const i of [n - 1, Math.floor(n / 2)]) {
          const row = rows.nth(i);
          const id = await row.getAttribute('data-conv');
          await row.scrollIntoViewIfNeeded();
          await row.click();
          const conv = await api<{ messages: { text: string }[] }>(desk, 'chats.get', { conversation: Number(id) });
          const first = conv.messages[0].text.slice(0, 12);
          await page.waitForFunction((t) => document.querySelector('[data-testid="chat-view"]')?.textContent?.includes(t), first);
          const m = await page.evaluate(() => {
            const state = document.querySelector('[data-testid="chat-state"]')!.getBoundingClientRect();
            const header = document.querySelector('header')!.getBoundingClientRect();
            return { top: state.top, bottom: state.bottom, headerBottom: header.bottom, height: window.innerHeight };
          });
          const where = `${lang} ${width} row ${i}`;
          // The panel's first card (what the customer wants) is whole, below the header and above the window's bottom.
          expect(m.top, where).toBeGreaterThanOrEqual(m.headerBottom);
          expect(m.bottom, where).toBeLessThanOrEqual(m.height);
        }
        if (width === 1280) await page.screenshot({ path: join(SCREEN_DIR, `chats-panel-bottom-${lang}-${width}.png`) });
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await setLang('en');
  }, 180_000);

  it('the keyboard opens a conversation: Tab reaches each one, Enter or Space opens it (both languages)', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const lang of ['en', 'zh'] as const) {
      await setLang(lang);
      await page.focus('[data-testid="chats-search"]');
      // Past the filters to the first conversation.
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'chats-open')) break;
      }
      const first = await page.evaluate(() => document.activeElement?.closest('[data-testid="chats-row"]')?.getAttribute('data-conv') ?? null);
      expect(first, lang).not.toBeNull();
      await page.keyboard.press('Enter');
      const opened = async (id: string): Promise<void> => {
        const conv = await api<{ messages: { text: string }[] }>(desk, 'chats.get', { conversation: Number(id) });
        await page.waitForFunction((t) => document.querySelector('[data-testid="chat-view"]')?.textContent?.includes(t), conv.messages[0].text.slice(0, 12));
        expect(await page.getAttribute(`[data-testid="chats-row"][data-conv="${id}"] [data-testid="chats-open"]`, 'aria-pressed')).toBe('true');
      };
      await opened(first!);
      await page.keyboard.press('Tab');
      const second = await page.evaluate(() => document.activeElement?.closest('[data-testid="chats-row"]')?.getAttribute('data-conv') ?? null);
      expect(second, lang).not.toBeNull();
      expect(second).not.toBe(first);
      await page.keyboard.press('Space');
      await opened(second!);
    }
    await setLang('en');
  });

  it('the channel filter keeps offering every channel of the store after one is picked (both languages)', async () => {
    const all = await api<{ total: number; rows: { channel: string }[] }>(desk, 'chats.list', { limit: 500 });
    // The store's channels in the engine's order (by code), and how many conversations each has.
    const codes = [...new Set(all.rows.map((r) => r.channel))].sort();
    expect(codes.length).toBeGreaterThan(2);
    const rowsShown = (): Promise<number> => page.locator('[data-testid="chats-row"]').count();
    for (const [lang, name] of [['en', 'Channel'], ['zh', '渠道']] as const) {
      await setLang(lang);
      const input = page.locator(`.desk-chatlist input[aria-label="${name}"]`);
      const offered = await channelOptions(name);
      expect(offered.length, lang).toBe(codes.length);
      for (const i of [0, 1, 2]) {
        // Pick a channel straight from the previous one: the list shows that channel's conversations only, and the
        // menu still offers every channel.
        await input.click();
        await page.locator('[role="option"]:visible').nth(i).click();
        const expected = all.rows.filter((r) => r.channel === codes[i]).length;
        await page.waitForFunction(
          ([label, n]) => document.querySelector<HTMLInputElement>('.desk-chatlist input[aria-label="Channel"], .desk-chatlist input[aria-label="渠道"]')?.value === label && document.querySelectorAll('[data-testid="chats-row"]').length === n,
          [offered[i], expected] as const,
        );
        expect(await input.inputValue(), lang).toBe(offered[i]);
        expect(await channelOptions(name), `${lang} after ${offered[i]}`).toEqual(offered);
      }
      // Picking the chosen channel again clears the filter.
      await input.click();
      await page.locator('[role="option"]:visible').nth(2).click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chats-row"]').length === n, Math.min(all.total, 200));
      expect(await rowsShown()).toBe(Math.min(all.total, 200));
    }
    await setLang('en');
  }, 120_000);

  // Last: it adds conversations. Over 200, the list shows the newest 200 and a button for the rest (it stopped there).
  it('a list over 200 conversations shows the rest with "Show more" (both languages)', async () => {
    const lines = ['conversation,time,sender,channel,text'];
    for (let i = 0; i < 200; i++) lines.push(`M${i},2026-10-${String(1 + (i % 28)).padStart(2, '0')} 08:00:00,customer,taobao,"请问M${i}号订单什么时候发货？"`);
    const file = join(folder.dir, 'many.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'chats', path: file }))).status).toBe('succeeded');
    const { total } = await api<{ total: number }>(desk, 'chats.list', { limit: 1 });
    expect(total).toBeGreaterThan(200);
    const oldest = (await api<{ rows: { id: number }[] }>(desk, 'chats.list', { limit: 1, offset: total - 1 })).rows[0].id;
    for (const [lang, text] of [['en', `Show ${total - 200} more (200 of ${total} shown)`], ['zh', `再显示 ${total - 200} 个（已显示 200 / ${total} 个）`]] as const) {
      await setLang(lang);
      // Imported behind the page's back (through the API): a reload shows them.
      await page.reload();
      await waitReady(page, 'chats');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="chats-row"]').length === 200);
      expect(await page.locator(`[data-testid="chats-row"][data-conv="${oldest}"]`).count()).toBe(0);
      expect((await page.locator('[data-testid="chats-more"]').innerText()).trim()).toBe(text);
      await page.click('[data-testid="chats-more"]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chats-row"]').length === n, total);
      expect(await page.locator('[data-testid="chats-more"]').count()).toBe(0);
      // The oldest conversation can now be opened.
      await page.locator(`[data-testid="chats-row"][data-conv="${oldest}"] [data-testid="chats-open"]`).click();
      await page.waitForSelector(`[data-testid="chats-row"][data-conv="${oldest}"] [data-testid="chats-open"][aria-pressed="true"]`);
      await page.waitForSelector('[data-testid="chat-view"]');
    }
    await setLang('en');
  }, 120_000);
});
