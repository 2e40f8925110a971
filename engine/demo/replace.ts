/** Replacing a store with a new demo store: never under another window's feet, and in one rename once it is complete. */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { isBusyError, isOpenElsewhere, settleClosedStore } from '../db/in-use';
import { demoMessages } from './messages';

function openElsewhereError(path: string, lang: Lang): EngineError {
  return new EngineError('conflict', tr(demoMessages, lang, 'openElsewhere', { path }), { path });
}

/** Refuses, with nothing changed, to replace a store that another window or program has open. */
export function refuseOpenElsewhere(path: string, lang: Lang): void {
  if (isOpenElsewhere(path)) throw openElsewhereError(path, lang);
}

/** Removes a (temporary) store file with its WAL, shared-memory and journal companions. */
export function removeBuiltStore(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/**
 * Puts the complete, closed demo store built at `tmp` (beside `out`) in place of `out` with one rename. The store at
 * `out`, if any, is checked again (it may have been opened while the demo was built) and its WAL folded in first, so
 * that no stale log replays onto the new file; until the rename it is whole.
 */
export function installBuiltStore(tmp: string, out: string, lang: Lang): void {
  // One self-contained file, so that the rename moves all of it.
  settleClosedStore(tmp);
  if (existsSync(out)) {
    try {
      settleClosedStore(out);
    } catch (e) {
      if (isBusyError(e)) throw openElsewhereError(out, lang);
      throw e;
    }
  }
  renameSync(tmp, out);
}
