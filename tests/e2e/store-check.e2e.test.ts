// The store check the app runs after opening a store: a damaged store (a page of its products table overwritten, as a
// bad disk or a half-written copy leaves one) shows a lasting alert in English and 中文 above every screen, saying the
// store is damaged, that changes may be lost, and leading to Backup and restore; restoring a sound backup there makes it
// go. A sound store shows no alert, only "Store checked …: sound" under Backup and restore.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataFolder, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady, type Desk } from './harness';
import { damagePageOf, smallStore } from '../unit/store-damage';

let browser: Browser;
const folder = dataFolder();
const sound = join(folder.dir, 'sound.db');
const damaged = join(folder.dir, 'shop.db');
// Where Backup and restore writes a backup by default (DATA/backups/NAME-DATE-TIME.db): the alert lists it.
const backup = join(folder.dir, 'backups', 'shop-2026-12-05-18-30-00.db');

beforeAll(async () => {
  smallStore(sound);
  copyFileSync(sound, damaged);
  damagePageOf(damaged, 'products');
  mkdirSync(join(folder.dir, 'backups'));
  copyFileSync(sound, backup);
  mkdirSync(SCREEN_DIR, { recursive: true });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  folder.cleanup();
});

const alertText = async (page: Page): Promise<string> => page.locator('[data-testid="store-damaged"]').innerText();

