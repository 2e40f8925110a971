// The knowledge-base editor in a real browser, in both languages: "New article" with the id of an existing article is
// refused in the form (the article keeps its other language and intent, the typed text stays), an id with a space is
// explained in words, an unknown placeholder is named under its answer, a new article saved twice is edited the second
// time, and an article is deleted after a confirmation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, launchChromium, openPage, SCREEN_DIR, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();

type Article = { slug: string; titleZh: string | null; titleEn: string | null; bodyZh: string | null; bodyEn: string | null; intent: string | null };
const article = async (slug: string): Promise<Article | undefined> => (await api<Article[]>(desk, 'kb.list', {})).find((a) => a.slug === slug);

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

/** Opens an empty "New article" form and types an id and an English answer. */
async function newArticle(slug: string, bodyEn: string): Promise<void> {
  await page.click('[data-testid="kb-new"]');
  await page.fill('[data-testid="kb-slug"]', slug);
  await page.fill('[data-testid="kb-body-en"]', bodyEn);
  await page.click('[data-testid="kb-save"]');
}

/** The error text Mantine shows under an input (the element its aria-describedby names). */
const errorUnder = (testId: string): Promise<string> =>
  page.locator(`[data-testid="${testId}"]`).evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
  });

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 12, days: 40, end: '2026-12-01' });
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page);
  await page.click('[data-testid="nav-chats"]');
  await waitReady(page, 'chats');
  await page.click('[data-testid="chats-tab-kb"]');
  await page.waitForSelector('[data-testid="kb-list"] tr');
  mkdirSync(SCREEN_DIR, { recursive: true });
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('KB editor', () => {
  it('"New article" with an existing id is refused under the id, in both languages; the article and the typed text are kept', async () => {
    const before = await article('returns-7-days');
    expect(before?.titleZh && before.bodyZh && before.intent).toBeTruthy();
    await newArticle('returns-7-days', 'Overwritten by a new article {order}');
    await page.waitForSelector('[data-testid="kb-not-saved"]');
    expect(await errorUnder('kb-slug')).toBe(`An article with the id “returns-7-days” already exists (“${before?.titleEn}”). Choose another id, or open that article from the list to edit it.`);
    expect(await page.inputValue('[data-testid="kb-slug"]')).toBe('returns-7-days');
    expect(await page.inputValue('[data-testid="kb-body-en"]')).toBe('Overwritten by a new article {order}');
    expect(await article('returns-7-days')).toEqual(before);
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-kb-conflict-en.png'), fullPage: true });
    await setLang('zh');
    await page.click('[data-testid="kb-save"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="kb-not-saved"]')?.textContent?.startsWith('文章未保存'));
    await expect.poll(() => errorUnder('kb-slug')).toBe(`已有编号为“returns-7-days”的文章（“${before?.titleZh}”）。请换一个编号，或在列表中打开那篇文章进行编辑。`);
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-kb-conflict-zh.png'), fullPage: true });
    expect(await article('returns-7-days')).toEqual(before);
    await setLang('en');
  });

  it('an id with spaces and a slash is explained in words; an unknown placeholder is named with the known ones', async () => {
    await newArticle('Returns policy/EU', 'Hello');
    await expect.poll(() => errorUnder('kb-slug')).toBe('Article id may hold only letters (Chinese characters too), digits, hyphens (-) and underscores (_): no spaces, slashes, dots or other signs');
    await newArticle('late-parcel', 'Sorry! {nonsense} Your order {order} is late.');
    await expect.poll(() => errorUnder('kb-body-en')).toBe(
      'Answer (English): {nonsense} is not a live fact and would reach the customer as written. Live facts: {order} {order_status} {order_date} {stock} {restock_date} {price} {return_deadline} {product}',
    );
    expect(await article('late-parcel')).toBeUndefined();
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-kb-placeholder-en.png'), fullPage: true });
    // Fixed and saved: a new article; saved again, the same article is edited (no conflict with itself).
    await page.fill('[data-testid="kb-body-en"]', 'Sorry! Your order {order} is late.');
    await page.click('[data-testid="kb-save"]');
    await expect.poll(async () => (await article('late-parcel'))?.bodyEn).toBe('Sorry! Your order {order} is late.');
    // The engine has the article before the screen has the answer: the notice goes when the answer arrives.
    await expect.poll(() => page.locator('[data-testid="kb-not-saved"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="kb-slug"]').isDisabled()).toBe(true);
    await page.fill('[data-testid="kb-body-zh"]', '抱歉！您的订单 {order} 晚到了。');
    await page.click('[data-testid="kb-save"]');
    await expect.poll(async () => (await article('late-parcel'))?.bodyZh).toBe('抱歉！您的订单 {order} 晚到了。');
    expect((await article('late-parcel'))?.bodyEn).toBe('Sorry! Your order {order} is late.');
    // The engine has the article before the screen has the answer: the notice goes when the answer arrives.
    await expect.poll(() => page.locator('[data-testid="kb-not-saved"]').count()).toBe(0);
  });

  it('an article is deleted only after the confirmation, in both languages', async () => {
    const count = async (): Promise<number> => (await api<Article[]>(desk, 'kb.list', {})).length;
    const n = await count();
    // At 1024 pixels the article list ends before the form (its intents ran under it) and the form's buttons (add a
    // wording, delete, save) stay inside the form.
    await page.setViewportSize({ width: 1024, height: 768 });
    const fit = await page.evaluate(() => {
      const form = document.querySelector('[data-testid="kb-form"]')?.getBoundingClientRect() ?? new DOMRect();
      const list = document.querySelector('[data-testid="kb-list"]')?.getBoundingClientRect() ?? new DOMRect();
      const buttons = ['kb-add-variant', 'kb-delete', 'kb-save'].every((id) => {
        const b = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
        return !!b && b.left >= form.left && b.right <= form.right;
      });
      return { listRight: list.right, formLeft: form.left, buttons };
    });
    expect(fit.listRight).toBeLessThan(fit.formLeft);
    expect(fit.buttons).toBe(true);
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-kb-edit-en-1024.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click('[data-testid="kb-delete"]');
    await page.waitForSelector('[data-testid="kb-delete-confirm"]');
    expect(await page.locator('[data-testid="kb-delete-confirm"]').innerText()).toMatch(/^Delete “late-parcel” from the knowledge base\? Suggested replies will no longer use it/u);
    // Cancel keeps it.
    await page.click('[data-testid="kb-delete-confirm"] >> text=Cancel');
    await page.waitForSelector('[data-testid="kb-delete-confirm"]', { state: 'detached' });
    expect(await count()).toBe(n);
    await setLang('zh');
    await page.click('[data-testid="kb-delete"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="kb-delete-confirm"]')?.textContent?.startsWith('从知识库中删除“late-parcel”'));
    await page.screenshot({ path: join(SCREEN_DIR, 'chats-kb-delete-zh.png'), fullPage: true });
    await page.click('[data-testid="kb-delete-yes"]');
    await expect.poll(count).toBe(n - 1);
    expect(await article('late-parcel')).toBeUndefined();
    await page.waitForSelector('[data-testid="kb-form"]', { state: 'detached' });
    expect(await page.locator('[data-testid="kb-list"]').innerText()).not.toContain('late-parcel');
    await setLang('en');
  });
});
