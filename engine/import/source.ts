/** Reads an import file as rows of text: CSV/TSV (encoding and delimiter detected, streamed) or XLSX (exceljs streaming reader). */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { PassThrough } from 'node:stream';
import { both, EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { ioMessages } from '../io/messages';
import { CSV_LIMITS, CsvParser, sniffDelimiter, type CsvProblem, type CsvProblemKind, type RowHandler } from './csv';
import { createDecoder, detectEncoding, type EncodingInfo } from './encoding';
import { importMessages } from './messages';
import { withTempCleanup } from './xlsx-temp';
import { shownFileName } from '../fs/upload-name';

/** How a source file is written: a table, or a chat or knowledge-base export read by its kind's own reader. */
export type SourceFormat = 'csv' | 'xlsx' | 'whatsapp' | 'zendesk' | 'json' | 'markdown';

/** What kind of file it is and how it is written. */
export interface SourceInfo {
  format: SourceFormat;
  encoding: string | null;
  delimiter: string | null;
  sizeBytes: number;
}

/** Options for reading a source. */
export interface ReadOptions {
  /** Forced encoding (already normalised); detected when absent. */
  encoding?: string;
  /** Called as bytes are read (for progress). */
  onBytes?: (bytesRead: number, total: number) => void;
  /** Called between chunks; throw to stop (cancellation). */
  checkCancelled?: () => void;
  /** Called after each batch of rows (a CSV chunk, up to 1,000 XLSX rows); nothing awaits inside a batch. */
  afterChunk?: () => void;
  /** Called once the format is known, before the first row. */
  detected?: (format: SourceFormat) => void;
  /** Message for an unreadable workbook. */
  badXlsx?: (reason: string) => string;
  /** Language of the messages about broken rows (English when absent). */
  lang?: Lang;
  /**
   * Receives each broken row (unclosed quote, a cell or row over the limits, more cells than the header), which is then
   * skipped. Without it the first broken row fails the read with a user error naming file, row and column.
   */
  onProblem?: (p: ReadProblem) => void;
  /**
   * Called with the row number and text of each workbook cell that holds a number of more than 15 digits, before its
   * row is handed over: a spreadsheet keeps 15 significant digits of a number, so a longer code stored as one (an
   * 18-digit order number) has already lost its last digits, though its text looks whole ('202312011234567000').
   */
  onLongNumber?: (row: number, text: string) => void;
}

/** A row the reader could not take: where it is, why (in the user's language), and the cells it could read. */
export interface ReadProblem {
  kind: CsvProblemKind | 'too_many_cells' | 'invalid_content';
  row: number;
  /** The header name of the cell, or '#N' when the header has no name for it. */
  column: string;
  value: string;
  reason: string;
  cells: string[];
}

const SAMPLE_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function readHeadSync(fd: number, bytes: number): Buffer {
  const buf = Buffer.alloc(bytes);
  return buf.subarray(0, readSync(fd, buf, 0, bytes, 0));
}

function isXlsx(path: string, head: Buffer): boolean {
  return extname(path).toLowerCase() === '.xlsx' || (head.length > 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4);
}

/** Detects format, encoding and delimiter from the start of a file without reading all of it. */
export async function inspectSource(path: string, forcedEncoding?: string): Promise<SourceInfo & { enc: EncodingInfo | null }> {
  const { size } = await stat(path);
  return inspectHead(path, size, await readHead(path, SAMPLE_BYTES), forcedEncoding);
}

function inspectHead(path: string, size: number, head: Buffer, forcedEncoding?: string): SourceInfo & { enc: EncodingInfo | null } {
  if (isXlsx(path, head)) return { format: 'xlsx', encoding: null, delimiter: null, sizeBytes: size, enc: null };
  const enc = forcedEncoding ? { encoding: forcedEncoding, bom: false } : detectEncoding(head);
  const text = createDecoder(enc.encoding).write(head);
  const delimiter = extname(path).toLowerCase() === '.tsv' ? '\t' : sniffDelimiter(text);
  return { format: 'csv', encoding: enc.encoding, delimiter, sizeBytes: size, enc };
}

type AnyProblem = Omit<CsvProblem, 'kind'> & { kind: ReadProblem['kind'] };

/** Wraps a row handler with the checks every reader shares: broken rows reported or fatal, no more cells than the header. */
function checkedRows(path: string, opts: ReadOptions, onRow: RowHandler): { onRow: RowHandler; onProblem: (p: AnyProblem, cells?: string[]) => void } {
  const lang = opts.lang ?? 'en';
  const file = shownFileName(path);
  let header: string[] | null = null;
  const onProblem = (p: AnyProblem, cells: string[] = [], extra: Record<string, unknown> = {}): void => {
    const reason = tr(ioMessages, lang, p.kind, { max: p.kind === 'row_too_long' ? CSV_LIMITS.rowChars : CSV_LIMITS.fieldChars, ...extra });
    if (!header) throw new EngineError('user_error', tr(ioMessages, lang, 'header_broken', { file, reason }), { file: path, row: p.row, problem: p.kind });
    const column = header[p.column - 1]?.replace(/^\ufeff/, '').trim() || `#${p.column}`;
    if (!opts.onProblem) throw new EngineError('user_error', tr(ioMessages, lang, 'at', { file, row: p.row, column, reason }), { file: path, row: p.row, column, problem: p.kind });
    // The cell at fault, as far as the report can show it: the stray text, or the start of a cell over the limit.
    const cell = cells[p.column - 1] ?? '';
    const value = p.kind === 'too_many_cells' ? cell.slice(0, 200) : p.kind === 'field_too_long' && cell ? `${cell.slice(0, 80)}…` : '';
    opts.onProblem({ kind: p.kind, row: p.row, column, value, reason, cells });
  };
  const checked: RowHandler = (fields, row) => {
    if (!header) {
      header = fields;
      return onRow(fields, row);
    }
    // A row of empty cells (",,," under the data, or a cell holding only spaces, as spreadsheets leave them) is no row.
    if (fields.every((f) => f.trim() === '')) return;
    const width = header.length;
    if (fields.length > width) {
      // Trailing empty cells are common in exports (a delimiter at the end of each line); extra text means a shifted row.
      for (let k = width; k < fields.length; k++) {
        if (fields[k].trim() !== '') return onProblem({ kind: 'too_many_cells', row, column: k + 1 }, fields, { count: fields.length, header: width });
      }
    }
    return onRow(fields, row);
  };
  return { onRow: checked, onProblem };
}

/** Streams every row of the file to `onRow` (header included, as row 1 of CSV or its sheet row number in XLSX). */
export async function readRows(path: string, opts: ReadOptions, rawOnRow: RowHandler): Promise<SourceInfo> {
  const info = await inspectSource(path, opts.encoding);
  opts.detected?.(info.format);
  const { onRow, onProblem } = checkedRows(path, opts, rawOnRow);
  if (info.format === 'xlsx') {
    await readXlsx(path, info.sizeBytes, opts, onRow, onProblem);
    return { format: 'xlsx', encoding: null, delimiter: null, sizeBytes: info.sizeBytes };
  }
  const csv = csvChunks(info, opts, onRow, onProblem);
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!csv.push(chunk)) break;
    }
    csv.end();
  } finally {
    stream.destroy();
  }
  return { format: 'csv', encoding: info.encoding, delimiter: info.delimiter, sizeBytes: info.sizeBytes };
}

