/**
 * Notes of the temporary files the engine is writing, kept beside the store in `.<stem>.pending/`: one small note per
 * file, made (by an atomic rename) before the file is created and removed once the file is renamed into place or
 * deleted. A process killed in between leaves its note; the next open removes the half-written file it names,
 * wherever the merchant chose to write it (an export in Downloads, a rejects report, a try-on PNG; leftovers.ts
 * removeDeadPending, part of cleanStoreLeftovers). Notes are files,
 * not store rows, so that a thread noting a file never waits on another's write transaction.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { pendingDir } from './leftovers';
import type { TempJournal } from './atomic';
import { log } from '../log';

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
