/** Creating a folder with its missing parents, safely on every file system. */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates `dir` and its missing parents, as `mkdirSync(dir, { recursive: true })` does. Node's own recursive mkdir
 * never returns under /proc or /sys on Linux (the kernel answers ENOENT for a child that cannot exist, and Node then
 * makes the parent and tries again, forever): a backup or export named there would freeze the engine. This walks up
 * to the first folder that exists and makes each missing one in turn, so such a place fails at once with the
 * system's own error.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let head = resolve(dir);
  while (!existsSync(head)) {
    const up = dirname(head);
    if (up === head) break;
    missing.unshift(head);
    head = up;
  }
  // A file where a folder should be: the system's own error (EEXIST, naming that file), as mkdir -p gives.
  if (!statSync(head, { throwIfNoEntry: false })?.isDirectory()) mkdirSync(head);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      // Made meanwhile by another writer: fine when it is a folder.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d, { throwIfNoEntry: false })?.isDirectory()) continue;
      throw e;
    }
  }
}
