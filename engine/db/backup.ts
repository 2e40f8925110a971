/** Backups of the open store: a copy appears at its name only when complete, and never over another file. */
import type Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { journaledTemp } from '../fs/atomic';
import { both, EngineError } from '../errors';
import { storeMessages } from './messages';
import { makeDirs } from '../fs/mkdirs';

/** Where a backup was written and how big it is. */
export interface BackupResult {
  path: string;
  sizeBytes: number;
  /** True when the store's latest check found it damaged: the copy holds the damage too (its name says `-damaged`). */
  damaged: boolean;
}

/** What a backup of a damaged store has in its name, so that it is never taken for a sound backup. */
export const DAMAGED_MARK = '-damaged';

/**
 * A free default name for a backup of the store at `storePath` in `dir`: `<name>-<date-time>.db`, then `-2`, `-3`…;
 * with `mark` (a damaged store) `<name>-<date-time>-damaged.db`, a name keptBackups does not list as a backup.
 */
export function freeBackupPath(dir: string, storePath: string, now: Date = new Date(), mark = ''): string {
  const stem = `${basename(storePath, '.db')}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
  for (let n = 1; ; n++) {
    const p = join(dir, `${stem}${n === 1 ? '' : `-${n}`}${mark}.db`);
    if (!existsSync(p)) return p;
  }
}

/** `path` with the damaged mark before its extension (`shop.db` → `shop-damaged.db`), unless it already has it. */
export function markDamaged(path: string): string {
  const ext = extname(path);
  const stem = path.slice(0, path.length - ext.length);
  return stem.endsWith(DAMAGED_MARK) ? path : `${stem}${DAMAGED_MARK}${ext}`;
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
export async function writeBackup(db: Database.Database, out: string, nextFree?: () => string, damaged = false): Promise<BackupResult> {
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
    return { path, sizeBytes: statSync(path).size, damaged };
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
