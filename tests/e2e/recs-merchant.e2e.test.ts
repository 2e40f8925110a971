// Recommendations as a small merchant uses them, in the browser against the real server on a small demo store trained
// with the two quick models (popularity and co-occurrence): the picked product keeps its name in the language switched
// to, every list and history row names its SKU (the demo's variants share titles), and a product with no neighbours
// says why, and the Models tab names the boost settings as the slider does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, startDemoDesk, switchLang, switchLangReading, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = dataFolder();

async function open(screen: string): Promise<void> {
  await page.click(`[data-testid="nav-${screen}"]`);
  await waitReady(page, screen);
}

/** Types into an engine picker, waits for the engine's answer to that text, and picks the option holding `pick`. */
async function pickFrom(testid: string, text: string, pick: string): Promise<void> {
  const input = page.locator(`[data-testid="${testid}"]`);
  await input.click();
  await input.fill(text);
  await page.locator(`[data-testid="${testid}"][data-results-for="${text}"]`).waitFor({ timeout: 30_000 });
  await page.getByRole('option').filter({ hasText: pick }).first().click();
}

/** A product's titles as the store holds them. */
function product(where: string): { sku: string; en: string; zh: string } {
  const db = new Database(join(folder.dir, 'demo.db'), { readonly: true });
  try {
    return db.prepare(`SELECT sku, title_en AS en, title_zh AS zh FROM products WHERE ${where}`).get() as { sku: string; en: string; zh: string };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 60, days: 45, end: '2026-10-31' });
  const train = await finishedJob(desk, await api<{ jobId: string }>(desk, 'recs.train.start', { models: ['pop', 'cooc'], maxSeconds: 60 }));
  expect(train.status).toBe('succeeded');
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
}, 240_000);

afterAll(() => closeAll(browser, desk, folder));

