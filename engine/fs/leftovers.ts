/** Removes temporary files and folders that a process killed mid-write left behind (never those of a live process). */
import { readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { log } from '../log';

// Names made by tempPathFor (`.NAME.PID.N.tmp`) and by the model folder writer (`.NAME.PID.tmp`).
export const TEMP_NAME = /^\..+?\.(\d+)(?:\.\d+)?\.tmp(?:-wal|-shm|-journal)?$/;

/** True when a process with this id runs (this one always counts). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes dead processes' temporary names in `dir` (only those starting with `prefix`, when given); returns what it removed. */
export function removeDeadTemps(dir: string, prefix = '.'): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const m = TEMP_NAME.exec(n);
    if (!m || !n.startsWith(prefix) || isAlive(Number(m[1]))) continue;
    rmSync(join(dir, n), { recursive: true, force: true });
    removed.push(join(dir, n));
  }
  return removed;
}

/**
 * Cleans the leftovers of a killed process around one store: its folder's temp copies, its model folders, and the
 * half-written files its notes (pending.ts) name wherever they were being written.
 */
export function cleanStoreLeftovers(storePath: string): string[] {
  if (storePath === ':memory:') return [];
  const dir = dirname(storePath);
  const base = basename(storePath);
  const stem = base.replace(/\.db$/, '');
  const removed = [
    ...removeDeadTemps(dir, `.${stem}.`),
    ...removeDeadTemps(join(dir, `${stem}.models`)),
    ...removeDeadTemps(join(dir, `${stem}.models`, 'pricing')),
    ...removeDeadTemps(join(dir, `${base}.models`)),
    ...removeDeadPending(storePath),
  ];
  if (removed.length) log.warn({ removed }, 'removed temporary files left by a stopped app');
  return removed;
}

/** The notes folder of a store. */
export function pendingDir(storePath: string): string {
  return join(dirname(storePath), `.${basename(storePath).replace(/\.db$/, '')}.pending`);
}

/** Removes a store's notes folder when no note is left in it, so that nothing hidden stays beside the store. Never throws. */
export function removeEmptyPendingDir(storePath: string): void {
  try {
    rmdirSync(pendingDir(storePath));
  } catch {
    // Not there, or another writer's note is still in it: it stays until that file is in place.
  }
}

/**
 * Removes the files that processes no longer running left half-written, and their notes; returns the files' paths.
 * Only a name the engine makes for a temporary file (`.NAME.PID.N.tmp`, that pid) is ever removed.
 */
export function removeDeadPending(storePath: string): string[] {
  removeDeadTemps(pendingDir(storePath));
  return removeNoted(storePath, (_name, pid) => !isAlive(pid));
}

/**
 * Removes the files one worker thread of this process left half-written, and their notes; returns the files' paths.
 * For a job's worker ended by force (the job manager's stop 5 s after Cancel): its `finally` blocks never ran, and the
 * process lives on, so removeDeadPending would keep them until the app's next start. Only that thread's notes
 * (`PID.THREAD.N.note`) are read: the other threads' files are still being written.
 */
export function removeThreadPending(storePath: string, threadId: number): string[] {
  const prefix = `${process.pid}.${threadId}.`;
  const dir = pendingDir(storePath);
  // A note the thread was making when it stopped (`.PID.THREAD.N.note.PID.tmp`).
  try {
    for (const n of readdirSync(dir)) if (n.startsWith(`.${prefix}`) && n.endsWith('.tmp')) rmSync(join(dir, n), { force: true });
  } catch {
    return [];
  }
  return removeNoted(storePath, (name, pid) => pid === process.pid && name.startsWith(prefix));
}

/** Removes the files named by the notes `pick` accepts (by the note's name and its writer's pid), and those notes. */
function removeNoted(storePath: string, pick: (name: string, pid: number) => boolean): string[] {
  const dir = pendingDir(storePath);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.note'));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    let note: { path?: unknown; pid?: unknown };
    try {
      note = JSON.parse(readFileSync(join(dir, n), 'utf8')) as typeof note;
    } catch {
      note = {};
    }
    const pid = typeof note.pid === 'number' ? note.pid : Number(n.split('.')[0]);
    if (!pick(n, pid)) continue;
    const m = typeof note.path === 'string' ? TEMP_NAME.exec(basename(note.path)) : null;
    if (m && Number(m[1]) === pid && typeof note.path === 'string') {
      try {
        rmSync(note.path, { recursive: true, force: true });
        // A temporary SQLite file (a backup being written) may have its journal beside it.
        for (const s of ['-journal', '-wal', '-shm']) rmSync(note.path + s, { force: true });
        removed.push(note.path);
      } catch (e) {
        // A folder since made read-only, a disk unplugged: keep the note and try again at the next open.
        log.warn({ err: e, path: note.path }, 'could not remove a temporary file left by a stopped app');
        continue;
      }
    }
    rmSync(join(dir, n), { force: true });
  }
  // Earlier versions kept the folder after its last note: an empty one is removed here.
  removeEmptyPendingDir(storePath);
  return removed;
}
