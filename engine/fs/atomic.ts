/** Atomic file writes: readers (and a crash) never see half a file. Every artefact the engine writes goes through here. */
import { closeSync, copyFileSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { makeDirs } from './mkdirs';

let counter = 0;

/**
 * Where temporary files are noted while they exist, so that the next start can remove those a killed process left in
 * folders it does not otherwise sweep (engine/fs/pending.ts keeps one in the open store). Never throws.
 */
export interface TempJournal {
  add(tmp: string): void;
  done(tmp: string): void;
}

let journal: TempJournal | null = null;

/** Sets this thread's journal (null: none). */
export function setTempJournal(j: TempJournal | null): void {
  journal = j;
}

/** A temporary name beside `path`, noted in the journal before the caller creates it; `settled` forgets it. */
export function journaledTemp(path: string): { tmp: string; settled: () => void } {
  const tmp = tempPathFor(path);
  const j = journal;
  j?.add(tmp);
  return { tmp, settled: () => j?.done(tmp) };
}

/** A temporary name beside `path` (same folder, so the rename is atomic on every platform). */
export function tempPathFor(path: string): string {
  counter = (counter + 1) % 1_000_000;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
}

/** Writes `data` to a temporary file beside `path`, flushes it to disk and renames it over `path`. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeDirs(dirname(path));
  const { tmp, settled } = journaledTemp(path);
  try {
    const fd = openSync(tmp, 'w');
    try {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    settled();
  }
}

/** Runs `write(tmp)` to produce a file at a temporary path, then renames it over `path`; the temporary file is removed on failure. */
export async function withAtomicPath<T>(path: string, write: (tmpPath: string) => Promise<T> | T): Promise<T> {
  makeDirs(dirname(path));
  const { tmp, settled } = journaledTemp(path);
  try {
    const out = await write(tmp);
    renameSync(tmp, path);
    return out;
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    settled();
  }
}

/**
 * Copies `src` to `dest` through a temporary file beside `dest`, flushed to disk before the rename: a copy cut short
 * (a full disk, a killed process) leaves nothing at `dest`, never a truncated file that looks like a whole one.
 */
export function copyFileAtomic(src: string, dest: string): void {
  const { tmp, settled } = journaledTemp(dest);
  try {
    copyFileSync(src, tmp);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    settled();
  }
}
