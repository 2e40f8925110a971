/** Restoring a store from a backup: the backup is only ever read, the swap is one atomic rename, a failure changes nothing. */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tempPathFor } from '../fs/atomic';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { log } from '../log';
import { safetyMessages } from './safety-messages';
import { isBusyError, settleClosedStore } from './in-use';
import { integrityProblems } from './integrity';
import { openStore, type Store } from './store';

/** What restore needs from whoever holds the store open (the engine). */
export interface RestoreHost {
  /** Stops the current store's jobs and closes it. */
  close(): Promise<void>;
  /** Opens the store at `path` and makes it current. */
  open(path: string): Promise<Store>;
}

/** The outcome of a restore. */
export interface RestoreResult {
  path: string;
  /** The store as it was before the restore, kept as a dated backup. */
  previousKeptAt: string;
}

const SIDECARS = ['-wal', '-shm', '-journal'] as const;

function removeWithSidecars(path: string): void {
  for (const p of [path, ...SIDECARS.map((s) => path + s)]) rmSync(p, { force: true });
}

/** Path of the dated copy of the current store kept before a restore (same folder as the store). */
export function keptPathFor(target: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(dirname(target), `${basename(target).replace(/\.db$/, '')}.before-restore-${stamp}.db`);
}

/** Copies `src` (and its WAL, if any) to `tmp`; the backup itself is never opened. */
function copyBackup(src: string, tmp: string): void {
  copyFileSync(src, tmp);
  // A backup taken from a live WAL store may keep committed pages in its -wal file; they belong to it.
  if (existsSync(`${src}-wal`)) copyFileSync(`${src}-wal`, `${tmp}-wal`);
}

/** Opens the copy, checks it is a store, migrates it to this app's schema and checks its integrity; leaves one self-contained file. */
export function validateCopy(tmp: string, src: string, lang: Lang): void {
  const named = (msg: string): string => msg.split(tmp).join(src);
  let raw: Database.Database | null = null;
  try {
    raw = new Database(tmp, { fileMustExist: true });
    const has = raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() as { n: number };
    const rows = has.n ? (raw.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n : 0;
    if (!rows) throw new EngineError('user_error', tr(safetyMessages, lang, 'backup_not_store', { path: src }), { path: src });
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError('user_error', tr(safetyMessages, lang, 'backup_unreadable', { path: src, reason: named((e as Error).message) }), { path: src });
  } finally {
    raw?.close();
  }
  let store: Store;
  try {
    store = openStore(tmp, { create: false, backup: false });
  } catch (e) {
    // In the caller's language (openStore's errors carry both), naming the backup rather than its temporary copy.
    if (e instanceof EngineError) throw new EngineError(e.code, named(e.messageIn(lang)), { path: src });
    throw new EngineError('user_error', tr(safetyMessages, lang, 'backup_unreadable', { path: src, reason: named((e as Error).message) }), { path: src });
  }
  try {
    const problems = integrityProblems(store.db);
    if (problems.length) {
      throw new EngineError('user_error', tr(safetyMessages, lang, 'backup_damaged', { path: src, reason: problems.slice(0, 3).join('; ') }), { path: src, problems });
    }
    // One self-contained file (no -wal) so that renaming it moves everything.
    store.db.pragma('journal_mode = DELETE');
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError('user_error', tr(safetyMessages, lang, 'backup_damaged', { path: src, reason: named((e as Error).message) }), { path: src });
  } finally {
    store.db.close();
  }
}

/** Replaces the open store with a copy of the backup at `src`; the current store is kept as a dated backup first. */
export async function restoreStore(host: RestoreHost, current: Store, src: string, lang: Lang): Promise<RestoreResult> {
  if (!existsSync(src)) throw new EngineError('not_found', tr(safetyMessages, lang, 'backup_not_found', { path: src }), { path: src });
  const target = current.path;
  const tmp = tempPathFor(target);
  const kept = keptPathFor(target);
  let keptWritten = false;
  let closed = false;
  try {
    copyBackup(src, tmp);
    validateCopy(tmp, src, lang);
    const keptTmp = tempPathFor(kept);
    try {
      await current.db.backup(keptTmp);
      renameSync(keptTmp, kept);
    } catch (e) {
      rmSync(keptTmp, { force: true });
      throw e;
    }
    keptWritten = true;
    await host.close();
    closed = true;
    settleClosedStore(target);
    renameSync(tmp, target);
  } catch (e) {
    removeWithSidecars(tmp);
    if (keptWritten) rmSync(kept, { force: true });
    if (closed) await host.open(target);
    if (e instanceof EngineError) throw e;
    if (isBusyError(e)) {
      // Another window or program (a `desk import`, `desk serve`) has the store open: the user can close it and retry.
      log.warn({ src, target }, 'restore refused: the store is open elsewhere');
      throw new EngineError('conflict', tr(safetyMessages, lang, 'restore_failed', { reason: tr(safetyMessages, lang, 'store_open_elsewhere') }), { path: target });
    }
    log.error({ err: e, src, target }, 'restore failed before the swap');
    throw new EngineError('internal', tr(safetyMessages, lang, 'restore_failed', { reason: (e as Error).message }), { path: src });
  }
  try {
    const store = await host.open(target);
    log.info({ src, target, kept }, 'store restored from backup');
    return { path: store.path, previousKeptAt: kept };
  } catch (e) {
    // The validated copy would not open as the store: put the kept store back, atomically, and reopen it.
    log.error({ err: e, src, target }, 'restored store would not open; putting the previous one back');
    const back = tempPathFor(target);
    copyFileSync(kept, back);
    for (const s of SIDECARS) rmSync(target + s, { force: true });
    renameSync(back, target);
    await host.open(target);
    throw new EngineError('internal', tr(safetyMessages, lang, 'restore_failed', { reason: (e as Error).message }), { path: src });
  }
}
