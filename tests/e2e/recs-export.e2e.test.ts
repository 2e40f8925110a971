// The Recommendations screen's export on a store with thousands of customers, in the browser against the real server:
// a small demo store trained with the quick popularity model, then 20,000 more customers given lists in that run (as a
// training saves them), so the export takes seconds; the screen shows a bar with what it is at, customers read then
// rows written, in the reader's language, and says what was written at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = dataFolder();
const EXTRA = 20_000;

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 40, days: 30, end: '2026-10-31' });
  const train = await finishedJob(desk, await api<{ jobId: string }>(desk, 'recs.train.start', { models: ['pop'], maxSeconds: 60 }));
  expect(train.status).toBe('succeeded');
  const db = new Database(join(folder.dir, 'demo.db'));
  try {
    db.transaction(() => {
      const run = (db.prepare("SELECT id FROM model_runs WHERE kind = 'recsys'").get() as { id: string }).id;
      const first = db.prepare("SELECT subject_id AS s FROM rec_items WHERE run_id = ? AND list = 'customer' LIMIT 1").get(run) as { s: number };
      const add = db.prepare('INSERT INTO customers (external_id, email) VALUES (?, ?)');
      const copy = db.prepare(`INSERT INTO rec_items (run_id, list, subject_id, rank, product_id, score, popularity, reason, reason_product_id, lift_weight, log_norm)
        SELECT run_id, list, ?, rank, product_id, score, popularity, reason, reason_product_id, lift_weight, log_norm FROM rec_items WHERE run_id = ? AND list = 'customer' AND subject_id = ?`);
      for (let i = 1; i <= EXTRA; i++) copy.run(Number(add.run(`X${String(i).padStart(6, '0')}`, `x${i}@example.com`).lastInsertRowid), run, first.s);
    })();
  } finally {
    db.close();
  }
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
}, 240_000);

afterAll(() => closeAll(browser, desk, folder));

/** The page reloaded and on the Recommendations screen, in `lang`. */
async function reloadRecommendations(lang: 'en' | 'zh'): Promise<void> {
  await page.reload();
  await waitReady(page);
  await page.click('[data-testid="nav-recommendations"]');
  await waitReady(page, 'recommendations');
  if ((await page.evaluate(() => document.documentElement.lang)).slice(0, 2) !== lang) await switchLang(page, lang);
}