describe('recommendations for a merchant', () => {
  it('every recommended, viewed-not-bought and history row names its SKU beside the title', async () => {
    await open('recommendations');
    await page.waitForSelector('[data-testid="recs-item"]', { timeout: 30_000 });
    const customer = (await page.locator('[data-testid="recs-customer"]').inputValue()).split(' · ').pop() as string;
    const r = await api<{ items: { sku: string; title: string }[]; revisit: { sku: string }[]; history: { sku: string }[] }>(desk, 'recs.forCustomer', { customer, k: 10 });
    await expect.poll(() => page.locator('[data-testid="recs-history"] tr').count(), { timeout: 15_000 }).toBe(r.history.length);
    const rows = async (sel: string): Promise<string[]> => page.locator(sel).allInnerTexts();
    const items = await rows('[data-testid="recs-item"]');
    expect(items).toHaveLength(r.items.length);
    items.forEach((text, i) => expect(text).toContain(`${r.items[i].title} ${r.items[i].sku}`));
    const revisit = await rows('[data-testid="recs-revisit-item"]');
    revisit.forEach((text, i) => expect(text).toContain(r.revisit[i].sku));
    const history = await rows('[data-testid="recs-history"] tr');
    history.forEach((text, i) => expect(text).toContain(r.history[i].sku));
    await page.click('[data-testid="recs-tab-products"]');
    await page.waitForSelector('[data-testid="recs-similar"] tr', { timeout: 15_000 });
    for (const text of await rows('[data-testid="recs-similar"] tr')) expect(text).toMatch(/\b[A-Z]{2}-[A-Z0-9]{4}\b/);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('a product picked in English is named in Chinese after a switch to 中文, and in English again after the switch back', async () => {
    // The last SKU: beyond the picker's first page, so the box cannot take its label from the listed options.
    const p = product("status = 'active' ORDER BY sku DESC LIMIT 1");
    expect(p.zh).not.toBe(p.en);
    await page.click('[data-testid="recs-tab-products"]');
    await pickFrom('recs-product', p.sku.toLowerCase(), `(${p.sku})`);
    const box = page.locator('[data-testid="recs-product"]');
    await expect.poll(() => box.inputValue()).toBe(`${p.en} (${p.sku})`);
    await expect.poll(() => page.locator('[data-testid="recs-similar"]').innerText(), { timeout: 15_000 }).toContain(`Similar to ${p.en}`);
    // In the very update that turns the screen's words: it stayed in English until the lists came back in Chinese.
    const switched = await switchLangReading(page, 'zh', 'recs-product');
    try {
      expect(switched).toBe(`${p.zh} (${p.sku})`);
      await page.locator('[data-testid="recs-tab-products"]', { hasText: '商品' }).waitFor();
      await expect.poll(() => box.inputValue(), { timeout: 15_000 }).toBe(`${p.zh} (${p.sku})`);
      await expect.poll(() => page.locator('[data-testid="recs-similar"]').innerText(), { timeout: 15_000 }).toContain(`与 ${p.zh} 相似`);
    } finally {
      expect(await switchLangReading(page, 'en', 'recs-product')).toBe(`${p.en} (${p.sku})`);
    }
    await expect.poll(() => box.inputValue(), { timeout: 15_000 }).toBe(`${p.en} (${p.sku})`);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('a customer found in the picker without a list yet is said to have no history, with the import that gives one, in English and 中文', async () => {
    // Known to the store (an earlier customers import, say) but with no view, cart or order.
    const db = new Database(join(folder.dir, 'demo.db'));
    db.pragma('busy_timeout = 10000');
    db.prepare("INSERT INTO customers (external_id, name, email) VALUES ('C-NEW', 'Nora Newcomer', 'nora@example.com')").run();
    db.close();
    await page.click('[data-testid="recs-tab-customers"]');
    const box = page.locator('[data-testid="recs-customer"]');
    const empty = page.locator('[data-testid="recs-customer-empty"]');
    const search = async (text: string): Promise<string> => {
      await box.click();
      await box.fill(text);
      await page.locator(`[data-testid="recs-customer"][data-results-for="${text}"]`).waitFor({ timeout: 30_000 });
      return empty.innerText();
    };
    expect(await search('nora')).toBe('This customer has no views, carts or orders yet, so there is no list for them. Import their browsing events or orders on the Data screen and their list is built from them.');
    // Text nobody holds is still 'No customer matches'.
    expect(await search('zzz-nobody')).toBe('No customer matches');
    await page.keyboard.press('Escape');
    await switchLang(page, 'zh');
    try {
      expect(await search('c-new')).toBe('有 1 位顾客匹配，但还没有浏览、加购或订单记录，因此没有推荐列表。在“数据”页面导入他们的浏览记录或订单后，会据此生成推荐列表。');
      await page.keyboard.press('Escape');
    } finally {
      await switchLang(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('coming back from another screen finds the tab, the customer, the boost and the product as they were left', async () => {
    if ((await page.locator('[data-testid="recs-screen"]').count()) === 0) await open('recommendations');
    await page.click('[data-testid="recs-tab-customers"]');
    const box = page.locator('[data-testid="recs-customer"]');
    // The last customer the engine lists (not the first, which the tab shows on its own).
    const last = await api<{ rows: { externalId: string }[]; total: number }>(desk, 'recs.customers.search', { query: '', limit: 500 });
    const id = last.rows[last.rows.length - 1].externalId;
    await pickFrom('recs-customer', id.toLowerCase(), id);
    const label = await box.inputValue();
    expect(label).toMatch(new RegExp(` · ${id}$`));
    const slider = page.getByRole('slider', { name: 'Long-tail boost', exact: true });
    await slider.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider.getAttribute('aria-valuenow')).toBe('0.3');
    await page.click('[data-testid="recs-tab-products"]');
    const productBox = page.locator('[data-testid="recs-product"]');
    const p = product("status = 'active' ORDER BY sku LIMIT 1 OFFSET 7");
    await pickFrom('recs-product', p.sku.toLowerCase(), `(${p.sku})`);
    await open('inventory');
    await open('recommendations');
    expect(await page.getAttribute('[data-testid="recs-tab-products"]', 'aria-selected')).toBe('true');
    await expect.poll(() => productBox.inputValue(), { timeout: 15_000 }).toBe(`${p.en} (${p.sku})`);
    await page.click('[data-testid="recs-tab-customers"]');
    await expect.poll(() => box.inputValue(), { timeout: 15_000 }).toBe(label);
    expect(await slider.getAttribute('aria-valuenow')).toBe('0.3');
    await expect.poll(() => page.locator('[data-testid="recs-history"]').innerText(), { timeout: 15_000 }).toContain((await api<{ history: { sku: string }[] }>(desk, 'recs.forCustomer', { customer: id, k: 10 })).history[0].sku);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('the product box shows the longest title with its SKU whole', async () => {
    if ((await page.locator('[data-testid="recs-screen"]').count()) === 0) await open('recommendations');
    await page.click('[data-testid="recs-tab-products"]');
    const p = product('1 ORDER BY length(title_en) DESC, sku LIMIT 1');
    await pickFrom('recs-product', p.sku.toLowerCase(), `(${p.sku})`);
    const box = page.locator('[data-testid="recs-product"]');
    await expect.poll(() => box.inputValue()).toBe(`${p.en} (${p.sku})`);
    // The whole text fits the box: nothing scrolled out of sight (the SKU was cut to '(HM-00').
    expect(await box.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }, 60_000);

  it('a product with no neighbours says why under each list, in English and 中文', async () => {
    // Added beside the running server after the training: no list of the run holds it.
    const db = new Database(join(folder.dir, 'demo.db'));
    db.pragma('busy_timeout = 10000');
    db.prepare("INSERT INTO products (sku, title_en, title_zh, created_at, updated_at) VALUES ('NEW-1', 'Linen Tote Bag', '亚麻托特包', '2026-10-31', '2026-10-31')").run();
    db.close();
    await page.click('[data-testid="recs-tab-products"]');
    await pickFrom('recs-product', 'new-1', '(NEW-1)');
    const similar = page.locator('[data-testid="recs-similar-none"]');
    const together = page.locator('[data-testid="recs-together-none"]');
    await expect.poll(() => similar.innerText(), { timeout: 15_000 }).toBe('None yet: this product was added after the latest training. Train models again to list the products like it.');
    await expect.poll(() => together.innerText()).toBe('No order in the latest training holds this product together with another one, so nothing is bought with it yet.');
    await switchLang(page, 'zh');
    try {
      await expect.poll(() => similar.innerText(), { timeout: 15_000 }).toBe('暂无：这件商品是在最近一次训练之后添加的。重新训练模型后会列出与它相似的商品。');
      await expect.poll(() => together.innerText()).toBe('最近一次训练的订单中，没有一笔同时包含这件商品和其他商品，因此还没有常与它一起购买的商品。');
      // The picked product's label follows the switch (at once: see the test above).
      await expect.poll(() => page.locator('[data-testid="recs-product"]').inputValue()).toBe('亚麻托特包 (NEW-1)');
    } finally {
      await switchLang(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('the Models tab names the boost settings as the slider does and writes counts in the reader\'s format, in English and 中文', async () => {
    // The latest run as measured on a shop of 4,882 customers (the figures of the 300-SKU demo), 1,892 of them with a new held-out item.
    const db = new Database(join(folder.dir, 'demo.db'));
    db.pragma('busy_timeout = 10000');
    const run = db.prepare("SELECT id, metrics FROM model_runs WHERE kind = 'recsys' ORDER BY created_at DESC LIMIT 1").get() as { id: string; metrics: string };
    const m = JSON.parse(run.metrics) as { comparison: { users: number; newTargets?: number }[] };
    for (const r of m.comparison) Object.assign(r, { users: 4882, newTargets: 1892 });
    db.prepare('UPDATE model_runs SET metrics = ? WHERE id = ?').run(JSON.stringify(m), run.id);
    db.close();
    await open('dashboard');
    await open('recommendations');
    await page.click('[data-testid="recs-tab-models"]');
    await page.waitForSelector('[data-testid="recs-tail-table"]');
    const heading = async (): Promise<string> => page.locator('[data-testid="recs-tail-table"] thead th').first().innerText();
    expect(await heading()).toBe('Boost setting');
    expect(await page.locator('[data-testid="recs-models"]').locator('xpath=..').innerText()).toContain('(4,882 customers, ranked among all products)');
    expect(await page.locator('[data-testid="recs-repeats-note"]').innerText()).toContain('scores the other 1,892 customers only');
    await switchLang(page, 'zh');
    try {
      // The screen reads the run again when it opens (its Chinese answer was kept from an earlier test, before the update).
      await open('dashboard');
      await open('recommendations');
      await page.click('[data-testid="recs-tab-models"]');
      await expect.poll(heading, { timeout: 15_000 }).toBe('加权设置');
      expect(await page.locator('[data-testid="recs-models"]').locator('xpath=..').innerText()).toContain('（4,882 位顾客，在全部商品中排序）');
      expect(await page.locator('[data-testid="recs-repeats-note"]').innerText()).toContain('只计其余 1,892 位顾客');
    } finally {
      await switchLang(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('between two measured boost settings the effect says which setting its figures are from, in English and 中文', async () => {
    // The tail lift as runs store it: measured at 0.1 steps up to 1, then at 1.25, 1.5 and 2.
    const db = new Database(join(folder.dir, 'demo.db'));
    db.pragma('busy_timeout = 10000');
    const run = db.prepare("SELECT id, metrics FROM model_runs WHERE kind = 'recsys' ORDER BY created_at DESC LIMIT 1").get() as { id: string; metrics: string };
    const m = JSON.parse(run.metrics) as Record<string, unknown>;
    const gammas = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 2];
    m.tailForm = 'lift';
    m.tailEffect = gammas.map((gamma) => ({ gamma, ndcg: 0.5 - gamma / 20, tailShare: 0.4 + gamma / 4, coverage: 0.9 }));
    db.prepare('UPDATE model_runs SET metrics = ? WHERE id = ?').run(JSON.stringify(m), run.id);
    db.close();
    await open('dashboard');
    await open('recommendations');
    await page.click('[data-testid="recs-tab-customers"]');
    const slider = page.getByRole('slider', { name: 'Long-tail boost', exact: true });
    await slider.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 13; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider.getAttribute('aria-valuenow')).toBe('1.3');
    const effect = page.locator('[data-testid="recs-tail-effect"]');
    // 1.3 is nearest 1.25: long-tail share 0.4 + 1.25 / 4 = 71.3%, accuracy (0.4375 − 0.5) / 0.5 = −12.5%.
    expect(await effect.innerText()).toBe("At 1.25, the nearest setting measured: long-tail share 71.3% (without the boost 40.0%), accuracy change −12.5% (measured on each customer's validation item)");
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => effect.innerText()).toMatch(/^Long-tail share 65\.0% \(without the boost 40\.0%\)/);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await switchLang(page, 'zh');
    try {
      // Read again on opening (the Chinese answer kept from an earlier test predates the update); the boost is kept.
      await open('dashboard');
      await open('recommendations');
      await expect.poll(() => effect.innerText(), { timeout: 15_000 }).toBe('按最接近的已测设置 2：长尾占比 90.0%（不加权时 40.0%），准确度变化 −20.0%（在每位顾客的验证商品上测得）');
    } finally {
      await switchLang(page, 'en');
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
