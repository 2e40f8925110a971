import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Engine } from '../../engine/engine';
import type { StoreCheck } from '../../engine/db/integrity';
import { runDesk, tempDirsPerTest } from './helpers';
import { damagePageOf, smallStore, sqliteIntegrity } from './store-damage';

const newDir = tempDirsPerTest();

/** `desk` with its data folder in `dataDir`, in `lang`. */
function desk(dataDir: string, lang: 'en' | 'zh', args: string[]): ReturnType<typeof runDesk> {
  return runDesk(dataDir, [...args, '--lang', lang]);
}

/** A sound store and a copy of it damaged in a page of its products table, with a backup kept by the app. */
function stores(): { dir: string; sound: string; damaged: string; backup: string } {
  const dir = newDir();
  const sound = join(dir, 'sound.db');
  smallStore(sound);
  const damaged = join(dir, 'shop.db');
  copyFileSync(sound, damaged);
  damagePageOf(damaged, 'products');
  expect(sqliteIntegrity(sound)).toEqual([]);
  // A backup Backup & restore wrote by default, under the name it gives one (DATA/backups/NAME-DATE-TIME.db).
  mkdirSync(join(dir, 'backups'));
  const backup = join(dir, 'backups', 'shop-2026-12-05-18-30-00.db');
  copyFileSync(sound, backup);
  return { dir, sound, damaged, backup };
}

