/**
 * The one writer of spreadsheet files the app hands to people (marketplace exports, held-rows reports, purchase
 * orders, import rejects): every text cell is made formula-safe, numbers stay numbers, and every file appears
 * atomically (a temporary name beside it, then a rename), so a crash never leaves half a file.
 */
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { journaledTemp, withAtomicPath, writeFileAtomic } from '../fs/atomic';
import { makeDirs } from '../fs/mkdirs';

/** One cell as the app writes it. */
export type CellValue = string | number | null;

/** Text encodings of written files (XLSX is always UTF-8 inside). */
export type TextEncoding = 'utf8' | 'utf8-bom' | 'gb18030';

/** A table to write: a header row and data rows. */
export interface WriteTable {
  header: string[];
  rows: CellValue[][];
  /**
   * Identifiers a marketplace matches on (SKUs) that must reach it unchanged: one starting with + or - is kept as it is
   * when it could do nothing in a spreadsheet (see safeId); a leading apostrophe would make "-TEE-01" another SKU.
   */
  verbatim?: ReadonlySet<string>;
}

/** First characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula or command. */
const FORMULA_START = /^[=+\-@\t\r\n]/;
/** Text that is a plain number ('-5', '12.50') is data, not a formula: it stays as it is. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when a text cell would be read as a formula by a spreadsheet. */
export function looksLikeFormula(s: string): boolean {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s);
}

/** A text cell safe to open in a spreadsheet: one starting with = + - @, tab, CR or LF gets a leading apostrophe (as OWASP advises). */
export function safeText(s: string): string {
  return looksLikeFormula(s) ? `'${s}` : s;
}

/**
 * An identifier that starts with + or - but holds nothing a spreadsheet could call or link with (only letters, digits,
 * space and _ . - / + #): a spreadsheet can at worst show it as #NAME?, it cannot run anything.
 */
