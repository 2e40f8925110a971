// The Chats screen in a real browser, in both languages, on a demo store whose conversations were analysed through the
// UI's button: badges in the list, search in Chinese and English, the state panel and a suggested reply that names its
// article and can be copied (recorded for the analytics), the KB editor saving a channel wording, and the analytics charts;
// the Models tab training an intent model on the merchant's own labels, using it, re-analysing, and going back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

/** Closes the notifications, so a screenshot shows the panel itself. */
async function closeNotes(): Promise<void> {
  const close = page.locator('[data-testid="notifications"] button');
  while ((await close.count()) > 0) await close.first().click();
}

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 12, days: 40 });
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page);
  await page.click('[data-testid="nav-chats"]');
  await waitReady(page, 'chats');
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Chats screen', () => {
  it('analyses the conversations from the button, then shows intent and emotion badges in the list', async () => {
    await page.click('[data-testid="chats-analyze"]');
    await page.waitForSelector('[data-testid="chats-row"] [data-testid="intent-badge"]', { timeout: 120_000 });
    expect(await page.locator('[data-testid="chats-row"]').count()).toBeGreaterThan(3);
    // Waiting times read in minutes, hours under two days, then days: the demo's oldest open chats wait for weeks.
    const waits = await page.locator('[data-testid="chats-waiting"]').allInnerTexts();
    const open = waits.filter((w) => w !== 'Closed');
    expect(open.length).toBeGreaterThan(0);
    for (const w of open) expect(w).toMatch(/^(\d+ min|([0-9]|[1-3][0-9]|4[0-7]) h|\d+ d)$/);
    expect(open.some((w) => w.endsWith(' d'))).toBe(true);
    // Nothing chosen yet: the right half says what choosing a conversation gives, instead of staying blank.
    expect(await page.locator('[data-testid="chats-pick"]').innerText()).toMatch(/^Choose a conversation on the left/);
    await setLang('zh');
    await page.waitForFunction(() => document.querySelector('[data-testid="chats-pick"]')?.textContent?.startsWith('在左侧选择一个会话'));
    await setLang('en');
  }, 180_000);

  it('search finds conversations by English and Chinese text', async () => {
    const rows = page.locator('[data-testid="chats-row"]');
    const all = await rows.count();
    await page.fill('[data-testid="chats-search"]', 'order');
    // Rows vanish while the search loads: wait for the filtered list itself.
    await page.waitForFunction((n) => {
      const k = document.querySelectorAll('[data-testid="chats-row"]').length;
      return k > 0 && k < n;
    }, all);
    const en = await rows.count();
    expect(en).toBeGreaterThan(0);
    // The Chinese search may match as many conversations as the English one: wait for different conversations, not a different count.
    const enRows = (await rows.allInnerTexts()).join('\n');
    await page.fill('[data-testid="chats-search"]', '订单');
    await page.waitForFunction((t) => {
      const texts = [...document.querySelectorAll('[data-testid="chats-row"]')].map((r) => (r as HTMLElement).innerText);
      return texts.length > 0 && texts.join('\n') !== t;
    }, enRows);
    expect(await rows.count()).toBeGreaterThan(0);
    await page.fill('[data-testid="chats-search"]', '');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chats-row"]').length === n, all);
  });

  it('a conversation shows the state panel and suggested replies naming their article; copying is recorded', async () => {
    // A conversation that ends with a question or the shop's answer: one ending in the customer's "Got it, thanks!" gets a
    // polite line instead of an article (the last test). The demo ends yesterday, so which one that is changes by the day:
    // the first listed one the engine has articles for.
    const listed = await api<{ rows: { id: number }[] }>(desk, 'chats.list', {});
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
    await page.waitForSelector('[data-testid="chat-state"] [data-testid="intent-badge"]');
    await page.waitForSelector('[data-testid="suggestion"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="suggestion-facts"]').first().textContent()).toMatch(/Article \S+/);
    await page.locator('[data-testid="suggestion-copy"]').first().click();
    await page.waitForFunction(async () => true);
    await expect.poll(async () => (await api<{ suggestionsUsedSince: string | null }>(desk, 'chats.analytics', {})).suggestionsUsedSince).not.toBeNull();
    mkdirSync(SCREEN_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-en.png') });
  }, 90_000);

  it('in Chinese the badges, state panel and tabs are Chinese', async () => {
    await setLang('zh');
    await page.waitForSelector('text=推荐回复');
    const state = (await page.locator('[data-testid="chat-state"]').textContent()) ?? '';
    expect(state).toMatch(/客户诉求/);
    // Slot values the engine keeps in English (a colour) are shown in Chinese too: "颜色 黑色", never "颜色 black".
    expect(state).not.toMatch(/颜色 ?(black|white|red|blue|green|yellow|grey|pink|purple|brown|beige|orange)/);
    expect(await page.locator('[data-testid="chats-row"] [data-testid="intent-badge"]').first().textContent()).toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-zh.png') });
  });

  it('the KB editor saves a WeChat wording for an article, and the analytics tab draws its charts', async () => {
    await page.click('[data-testid="chats-tab-kb"]');
    await page.locator('[data-testid="kb-list"] tr').first().click();
    await page.click('[data-testid="kb-add-variant"]');
    await page.locator('[data-testid="kb-form"] textarea').last().fill('亲～这是微信话术');
    await page.click('[data-testid="kb-save"]');
    await expect.poll(async () => (await api<{ variants: { body: string }[] }[]>(desk, 'kb.list', {})).some((a) => a.variants.some((v) => v.body === '亲～这是微信话术'))).toBe(true);
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-kb-zh.png') });
    await page.click('[data-testid="chats-tab-analytics"]');
    await page.waitForSelector('[data-testid="chats-analytics"] .recharts-bar-rectangle', { state: 'attached' });
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-analytics-zh.png') });
    await setLang('en');
    await page.waitForSelector('text=Volume by intent');
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-analytics-en.png') });
  }, 60_000);

  it('small talk ("亲，在吗？") gets a polite line in the customer\'s language, no article, labelled in both languages', async () => {
    const file = join(folder.dir, 'smalltalk.csv');
    writeFileSync(file, 'conversation,time,sender,channel,text\nST-1,2026-11-06 10:00:00,customer,wechat,亲，在吗？\n');
    expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'chats', path: file }))).status).toBe('succeeded');
    await page.reload();
    await waitReady(page);
    await page.click('[data-testid="nav-chats"]');
    await waitReady(page, 'chats');
    await page.fill('[data-testid="chats-search"]', '在吗');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="chats-row"]')].some((r) => (r as HTMLElement).innerText.includes('在吗')));
    await page.locator('[data-testid="chats-row"]', { hasText: '在吗' }).first().click();
    await page.waitForSelector('[data-testid="small-talk"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="suggestion"]').count()).toBe(0);
    expect(await page.locator('[data-testid="small-talk-reply"]').inputValue()).toBe('在的，请问有什么可以帮您？');
    expect(await page.locator('[data-testid="small-talk"]').textContent()).toMatch(/small talk \(asking whether someone is there\)/);
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-smalltalk-en.png') });
    await setLang('zh');
    await page.waitForSelector('[data-testid="small-talk"] >> text=寒暄');
    expect(await page.locator('[data-testid="small-talk"]').textContent()).toMatch(/寒暄（询问是否在线）/);
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-smalltalk-zh.png') });
  }, 120_000);

  it("the Models tab trains an intent model on the merchant's two intents from a CSV, uses it, re-analyses (merchant badges), and goes back to the shipped model", async () => {
    const rows = [
      ...['Do you sell in bulk to shops?', 'Wholesale price for 500 units?', 'I run a store and want to stock your lamps', '批发价是多少', '我开店想批量进货', '一次买五百件有批发价吗', 'Can I become a reseller?', '有没有经销商价格'].map((x) => [x, 'wholesale']),
      ...['Can you gift wrap it?', 'Please add a card saying happy birthday', 'Is gift packaging available?', '可以包装成礼物吗', '帮我写张生日贺卡', '有礼盒包装吗', 'Wrap it as a present please', '能加一张祝福卡片吗'].map((x) => [x, 'gift']),
    ];
    const csv = join(folder.dir, 'own-intents.csv');
    writeFileSync(csv, 'message,label\n' + [...rows, ...rows, ...rows].map(([x, l]) => `"${x}",${l}`).join('\n') + '\n');
    const merchantBadge = (): Promise<boolean> =>
      page.evaluate(() => [...document.querySelectorAll('[data-testid="chats-row"] [data-testid="intent-badge"]')].some((b) => ['wholesale', 'gift'].includes((b.textContent ?? '').trim())));
    await page.fill('[data-testid="chats-search"]', '');
    await setLang('en');
    await page.click('[data-testid="chats-tab-conversations"]');
    await page.waitForSelector('[data-testid="chats-row"] [data-testid="intent-badge"]');
    expect(await merchantBadge()).toBe(false);

    await page.click('[data-testid="chats-tab-models"]');
    await page.waitForSelector('[data-testid="models-active-intents"][data-source="shipped"]');
    await page.setInputFiles('[data-testid="models-train"] input[type="file"]', csv);
    // The columns are the file's own headers, picked by name: "message" for the text, "label" for the label.
    await page.waitForFunction(() => (document.querySelector('[data-testid="models-train-text"]') as HTMLInputElement | null)?.value === 'message');
    expect(await page.inputValue('[data-testid="models-train-label"]')).toBe('label');
    await page.click('[data-testid="models-train-label"]');
    expect((await page.locator('[role="option"]:visible').allTextContents()).sort()).toEqual(['label', 'message']);
    await page.keyboard.press('Escape');
    mkdirSync(SCREEN_DIR, { recursive: true });
    await page.click('[data-testid="models-train-run"]');
    await page.waitForSelector('[data-testid="models-train-result"]', { timeout: 120_000 });
    expect(await page.locator('[data-testid="models-train-score"]').textContent()).toMatch(/Held-out accuracy \d+(\.\d)?%, macro-F1 \d+(\.\d)?% \(\d+ rows not trained on\)/);
    expect(await page.locator('[data-testid="models-train-result"]').textContent()).toMatch(/labels: (gift, wholesale|wholesale, gift)/);
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-models-trained-en.png'), fullPage: true });

    await closeNotes();
    await page.click('[data-testid="models-train-use"]');
    // The confirmation is re-worded when the language changes while it is on screen (it lasts 5 s).
    await page.waitForSelector('[data-testid="note-green"] >> text=Model switched');
    expect(await page.locator('[data-testid="note-green"]').textContent()).toMatch(/Intent · The store's own model/);
    await page.locator('[data-testid="notifications"]').screenshot({ path: join(SCREEN_DIR, 'chats-note-en.png') });
    await setLang('zh');
    await page.waitForSelector('[data-testid="note-green"] >> text=已切换模型', { timeout: 3000 });
    expect(await page.locator('[data-testid="note-green"]').textContent()).toMatch(/意图 · 店铺自己的模型/);
    await page.locator('[data-testid="notifications"]').screenshot({ path: join(SCREEN_DIR, 'chats-note-zh.png') }).catch(() => undefined);
    await setLang('en');
    await page.waitForSelector('[data-testid="models-active-intents"][data-source="store"]');
    expect(await page.locator('[data-testid="models-active-intents"]').textContent()).toMatch(/The store's own model.*Held-out accuracy/);
    await page.click('[data-testid="models-reanalyse"]');
    await page.click('[data-testid="chats-tab-conversations"]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="chats-row"] [data-testid="intent-badge"]')].some((b) => ['wholesale', 'gift'].includes((b.textContent ?? '').trim())), undefined, { timeout: 120_000 });
    const models = await api<{ intents: { source: string; heldOut?: { accuracy: number } } }>(desk, 'text.models', {});
    expect(models.intents.source).toBe('store');
    expect(models.intents.heldOut?.accuracy).toBeGreaterThanOrEqual(0);

    await setLang('zh');
    await page.click('[data-testid="chats-tab-models"]');
    await page.waitForSelector('[data-testid="models-active-intents"] >> text=店铺自己的模型');
    expect(await page.locator('[data-testid="models-active-intents"]').textContent()).toMatch(/意图.*留出集准确率/);
    expect(await page.locator('[data-testid="chats-models"]').textContent()).toMatch(/用带标签的文件训练.*让情感模型适应您的文本/);
    // Adapting the sentiment model: too few texts is refused in the engine's (Chinese) words; the handwritten reviews work.
    const few = join(folder.dir, 'few.csv');
    writeFileSync(few, '评价\n订单什么时候发货\ntoo slow\n');
    await page.setInputFiles('[data-testid="models-adapt"] input[type="file"]', few);
    // Its only column is picked.
    await page.waitForFunction(() => (document.querySelector('[data-testid="models-adapt-text"]') as HTMLInputElement | null)?.value === '评价');
    await page.click('[data-testid="models-adapt-run"]');
    await page.waitForSelector('[data-testid="models-adapt-error"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="models-adapt-error"]').textContent()).toMatch(/只有 2 条中文或英文文本：适应至少需要 20 条/);
    // While the next file uploads, the refused one is let go: the button cannot run on it again.
    let release = (): void => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/upload?**', async (route) => {
      await held;
      await route.continue();
    });
    await page.setInputFiles('[data-testid="models-adapt"] input[type="file"]', join(__dirname, '..', 'unit', 'fixtures', 'chats', 'sentiment-zh-handwritten.csv'));
    await page.waitForFunction(() => (document.querySelector('[data-testid="models-adapt-run"]') as HTMLButtonElement | null)?.disabled === true);
    release();
    // The upload let through and answered (the button is on again) before the route is taken away.
    await page.waitForFunction(() => (document.querySelector('[data-testid="models-adapt-run"]') as HTMLButtonElement | null)?.disabled === false);
    await page.unroute('**/api/upload?**');
    await page.click('[data-testid="models-adapt-run"]');
    await page.waitForSelector('[data-testid="models-adapt-result"]', { timeout: 120_000 });
    expect(await page.locator('[data-testid="models-adapt-result"]').textContent()).toMatch(/使用了 20 条中的 20 条.*判为正面的比例：\d+(\.\d)?% → \d+(\.\d)?%/);
    await closeNotes();
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-models-zh.png'), fullPage: true });
    // A file with Chinese headers: 内容 and 标签 are picked; the label list offers the file's columns.
    const zhFile = join(folder.dir, '意图样本.csv');
    writeFileSync(zhFile, '编号,内容,标签\n1,可以开发票吗,发票\n2,发票抬头写公司,发票\n');
    await page.setInputFiles('[data-testid="models-train"] input[type="file"]', zhFile);
    await page.waitForFunction(() => (document.querySelector('[data-testid="models-train-text"]') as HTMLInputElement | null)?.value === '内容');
    expect(await page.inputValue('[data-testid="models-train-label"]')).toBe('标签');
    await page.click('[data-testid="models-train-label"]');
    expect(await page.locator('[role="option"]:visible').allTextContents()).toEqual(['编号', '内容', '标签']);
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-models-columns-zh.png'), fullPage: true });
    await page.keyboard.press('Escape');
    // A damaged copy: the analysis falls back to the shipped model, the tab says so in the engine's words, and going back removes it.
    const own = (await api<{ intents: { dir: string } }>(desk, 'text.models', {})).intents.dir;
    writeFileSync(join(own, 'model.json'), '{"vocab": [trunc');
    await page.click('[data-testid="chats-tab-kb"]');
    await page.click('[data-testid="chats-tab-models"]');
    await page.waitForSelector('[data-testid="models-warning-intents"]');
    expect(await page.locator('[data-testid="models-warning-intents"]').textContent()).toMatch(/无法读取店铺自己的模型.*（文件 model\.json 不是有效的 JSON（第 1 行，第 15 列））.*已改用随附的模型/);
    await closeNotes();
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-models-damaged-zh.png'), fullPage: true });
    await setLang('en');
    await page.locator('[data-testid="models-warning-intents"]', { hasText: 'the file model.json is not valid JSON (line 1, column 15)' }).waitFor();
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-models-damaged-en.png'), fullPage: true });
    await setLang('zh');
    await page.locator('[data-testid="models-warning-intents"]', { hasText: '（第 1 行，第 15 列）' }).waitFor();
    await page.click('[data-testid="models-shipped-intents"]');
    // With the copy damaged the shipped model is already the active one (data-source="shipped" before the click), so
    // wait for the switch itself: the tab read again without the warning.
    await page.waitForSelector('[data-testid="models-warning-intents"]', { state: 'detached', timeout: 30_000 });
    await page.waitForSelector('[data-testid="models-active-intents"][data-source="shipped"]');
    expect(await page.locator('[data-testid="models-warning-intents"]').count()).toBe(0);
    expect(existsSync(own)).toBe(false);
    expect((await api<{ intents: { source: string } }>(desk, 'text.models', {})).intents.source).toBe('shipped');
    await setLang('en');
    await page.waitForSelector('[data-testid="models-active-intents"] >> text=Shipped model');
    await page.waitForSelector('[data-testid="models-reanalyse-offer"]');
    await closeNotes();
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-models-en.png'), fullPage: true });
    expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
  }, 300_000);

  it('training can be cancelled from its progress bar: the tab says so and no model folder is left', async () => {
    const base = ['Do you sell in bulk to shops?', 'Wholesale price for 500 units?', '批发价是多少', '我开店想批量进货', 'Can you gift wrap it?', 'Is gift packaging available?', '可以包装成礼物吗', '有礼盒包装吗'];
    const big = join(folder.dir, 'big-intents.csv');
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) base.forEach((x, k) => lines.push(`"${x} #${i}",${k < 4 ? 'wholesale' : 'gift'}`));
    writeFileSync(big, 'text,label\n' + lines.join('\n') + '\n');
    // The demo store is demo.db in the data folder: models trained from the tab go to demo.db.models/trained-<task>-<time>.
    const trained = (): string[] => (existsSync(join(folder.dir, 'demo.db.models')) ? readdirSync(join(folder.dir, 'demo.db.models')).filter((n) => n.includes('trained-intents-')) : []);
    const before = trained();
    expect(before.length).toBe(1);
    await page.click('[data-testid="chats-tab-kb"]');
    await page.click('[data-testid="chats-tab-models"]');
    await page.setInputFiles('[data-testid="models-train"] input[type="file"]', big);
    await page.click('[data-testid="models-train-run"]');
    await page.click('[data-testid="models-train-cancel"]');
    await page.waitForSelector('[data-testid="models-train-cancelled"]', { timeout: 120_000 });
    expect(await page.locator('[data-testid="models-train-cancelled"]').textContent()).toMatch(/Cancelled: no model was saved/);
    expect(await page.locator('[data-testid="models-train-error"]').count()).toBe(0);
    expect(await page.locator('[data-testid="models-train-result"]').count()).toBe(0);
    expect(trained()).toEqual(before);
    await closeNotes();
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-models-cancelled-en.png'), fullPage: true });
  }, 180_000);
});
