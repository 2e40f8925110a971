/** Helpers for the importer tests: a store file in a temp folder, files written on the fly, one-call imports. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store } from '../../engine/db/store';
import type { Lang } from '../../engine/i18n';
import { runImport, type ImportResult } from '../../engine/import/runner';
import { tempDir } from './helpers';

/** A fresh store file in its own temp folder. */
export interface Bench {
  dir: string;
  store: Store;
  /** Writes a file into the folder and returns its path. */
  file(name: string, content: string | Buffer): string;
  /** Runs an import on the store's connection. */
  imp(params: Record<string, unknown>, lang?: Lang): Promise<ImportResult>;
  /** Number of rows in a table. */
  count(table: string): number;
  cleanup(): void;
}

/** Creates a fresh store in a temp folder. */
export function bench(): Bench {
  const t = tempDir('desk-import-');
  const store = openStore(join(t.dir, 'shop.db'));
  return {
    dir: t.dir,
    store,
    file(name, content) {
      const p = join(t.dir, name);
      writeFileSync(p, content);
      return p;
    },
    imp: (params, lang = 'en') => runImport(store.db, params, { lang }),
    count: (table) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    cleanup() {
      store.close();
      t.cleanup();
    },
  };
}

/** Imports a few products so kinds that refer to SKUs have something to point at. */
export async function seedProducts(b: Bench, skus: string[] = ['AP-1', 'AP-2', 'AP-3']): Promise<void> {
  const csv = 'sku,title,price\n' + skus.map((s, i) => `${s},Product ${i + 1},${10 + i}`).join('\n') + '\n';
  await b.imp({ kind: 'products', path: b.file('seed-products.csv', csv) });
}

/** The refusals of the same import asked for in English, then in 中文. */
export async function refusedInBoth(b: Bench, params: Record<string, unknown>): Promise<Record<Lang, { code: string; message: string; details?: unknown }>> {
  const en = await rejection(b.imp(params));
  return { en, zh: await rejection(b.imp(params, 'zh')) };
}

/** Awaits a promise that must reject and returns the error. */
export async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string; details?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; details?: unknown };
  }
  throw new Error('expected the import to fail');
}
