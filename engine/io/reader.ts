/**
 * The one reader of a user's table files (CSV, TSV, TXT, XLSX) and text files: every import, `desk backtest --csv`,
 * `desk elasticity --csv` and scenario files go through here, so encoding detection, delimiter sniffing, number and
 * date parsing and the size limits are the same everywhere. The streaming core lives in engine/import (source.ts,
 * csv.ts, encoding.ts, values.ts, dates.ts); this module is its public face.
 */
import { readFileSync, statSync } from 'node:fs';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { detectEncoding, createDecoder } from '../import/encoding';
import { readRows, type ReadOptions } from '../import/source';
import { ioMessages } from './messages';

export { CSV_LIMITS } from '../import/csv';
export { detectDateFormat, parseDateValue, type DateFormat } from '../import/dates';
export { readRows, inspectSource, type ReadOptions, type ReadProblem, type SourceInfo } from '../import/source';
import type { SourceFormat } from '../import/source';
import { shownFileName } from '../fs/upload-name';
export { parseNumber } from '../import/values';

/** A whole table held in memory: trimmed header names and cell texts, and how the file was written. */
export interface Table {
  header: string[];
  rows: string[][];
  /** The file's row number of each row (blank lines are skipped, so it is not always index + 2). */
  rowNumbers?: number[];
  /** Detected text encoding (null for a workbook). */
  encoding: string | null;
  format?: SourceFormat;
  delimiter?: string | null;
}

/** The largest file `readTable` and `readTextFile` hold in memory (imports stream and have no such cap). */
export const MAX_IN_MEMORY_BYTES = 512 * 1024 * 1024;

/**
 * Why a file cannot be opened, in words: a missing file, a folder or a file without read permission is said as such
 * (desk recs evaluate --interactions with a mistyped name said "ENOENT: no such file or directory, stat '…'"); any
 * other failure keeps the system's reason.
 */
function unreadable(lang: Lang, path: string, e: unknown): EngineError {
  const code = (e as NodeJS.ErrnoException).code;
  const key = code === 'ENOENT' ? 'not_found' : code === 'EISDIR' ? 'not_a_file' : code === 'EACCES' || code === 'EPERM' ? 'no_permission' : 'unreadable';
  return new EngineError('user_error', tr(ioMessages, lang, key, { file: path, reason: (e as Error).message }), { file: path });
}

/** The error for a file of 0 bytes, naming it: said as empty, not as a table without a header row. */
export function emptyFileError(path: string, lang: Lang): EngineError {
  return new EngineError('user_error', tr(ioMessages, lang, 'empty_file', { file: shownFileName(path) }), { file: path, bytes: 0 });
}

/** Refuses a file of 0 bytes with `emptyFileError` (every import kind and the import preview; a folder passes). */
export function refuseEmptyFile(path: string, lang: Lang): void {
  let size: number | null = null;
  try {
    const st = statSync(path);
    if (st.isFile()) size = st.size;
  } catch {
    // A missing or unreadable file is the caller's to report, in its own words.
  }
  if (size === 0) throw emptyFileError(path, lang);
}

function sizeOf(path: string, lang: Lang, max: number): number {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    throw unreadable(lang, path, e);
  }
  if (size > max) {
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
    throw new EngineError('user_error', tr(ioMessages, lang, 'file_too_big', { file: shownFileName(path), size: mb(size), max: mb(max) }), { file: path, size, max });
  }
  return size;
}

/**
 * Reads a whole table (header and rows) for analysis commands; a broken row fails with file, row and column, unless
 * `onProblem` takes it (the row is then left out).
 */
export async function readTable(path: string, o: { lang?: Lang; encoding?: string; maxBytes?: number; onProblem?: ReadOptions['onProblem'] } = {}): Promise<Table> {
  const lang = o.lang ?? 'en';
  if (sizeOf(path, lang, o.maxBytes ?? MAX_IN_MEMORY_BYTES) === 0) throw emptyFileError(path, lang);
  let header: string[] | null = null;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const opts: ReadOptions = { lang, encoding: o.encoding, onProblem: o.onProblem, badXlsx: (reason) => tr(ioMessages, lang, 'bad_xlsx', { file: shownFileName(path), reason }) };
  const info = await readRows(path, opts, (fields, row) => {
    if (!header) header = fields.map((h) => h.replace(/^\ufeff/, '').trim());
    else {
      rows.push(fields.map((f) => f.trim()));
      rowNumbers.push(row);
    }
  });
  if (!header) throw new EngineError('user_error', tr(ioMessages, lang, 'empty', { file: shownFileName(path) }), { file: path });
  return { header, rows, rowNumbers, encoding: info.encoding, format: info.format, delimiter: info.delimiter };
}

/** Reads a small text file (JSON, a list) in any common encoding, without a byte-order mark. */
export function readTextFile(path: string, o: { lang?: Lang; maxBytes?: number; encoding?: string } = {}): string {
  return readText(path, o).text;
}

/** readTextFile, also saying which encoding it was read in (`encoding`: forced when given, else detected). */
export function readText(path: string, o: { lang?: Lang; maxBytes?: number; encoding?: string } = {}): { text: string; encoding: string } {
  const lang = o.lang ?? 'en';
  sizeOf(path, lang, o.maxBytes ?? 16 * 1024 * 1024);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw unreadable(lang, path, e);
  }
  const encoding = o.encoding ?? detectEncoding(buf.subarray(0, 64 * 1024)).encoding;
  const dec = createDecoder(encoding);
  return { text: (dec.write(buf) + dec.end()).replace(/^\ufeff/, ''), encoding };
}

/** Reads only the header row of a table file (any size: reading stops after the first row), for a column picker. */
export async function readHeader(path: string, o: { lang?: Lang; encoding?: string } = {}): Promise<{ header: string[]; format: SourceFormat }> {
  const lang = o.lang ?? 'en';
  if (sizeOf(path, lang, Number.MAX_SAFE_INTEGER) === 0) throw emptyFileError(path, lang);
  let header: string[] | null = null;
  const opts: ReadOptions = { lang, encoding: o.encoding, badXlsx: (reason) => tr(ioMessages, lang, 'bad_xlsx', { file: shownFileName(path), reason }) };
  const info = await readRows(path, opts, (fields) => {
    header = fields.map((h) => h.replace(/^\ufeff/, '').trim());
    return false;
  });
  if (!header) throw new EngineError('user_error', tr(ioMessages, lang, 'empty', { file: shownFileName(path) }), { file: path });
  return { header, format: info.format };
}
