import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Engine } from '../../engine/engine';
import { latestSchemaVersion, loadMigrations, openStore, type Migration } from '../../engine/db/store';
import { tempDir } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

function addProduct(db: Database.Database, sku: string): void {
  db.prepare("INSERT INTO products (sku, title_en, created_at, updated_at) VALUES (?, 'x', 'x', 'x')").run(sku);
}

async function engineWith(skus: string[]): Promise<{ engine: Engine; dir: string; storePath: string }> {
  const t = tempDir();
  const engine = new Engine({ dataDir: t.dir, lang: 'en' });
  const storePath = join(t.dir, 'shop.db');
  await engine.open(storePath, { create: true });
  cleanups.push(() => t.cleanup(), () => engine.close());
  for (const s of skus) addProduct(engine.store.db, s);
  return { engine, dir: t.dir, storePath };
}

function skusIn(engine: Engine): string[] {
  return (engine.store.db.prepare('SELECT sku FROM products ORDER BY sku').all() as { sku: string }[]).map((r) => r.sku);
}

/** A store written by an app that knew only schema v1, in its own folder. */
function olderSchemaBackup(dir: string, skus: string[]): string {
  mkdirSync(join(dir, 'backups'), { recursive: true });
  const path = join(dir, 'backups', 'old.db');
  const v1: Migration[] = loadMigrations().filter((m) => m.version === 1);
  const s = openStore(path, { migrations: v1 });
  for (const k of skus) addProduct(s.db, k);
  s.close();
  return path;
}