/**
 * The CSV path of readRows without a single await, for a caller that writes the rows inside one transaction (which
 * must never span an await). Returns null, having read nothing, when the file is a workbook.
 */
export function readCsvRowsSync(path: string, opts: ReadOptions, rawOnRow: RowHandler): SourceInfo | null {
  const fd = openSync(path, 'r');
  try {
    const info = inspectHead(path, fstatSync(fd).size, readHeadSync(fd, SAMPLE_BYTES), opts.encoding);
    if (info.format !== 'csv') return null;
    opts.detected?.(info.format);
    const { onRow, onProblem } = checkedRows(path, opts, rawOnRow);
    const csv = csvChunks(info, opts, onRow, onProblem);
    // One buffer for every chunk (no megabyte of garbage per chunk): the decoders copy what they keep of a cut character.
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0 || !csv.push(buf.subarray(0, n))) break;
    }
    csv.end();
    return { format: 'csv', encoding: info.encoding, delimiter: info.delimiter, sizeBytes: info.sizeBytes };
  } finally {
    closeSync(fd);
  }
}

/** Feeds byte chunks of a CSV file through decoder and parser with the per-chunk hooks; push() is false once stopped. */
function csvChunks(info: SourceInfo, opts: ReadOptions, onRow: RowHandler, onProblem: (p: AnyProblem, cells?: string[]) => void): { push(chunk: Buffer): boolean; end(): void } {
  const decoder = createDecoder(info.encoding ?? 'utf-8');
  // A row with a cell over the limit comes with its cells: the rejects file keeps the whole row to fix and import again.
  const parser = new CsvParser(info.delimiter ?? ',', onRow, (p) => onProblem(p, p.cells));
  let bytes = 0;
  return {
    push(chunk) {
      opts.checkCancelled?.();
      bytes += chunk.length;
      parser.push(decoder.write(chunk));
      opts.afterChunk?.();
      opts.onBytes?.(bytes, info.sizeBytes);
      return !parser.isStopped;
    },
    end() {
      if (parser.isStopped) return;
      parser.push(decoder.end());
      parser.end();
      opts.afterChunk?.();
    },
  };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Text of an exceljs cell value as a person would read it (dates as ISO). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const d = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    const t = v.getUTCHours() * 3600 + v.getUTCMinutes() * 60 + v.getUTCSeconds();
    return t === 0 ? d : `${d}T${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown; formula?: unknown; sharedFormula?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    // A formula with no saved value: the streaming reader drops the value of one that ends in an error (#N/A, #DIV/0!),
    // and a program may write a workbook without calculating it. It reads as the formula, so a number field names it
    // ("not a number (value '=VLOOKUP(A2,…)')") instead of '[object Object]'.
    if (o.formula !== undefined || o.sharedFormula !== undefined) return `=${String(o.formula || o.sharedFormula || '…')}`;
    if (o.text !== undefined) return cellText(o.text);
    // An error cell reads as Excel shows it (#N/A, #DIV/0!): a number field then rejects the row by name instead of
    // taking it as blank and clearing a stored value; a CSV saved from Excel holds the same text.
    if (o.error !== undefined) return String(o.error);
  }
  return String(v);
}

/** True for a number cell (or a formula's number) of more than the 15 significant digits a spreadsheet keeps. */
function isLongNumber(v: unknown): boolean {
  const n = typeof v === 'number' ? v : typeof v === 'object' && v !== null && typeof (v as { result?: unknown }).result === 'number' ? (v as { result: number }).result : null;
  if (n === null || !Number.isFinite(n)) return false;
  // The digits as the cell reads ('202312011234567000'); one written with an exponent is refused as scientific already.
  const t = String(Math.abs(n));
  return !t.includes('e') && t.replace('.', '').replace(/^0+/, '').length > 15;
}

/** Reads of one workbook before its failure is reported (see readXlsx). */
const XLSX_ATTEMPTS = 3;

/**
 * The first worksheet's rows. exceljs's streaming reader sometimes fails on a multi-sheet workbook with "Cannot read
 * properties of undefined (reading 'sheets')" (its list of sheets not read yet when it reaches a sheet), more often
 * on a busy machine: 2 of 60 reads in a loaded test run. Such a failure before any row was handed over is retried
 * (the file is read again from the start); one after the first sheet was read whole (while later sheets are drained)
 * changes nothing and is logged only. Any other failure is the workbook's and is reported.
 */
async function readXlsx(path: string, size: number, opts: ReadOptions, onRow: RowHandler, onProblem: (p: AnyProblem, cells?: string[]) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const at = { handed: false, firstDone: false };
    try {
      await withTempCleanup(() => readXlsxOnce(path, size, opts, onRow, onProblem, at));
      return;
    } catch (e) {
      if (e instanceof EngineError) throw e;
      const reason = (e as Error).message;
      // (The logger is loaded here, not at the top: `desk --help` reaches this module and must not load pino.)
      if (at.firstDone) {
        (await import('../log')).log.debug({ file: path, reason }, 'xlsx: a later worksheet failed after the first was read; ignored');
        return;
      }
      if (!at.handed && attempt < XLSX_ATTEMPTS) {
        (await import('../log')).log.debug({ file: path, reason, attempt }, 'xlsx: read failed before any row; reading again');
        continue;
      }
      throw new EngineError('user_error', opts.badXlsx ? opts.badXlsx(reason) : both(importMessages, 'bad_xlsx', { file: path, reason }), { file: path });
    }
  }
}

async function readXlsxOnce(path: string, size: number, opts: ReadOptions, onRow: RowHandler, onProblem: (p: AnyProblem, cells?: string[]) => void, at: { handed: boolean; firstDone: boolean }): Promise<void> {
  let bytes = 0;
  const counter = new PassThrough({ highWaterMark: CHUNK_BYTES });
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  // pipe() reads through 'data' events too, so counting here sees every chunk exactly once.
  file.on('data', (c: Buffer | string) => {
    bytes += c.length;
  });
  file.pipe(counter);
  // Loaded only for workbooks: exceljs is large and most imports are CSV.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(counter, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  // Rows are handed over in synchronous batches so a consumer never holds a transaction across an await.
  let batch: [string[], number][] = [];
  const flush = (): boolean => {
    const rows = batch;
    batch = [];
    if (rows.length) at.handed = true;
    for (const [fields, n] of rows) {
      const big = fields.findIndex((f) => f.length > CSV_LIMITS.fieldChars);
      if (big !== -1) onProblem({ kind: 'field_too_long', row: n, column: big + 1 }, fields);
      else if (onRow(fields, n) === false) return false;
    }
    opts.afterChunk?.();
    opts.onBytes?.(Math.min(bytes, size), size);
    return true;
  };
  // Only the first worksheet is read, but the reader is always run to its end: abandoned part-way (a `return` out of
  // the loop), exceljs left its temporary copies of the worksheets in the OS temp folder. Later worksheets are drained
  // unread (one it yields and nobody reads makes it open a file it has already deleted, an uncaught error).
  let first = true;
  let stopped = false;
  try {
    for await (const sheet of reader) {
      if (!first) {
        for await (const _row of sheet) opts.checkCancelled?.();
        continue;
      }
      first = false;
      for await (const row of sheet) {
        opts.checkCancelled?.();
        const values = row.values as unknown[];
        const fields: string[] = [];
        for (let i = 1; i < values.length; i++) fields.push(cellText(values[i]));
        if (fields.every((f) => f === '')) continue;
        if (opts.onLongNumber) {
          for (let i = 1; i < values.length; i++) if (isLongNumber(values[i])) opts.onLongNumber(row.number, fields[i - 1]);
        }
        batch.push([fields, row.number]);
        if (batch.length >= 1000 && !flush()) {
          stopped = true;
          break;
        }
      }
      if (!stopped) flush();
      at.firstDone = true;
    }
  } finally {
    file.destroy();
    counter.destroy();
  }
}
