/** The backups of a store that the app keeps on disk, found by the names it gives them. */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Backups of the store at `storePath`, newest first: beside it the copies taken before a migration
 * (`NAME.db.bak-vN-TIME`, store.ts) and before a restore (`NAME.before-restore-TIME.db`, restore.ts); in
 * `DATA/backups` the ones Backup & restore (`store.backup`) writes by default (`NAME-YYYY-MM-DD-HH-MM-SS[-N].db`).
 */
export function keptBackups(storePath: string, dataDir: string): string[] {
  const base = basename(storePath);
  const stem = escape(base.replace(/\.db$/, ''));
  const beside = new RegExp(`^(?:${escape(base)}\\.bak-v\\d+-.+|${stem}\\.before-restore-.+\\.db)$`);
  const inBackups = new RegExp(`^${stem}-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}(?:-\\d+)?\\.db$`);
  const found: { path: string; mtime: number }[] = [];
  const scan = (dir: string, re: RegExp): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // no such folder: nothing kept there
    }
    for (const n of names) {
      if (!re.test(n)) continue;
      try {
        const s = statSync(join(dir, n));
        if (s.isFile() && s.size > 0) found.push({ path: join(dir, n), mtime: s.mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
  };
  scan(dirname(storePath), beside);
  scan(join(dataDir, 'backups'), inBackups);
  return found.sort((a, b) => b.mtime - a.mtime).map((f) => f.path);
}
