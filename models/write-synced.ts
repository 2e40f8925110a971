/** Writes a whole buffer to a file and flushes it to disk: the step both model savers take before their rename. */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

/** Writes `buf` to `path` and fsyncs it. */
export function writeSynced(path: string, buf: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
