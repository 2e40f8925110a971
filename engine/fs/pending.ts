/**
 * Notes of the temporary files the engine is writing, kept beside the store in `.<stem>.pending/`: one small note per
 * file, made (by an atomic rename) before the file is created and removed once the file is renamed into place or
 * deleted. A process killed in between leaves its note; the next open removes the half-written file it names,
 * wherever the merchant chose to write it (an export in Downloads, a rejects report, a try-on PNG). Notes are files,
 * not store rows, so that a thread noting a file never waits on another's write transaction.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { isAlive, removeDeadTemps, TEMP_NAME } from './leftovers';
import type { TempJournal } from './atomic';
import { log } from '../log';

/** The notes folder of a store. */
export function pendingDir(storePath: string): string {
  return join(dirname(storePath), `.${basename(storePath).replace(/\.db$/, '')}.pending`);
}

let noteCounter = 0;

/** A journal writing notes for `storePath` (noting never throws: the write itself goes on without one). */
export function fileTempJournal(storePath: string): TempJournal {
  const dir = pendingDir(storePath);
  const notes = new Map<string, string>();
  return {
    add(tmp) {
      noteCounter = (noteCounter + 1) % 1_000_000;
      const name = `${process.pid}.${threadId}.${noteCounter}.note`;
      try {
        mkdirSync(dir, { recursive: true });
        const part = join(dir, `.${name}.${process.pid}.tmp`);
        writeFileSync(part, JSON.stringify({ path: tmp, pid: process.pid }));
        renameSync(part, join(dir, name));
        notes.set(tmp, name);
      } catch (e) {
        log.debug({ err: e, tmp }, 'temporary file not noted');
      }
    },
    done(tmp) {
      const name = notes.get(tmp);
      if (!name) return;
      notes.delete(tmp);
      rmSync(join(dir, name), { force: true });
    },
  };
}

/**
 * Removes the files that processes no longer running left half-written, and their notes; returns the files' paths.
 * Only a name the engine makes for a temporary file (`.NAME.PID.N.tmp`, that pid) is ever removed.
 */
export function removeDeadPending(storePath: string): string[] {
  if (storePath === ':memory:') return [];
  const dir = pendingDir(storePath);
  removeDeadTemps(dir);
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
    if (isAlive(pid)) continue;
    const m = typeof note.path === 'string' ? TEMP_NAME.exec(basename(note.path)) : null;
    if (m && Number(m[1]) === pid && typeof note.path === 'string') {
      try {
        rmSync(note.path, { recursive: true, force: true });
        removed.push(note.path);
      } catch (e) {
        // A folder since made read-only, a disk unplugged: keep the note and try again at the next open.
        log.warn({ err: e, path: note.path }, 'could not remove a temporary file left by a stopped app');
        continue;
      }
    }
    rmSync(join(dir, n), { force: true });
  }
  return removed;
}
