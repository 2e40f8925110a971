/** Backups of the open store: a copy appears at its name only when complete, and never over another file. */
import type Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { journaledTemp } from '../fs/atomic';
import { both, EngineError } from '../errors';
import { storeMessages } from './messages';
import { makeDirs } from '../fs/mkdirs';

/** Where a backup was written and how big it is. */
export interface BackupResult {
  path: string;
  sizeBytes: number;
}

/** A free default name for a backup of the store at `storePath` in `dir`: `<name>-<date-time>.db`, then `-2`, `-3`… */
export function freeBackupPath(dir: string, storePath: string, now: Date = new Date()): string {
  const stem = `${basename(storePath, '.db')}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
  for (let n = 1; ; n++) {
    const p = join(dir, n === 1 ? `${stem}.db` : `${stem}-${n}.db`);
    if (!existsSync(p)) return p;
  }
}

function existsError(path: string): EngineError {
  return new EngineError('conflict', both(storeMessages, 'exists', { path }), { path });
}

function removeWithSidecars(path: string): void {
  for (const s of ['', '-journal', '-wal', '-shm']) rmSync(path + s, { force: true });
}

/**
 * Writes a consistent copy of `db` to `out`: into a temporary file beside it, renamed to `out` once complete, so that
 * a backup stopped half-way (the app killed, the disk full) leaves nothing at `out`. An existing file is never written
 * over: `out` taken before or by the end of the copy is refused, unless `nextFree` names another free path to use
 * (a default name, which another backup in the same second may have taken).
 */
export async function writeBackup(db: Database.Database, out: string, nextFree?: () => string): Promise<BackupResult> {
  if (existsSync(out)) throw existsError(out);
  let tmp: string | null = null;
  let settled = (): void => undefined;
  try {
    try {
      makeDirs(dirname(out));
      ({ tmp, settled } = journaledTemp(out));
      await db.backup(tmp);
    } catch (e) {
      // An unwritable place or a name the file system refuses (too long) is the user's to change.
      const reason = tmp ? (e as Error).message.split(tmp).join(out) : (e as Error).message;
      throw new EngineError('user_error', both(storeMessages, 'cannot_write', { path: out, reason }), { path: out });
    }
    let path = out;
    if (existsSync(path)) {
      if (!nextFree) throw existsError(path);
      path = nextFree();
    }
    renameSync(tmp, path);
    tmp = null;
    return { path, sizeBytes: statSync(path).size };
  } finally {
    if (tmp) {
      try {
        removeWithSidecars(tmp); // a partial copy is no backup
      } catch {
        // a name the file system refuses was never created
      }
    }
    settled();
  }
}
