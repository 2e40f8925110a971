/**
 * Whether a store file is open elsewhere, told by SQLite's own locks: the same SQLITE_BUSY that an import meets when
 * the store is busy (engine/errors.ts). A connection in WAL mode holds a shared lock on the file for as long as it is
 * open, so an exclusive lock is refused while any window, `desk serve` or `desk` command (or this process) has it open.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';

const SIDECARS = ['-wal', '-shm', '-journal'] as const;

/** True for SQLite's "database is locked" family of errors. */
export function isBusyError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/**
 * True when another connection has the store at `path` open; leaves the file's contents as they are. Waits up to
 * `waitMs` for it to close: a job that has just finished reports done before its worker's connection is closed.
 */
export function isOpenElsewhere(path: string, waitMs = 2000): boolean {
  const db = new Database(path, { fileMustExist: true, timeout: waitMs });
  try {
    // Exclusive locking mode makes SQLite ask for an exclusive lock on the file itself, also in WAL mode.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (e) {
    if (isBusyError(e)) return true;
    throw e;
  } finally {
    db.close();
  }
}

/**
 * Folds a closed store's WAL into its main file and removes its -wal/-shm, so that renaming the file moves all of it
 * and no stale log replays onto a file renamed over it. Throws SQLITE_BUSY (after a few seconds' wait) while another
 * connection has it open: switching out of WAL needs the file to itself.
 */
export function settleClosedStore(path: string, waitMs = 5000): void {
  // Leaving WAL can be refused at once (SQLITE_BUSY without the busy handler) while a connection that is closing —
  // the finished job's worker — still holds its read lock: try again for a few seconds before giving up.
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const db = new Database(path, { fileMustExist: true });
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
        // SQLite answers with the mode it kept when it cannot leave WAL: that is a refusal too.
        const mode = db.pragma('journal_mode = DELETE', { simple: true });
        if (mode !== 'delete') throw Object.assign(new Error(`database is locked (journal mode stayed ${String(mode)})`), { code: 'SQLITE_BUSY' });
      } finally {
        db.close();
      }
      break;
    } catch (e) {
      if (!isBusyError(e) || Date.now() >= deadline) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  for (const s of SIDECARS) rmSync(path + s, { force: true });
}
