// Recommendations on a store bigger than the screen's old caps, in the browser against the real server:
// - the customer picker finds a customer beyond the first 500 by name and by id (as the CLI and exports name them),
//   and their history and recommendations open; the product picker finds a product beyond the first 2,000 SKUs;
// - during a long training, leaving the screen and coming back ten times leaves one event stream and one long poll
//   open, so the app keeps answering at once: the browser's six connections to the server were used up after about
//   seven visits (a stream and a poll per visit), and Settings then took 12 s to load and Cancel 39 s to answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, startDesk, waitReady } from './harness';

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

afterAll(() => closeAll(browser, desk, folder));

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

  it('ten visits to the screen during a training leave one event stream and one long poll open; the app answers at once', async () => {
    // Requests the page has open now, by kind: streams of job events and jobs.wait long polls.
    const open_ = new Map<object, string>();
    page.on('request', (r) => {
      const u = r.url();
      if (u.includes('/api/events')) open_.set(r, 'events');
      else if (u.includes('/api/op/jobs.wait')) open_.set(r, 'wait');
    });
    page.on('requestfinished', (r) => open_.delete(r));
    page.on('requestfailed', (r) => open_.delete(r));
    const count = (kind: string): number => [...open_.values()].filter((k) => k === kind).length;
    // Settings measures the machine's speed once per run (seconds, more while a training shares the CPU): measured
    // here, so its load time below is the wait for a connection.
    await open('settings');
    // A training long enough to outlast the visits (cancelled below).
    const job = await api<{ jobId: string }>(desk, 'recs.train.start', { models: ['sasrec'], epochs: 500, maxSeconds: 600 });
    await open('dashboard');
    await open('recommendations');
    await page.waitForSelector('[data-testid="recs-train-progress"]', { timeout: 30_000 });
    for (let i = 0; i < 10; i++) {
      await open('data');
      await open('recommendations');
      await page.waitForSelector('[data-testid="recs-train-progress"]', { timeout: 30_000 });
    }
    await expect.poll(() => count('events'), { timeout: 10_000 }).toBeLessThanOrEqual(1);
    await expect.poll(() => count('wait'), { timeout: 10_000 }).toBeLessThanOrEqual(1);
    // A plain call from the page answers at once (it queued behind the leaked connections).
    const ms = await page.evaluate(async () => {
      const t0 = performance.now();
      await fetch('/api/op/jobs.list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"limit":1}' }).then((r) => r.json());
      return performance.now() - t0;
    });
    expect(ms).toBeLessThan(2000);
    // Another screen loads, and Cancel answers, within a couple of seconds.
    const t0 = Date.now();
    await open('settings');
    expect(Date.now() - t0).toBeLessThan(3000);
    await open('recommendations');
    await page.waitForSelector('[data-testid="recs-train-progress"]', { timeout: 30_000 });
    const answered = page.waitForResponse((r) => r.url().includes('/api/op/jobs.cancel'));
    const t1 = Date.now();
    await page.click('[data-testid="recs-train-cancel"]');
    expect((await answered).status()).toBe(200);
    expect(Date.now() - t1).toBeLessThan(2000);
    expect((await finishedJob(desk, job)).status).toBe('cancelled');
    await page.waitForSelector('[data-testid="recs-train-progress"]', { state: 'detached', timeout: 30_000 });
    // Once the job has ended nothing follows it: no poll left, and no stream while no screen listens.
    await expect.poll(() => count('wait'), { timeout: 10_000 }).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