describe('store.restore', () => {
  it('restores an older-schema backup without changing a byte of the backup file', async () => {
    const { engine, dir } = await engineWith(['NOW-1']);
    const backup = olderSchemaBackup(dir, ['OLD-1', 'OLD-2']);
    const before = sha(backup);
    const folderBefore = readdirSync(join(dir, 'backups')).sort();
    const out = await engine.invoke('store.restore', { path: backup });
    expect(sha(backup)).toBe(before);
    // Nothing appears beside the backup either (no migration .bak, no -wal/-shm from opening it).
    expect(readdirSync(join(dir, 'backups')).sort()).toEqual(folderBefore);
    expect(engine.store.schemaVersion).toBe(latestSchemaVersion());
    expect(skusIn(engine)).toEqual(['OLD-1', 'OLD-2']);
    // The backup still opens as a v1 store: it was not migrated.
    const raw = new Database(backup, { readonly: true });
    expect(raw.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
    raw.close();
    expect(sha(backup)).toBe(before);
    expect(out.previousKeptAt).toMatch(/shop\.before-restore-.*\.db$/);
  });

  it('keeps the current store (with its uncheckpointed writes) as a dated backup and replays no stale WAL onto the restored one', async () => {
    const { engine, dir, storePath } = await engineWith(['NOW-1']);
    const backup = olderSchemaBackup(dir, ['OLD-1']);
    // Writes that live only in shop.db-wal at the moment of the restore.
    for (let i = 0; i < 200; i++) addProduct(engine.store.db, `WAL-${i}`);
    expect(statSync(`${storePath}-wal`).size).toBeGreaterThan(0);
    const out = await engine.invoke('store.restore', { path: backup });
    expect(skusIn(engine)).toEqual(['OLD-1']);
    const kept = new Database(out.previousKeptAt, { readonly: true });
    expect((kept.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n).toBe(201);
    kept.close();
    // No temporary file is left in the store's folder.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.includes('.tmp-'))).toEqual([]);
    // The restored store takes writes and survives a reopen.
    addProduct(engine.store.db, 'AFTER');
    await engine.open(storePath);
    expect(skusIn(engine)).toEqual(['AFTER', 'OLD-1']);
    expect(engine.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('while another program has the store open (a `desk import`), says so in the caller’s language and changes nothing', async () => {
    const { engine, dir, storePath } = await engineWith(['NOW-1']);
    const backup = olderSchemaBackup(dir, ['OLD-1']);
    // A second connection, as a `desk import` or `desk serve` on the same store holds it.
    const other = new Database(storePath, { fileMustExist: true });
    other.prepare('SELECT count(*) FROM products').get();
    try {
      for (const lang of ['en', 'zh'] as const) {
        const out = await engine.call('store.restore', { path: backup }, lang);
        expect(out.ok).toBe(false);
        if (!out.ok) {
          expect(out.error.code).toBe('conflict');
          expect(out.error.message).toBe(lang === 'en'
            ? 'Restore failed (the store is open in another window or program, for example a running desk import); the current store was left as it was'
            : '恢复失败（店铺文件正在另一个窗口或程序中打开，例如正在运行的 desk import）；当前店铺保持不变');
        }
      }
      // The other program goes on writing to the same file the app shows.
      addProduct(other, 'OTHER');
    } finally {
      other.close();
    }
    expect(engine.store.path).toBe(storePath);
    expect(skusIn(engine)).toEqual(['NOW-1', 'OTHER']);
    expect(readdirSync(dir).filter((f) => f.includes('before-restore') || f.includes('.tmp'))).toEqual([]);
    // Once it is closed, the restore goes through.
    await engine.invoke('store.restore', { path: backup });
    expect(skusIn(engine)).toEqual(['OLD-1']);
  }, 30_000);

  it('restoring twice in a row works and keeps two dated copies', async () => {
    const { engine, dir } = await engineWith(['NOW-1']);
    const backup = olderSchemaBackup(dir, ['OLD-1']);
    const a = await engine.invoke('store.restore', { path: backup });
    addProduct(engine.store.db, 'MID');
    await new Promise((r) => setTimeout(r, 5));
    const b = await engine.invoke('store.restore', { path: backup });
    expect(a.previousKeptAt).not.toBe(b.previousKeptAt);
    expect(existsSync(a.previousKeptAt) && existsSync(b.previousKeptAt)).toBe(true);
    expect(skusIn(engine)).toEqual(['OLD-1']);
  });

  it('refuses a damaged, a foreign, a non-SQLite and a newer-schema backup, leaving the current store untouched and open', async () => {
    const { engine, dir, storePath } = await engineWith(['NOW-1', 'NOW-2']);
    // Damaged: a real store with a page in the middle overwritten.
    const damaged = join(dir, 'damaged.db');
    const d = openStore(damaged);
    for (let i = 0; i < 3000; i++) d.db.prepare("INSERT INTO products (sku, title_en, created_at, updated_at) VALUES (?, ?, 'x', 'x')").run(`D-${i}`, 'title '.repeat(20));
    d.close();
    const pages = statSync(damaged).size / 4096;
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(pages / 2) * 4096);
    closeSync(fd);
    // Foreign: an SQLite file that is not a Merchant Desk store.
    const foreign = join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE notes (t TEXT)');
    f.close();
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'just some text, not a database at all'.repeat(200));
    const newer = join(dir, 'newer.db');
    const extra: Migration = { version: 99, name: '099_future', sql: 'CREATE TABLE future (id INTEGER PRIMARY KEY) STRICT;', sha256: 'f' };
    openStore(newer, { migrations: [...loadMigrations(), extra] }).close();

    const cases: [string, string, RegExp][] = [
      [damaged, 'user_error', /damaged|cannot be read/],
      [foreign, 'user_error', /not a Merchant Desk backup/],
      [text, 'user_error', /cannot be read as a Merchant Desk backup/],
      [newer, 'newer_store', /newer version/],
      [join(dir, 'missing.db'), 'not_found', /not found/],
    ];
    const folderBefore = readdirSync(dir).filter((n) => !n.startsWith('shop.db')).sort();
    for (const [path, code, message] of cases) {
      const sums = existsSync(path) ? sha(path) : null;
      const out = await engine.call('store.restore', { path });
      expect(out.ok, path).toBe(false);
      if (out.ok) continue;
      expect(out.error.code, path).toBe(code);
      expect(out.error.message, path).toMatch(message);
      // The message names the backup, never the temporary copy.
      expect(out.error.message).not.toMatch(/\.tmp/);
      if (sums) expect(sha(path), path).toBe(sums);
      expect(engine.hasStore).toBe(true);
      expect(engine.store.path).toBe(storePath);
      expect(skusIn(engine)).toEqual(['NOW-1', 'NOW-2']);
    }
    // No temporary copy and no dated "before restore" copy is left behind by a refused restore.
    expect(readdirSync(dir).filter((n) => !n.startsWith('shop.db')).sort()).toEqual(folderBefore);
    // In Chinese, the refusal of a newer backup is Chinese too (it came from opening the copy, in English only).
    const zh = await engine.call('store.restore', { path: newer }, 'zh');
    expect(zh.ok).toBe(false);
    if (!zh.ok) {
      expect(zh.error.code).toBe('newer_store');
      expect(zh.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.error.message).not.toMatch(/newer version/);
      expect(zh.error.message).toContain(newer);
    }
  });

  it('explains a refused backup in Chinese when the UI speaks Chinese', async () => {
    const { engine, dir } = await engineWith([]);
    const foreign = join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE notes (t TEXT)');
    f.close();
    const out = await engine.call('store.restore', { path: foreign }, 'zh');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/不是 Merchant Desk 备份/);
  });
});
