// Recommendations on a store bigger than the screen's old caps, in the browser against the real server: the customer
// picker finds a customer beyond the first 500 by name and by id (as the CLI and exports name them), and their
// history and recommendations open; the product picker finds a product beyond the first 2,000 SKUs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { api, dataFolder, finishedJob, launchChromium, openPage, startDesk, waitReady, type Desk } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = dataFolder();
/** Customers and products added after the demo's, so they come after every old cap (500 customers, 2,000 products). */
const LATE_CUSTOMERS = 600;
const FILLER_PRODUCTS = 2100;
/** The demo product the late customers viewed most (its SKU sorts after every filler's). */
let demoSku = '';

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

beforeAll(async () => {
  desk = await startDesk({ dataDir: folder.dir });
  const demo = await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', { skus: 60, days: 45, end: '2026-10-31' }));
  expect(demo.status).toBe('succeeded');
  // The store grows by SQL beside the running server (WAL: one more writer while the server only reads).
  const db = new Database(join(folder.dir, 'demo.db'));
  db.pragma('busy_timeout = 10000');
  const viewed = db.prepare("SELECT id, sku FROM products WHERE status = 'active' ORDER BY id LIMIT 4").all() as { id: number; sku: string }[];
  demoSku = viewed[0].sku;
  const now = '2026-10-31T00:00:00Z';
  db.transaction(() => {
    const product = db.prepare('INSERT INTO products (sku, title_en, title_zh, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    for (let i = 1; i <= FILLER_PRODUCTS; i++) product.run(`AA-${String(i).padStart(5, '0')}`, `Filler ${i}`, `填充 ${i}`, now, now);
    const customer = db.prepare('INSERT INTO customers (external_id, name, email, created_at) VALUES (?, ?, ?, ?)');
    const event = db.prepare("INSERT INTO browsing_events (customer_id, session_id, product_id, kind, ts) VALUES (?, ?, ?, 'view', ?)");
    for (let i = 1; i <= LATE_CUSTOMERS; i++) {
      const id = Number(customer.run(`L${String(i).padStart(5, '0')}`, `Late Customer ${i}`, `late.${i}@example.com`, now).lastInsertRowid);
      // Four views each, one a minute, in a turn that differs by customer (so the lists differ too).
      viewed.forEach((p, k) => event.run(id, `late-${i}`, viewed[(k + i) % viewed.length].id, `2026-10-30T10:0${k}:00Z`));
    }
  })();
  const customers = (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  db.close();
  expect(customers).toBeGreaterThan(500 + 100);
  const train = await finishedJob(desk, await api<{ jobId: string }>(desk, 'recs.train.start', { models: ['pop', 'cooc'], maxSeconds: 60 }));
  expect(train.status).toBe('succeeded');
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await desk?.stop();
  folder.cleanup();
});

describe('recommendations on a store over the old caps', () => {
  it('finds a customer beyond the first 500 by name and by id, and opens their history and recommendations', async () => {
    await open('recommendations');
    await page.waitForSelector('[data-testid="recs-item"]', { timeout: 30_000 });
    // The list shows the first matches and says how many more there are.
    await page.click('[data-testid="recs-customer"]');
    const more = page.locator('[data-testid="recs-customer-more"]');
    await more.waitFor();
    const { total } = await api<{ total: number }>(desk, 'recs.customers.search', { query: '', limit: 1 });
    expect(total).toBeGreaterThan(600);
    expect(await more.innerText()).toBe(`${(total - 50).toLocaleString('en-US')} more — keep typing`);
    for (const [text, id] of [['late customer 600', 'L00600'], ['l00599', 'L00599']]) {
      await pickFrom('recs-customer', text, id);
      await expect.poll(() => page.locator('[data-testid="recs-customer"]').inputValue()).toContain(id);
      // Their four views on the left, recommendations on the right.
      await expect.poll(() => page.locator('[data-testid="recs-history"] tr').count(), { timeout: 15_000 }).toBe(4);
      await page.waitForSelector('[data-testid="recs-item"]');
      const shown = await page.locator('[data-testid="recs-items"]').innerText();
      const expected = await api<{ items: { title: string }[] }>(desk, 'recs.forCustomer', { customer: id, k: 10 });
      expect(expected.items.length).toBeGreaterThan(0);
      expect(shown).toContain(expected.items[0].title);
    }
  }, 120_000);

  it('finds a product beyond the first 2,000 SKUs and opens its similar items', async () => {
    await page.click('[data-testid="recs-tab-products"]');
    await page.locator('[data-testid="recs-product"]').waitFor();
    await pickFrom('recs-product', demoSku.toLowerCase(), `(${demoSku})`);
    await expect.poll(() => page.locator('[data-testid="recs-product"]').inputValue()).toContain(demoSku);
    await page.waitForSelector('[data-testid="recs-similar"] tr', { timeout: 15_000 });
    expect(await page.locator('[data-testid="recs-similar"]').innerText()).toContain('Similar to');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
