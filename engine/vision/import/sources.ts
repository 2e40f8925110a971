/** Lists the files of an image import: every file under a folder, or every entry of a .zip (read with yauzl). */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import yauzl from 'yauzl';
import { MAX_IMAGE_BYTES } from '../decode';

/** One file of the import: its name inside the folder or zip and a way to read it (null when over the size limit). */
export interface SourceFile {
  name: string;
  size: number;
  read(): Promise<Buffer | null>;
}

/** Files the operating system leaves in photo folders (Windows thumbnails and folder settings, macOS metadata). */
const SYSTEM_FILES = new Set(['thumbs.db', 'ehthumbs.db', 'desktop.ini']);

/** Whether a file is the system's, not a photo: hidden (dot) files, Windows' Thumbs.db and desktop.ini. */
export function isSystemFile(name: string): boolean {
  const base = basename(name);
  return base.startsWith('.') || SYSTEM_FILES.has(base.toLowerCase());
}

function walk(dir: string, root: string, out: SourceFile[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (isSystemFile(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, root, out);
    else if (entry.isFile()) {
      const size = statSync(full).size;
      out.push({ name: relative(root, full).split('\\').join('/'), size, read: async () => (size > MAX_IMAGE_BYTES ? null : readFileSync(full)) });
    }
  }
}

/** Every file under a folder, sorted by path. */
export function folderFiles(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  walk(dir, dir, out);
  return out;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((res, rej) => yauzl.open(path, { lazyEntries: true, autoClose: false }, (e, z) => (e || !z ? rej(e ?? new Error('zip')) : res(z))));
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((res, rej) =>
    zip.openReadStream(entry, (e, s) => {
      if (e || !s) return rej(e ?? new Error('zip entry'));
      const parts: Buffer[] = [];
      let n = 0;
      s.on('data', (b: Buffer) => {
        n += b.length;
        // The declared size can lie; stop reading past the limit instead of filling memory.
        if (n > MAX_IMAGE_BYTES) s.destroy(new Error('too large'));
        else parts.push(b);
      });
      s.on('error', rej);
      s.on('end', () => res(Buffer.concat(parts)));
    }),
  );
}

/** Every file entry of a zip (folders and macOS metadata skipped), read into memory one at a time; close() when done. */
export async function zipFiles(path: string): Promise<{ files: SourceFile[]; close(): void }> {
  const zip = await openZip(path);
  const entries: yauzl.Entry[] = await new Promise((res, rej) => {
    const list: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      list.push(e);
      zip.readEntry();
    });
    zip.on('end', () => res(list));
    zip.on('error', rej);
    zip.readEntry();
  });
  const files = entries
    .filter((e) => !e.fileName.endsWith('/') && !e.fileName.startsWith('__MACOSX/') && !isSystemFile(e.fileName))
    .map((e): SourceFile => ({
      name: e.fileName,
      size: e.uncompressedSize,
      read: async () => (e.uncompressedSize > MAX_IMAGE_BYTES ? null : readEntry(zip, e).catch((err: Error) => (err.message === 'too large' ? null : Promise.reject(err)))),
    }));
  return { files, close: () => zip.close() };
}
