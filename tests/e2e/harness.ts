/** E2E harness: `desk serve` in a child process on its own data folder, and Debian's Chromium through playwright-core. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

/** Chromium flags that work on the build machines (no sandbox, no GPU, no network chatter). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A running `desk serve`. */
export interface Desk {
  url: string;
  baseUrl: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** A fresh data folder for one test file. */
export function dataFolder(prefix = 'desk-e2e-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Spawns `node bin/desk.js serve --json` and resolves with its URL once it listens. */
export async function startDesk(opts: { dataDir: string; store?: string; lang?: 'en' | 'zh' }): Promise<Desk> {
  mkdirSync(opts.dataDir, { recursive: true });
  const args = [join(root, 'bin', 'desk.js'), 'serve', '--data-dir', opts.dataDir, '--json'];
  if (opts.store) args.push('--store', opts.store);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env: { ...process.env, DESK_LANG: opts.lang ?? 'en', DESK_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const info = await new Promise<{ url: string; baseUrl: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`desk serve did not start in 60 s: ${err}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        const j = JSON.parse(out) as { url: string; baseUrl: string; token: string };
        clearTimeout(timer);
        resolve(j);
      } catch {
        // the JSON document is not complete yet
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`desk serve exited with ${code}: ${err}`));
    });
  });
  return {
    ...info,
    dataDir: opts.dataDir,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Launches Debian's Chromium (never downloads a browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** A new page with the given browser language, collecting page errors and Content Security Policy refusals. */
export async function openPage(browser: Browser, url: string, locale = 'en-US'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A resource the CSP refuses (a font inlined as a data: URL, say) is a page that does not render as built.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/.test(m.text())) errors.push(m.text().slice(0, 200));
  });
  await page.goto(url);
  return { page, errors };
}

/** Waits until the current screen shows its data. */
export async function waitReady(page: Page, screen?: string, timeout = 60_000): Promise<void> {
  const sel = screen ? `body[data-app-state="ready"][data-screen="${screen}"]` : 'body[data-app-state="ready"]';
  await page.waitForSelector(sel, { timeout });
}

/**
 * Waits until every image on the page has loaded (or failed) and the web fonts are in, naming what is still
 * pending on timeout. Not `networkidle`: a screen that follows a running job long-polls `jobs.wait` without a
 * gap, so the network is never idle while a training job runs (seen on a slower CI machine).
 */
export async function settled(page: Page, timeout = 60_000): Promise<void> {
  try {
    await page.waitForFunction(() => document.fonts.status === 'loaded' && Array.from(document.images).every((i) => i.complete), null, { timeout });
  } catch (e) {
    const pending = await page.evaluate(() => Array.from(document.images).filter((i) => !i.complete).map((i) => i.currentSrc || i.src));
    throw new Error(`page not settled after ${timeout} ms; images still loading: ${pending.join(', ') || 'none'} (${(e as Error).message})`);
  }
}

/** Directory for screenshots (gitignored). */
export const SCREEN_DIR = join(root, 'tests', 'artifacts', 'screens');

/** Calls an operation over HTTP with the page's token (for setting up and checking, never instead of the UI). */
export async function api<R>(desk: Desk, name: string, input: unknown = {}): Promise<R> {
  const res = await fetch(`${desk.baseUrl}/api/op/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${desk.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; result?: R; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.result as R;
}

/** Serious and critical accessibility violations on the page as it is now. */
export async function seriousA11y(page: Page): Promise<string[]> {
  const { AxeBuilder } = await import('@axe-core/playwright');
  // A dialog fading in has its text half transparent: axe would measure the contrast of a frame, not of the screen.
  // (A spinner or a striped progress bar runs for good: only animations with an end are waited for.)
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity), undefined, { timeout: 10_000 });
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** A finished job as the engine reports it. */
export interface FinishedJob {
  jobId: string;
  status: string;
  error: { message: string } | null;
}

/** Waits through the engine until a job has finished (for setting a test up; the UI is checked elsewhere). */
export async function finishedJob(desk: Desk, job: { jobId: string }): Promise<FinishedJob> {
  for (;;) {
    const r = await api<FinishedJob>(desk, 'jobs.wait', { jobId: job.jobId, timeoutMs: 30_000 });
    if (['succeeded', 'failed', 'cancelled'].includes(r.status)) return r;
  }
}

/** Starts `desk serve` on a data folder and builds a demo store in it through the API (`demo.create`); throws if that fails. */
export async function startDemoDesk(dataDir: string, demo: { skus: number; days: number; end?: string }): Promise<Desk> {
  const desk = await startDesk({ dataDir });
  const done = await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', demo));
  if (done.status !== 'succeeded') {
    await desk.stop();
    throw new Error(`demo.create ${done.status}: ${done.error?.message ?? ''}`);
  }
  return desk;
}

/** What `openDemoPage` may do besides: the page's size, and a step on the store before the page opens. */
export interface DemoPageOptions {
  viewport?: { width: number; height: number };
  prepare?: (desk: Desk) => Promise<unknown>;
}

/**
 * A test file's usual start: a demo store served over HTTP, Chromium, and one page (in `locale`) ready on the Dashboard
 * at 1280×800 (or `opts.viewport`), with the screenshot folder made, and the page's errors as `openPage` collects them.
 * `opts.prepare` runs on the store before the page opens. The desk is stopped again when the browser cannot be started.
 */
export async function openDemoPage(
  dataDir: string,
  demo: { skus: number; days: number; end?: string },
  locale = 'en-US',
  opts: DemoPageOptions = {},
): Promise<{ desk: Desk; browser: Browser; page: Page; errors: string[] }> {
  const desk = await startDemoDesk(dataDir, demo);
  try {
    await opts.prepare?.(desk);
    const browser = await launchChromium();
    const { page, errors } = await openPage(browser, desk.url, locale);
    await page.setViewportSize(opts.viewport ?? { width: 1280, height: 800 });
    await waitReady(page, 'dashboard');
    mkdirSync(SCREEN_DIR, { recursive: true });
    return { desk, browser, page, errors };
  } catch (e) {
    await desk.stop();
    throw e;
  }
}

/** `openDemoPage` in English at `viewport` on a demo store whose price recommendations are made (20 draws) before the page opens. */
export function openPricedDemoPage(dataDir: string, demo: { skus: number; days: number; end?: string }, viewport: { width: number; height: number }): ReturnType<typeof openDemoPage> {
  return openDemoPage(dataDir, demo, 'en-US', { viewport, prepare: (desk) => api(desk, 'pricing.recommend', { draws: 20 }) });
}

/** A new page (in `locale`) that waits for the Dashboard, then opens `screen` from the navigation and waits until it is ready. */
export async function openScreen(browser: Browser, url: string, locale: string, screen: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, url, locale);
  await waitReady(opened.page, 'dashboard');
  await opened.page.click(`[data-testid="nav-${screen}"]`);
  await waitReady(opened.page, screen);
  return opened;
}

/** The try-on files' store: a 24-product demo store to 2026-10-31 served, its try-on products (and the first eyewear's SKU), and Chromium. */
export async function startTryOnDesk(dataDir: string): Promise<{ desk: Desk; browser: Browser; products: { sku: string; type: string }[]; eyewear: string }> {
  const desk = await startDemoDesk(dataDir, { skus: 24, days: 60, end: '2026-10-31' });
  try {
    const { products } = await api<{ products: { sku: string; type: string }[] }>(desk, 'tryon.products', {});
    const eyewear = products.find((p) => p.type === 'eyewear')?.sku ?? '';
    return { desk, browser: await launchChromium(), products, eyewear };
  } catch (e) {
    await desk.stop();
    throw e;
  }
}

/** On the Data screen: restores the backup `file` from Backup and restore, confirmed, and returns the refusal once it shows. */
export async function restoreRefused(page: Page, file: string): Promise<Locator> {
  await page.click('[data-testid="tab-backup"]');
  await page.setInputFiles('input[type="file"]', file);
  await page.click('[data-testid="restore-run"]');
  await page.click('[data-testid="restore-confirm-run"]');
  const error = page.locator('[data-testid="backup-error"]');
  await error.waitFor({ timeout: 30_000 });
  return error;
}

/** Picks `sku` in Try-on's product box, typed as a merchant does. */
export async function pickTryOnProduct(page: Page, sku: string): Promise<void> {
  const box = page.locator('[data-testid="tryon-product"]');
  await box.click();
  await box.fill(sku);
  await page.getByRole('option', { name: new RegExp(sku) }).first().click();
}

/** The text of `line` in English, then 中文, then English again (a screenshot of the 中文 page as `${shot}-zh.png`). */
export async function acrossSwitch(page: Page, line: Locator, en: string, zh: string, shot: string): Promise<void> {
  await expect.poll(() => line.innerText()).toBe(en);
  await switchLang(page, 'zh');
  await expect.poll(() => line.innerText()).toBe(zh);
  await page.screenshot({ path: join(SCREEN_DIR, `${shot}-zh.png`), fullPage: true });
  await switchLang(page, 'en');
  await expect.poll(() => line.innerText()).toBe(en);
}

/** A test file's usual end: closes its browser and desk (either may be missing when the start failed) and removes its data folder. */
export async function closeAll(browser: Browser | undefined, desk: Desk | undefined, folder: { cleanup: () => void }): Promise<void> {
  await browser?.close();
  await desk?.stop();
  folder.cleanup();
}

/**
 * A test file's start and end in one call: `open` on a fresh data folder before the file's tests (within `timeout`), and
 * after them closeAll on the desk and browser the returned object holds then (a test that restarts the desk puts the new
 * one there) and on the folder. The object is filled in by the time the tests run.
 */
export function openForFile<T extends { desk: Desk; browser: Browser }>(open: (dataDir: string) => Promise<T>, timeout = 240_000): T & { dataDir: string } {
  const folder = dataFolder();
  const opened = { dataDir: folder.dir } as T & { dataDir: string };
  beforeAll(async () => {
    Object.assign(opened, await open(folder.dir));
  }, timeout);
  afterAll(() => closeAll(opened.browser, opened.desk, folder));
  return opened;
}

/** Picks a language in the header's switch and waits until the page is in it. */
export async function switchLang(page: Page, lang: 'en' | 'zh'): Promise<void> {
  await page.click(`[data-testid="lang-switch"] >> text=${lang === 'zh' ? '中文' : 'EN'}`);
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
}

/**
 * Picks a language in the header's switch and returns what the input `testid` holds in the very page update that
 * first shows the navigation in that language: a label that follows a switch only later (an answer or an effect
 * later) still reads in the old language there. Then waits until the page is in the language, as switchLang does.
 */
export async function switchLangReading(page: Page, lang: 'en' | 'zh', testid: string): Promise<string> {
  const value = await page.evaluate(
    ({ lang, testid }) =>
      new Promise<string>((resolve, reject) => {
        const nav = document.querySelector('[data-testid="nav-dashboard"]');
        const label = [...document.querySelectorAll<HTMLElement>('[data-testid="lang-switch"] label')].find((l) => l.textContent === (lang === 'zh' ? '中文' : 'EN'));
        if (!nav || !label) return reject(new Error('no navigation or language switch on the page'));
        const want = lang === 'zh' ? '概览' : 'Dashboard';
        const seen = new MutationObserver(() => {
          if (!nav.textContent?.includes(want)) return;
          seen.disconnect();
          resolve(document.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`)?.value ?? '');
        });
        seen.observe(nav, { subtree: true, childList: true, characterData: true });
        label.click();
      }),
    { lang, testid },
  );
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
  return value;
}
