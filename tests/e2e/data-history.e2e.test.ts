// Data → History in a real browser, in both languages, after three imports of one day: each run shows its time as well
// as its day (three runs read "Dec 6, 2026" alike), a dry run says it wrote nothing (it showed "Added 1" like an
// import), and a failed run or one with rejected rows shows why, naming the file, row and column (it showed only
// "Failed").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, startDemoDesk, switchLang, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();
let runs: { id: number; startedAt: string; dryRun: boolean; status: string }[] = [];

const setLang = (lang: 'en' | 'zh'): Promise<void> => switchLang(page, lang);

const row = (id: number): ReturnType<Page['locator']> => page.locator(`[data-testid="history-row"][data-run="${id}"]`);

beforeAll(async () => {
  desk = await startDemoDesk(folder.dir, { skus: 12, days: 40, end: '2026-12-01' });
  const { rows } = await api<{ rows: { sku: string }[] }>(desk, 'products.list', { limit: 2 });
  const bad = join(folder.dir, 'stock-bad.csv');
  writeFileSync(bad, `sku,on_hand,date,location\n${rows[0].sku},12,2026-12-01,main\n${rows[1].sku},abc,2026-12-01,main\nNOPE-1,5,2026-12-01,main\n`);
  const good = join(folder.dir, 'stock-good.csv');
  writeFileSync(good, `sku,on_hand,date,location\n${rows[0].sku},40,2026-12-01,main\n`);
  // Oldest first: rejected rows skipped, a dry run of a clean file, then an all-or-nothing import that fails.
  const run = async (input: Record<string, unknown>): Promise<string> => (await finishedJob(desk, await api<{ jobId: string }>(desk, 'import.run', { kind: 'inventory', ...input }))).status;
  expect(await run({ path: bad, skipInvalid: true })).toBe('succeeded');
  expect(await run({ path: good, dryRun: true })).toBe('succeeded');
  expect(await run({ path: bad })).toBe('failed');
  runs = await api<typeof runs>(desk, 'import.history', {});
  expect(runs.map((r) => [r.status, r.dryRun])).toEqual([['failed', false], ['succeeded', true], ['succeeded', false]]);
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await page.setViewportSize({ width: 1280, height: 800 });
  await waitReady(page);
  await page.click('[data-testid="nav-data"]');
  await page.click('[data-testid="tab-history"]');
  await page.waitForSelector('[data-testid="history-row"]');
  mkdirSync(SCREEN_DIR, { recursive: true });
}, 300_000);

afterAll(() => closeAll(browser, desk, folder));

describe('Import history', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`shows each run's time, marks the dry run and shows why a run failed or rejected rows (${lang})`, async () => {
      await setLang(lang);
      await page.waitForFunction((l) => document.querySelector('[data-testid="history-row"] td')?.textContent?.includes(l === 'zh' ? '年' : ','), lang);
      const [failed, dry, skipped] = runs;
      for (const r of runs) {
        // The start time as the reader's clock shows it (hours and minutes), beside the day.
        const hm = await page.evaluate((iso) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }), r.startedAt);
        expect(await row(r.id).locator('[data-testid="history-when"]').innerText(), `${lang} run ${r.id}`).toContain(hm);
      }
      const badge = row(dry.id).locator('[data-testid="history-dry-run"]');
      expect(await badge.textContent()).toBe(lang === 'zh' ? '仅检查' : 'Check only');
      expect(await badge.getAttribute('title')).toContain(lang === 'zh' ? '没有写入店铺' : 'nothing was written');
      expect(await row(failed.id).locator('[data-testid="history-dry-run"]').count()).toBe(0);
      expect(await row(dry.id).locator('[data-testid="history-why"]').count()).toBe(0);

      // The failed import: its reason names the file, row and column; the rows it turned away are listed.
      await row(failed.id).locator('[data-testid="history-why"]').click();
      const details = page.locator('[data-testid="history-details"]');
      await details.waitFor();
      expect(await details.locator('[data-testid="history-error"]').innerText()).toMatch(/stock-bad\.csv row 3, column on_hand/);
      const cells = await details.locator('[data-testid="history-reject-row"]').first().locator('td').allInnerTexts();
      expect(cells.slice(0, 3)).toEqual(['3', 'on_hand', 'abc']);
      expect(await details.locator('[data-testid="history-reject-row"]').count()).toBe(2);
      await page.screenshot({ path: join(SCREEN_DIR, `data-history-${lang}-1280.png`) });
      // The same button hides them; the import that skipped rows lists the two it rejected, with no error.
      await row(failed.id).locator('[data-testid="history-why"]').click();
      await details.waitFor({ state: 'detached' });
      await row(skipped.id).locator('[data-testid="history-why"]').click();
      await details.waitFor();
      expect(await details.locator('[data-testid="history-error"]').count()).toBe(0);
      expect(await details.locator('[data-testid="history-reject-row"]').nth(1).locator('td').nth(1).innerText()).toBe('sku');
      await row(skipped.id).locator('[data-testid="history-why"]').click();
      const missing = await page.evaluate(() => window.__deskMissingKeys ?? []);
      expect(missing).toEqual([]);
    });
  }
});
