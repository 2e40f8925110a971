/**
 * `npm run bench -- ui`: browser-mode cold start to the first dashboard paint, dashboard API latency,
 * and scrolling the products table at 10k SKUs (frame times from requestAnimationFrame).
 * Baselines from the same run: the targets, and a plain fetch of the static index.html.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../engine/db/store';
import { fillStore } from '../unit/dashboard-fixture';
import { api, launchChromium, openPage, startDesk, waitReady } from '../e2e/harness';
import setupRenderer from '../e2e/global-setup';
import { printTable, type BenchRow } from './table';

const root = new URL('../..', import.meta.url).pathname;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** The default demo store from `desk demo`; if that fails, a seeded store of similar size (reason printed). */
function demoStore(dir: string): { path: string; label: string } {
  const path = join(dir, 'demo.db');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'desk.js'), 'demo', '--out', path, '--end', '2026-10-31', '--json'], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (r.status === 0) {
    process.stdout.write(`demo store (default size) generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return { path, label: 'demo store' };
  }
  const reason = (r.stderr || r.stdout || '').trim().split('\n').find((l) => /Error|error/.test(l)) ?? `exit ${r.status}`;
  process.stdout.write(`NOTE: \`desk demo\` failed (${reason}); using a seeded store of 300 SKUs x 912 days instead\n`);
  const fallback = join(dir, 'seeded.db');
  const s = openStore(fallback, { create: true });
  fillStore(s.db, { skus: 300, days: 912, seed: 42 });
  s.close();
  return { path: fallback, label: 'seeded store' };
}

/** Scrolls the products table 400 px per animation frame for 3 s and returns the frame-to-frame times. */
const SCROLL_SCRIPT = `new Promise((resolve) => {
  const el = document.querySelector('[data-testid="products-scroll"]');
  const deltas = [];
  let last = performance.now();
  const end = last + 3000;
  const step = (now) => {
    deltas.push(now - last);
    last = now;
    el.scrollTop += 400;
    if (now < end) requestAnimationFrame(step);
    else resolve({ deltas: deltas.slice(1), scrolled: el.scrollTop });
  };
  requestAnimationFrame(step);
})`;

/** Runs the UI benchmark. */
export async function run(): Promise<void> {
  setupRenderer();
  const dir = mkdtempSync(join(tmpdir(), 'desk-bench-ui-'));
  const rows: BenchRow[] = [];
  const browser = await launchChromium();
  try {
    // 1. Cold start and dashboard API on the default demo store.
    const store = demoStore(dir);
    const desk = await startDesk({ dataDir: join(dir, 'data'), store: store.path });
    try {
      const html: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await (await fetch(`${desk.baseUrl}/`)).text();
        html.push(performance.now() - t);
      }
      const starts: number[] = [];
      for (let i = 0; i < 3; i++) {
        // Timed from navigation (a fresh browser context each time: no cache), not from browser start.
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        const t = performance.now();
        await page.goto(desk.url);
        await waitReady(page, 'dashboard', 60_000);
        await page.waitForSelector('[data-testid="trend"] svg .recharts-line path.recharts-curve');
        starts.push(performance.now() - t);
        await context.close();
      }
      rows.push({ metric: `cold start to dashboard ready (${store.label}, first load)`, ours: starts[0], peer: 2000, peerName: 'target', unit: 'ms', target: '< 2000 ms' });
      rows.push({ metric: 'start to dashboard ready (median of 3)', ours: pct(starts, 50), peer: pct(html, 50), peerName: 'fetch index.html', unit: 'ms' });
      const periods = [7, 28, 90, 365];
      const calls: number[] = [];
      for (let i = 0; i < 100; i++) {
        const t = performance.now();
        await api(desk, 'dashboard.summary', { days: periods[i % periods.length] });
        calls.push(performance.now() - t);
      }
      const cheap: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t = performance.now();
        await api(desk, 'store.current', {});
        cheap.push(performance.now() - t);
      }
      rows.push({ metric: 'dashboard.summary p95 (100 calls, 7/28/90/365 d)', ours: pct(calls, 95), peer: 100, peerName: 'target', unit: 'ms', target: '< 100 ms' });
      rows.push({ metric: 'dashboard.summary p50', ours: pct(calls, 50), peer: pct(cheap, 50), peerName: 'store.current (no work)', unit: 'ms' });
    } finally {
      await desk.stop();
    }

    // 2. Products table with 10k SKUs.
    const bigPath = join(dir, 'big.db');
    const big = openStore(bigPath, { create: true });
    fillStore(big.db, { skus: 10_000, days: 35, seed: 5 });
    big.close();
    const desk2 = await startDesk({ dataDir: join(dir, 'data2'), store: bigPath });
    try {
      const listT: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await api(desk2, 'products.list', { limit: 50_000 });
        listT.push(performance.now() - t);
      }
      rows.push({ metric: 'products.list, all 10k rows', ours: pct(listT, 50), peer: 100, peerName: 'target', unit: 'ms' });
      const { page } = await openPage(browser, desk2.url);
      await waitReady(page, 'dashboard', 60_000);
      const t = performance.now();
      await page.click('[data-testid="nav-inventory"]');
      await page.waitForSelector('[data-testid="product-count"][data-count="10000"]', { timeout: 60_000 });
      await page.waitForSelector('[data-testid="product-row"]');
      rows.push({ metric: 'inventory screen with 10k rows shown', ours: performance.now() - t, peer: 1000, peerName: 'target', unit: 'ms' });
      // A string, not a function: tsx would add helpers (__name) that do not exist in the page.
      const frames = (await page.evaluate(SCROLL_SCRIPT)) as { deltas: number[]; scrolled: number };
      const dropped = frames.deltas.filter((d) => d > 25).length;
      rows.push({ metric: 'scroll frame time p95 (10k rows, 400 px/frame)', ours: pct(frames.deltas, 95), peer: 16.7, peerName: '60 fps frame', unit: 'ms' });
      rows.push({ metric: 'dropped frames (> 25 ms) during 3 s scroll', ours: `${dropped} / ${frames.deltas.length}`, peer: '0', peerName: 'ideal', ratio: '—' });
      await page.context().close();
    } finally {
      await desk2.stop();
    }
  } finally {
    await browser.close();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
  printTable('UI: browser mode (Chromium headless, this machine)', rows);
}
