// Settings shows the compute backend at once: its name and the last measurement kept in the data folder
// (backend.json), never waiting for TensorFlow.js to start and measure (2.5-7 s; the screen used to wait on every first
// open). A machine never measured is measured in the background; "Measure again" measures on demand, with progress.
// The measurement requests are held by the test, so what the screen shows before one ends is checked by order of
// events, not by time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
const folder = dataFolder();

interface Kept {
  backend: string;
  gflops: number | null;
  measuredAt: string;
}

function kept(): Kept | null {
  const p = join(folder.dir, 'backend.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Kept) : null;
}

/** Holds every measuring call (system.backend with measure) until released; other calls pass. */
async function holdMeasures(page: Page): Promise<{ held: () => number; release: () => void }> {
  let count = 0;
  let open!: () => void;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  await page.route('**/api/op/system.backend', async (route: Route) => {
    const input = (route.request().postDataJSON() ?? {}) as { measure?: boolean };
    if (input.measure === true) {
      count++;
      await gate;
    }
    await route.continue();
  });
  return { held: () => count, release: open };
}

async function openSettings(page: Page): Promise<void> {
  await waitReady(page, 'dashboard');
  await page.click('[data-testid="nav-settings"]');
  await waitReady(page, 'settings');
}

beforeAll(async () => {
  desk = await startDesk({ dataDir: folder.dir });
  const demo = await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', { skus: 12, days: 30, end: '2026-10-31' }));
  expect(demo.status).toBe('succeeded');
  browser = await launchChromium();
});

afterAll(() => closeAll(browser, desk, folder));

describe('Settings: the compute backend', () => {
  it('never measured: the backend is named at once and measured in the background, then kept', async () => {
    expect(kept()).toBeNull();
    const { page, errors } = await openPage(browser, desk.url);
    try {
      const gate = await holdMeasures(page);
      await openSettings(page);
      // The measurement has started and is held: the screen is ready and names the backend all the same.
      await page.locator('[data-testid="backend-measuring"]').waitFor();
      expect(gate.held()).toBe(1);
      expect(await page.getAttribute('[data-testid="backend-name"] [data-backend]', 'data-backend')).toMatch(/wasm|cpu|tensorflow/);
      expect(await page.textContent('[data-testid="backend-name"]')).toMatch(/WebAssembly|JavaScript|CPU|GPU/);
      expect(await page.textContent('[data-testid="versions"]')).toMatch(/\d+\.\d+\.\d+/);
      expect(kept()).toBeNull();
      gate.release();
      await expect.poll(async () => page.textContent('[data-testid="backend-speed"]'), { timeout: 60_000 }).toMatch(/GFLOP\/s.*measured/);
      await page.locator('[data-testid="training-device"]').waitFor();
      const k = kept();
      expect(k?.backend).toBe(await page.getAttribute('[data-testid="backend-name"] [data-backend]', 'data-backend'));
      expect(k?.gflops).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('measured before: opening Settings shows the kept measurement and measures nothing', async () => {
    const before = kept() as Kept;
    // A figure no machine measures, so it can only come from the file.
    writeFileSync(join(folder.dir, 'backend.json'), JSON.stringify({ ...before, gflops: 12345.6, measuredAt: '2026-12-01T08:00:00.000Z' }));
    const { page, errors } = await openPage(browser, desk.url);
    try {
      const measures: unknown[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/api/op/system.backend') && (r.postDataJSON() as { measure?: boolean } | null)?.measure === true) measures.push(r.url());
      });
      await openSettings(page);
      expect(await page.textContent('[data-testid="backend-speed"]')).toMatch(/12,345\.6 GFLOP\/s.*measured Dec 1, 2026/);
      expect(await page.textContent('[data-testid="backend-measure"]')).toBe('Measure again');
      await page.locator('[data-testid="training-device"]').waitFor();
      // Leave and come back: still nothing measured.
      await page.click('[data-testid="nav-dashboard"]');
      await openSettings(page);
      expect(await page.textContent('[data-testid="backend-speed"]')).toMatch(/12,345\.6 GFLOP\/s/);
      expect(measures).toEqual([]);
      expect(kept()?.measuredAt).toBe('2026-12-01T08:00:00.000Z');
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('Measure again (in 中文): progress while it measures, then the new figure, kept', async () => {
    const { page, errors } = await openPage(browser, desk.url, 'zh-CN');
    try {
      const gate = await holdMeasures(page);
      await openSettings(page);
      expect(await page.textContent('[data-testid="backend-speed"]')).toMatch(/12,345\.6 GFLOP\/s.*测于/);
      expect(gate.held()).toBe(0);
      await page.click('[data-testid="backend-measure"]');
      const progress = page.locator('[data-testid="backend-measuring"]');
      await progress.waitFor();
      expect(await progress.innerText()).toContain('正在测速');
      expect(gate.held()).toBe(1);
      gate.release();
      await progress.waitFor({ state: 'detached', timeout: 60_000 });
      const speed = await page.textContent('[data-testid="backend-speed"]');
      expect(speed).toMatch(/GFLOP\/s.*测于/);
      expect(speed).not.toContain('12,345.6');
      expect(kept()?.gflops).not.toBe(12345.6);
      expect(kept()?.measuredAt).not.toBe('2026-12-01T08:00:00.000Z');
      expect(errors).toEqual([]);
      expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
  it('the backends not used read "name: why" in English and "name：why" with a full-width colon in 中文', async () => {
    const skipped = (await api<{ skipped: { name: string; reason: string }[] }>(desk, 'system.backend', {})).skipped;
    // The packages of the native and GPU backends are optional and not installed where the tests run.
    expect(skipped.length).toBeGreaterThan(0);
    for (const [locale, row] of [['en-US', /^[^：]+: (not installed on this computer|could not start here \(details on hover\))$/], ['zh-CN', /^[^:]+：(本机未安装|无法在本机启动（悬停查看详情）)$/]] as const) {
      const { page, errors } = await openPage(browser, desk.url, locale);
      try {
        await openSettings(page);
        const rows = await page.locator('[data-testid="backend-skipped"]').allInnerTexts();
        expect(rows).toHaveLength(skipped.length);
        for (const r of rows) expect(r).toMatch(row);
        expect(errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    }
  });
});
