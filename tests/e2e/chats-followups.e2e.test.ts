// Chats follow-ups from a QA pass, in a real browser over HTTP, in both languages: message times in the reader's date
// and time format (they showed "2026-09-09 12:31"); the intent and emotion filters labelled as the app's other filters
// (their name was their placeholder, so a picked value left nothing saying what was filtered), the channel and status
// filters likewise; every tab signals ready
// when reopened (only the Conversations tab did, so Chats reopened on the knowledge base never said it was ready); and
// an order-status question about an order the store does not have offers a reply asking to check the number, not the
// coupon article.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

/** Opens the conversation with this external id from the list. */
async function open(ext: string): Promise<void> {
  await page.fill('[data-testid="chats-search"]', '');
  await page.click(`[data-testid="chats-row"][data-ext="${ext}"] [data-testid="chats-open"]`);
  await page.waitForSelector('[data-testid="chat-view"]');
}

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 12, days: 40, end: '2026-12-01' });
  const file = join(folder.dir, 'unknown-order.csv');
  writeFileSync(file, 'conversation,time,sender,channel,text\nQ1,2026-12-01 09:31:00,customer,taobao,"What is the status of my order DM2099010100001?"\nW1,2026-12-01 09:40:00,customer,wechat,我想退货，七天内可以退吗？\n');
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'chats', path: file }))).status).toBe('succeeded');
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitReady(page);
  await page.click('[data-testid="nav-chats"]');
  await waitReady(page, 'chats');
  await page.waitForSelector('[data-testid="chats-row"]');
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Chats follow-ups', () => {
  it('message times read in the UI language\'s date and time format, not as stored', async () => {
    await open('Q1');
    const time = page.locator('[data-testid="chat-message-time"]').first();
    // 2026-12-01 09:31 (imported without a zone, stored as UTC; the test browser runs in the machine's zone, UTC here).
    const expected = { en: /^Dec 1, 2026, \d{2}:31$/, zh: /^2026年12月1日 \d{2}:31$/ };
    for (const lang of ['en', 'zh'] as const) {
      await setLang(lang);
      await page.waitForFunction((l) => {
        const t = document.querySelector('[data-testid="chat-message-time"]')?.textContent ?? '';
        return l === 'zh' ? t.includes('年') : t.startsWith('Dec');
      }, lang);
      const text = (await time.innerText()).trim();
      expect(text, lang).toMatch(expected[lang]);
      expect(text).not.toContain('2026-12-01');
    }
    await setLang('en');
  });

  it('the intent and emotion filters keep their names once a value is picked, with "All …" when none is', async () => {
    const names = { en: { intent: 'Intent', emotion: 'Emotion', all: ['All intents', 'All emotions'] }, zh: { intent: '意图', emotion: '情绪', all: ['全部意图', '全部情绪'] } };
    for (const lang of ['en', 'zh'] as const) {
      await setLang(lang);
      const n = names[lang];
      const intent = page.getByRole('combobox', { name: n.intent, exact: true });
      const emotion = page.getByRole('combobox', { name: n.emotion, exact: true });
      expect(await intent.getAttribute('placeholder'), lang).toBe(n.all[0]);
      expect(await emotion.getAttribute('placeholder'), lang).toBe(n.all[1]);
      // Picked: the field shows the value and is still named for what it filters.
      await intent.click();
      const option = page.locator('[role="option"]:visible').first();
      const picked = await option.innerText();
      await option.click();
      await expect.poll(() => intent.inputValue()).toBe(picked);
      expect(await intent.count()).toBe(1);
      // Cleared again for the next language (picking the chosen option again deselects it).
      await intent.click();
      await page.locator('[role="option"]:visible', { hasText: picked }).first().click();
      await expect.poll(() => intent.inputValue()).toBe('');
    }
    await setLang('en');
  });

  it('the channel and status filters have a name in both languages, kept once a value is picked, and "All …" when none is', async () => {
    // Their only name on screen was their placeholder ("Channel", "Status"): a picked value ("Taobao", "Open") left
    // nothing saying what the field filtered.
    const names = { en: { channel: 'Channel', status: 'Status', all: ['All channels', 'All statuses'] }, zh: { channel: '渠道', status: '状态', all: ['全部渠道', '全部状态'] } };
    for (const lang of ['en', 'zh'] as const) {
      await setLang(lang);
      const n = names[lang];
      // The field itself (its list of options, in the page while closed, carries the name too).
      const channel = page.getByLabel(n.channel, { exact: true }).and(page.getByRole('combobox'));
      const status = page.getByLabel(n.status, { exact: true }).and(page.getByRole('combobox'));
      expect(await channel.getAttribute('data-testid'), lang).toBe('chats-filter-channel');
      expect(await status.getAttribute('data-testid'), lang).toBe('chats-filter-status');
      expect(await channel.getAttribute('placeholder'), lang).toBe(n.all[0]);
      expect(await status.getAttribute('placeholder'), lang).toBe(n.all[1]);
      for (const field of [channel, status]) {
        await field.click();
        const option = page.locator('[role="option"]:visible').first();
        const picked = await option.innerText();
        await option.click();
        await expect.poll(() => field.inputValue()).toBe(picked);
        // Still found by its name with a value in it.
        expect(await field.count(), `${lang} ${picked}`).toBe(1);
        await field.click();
        await page.locator('[role="option"]:visible', { hasText: picked }).first().click();
        await expect.poll(() => field.inputValue()).toBe('');
      }
    }
    await setLang('en');
  });

  it('Chats reopened on the knowledge base, analytics or models tab signals ready once that tab has loaded', async () => {
    for (const [tab, shown] of [['kb', '[data-testid="kb-list"]'], ['analytics', '[data-testid="chats-analytics"]'], ['models', '[data-testid="models-active-intents"]']] as const) {
      await page.click(`[data-testid="chats-tab-${tab}"]`);
      await page.waitForSelector(shown);
      await page.click('[data-testid="nav-dashboard"]');
      await waitReady(page, 'dashboard');
      await page.click('[data-testid="nav-chats"]');
      // The tab is kept; the screen says it is ready once that tab's data are in.
      await waitReady(page, 'chats', 20_000);
      expect(await page.getAttribute(`[data-testid="chats-tab-${tab}"]`, 'aria-selected'), tab).toBe('true');
      expect(await page.locator(shown).isVisible(), tab).toBe(true);
    }
    await page.click('[data-testid="chats-tab-conversations"]');
    await waitReady(page, 'chats');
  });

  it('a suggestion in a channel\'s own wording names that channel in the UI language, not by its stored code', async () => {
    // The badge read "wechat" (shown as "WECHAT") in both languages.
    type Article = { id: number; slug: string; variants: { lang: 'zh' | 'en'; channel: string; body: string }[] } & Record<string, unknown>;
    const returns = (await api<Article[]>(desk, 'kb.list', {})).find((a) => a.slug === 'returns-7-days');
    if (!returns) throw new Error('the demo knowledge base has no returns-7-days article');
    const { updatedAt: _u, ...input } = returns;
    await api(desk, 'kb.save', { ...input, variants: [{ lang: 'zh', channel: 'wechat', body: '亲，7天内未使用的商品可以无理由退换，微信里直接发订单号给我们就好。' }] });
    await open('W1');
    for (const [lang, name] of [['en', 'WeChat'], ['zh', '微信']] as const) {
      await setLang(lang);
      const badge = page.locator('[data-testid="suggestion"]', { hasText: '微信里直接发订单号' }).locator('[data-testid="suggestion-channel"]');
      await expect.poll(() => badge.textContent(), { message: lang }).toBe(name);
    }
    await setLang('en');
  });

  it('the state panel\'s labels end with the language\'s own colon: "Known: …" in English, "已知：…" in Chinese', async () => {
    // They were written with ":" and a space in both languages ("已知: —", "尚缺: 订单、商品").
    await open('W1');
    const expected = { en: [/^Wants:$/, /^Known: /, /^Still missing: /], zh: [/^诉求：$/, /^已知：\S/, /^尚缺：\S/] };
    for (const lang of ['en', 'zh'] as const) {
      await setLang(lang);
      const text = async (id: string): Promise<string> => (await page.locator(`[data-testid="${id}"]`).innerText()).trim();
      await expect.poll(() => text('chat-slots'), { message: lang }).toMatch(expected[lang][1]);
      const [wants, known, missing] = [await text('chat-wants'), await text('chat-slots'), await text('chat-missing')];
      expect(wants, lang).toMatch(expected[lang][0]);
      expect(missing, lang).toMatch(expected[lang][2]);
      if (lang === 'zh') expect(`${known}${missing}`).not.toContain(':');
    }
    await setLang('en');
  });

  it('an order-status question about an unknown order offers to check the number, not the coupon article (both languages)', async () => {
    await open('Q1');
    for (const [lang, note] of [['en', 'No order DM2099010100001 in this store'], ['zh', '本店没有订单 DM2099010100001']] as const) {
      await setLang(lang);
      const check = page.locator('[data-testid="order-check"]');
      await check.waitFor();
      expect(await check.innerText(), lang).toContain(note);
      // The reply is in the customer's language (English), ready to edit and copy.
      expect(await page.inputValue('[data-testid="order-check-reply"]')).toContain("couldn't find order DM2099010100001");
      expect(await page.locator('[data-testid="suggestion"]', { hasText: lang === 'zh' ? '优惠券' : 'Coupons' }).count(), lang).toBe(0);
    }
    await setLang('en');
  });
});