const INERT_ID = /^[+-][\p{L}\p{N}_.\-/+# ]*$/u;

/** An identifier (SKU) safe to write: kept as it is when inert, else escaped like any text. */
export function safeId(s: string): string {
  return INERT_ID.test(s) ? s : safeText(s);
}

function keep(v: CellValue, verbatim: ReadonlySet<string> | undefined): boolean {
  return typeof v === 'string' && !!verbatim?.has(v) && INERT_ID.test(v);
}

/** A cell safe to write: numbers and plain-number text untouched, formula-like text escaped. Idempotent. */
export function safeCell(v: CellValue): CellValue {
  return typeof v === 'string' ? safeText(v) : v;
}

function field(v: CellValue, delimiter: string, verbatim?: ReadonlySet<string>): string {
  const s = v === null ? '' : keep(v, verbatim) ? String(v) : String(safeCell(v));
  return s.includes(delimiter) || /["\r\n]/.test(s) || (delimiter === ',' && /^\s|\s$/.test(s)) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One formula-safe CSV/TSV line (no line end). */
export function toLine(cells: readonly CellValue[], delimiter = ',', verbatim?: ReadonlySet<string>): string {
  return cells.map((v) => field(v, delimiter, verbatim)).join(delimiter);
}

/** The table as formula-safe delimited text with CRLF line ends (what Excel and the marketplaces expect). */
export function toDelimited(t: WriteTable & { delimiter: string; preamble?: string }): string {
  const lines = [t.header, ...t.rows].map((r) => toLine(r, t.delimiter, t.verbatim));
  return (t.preamble ? [t.preamble, ...lines] : lines).join('\r\n') + '\r\n';
}

/** Encodes text: utf8, utf8 with a byte-order mark (for Excel), or gb18030 (for Chinese Excel and marketplaces). */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'gb18030':
      return iconv.encode(text, 'gb18030');
  }
}

/** How a workbook looks. */
export interface XlsxOptions {
  sheetName?: string;
  /**
   * Columns (0-based) whose text cells holding a plain number (no leading zero) are written as numbers: amounts, never
   * identifiers, whose digits a spreadsheet would round past 15.
   */
  numericColumns?: readonly number[];
  /** Column widths in characters. */
  widths?: number[];
  /** Keep the header row in view while scrolling. */
  freezeHeader?: boolean;
}

async function workbook(t: WriteTable, o: XlsxOptions): Promise<ExcelJS.Workbook> {
  // exceljs takes over a second to load: only when a workbook is written (`desk info` and `desk --help` never do).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet(o.sheetName ?? 'Sheet1');
  ws.addRow(t.header.map((h) => safeText(h)));
  const numeric = new Set(o.numericColumns ?? []);
  const asNumber = (v: CellValue, i: number): CellValue => (numeric.has(i) && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && !/^0\d/.test(v) ? Number(v) : keep(v, t.verbatim) ? v : safeCell(v));
  for (const r of t.rows) ws.addRow(r.map(asNumber));
  ws.getRow(1).font = { bold: true };
  if (o.widths) o.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  if (o.freezeHeader) ws.views = [{ state: 'frozen', ySplit: 1 }];
  return wb;
}

/** A one-sheet workbook of the table, in memory. */
export async function toXlsx(t: WriteTable, o: XlsxOptions = {}): Promise<Buffer> {
  return Buffer.from(await (await workbook(t, o)).xlsx.writeBuffer());
}

/** Writes a table as CSV/TSV (formula-safe, atomically); UTF-8 with a BOM unless told otherwise, so Excel reads Chinese. */
export function writeCsvFile(path: string, t: WriteTable, o: { delimiter?: string; encoding?: TextEncoding } = {}): void {
  writeFileAtomic(path, encodeText(toDelimited({ ...t, delimiter: o.delimiter ?? ',' }), o.encoding ?? 'utf8-bom'));
}

/** Writes a table as a one-sheet workbook (formula-safe, atomically). */
export async function writeXlsxFile(path: string, t: WriteTable, o: XlsxOptions = {}): Promise<void> {
  await withAtomicPath(path, async (tmp) => (await workbook(t, o)).xlsx.writeFile(tmp));
}

/**
 * Writes a table as a one-sheet workbook row by row (exceljs's streaming writer: a long table, tens of thousands of
 * rows, in a few seconds and little memory, where the in-memory workbook takes four times as long), formula-safe and
 * atomically; `progress` hears rows written of all, every thousand rows.
 */
export async function writeXlsxStream(path: string, t: WriteTable, o: { sheetName?: string; progress?: (done: number, total: number) => void } = {}): Promise<void> {
  const { default: Excel } = await import('exceljs');
  await withAtomicPath(path, async (tmp) => {
    const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet(o.sheetName ?? 'Sheet1');
    const head = ws.addRow(t.header.map((h) => safeText(h)));
    head.font = { bold: true };
    head.commit();
    let done = 0;
    for (const r of t.rows) {
      ws.addRow(r.map((v) => (keep(v, t.verbatim) ? v : safeCell(v)))).commit();
      if (++done % 1000 === 0) {
        o.progress?.(done, t.rows.length);
        // Lets the written part drain to the file (and a progress message out) before the next thousand.
        await new Promise((r) => setImmediate(r));
      }
    }
    ws.commit();
    await wb.commit();
  });
  o.progress?.(t.rows.length, t.rows.length);
}

/**
 * A CSV written row by row (e.g. an import's rejects, which can be millions of rows): UTF-8 with a BOM, CRLF,
 * formula-safe cells. Rows go to a temporary file that `close()` renames into place; `abort()` removes it.
 */
export class CsvStreamWriter {
  private fd: number | null = null;
  private readonly tmp: string;
  private readonly settled: () => void;
  private buf = '';

  constructor(readonly path: string) {
    makeDirs(dirname(path));
    ({ tmp: this.tmp, settled: this.settled } = journaledTemp(path));
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (e) {
      this.settled();
      throw e;
    }
    this.buf = '\ufeff';
  }

  /** Appends one row. */
  row(cells: readonly CellValue[]): void {
    this.buf += toLine(cells) + '\r\n';
    if (this.buf.length > 65_536) this.flush();
  }

  private flush(): void {
    if (this.fd !== null && this.buf) writeSync(this.fd, this.buf);
    this.buf = '';
  }

  /** Flushes, syncs and renames the file into place; returns its path. */
  close(): string {
    if (this.fd === null) return this.path;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.tmp, this.path);
    this.settled();
    return this.path;
  }

  /** Drops the file. */
  abort(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.tmp, { force: true });
    this.settled();
  }
}

/** Writes a JSON document for other tools (storefront widgets, email tools) atomically, UTF-8, 2-space indented. */
export function writeJsonFile(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}
