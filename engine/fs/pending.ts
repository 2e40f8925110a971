/**
 * Notes of the temporary files the engine is writing, kept beside the store in `.<stem>.pending/`: one small note per
 * file, made (by an atomic rename) before the file is created and removed once the file is renamed into place or
 * deleted. A process killed in between leaves its note; the next open removes the half-written file it names,
 * wherever the merchant chose to write it (an export in Downloads, a rejects report, a try-on PNG; leftovers.ts
 * removeDeadPending, part of cleanStoreLeftovers). Notes are files,
 * not store rows, so that a thread noting a file never waits on another's write transaction. The folder exists only
 * while a note is in it: nothing hidden stays beside the store once every file is in place.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { pendingDir, removeEmptyPendingDir } from './leftovers';
import type { TempJournal } from './atomic';
import { log } from '../log';
import { makeDirs } from './mkdirs';

let noteCounter = 0;

/** A journal writing notes for `storePath` (noting never throws: the write itself goes on without one). */
export function fileTempJournal(storePath: string): TempJournal {
  const dir = pendingDir(storePath);
  const notes = new Map<string, string>();
  return {
    add(tmp) {
      noteCounter = (noteCounter + 1) % 1_000_000;
      const name = `${process.pid}.${threadId}.${noteCounter}.note`;
      const part = join(dir, `.${name}.${process.pid}.tmp`);
      // Another thread removing the folder after its last note may win the race once: make it again and retry.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          makeDirs(dir);
          writeFileSync(part, JSON.stringify({ path: tmp, pid: process.pid }));
          renameSync(part, join(dir, name));
          notes.set(tmp, name);
          return;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 2) {
            log.debug({ err: e, tmp }, 'temporary file not noted');
            return;
          }
        }
      }
    },
    done(tmp) {
      const name = notes.get(tmp);
      if (!name) return;
      notes.delete(tmp);
      rmSync(join(dir, name), { force: true });
      removeEmptyPendingDir(storePath);
    },
  };
}