describe('desk check', () => {
  it('says a damaged store is damaged, what is damaged and where the backups are, in English and Chinese, exit 3; a sound one is sound, exit 0', () => {
    const { dir, sound, damaged, backup } = stores();
    const en = desk(dir, 'en', ['check', '--store', damaged]);
    expect(en.status, en.stderr).toBe(3);
    expect(en.stdout).toMatch(new RegExp(`^The store ${damaged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged: the check found \\d+ problems?`));
    expect(en.stdout).toContain('Damaged: table products');
    expect(en.stdout).toMatch(/^ {2}Tree \d+ page \d+/m); // SQLite's own lines
    expect(en.stdout).toContain('Changes made to this store may be lost');
    expect(en.stdout).toContain('Data › Backup and restore › Restore from backup');
    expect(en.stdout).toContain(`Backups of this store on this computer, newest first:\n  ${backup}`);
    const zh = desk(dir, 'zh', ['check', '--store', damaged]);
    expect(zh.status, zh.stderr).toBe(3);
    expect(zh.stdout).toContain(`店铺文件 ${damaged} 已损坏`);
    expect(zh.stdout).toContain('损坏的部分：表 products');
    expect(zh.stdout).toContain('数据 › 备份与恢复 › 从备份恢复');
    expect(zh.stdout).toContain(backup);
    expect(zh.stdout).not.toMatch(/The store|restore a backup/);

    const ok = desk(dir, 'en', ['check', '--store', sound]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^The store is sound: ${sound.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`));
    const okZh = desk(dir, 'zh', ['check', '--store', sound]);
    expect(okZh.status).toBe(0);
    expect(okZh.stdout).toContain(`店铺文件完好：${sound}`);
  });

  it('--json gives one document with ok, problems, file and seconds; the check writes nothing to the file', () => {
    const { dir, damaged, sound } = stores();
    const before = readFileSync(damaged);
    const r = desk(dir, 'en', ['check', '--store', damaged, '--json']);
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout) as StoreCheck;
    expect(doc.ok).toBe(false);
    expect(doc.file).toBe(damaged);
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(doc.problems.every((p) => typeof p === 'string' && p.length > 0)).toBe(true);
    expect(typeof doc.seconds).toBe('number');
    expect(doc.damaged.map((d) => d.table)).toContain('products');
    expect(readFileSync(damaged).equals(before)).toBe(true);
    const s = JSON.parse(desk(dir, 'en', ['check', '--store', sound, '--json']).stdout) as StoreCheck;
    expect(s).toMatchObject({ ok: true, problems: [], file: sound });
  });

  it('a damaged index is named as an index of its table', () => {
    const dir = newDir();
    const path = join(dir, 'shop.db');
    smallStore(path);
    damagePageOf(path, 'sqlite_autoindex_products_1');
    const r = desk(dir, 'en', ['check', '--store', path]);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('Damaged: an index of table products (sqlite_autoindex_products_1)');
  });

  it('is listed in desk --help', () => {
    const r = runDesk(newDir(), ['--help']);
    expect(r.stdout).toContain('desk check --store FILE [--json]');
  });
});

describe('opening a file that is not a store, or is cut short', () => {
  it('desk info, desk check and store.open name the file and say it is damaged or not a database, in both languages; nothing is created beside it', async () => {
    const { dir, sound } = stores();
    const cut = join(dir, 'cut.db');
    writeFileSync(cut, readFileSync(sound).subarray(0, 8192)); // the first two pages of a 700 KB store
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'these are my notes, not a database\n'.repeat(100));
    for (const lang of ['en', 'zh'] as const) {
      const info = desk(dir, lang, ['info', '--store', cut]);
      expect(info.status).toBe(1);
      expect(info.stderr).toContain(cut);
      expect(info.stderr).toMatch(lang === 'en' ? /is damaged or cut short and cannot be opened/ : /已损坏或不完整，无法打开/);
      const check = desk(dir, lang, ['check', '--store', cut]);
      expect(check.status).toBe(3);
      expect(check.stdout).toContain(cut);
      for (const cmd of ['info', 'check']) {
        const r = desk(dir, lang, [cmd, '--store', text]);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(`${text} ${lang === 'en' ? 'is not a Merchant Desk store (not an SQLite database)' : '不是 Merchant Desk 店铺文件'}`);
      }
    }
    // The app's Open store (store.open) says the same, in the caller's language.
    const engine = new Engine({ dataDir: dir, lang: 'en' });
    for (const lang of ['en', 'zh'] as const) {
      const out = await engine.call('store.open', { path: cut }, lang);
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.error.message).toMatch(lang === 'en' ? `${cut} is damaged or cut short and cannot be opened` : `${cut} 已损坏或不完整，无法打开`);
    }
    expect(engine.hasStore).toBe(false);
    expect(readFileSync(text, 'utf8')).toBe('these are my notes, not a database\n'.repeat(100));
    const left = spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.split('\n').filter((n) => /^(cut|notes)\.db-/.test(n));
    expect(left).toEqual([]);
  });
});

describe('store.check (the app)', () => {
  it('runs as a job once per opening of the store; its result says damaged with the parts and backups, or sound', async () => {
    const { dir, sound, damaged, backup } = stores();
    for (const [path, ok] of [[damaged, false], [sound, true]] as const) {
      const engine = new Engine({ dataDir: dir, lang: 'en' });
      await engine.open(path);
      try {
        const job = await engine.invoke('store.check', {});
        expect((await engine.invoke('store.check', {})).jobId).toBe(job.jobId);
        const done = await engine.jobs.wait(job.jobId);
        expect(done.status).toBe('succeeded');
        const r = done.result as StoreCheck;
        expect(r.ok).toBe(ok);
        expect(r.file).toBe(path);
        if (!ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          expect(r.damaged.map((d) => d.table)).toContain('products');
          expect(r.backups).toEqual([backup]);
        }
        expect((await engine.invoke('store.check', { again: true })).jobId).not.toBe(job.jobId);
        await engine.jobs.wait((await engine.invoke('store.check', {})).jobId);
      } finally {
        await engine.close();
      }
    }
  });

  it('a backup of a store the check found damaged is named -damaged, is not listed among the backups, and leaves the sound backup in place', async () => {
    const { dir, sound, damaged, backup } = stores();
    const engine = new Engine({ dataDir: dir, lang: 'en' });
    await engine.open(damaged);
    try {
      await engine.jobs.wait((await engine.invoke('store.check', {})).jobId);
      const copy = await engine.invoke('store.backup', {});
      expect(copy.damaged).toBe(true);
      expect(copy.path).toMatch(/[\\/]backups[\\/]shop-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-damaged\.db$/);
      // It really is a copy of the damaged pages: nothing about it looks like a sound backup.
      expect(sqliteIntegrity(copy.path).length).toBeGreaterThan(0);
      const named = await engine.invoke('store.backup', { path: join(dir, 'mine.db') });
      expect(named).toMatchObject({ path: join(dir, 'mine-damaged.db'), damaged: true });
      // The sound backup is still there, still the one the check offers to restore; the damaged copies are not offered.
      expect(sqliteIntegrity(backup)).toEqual([]);
      const again = await engine.jobs.wait((await engine.invoke('store.check', { again: true })).jobId);
      expect((again.result as StoreCheck).backups).toEqual([backup]);
    } finally {
      await engine.close();
    }
    // A sound store's backup keeps its plain name.
    const soundEngine = new Engine({ dataDir: dir, lang: 'en' });
    await soundEngine.open(sound);
    try {
      await soundEngine.jobs.wait((await soundEngine.invoke('store.check', {})).jobId);
      const copy = await soundEngine.invoke('store.backup', {});
      expect(copy.damaged).toBe(false);
      expect(copy.path).toMatch(/sound-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.db$/);
    } finally {
      await soundEngine.close();
    }
  });

  it('an action that reads a damaged page is refused naming the store and what to do, in both languages', async () => {
    const { dir, damaged } = stores();
    const engine = new Engine({ dataDir: dir, lang: 'en' });
    await engine.open(damaged);
    try {
      for (const lang of ['en', 'zh'] as const) {
        const out = await engine.call('products.list', { limit: 5000 }, lang);
        expect(out.ok).toBe(false);
        if (out.ok) continue;
        expect(out.error.code).toBe('bad_store');
        expect(out.error.message).toContain(damaged);
        expect(out.error.message).toMatch(lang === 'en' ? /is damaged .*Backup and restore/ : /已损坏.*备份与恢复/);
      }
    } finally {
      await engine.close();
    }
  });
});