describe('the store check in the app', () => {
  it('a damaged store: a lasting alert in both languages that leads to Backup and restore; a restored backup clears it', async () => {
    const desk: Desk = await startDesk({ dataDir: folder.dir, store: damaged });
    try {
      const { page } = await openPage(browser, desk.url, 'en-US');
      await page.locator('[data-testid="store-damaged"]').waitFor({ timeout: 60_000 });
      const en = await alertText(page);
      expect(en).toContain('The store shop.db is damaged');
      expect(en).toContain(damaged);
      expect(en).toContain('Changes you make now may be lost');
      expect(en).toContain('Data › Backup and restore › Restore from backup');
      expect(await page.locator('[data-testid="store-damaged-backups"]').innerText()).toContain(backup);
      expect(await page.locator('[data-testid="store-damaged"]').getAttribute('role')).toBe('alert');
      await page.screenshot({ path: join(SCREEN_DIR, 'store-damaged-en.png') });
      // SQLite's own report, one click away.
      await page.click('[data-testid="store-damaged"] summary');
      expect(await page.locator('[data-testid="store-damaged-details"]').innerText()).toMatch(/^Tree \d+ page \d+/m);
      await page.screenshot({ path: join(SCREEN_DIR, 'store-damaged-details-en.png') });
      await page.click('[data-testid="store-damaged"] summary');

      await page.click('[data-testid="lang-switch"] >> text=中文');
      await page.waitForFunction(() => document.querySelector('[data-testid="store-damaged"]')?.textContent?.includes('店铺 shop.db 已损坏'));
      const zh = await alertText(page);
      expect(zh).toContain('现在所做的更改可能会丢失');
      expect(zh).toContain('数据 › 备份与恢复 › 从备份恢复');
      expect(zh).not.toMatch(/Changes you make|Restore a backup/);
      await page.screenshot({ path: join(SCREEN_DIR, 'store-damaged-zh.png') });

      // Persistent: still there on another screen.
      await page.click('[data-testid="nav-settings"]');
      await waitReady(page, 'settings');
      expect(await page.locator('[data-testid="store-damaged"]').isVisible()).toBe(true);

      // Its button opens Data on the Backup and restore tab, where the check's line says the same.
      await page.click('[data-testid="store-damaged-restore"]');
      await waitReady(page, 'data');
      await page.locator('[data-testid="restore-run"]').waitFor();
      expect(await page.locator('[data-testid="tab-backup"]').getAttribute('aria-selected')).toBe('true');
      expect(await page.locator('[data-testid="store-check-line"]').innerText()).toMatch(/^店铺检查发现损坏/);
      await page.screenshot({ path: join(SCREEN_DIR, 'store-damaged-data-zh.png') });

      // Restoring the sound backup replaces the damaged store; the restored store is checked and the alert goes.
      await page.click('[data-testid="lang-switch"] >> text=EN');
      await page.setInputFiles('input[type="file"]', backup);
      await page.click('[data-testid="restore-run"]');
      await page.click('[data-testid="restore-confirm-run"]');
      await page.locator('[data-testid="note-green"]').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="store-damaged"]').waitFor({ state: 'detached', timeout: 60_000 });
      await page.waitForFunction(() => /^Store checked .*: sound/.test(document.querySelector('[data-testid="store-check-line"]')?.textContent ?? ''), null, { timeout: 60_000 });
      await page.context().close();
    } finally {
      await desk.stop();
    }
  });

  it('Back up now on a damaged store warns and asks first, in both languages, and writes a copy named -damaged beside the sound backup', async () => {
    const worn = join(folder.dir, 'worn.db');
    copyFileSync(sound, worn);
    damagePageOf(worn, 'products');
    const soundBackup = join(folder.dir, 'backups', 'worn-2026-12-05-18-30-00.db');
    copyFileSync(sound, soundBackup);
    const wornBackups = (): string[] => readdirSync(join(folder.dir, 'backups')).filter((n) => n.startsWith('worn-')).sort();
    const desk = await startDesk({ dataDir: folder.dir, store: worn });
    try {
      const { page, errors } = await openPage(browser, desk.url, 'en-US');
      await page.locator('[data-testid="store-damaged"]').waitFor({ timeout: 60_000 });
      await page.click('[data-testid="store-damaged-restore"]');
      await waitReady(page, 'data');
      await page.click('[data-testid="backup-run"]');
      const dialog = page.locator('[data-testid="backup-damaged-confirm"]');
      await page.locator('[data-testid="backup-damaged-run"]').waitFor();
      const en = await page.getByRole('dialog').innerText();
      expect(en).toContain('Back up a damaged store?');
      expect(en).toContain('The last check found worn.db damaged');
      expect(en).toContain('no sound backup');
      expect(en).toContain('-damaged.db');
      await page.screenshot({ path: join(SCREEN_DIR, 'backup-damaged-ask-en.png') });
      // Cancel writes nothing.
      await page.click('[data-testid="backup-damaged-cancel"]');
      await page.locator('[data-testid="backup-damaged-run"]').waitFor({ state: 'detached' });
      expect(wornBackups()).toEqual(['worn-2026-12-05-18-30-00.db']);
      expect(await page.locator('[data-testid="backup-done"]').count()).toBe(0);

      await page.click('[data-testid="lang-switch"] >> text=中文');
      await page.click('[data-testid="backup-run"]');
      await page.locator('[data-testid="backup-damaged-run"]').waitFor();
      const zh = await page.getByRole('dialog').innerText();
      expect(zh).toContain('要备份已损坏的店铺吗？');
      expect(zh).toContain('上次检查发现 worn.db 已损坏');
      expect(zh).not.toMatch(/damaged store|sound backup/);
      await page.screenshot({ path: join(SCREEN_DIR, 'backup-damaged-ask-zh.png') });
      await page.click('[data-testid="backup-damaged-run"]');
      await page.locator('[data-testid="backup-done"]').waitFor({ timeout: 60_000 });
      const done = await page.locator('[data-testid="backup-done"]').innerText();
      expect(done).toMatch(/已写入损坏店铺的副本.*worn-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-damaged\.db/);
      await page.screenshot({ path: join(SCREEN_DIR, 'backup-damaged-done-zh.png') });
      const names = wornBackups();
      expect(names).toHaveLength(2);
      expect(names).toContain('worn-2026-12-05-18-30-00.db');
      expect(names.find((n) => n !== 'worn-2026-12-05-18-30-00.db')).toMatch(/-damaged\.db$/);
      expect(await dialog.count()).toBeLessThanOrEqual(1);
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      await desk.stop();
    }
  });

  it('a sound store shows no alert, and "Store checked …: sound" under Backup and restore', async () => {
    const other = join(folder.dir, 'other.db');
    copyFileSync(sound, other);
    const desk = await startDesk({ dataDir: folder.dir, store: other });
    try {
      const { page, errors } = await openPage(browser, desk.url, 'en-US');
      await waitReady(page, 'dashboard');
      await page.click('[data-testid="nav-data"]');
      await page.click('[data-testid="tab-backup"]');
      // The check has finished once the line says so: then no alert may be there.
      await page.waitForFunction(() => /^Store checked .*: sound, no damage found\.$/.test(document.querySelector('[data-testid="store-check-line"]')?.textContent ?? ''), null, { timeout: 60_000 });
      expect(await page.locator('[data-testid="store-damaged"]').count()).toBe(0);
      await page.screenshot({ path: join(SCREEN_DIR, 'store-sound-data-en.png') });
      await page.click('[data-testid="lang-switch"] >> text=中文');
      await page.waitForFunction(() => /^店铺已于 .* 检查：完好/.test(document.querySelector('[data-testid="store-check-line"]')?.textContent ?? ''));
      expect(await page.locator('[data-testid="store-damaged"]').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      await desk.stop();
    }
  });
});
