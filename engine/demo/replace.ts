/** Replacing a store with a new demo store: never under another window's feet, and in one rename once it is complete. */
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Engine } from '../engine';
import { log } from '../log';
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

/**
 * Moves the closed store at `path` aside (`<path>.replaced-<time>`, beside it) so that a new demo store can be built
 * at `path`: the old file stays whole until the new one is complete (`finishReplace`). Its WAL is folded in first.
 */
export function setStoreAside(path: string, lang: Lang): string {
  try {
    settleClosedStore(path);
  } catch (e) {
    if (isBusyError(e)) throw openElsewhereError(path, lang);
    throw e;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let aside = `${path}.replaced-${stamp}`;
  for (let n = 2; existsSync(aside); n++) aside = `${path}.replaced-${stamp}-${n}`;
  renameSync(path, aside);
  return aside;
}

/** Puts a store set aside back at `path`, over whatever was built there. */
export function putStoreBack(aside: string, path: string): void {
  removeBuiltStore(path);
  renameSync(aside, path);
}

/**
 * After the demo job that fills the new store at `path` ends: on success the old store set aside is removed; on
 * failure or cancel the half-built store is dropped and the old one put back (and opened again when the engine still
 * had the new one open), so replacing never loses the old store to a failed build. Never throws: a store that cannot
 * be put back stays aside under its name, which the log gives.
 */
export async function finishReplace(engine: Engine, jobId: string, path: string, aside: string): Promise<void> {
  const done = await engine.jobs.wait(jobId);
  try {
    if (done.status === 'succeeded') {
      removeBuiltStore(aside);
      return;
    }
    const reopen = engine.hasStore && engine.store.path === path;
    if (reopen) {
      if (engine.jobs.activeCount > 0) throw new Error('another job started on the new store');
      await engine.close();
    } else if (existsSync(path) && isOpenElsewhere(path)) {
      throw new Error('the new store is open elsewhere');
    }
    putStoreBack(aside, path);
    if (reopen) await engine.open(path);
    log.warn({ path, status: done.status }, 'demo build did not finish: the replaced store was put back');
  } catch (e) {
    log.error({ err: e, path, aside }, 'the replaced store could not be put back; it is kept aside');
  }
}
