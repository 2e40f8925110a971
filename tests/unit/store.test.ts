import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { latestSchemaVersion, loadMigrations, openStore, type Migration } from '../../engine/db/store';
import { Engine } from '../../engine/engine';
import { EngineError } from '../../engine/errors';
import { tempDirsPerTest } from './helpers';

const tmp = tempDirsPerTest();

/** The error opening the store at `path` throws (undefined when it opens). */
function openingError(path: string): unknown {
  try {
    openStore(path).close();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('store file', () => {
  it('creates a fresh store at the latest schema with WAL, foreign keys and STRICT tables', () => {
    const path = join(tmp(), 'shop.db');
    const store = openStore(path);
    expect(store.schemaVersion).toBe(latestSchemaVersion());
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const sql = (store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'products'").get() as { sql: string }).sql;
    expect(sql).toMatch(/STRICT/);
    // STRICT rejects a wrongly typed value instead of silently storing it.
    expect(() =>
      store.db.prepare("INSERT INTO products (sku, price, created_at, updated_at) VALUES ('A', 'cheap', 'x', 'x')").run(),
    ).toThrow(/cannot store TEXT value in REAL column/);
    store.close();
  });

  it('refuses an order line for an unknown product (foreign keys on)', () => {
    const store = openStore(':memory:');
    store.db.prepare("INSERT INTO orders (order_no, ordered_at) VALUES ('O1', '2026-01-01T10:00:00Z')").run();
    expect(() => store.db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (1, 1, 999, 1, 10)').run()).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('keeps daily sales consistent with order lines through inserts, updates and deletes', () => {
    const store = openStore(':memory:');
    const db = store.db;
    db.prepare("INSERT INTO products (sku, created_at, updated_at) VALUES ('A', 'x', 'x')").run();
    db.prepare("INSERT INTO orders (order_no, ordered_at) VALUES ('O1', '2026-03-05T10:00:00Z'), ('O2', '2026-03-05T18:00:00Z')").run();
    db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, discount) VALUES (1, 1, 1, 2, 10, 0), (2, 1, 1, 3, 10, 5)').run();
    const day = () => db.prepare("SELECT units, revenue, order_count FROM daily_sales WHERE product_id = 1 AND date = '2026-03-05'").get();
    expect(day()).toEqual({ units: 5, revenue: 45, order_count: 2 });
    db.prepare('UPDATE order_lines SET quantity = 1 WHERE order_id = 2').run();
    expect(day()).toEqual({ units: 3, revenue: 25, order_count: 2 });
    db.prepare('DELETE FROM order_lines WHERE order_id = 1').run();
    expect(day()).toEqual({ units: 1, revenue: 5, order_count: 1 });
    store.close();
  });

  it('migrates a store written by an older schema, backing the file up first', () => {
    const dir = tmp();
    const path = join(dir, 'old.db');
    const all = loadMigrations();
    const v1only: Migration[] = all.filter((m) => m.version === 1);
    const old = openStore(path, { migrations: v1only });
    old.db.prepare("INSERT INTO products (sku, created_at, updated_at) VALUES ('KEEP', 'x', 'x')").run();
    old.close();
    const extra: Migration = { version: 99, name: '099_test_extra', sql: 'CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;', sha256: 'h99' };
    const store = openStore(path, { migrations: [...all, extra] });
    expect(store.schemaVersion).toBe(99);
    expect(store.db.prepare("SELECT count(*) AS n FROM products WHERE sku = 'KEEP'").get()).toEqual({ n: 1 });
    const bak = readdirSync(dir).filter((f) => f.startsWith('old.db.bak-v'));
    expect(bak).toHaveLength(1);
    // The backup is the whole store as it was (schema 1, the product kept), and the copy left no temporary file.
    const copy = new Database(join(dir, bak[0]), { readonly: true });
    expect(copy.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
    expect(copy.prepare("SELECT count(*) AS n FROM products WHERE sku = 'KEEP'").get()).toEqual({ n: 1 });
    copy.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    store.close();
  });

  it('refuses to open a store written by a newer version, naming both versions', () => {
    const path = join(tmp(), 'new.db');
    const all = loadMigrations();
    const extra: Migration = { version: 99, name: '099_future', sql: 'CREATE TABLE future (id INTEGER PRIMARY KEY) STRICT;', sha256: 'f' };
    openStore(path, { migrations: [...all, extra] }).close();
    const err = openingError(path);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('newer_store');
    expect((err as EngineError).message).toMatch(new RegExp(`v99.*v${latestSchemaVersion()}`));
  });

  it('refuses a store whose applied migration was edited', () => {
    const path = join(tmp(), 'edited.db');
    openStore(path).close();
    const db = new Database(path);
    db.prepare("UPDATE schema_migrations SET sha256 = 'tampered' WHERE version = 1").run();
    db.close();
    expect(() => openStore(path)).toThrow(/hash mismatch/);
  });

  it('says clearly when a file is not a store', () => {
    const path = join(tmp(), 'notes.db');
    writeFileSync(path, 'this is a text file, not a database, and it is long enough to have a header'.repeat(20));
    expect(() => openStore(path)).toThrow(/not a Merchant Desk store/);
    expect(existsSync(path)).toBe(true);
  });

  it("refuses another program's SQLite database without touching it: no tables added, no WAL, the bytes unchanged", () => {
    const path = join(tmp(), 'crm.db');
    const other = new Database(path);
    other.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Li')");
    other.close();
    const before = readFileSync(path);
    const err = openingError(path);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('user_error');
    expect((err as EngineError).messageIn('en')).toBe(`${path} is an SQLite database of another program (tables customers), not a Merchant Desk store; it was left untouched. Give a store file, or a new name to create one`);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    // An empty file (as a save dialog leaves one) still becomes a store.
    const empty = join(tmp(), 'new.db');
    writeFileSync(empty, '');
    const store = openStore(empty);
    expect(store.schemaVersion).toBe(latestSchemaVersion());
    store.close();
  });
});

describe('recent stores', () => {
  it('marks a remembered path that was deleted or now holds another file, without changing any file it looks at', async () => {
    const dir = tmp();
    const engine = new Engine({ dataDir: dir, lang: 'en' });
    for (const name of ['notes', 'gone', 'crm', 'emptied', 'shop']) {
      await engine.invoke('store.create', { path: join(dir, `${name}.db`) });
      await engine.close();
    }
    writeFileSync(join(dir, 'notes.db'), 'a shopping list, not a store\n');
    rmSync(join(dir, 'gone.db'));
    rmSync(join(dir, 'crm.db'));
    const other = new Database(join(dir, 'crm.db'));
    other.exec("PRAGMA journal_mode = WAL; CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Li')");
    other.close();
    writeFileSync(join(dir, 'emptied.db'), '');
    const files = readdirSync(dir).sort();
    const bytes = new Map(files.filter((f) => f.endsWith('.db')).map((f) => [f, readFileSync(join(dir, f))]));

    const recent = await engine.invoke('store.recent', {});
    expect(recent.map((r) => [r.path.slice(dir.length + 1), r.state])).toEqual([
      ['shop.db', 'store'],
      ['emptied.db', 'not_a_store'],
      ['crm.db', 'not_a_store'],
      ['gone.db', 'missing'],
      ['notes.db', 'not_a_store'],
    ]);
    // Looking changed nothing: the same files, byte for byte, and no WAL or shared-memory files beside them.
    expect(readdirSync(dir).sort()).toEqual(files);
    for (const [f, b] of bytes) expect(readFileSync(join(dir, f)).equals(b), f).toBe(true);
    await engine.close();
  });
});
