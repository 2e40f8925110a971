// The desktop shell end to end through Playwright's Electron driver. Runs only where the Electron binary exists and a
// display is available; elsewhere it is reported skipped with the reason found on this machine (printed in the
// `npm test` summary).
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;

/** The Electron binary, or why this machine cannot open the desktop window. */
function electron(): { bin: string; reason: null } | { bin: null; reason: string } {
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { bin: null, reason: 'the electron package is not installed (npm install)' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    const allow = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> }).allowScripts;
    return {
      bin: null,
      reason:
        allow?.electron === false
          ? 'the Electron binary was never downloaded: package.json "allowScripts" keeps npm from running electron\'s install script; where the download host is reachable run `node node_modules/electron/install.js`'
          : 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing: install scripts were skipped or the download failed); run `node node_modules/electron/install.js`',
    };
  }
  const bin = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(bin)) return { bin: null, reason: `the Electron binary named in node_modules/electron/path.txt is missing (${bin})` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { bin: null, reason: 'no display (DISPLAY and WAYLAND_DISPLAY are unset), so no window can open; run the tests under xvfb-run' };
  }
  return { bin, reason: null };
}

const { bin, reason } = electron();

describe.skipIf(!bin)(`Electron desktop app${reason ? ` — skipped: ${reason}` : ''}`, () => {
  it('opens a sandboxed window on the app:// page, lands on a store and refuses navigation away', async () => {
    const { _electron } = await import('playwright-core');
    expect(spawnSync(process.execPath, ['scripts/build-main.js'], { cwd: root }).status).toBe(0);
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-electron-'));
    const app = await _electron.launch({ executablePath: bin!, args: [root], env: { ...process.env, DESK_DATA_DIR: dataDir } });
    try {
      const page = await app.firstWindow();
      await page.waitForSelector('[data-app-state="ready"]', { timeout: 120_000 });
      expect(page.url()).toMatch(/^app:\/\/desk\//);
      // With contextIsolation, sandbox and no nodeIntegration the page sees no Node globals at all.
      expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/desk\//);
      expect(await page.evaluate(() => window.open('https://example.com/'))).toBeNull();
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
