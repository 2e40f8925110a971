/** Test helpers: a small real store file, and the same store damaged the way a bad disk or a half-written copy damages one. */
import { closeSync, copyFileSync, openSync, rmSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openStore } from '../../engine/db/store';

/** A store at `path` with `n` products with long titles (a few hundred KB: many pages of the products table and its indexes). */
export function smallStore(path: string, n = 2000): void {
  const s = openStore(path);
  const add = s.db.prepare("INSERT INTO products (sku, title_en, category, price, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'x')");
  s.db.transaction(() => {
    for (let i = 0; i < n; i++) add.run(`SKU-${String(i).padStart(5, '0')}`, `Product ${i} `.repeat(12), `cat${i % 7}`, 10 + (i % 90));
  })();
  s.close(); // checkpoints: every page is in the file itself, none in a -wal
}

/** SQLite's own integrity report on `path` ([] when sound), through a read-only connection of its own. */
export function sqliteIntegrity(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const lines = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  } catch (e) {
    return [(e as Error).message];
  } finally {
    db.close();
  }
}

/**
 * Overwrites the middle of a leaf page of `object` (a table or index) with bytes no b-tree holds, trying the object's
 * leaf pages from the middle out until SQLite's integrity check reports the damage. Returns the page damaged.
 */
export function damagePageOf(path: string, object = 'products'): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const leaves = db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").pluck().all(object) as number[];
  db.close();
  if (leaves.length < 3) throw new Error(`${object} has only ${leaves.length} leaf pages: make a bigger store`);
  const pristine = `${path}.pristine`;
  copyFileSync(path, pristine);
  const mid = Math.floor(leaves.length / 2);
  const order = leaves.map((_, i) => leaves[(mid + i) % leaves.length]);
  for (const page of order) {
    copyFileSync(pristine, path);
    const fd = openSync(path, 'r+');
    // Past the page header and the cell pointers (which stay), across the cells: the records no longer parse.
    writeSync(fd, Buffer.alloc(pageSize / 2, 0x5a), 0, pageSize / 2, (page - 1) * pageSize + pageSize / 4);
    closeSync(fd);
    if (sqliteIntegrity(path).length) {
      rmSync(pristine);
      return page;
    }
  }
  rmSync(pristine);
  throw new Error(`no damaged page of ${object} was reported by integrity_check`);
}
