/** Test helpers: fresh stores in temporary folders, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { Engine } from '../../engine/engine';

/** A temporary folder for one test, with a cleanup function. */
export function tempDir(prefix = 'desk-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Hands out temporary folders for the tests of one file and removes them after each test. */
export function tempDirsPerTest(): () => string {
  const dirs: { cleanup: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
  return () => {
    const t = tempDir();
    dirs.push(t);
    return t.dir;
  };
}

/** A fresh engine on a new store file in a temporary folder; `close()` shuts it and removes the folder. */
export async function engineOnFreshStore(): Promise<{ engine: Engine; dir: string; close: () => Promise<void> }> {
  const t = tempDir();
  const engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(join(t.dir, 'shop.db'), { create: true });
  return {
    engine,
    dir: t.dir,
    close: async () => {
      await engine.close();
      t.cleanup();
    },
  };
}

/** Polls `cond` every `stepMs` until it holds or `ms` pass; its last answer. */
export async function until(cond: () => boolean, ms: number, stepMs = 20): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}

/** Products in a store file, read through a read-only connection of its own. */
export function productCount(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM products').pluck().get() as number;
  } finally {
    db.close();
  }
}