describe('exporting recommendations for thousands of customers', () => {
  it('shows a progress bar with the customers read and the rows written, then what was written, in English and 中文', async () => {
    await page.click('[data-testid="nav-recommendations"]');
    await waitReady(page, 'recommendations');
    const total = await api<{ total: number }>(desk, 'recs.customers.search', { query: '', limit: 1 });
    expect(total.total).toBeGreaterThan(EXTRA);
    const customers = total.total.toLocaleString('en-US');
    for (const lang of ['en', 'zh'] as const) {
      if (lang === 'zh') await switchLang(page, 'zh');
      const seen: string[] = [];
      const exportsDir = join(folder.dir, 'exports');
      const before = existsSync(exportsDir) ? readdirSync(exportsDir) : [];
      await page.click('[data-testid="recs-export"]');
      const bar = page.locator('[data-testid="recs-export-progress"]');
      await bar.waitFor({ timeout: 15_000 });
      // The phase line under the bar, read until the bar goes (the job's end).
      while (await bar.count()) {
        const text = await page.locator('[data-testid="recs-export-phase"]').innerText({ timeout: 200 }).catch(() => '');
        if (text && seen[seen.length - 1] !== text) seen.push(text);
        await page.waitForTimeout(50);
      }
      const counted = lang === 'en' ? new RegExp(`^reading the lists · [\\d,]+ of ${customers} customers$|^writing the file · [\\d,]+ of [\\d,]+ rows$`) : new RegExp(`^读取推荐列表 · [\\d,]+/${customers} 位顾客$|^写入文件 · [\\d,]+/[\\d,]+ 行$`);
      expect(seen.filter((s) => counted.test(s)).length, seen.join(' | ')).toBeGreaterThan(0);
      const done = lang === 'en' ? /^Exported [\d,]+ recommendations for [\d,]+ customers$/ : /^已为 [\d,]+ 位顾客导出 [\d,]+ 条推荐$/;
      const notes = page.locator('[data-testid="notifications"] [data-testid^="note-"]');
      await expect.poll(async () => (await notes.allInnerTexts()).map((n) => n.trim().split('\n')[0]), { timeout: 15_000 }).toEqual([expect.stringMatching(done)]);
      // The file the screen wrote is headed in the reader's words, not the field names (customer_id, …).
      const written = readdirSync(exportsDir).filter((f) => !before.includes(f));
      expect(written).toHaveLength(1);
      const head = readFileSync(join(exportsDir, written[0]), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
      expect(head).toBe(lang === 'en' ? 'Customer ID,Email,Rank,SKU,Product,Reason' : '顾客编号,邮箱,排名,SKU,商品,理由');
      await page.click('[data-testid="note-green"] button');
      await page.waitForSelector('[data-testid="note-green"]', { state: 'detached' });
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('Cancel stops the export: the bar goes, the screen says no file was written, and the exports folder holds nothing new, in English and 中文', async () => {
    const exportsDir = join(folder.dir, 'exports');
    const files = (): string[] => (existsSync(exportsDir) ? readdirSync(exportsDir).sort() : []);
    for (const lang of ['en', 'zh'] as const) {
      await reloadRecommendations(lang);
      const before = files();
      await page.click('[data-testid="recs-export"]');
      // Over 20,000 customers' lists take seconds to read: Cancel is pressed while they are read.
      const cancel = page.locator('[data-testid="recs-export-cancel"]');
      await cancel.waitFor({ timeout: 15_000 });
      expect((await cancel.innerText()).trim()).toBe(lang === 'en' ? 'Cancel' : '取消');
      if (lang === 'en') {
        mkdirSync(SCREEN_DIR, { recursive: true });
        await page.screenshot({ path: join(SCREEN_DIR, 'recs-export-cancel.png') });
      }
      await cancel.click();
      await page.locator('[data-testid="recs-export-progress"]').waitFor({ state: 'detached', timeout: 15_000 });
      const notes = page.locator('[data-testid="notifications"] [data-testid^="note-"]');
      await expect.poll(async () => (await notes.allInnerTexts()).map((n) => n.trim().split('\n')[0]), { timeout: 15_000 }).toEqual([lang === 'en' ? 'Export cancelled: no file was written' : '已取消导出，未写入任何文件']);
      const [job] = await api<{ status: string }[]>(desk, 'jobs.list', { limit: 1, kind: 'recs.export' });
      expect(job.status).toBe('cancelled');
      // No file, whole or partial (nor the temporary one beside it).
      expect(files()).toEqual(before);
      await page.click('[data-testid="note-blue"] button');
      await page.waitForSelector('[data-testid="note-blue"]', { state: 'detached' });
      // The buttons are free again: another export can start.
      expect(await page.locator('[data-testid="recs-export"]').isEnabled()).toBe(true);
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('the Models tab writes each training time as a duration, 13 min 4 s / 13 分 4 秒, not seconds (783.9)', async () => {
    // A run's stored time as a long Transformer training records it (the demo's took 783.9 s); the quick model here
    // trains in a moment.
    const db = new Database(join(folder.dir, 'demo.db'));
    try {
      const run = db.prepare("SELECT id, metrics FROM model_runs WHERE kind = 'recsys'").get() as { id: string; metrics: string };
      const m = JSON.parse(run.metrics) as { comparison: { trainSeconds: number }[] };
      m.comparison[0].trainSeconds = 783.9;
      db.prepare('UPDATE model_runs SET metrics = ? WHERE id = ?').run(JSON.stringify(m), run.id);
    } finally {
      db.close();
    }
    for (const lang of ['en', 'zh'] as const) {
      await reloadRecommendations(lang);
      await page.getByRole('tab', { name: lang === 'en' ? 'Models' : '模型' }).click();
      // The first row's training time, the column after the long-tail share.
      const cell = page.locator('[data-testid="recs-models"] tbody tr').first().locator('td').nth(5);
      await cell.waitFor({ timeout: 15_000 });
      expect((await cell.innerText()).trim()).toBe(lang === 'en' ? '13 min 4 s' : '13 分 4 秒');
      expect(await page.locator('[data-testid="recs-models"] th').allInnerTexts()).toContain(lang === 'en' ? 'Training time' : '训练用时');
      // The model's row is named in words, never by its id.
      expect((await page.locator('[data-testid="recs-models"] tbody td').first().innerText()).trim()).toBe(lang === 'en' ? 'Best sellers' : '畅销榜');
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
