/** Serialises export tables (CSV/TSV in utf8, utf8-bom or gb18030, or xlsx) and writes files atomically. */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ExportEncoding, OutputTable } from './types';

function cell(v: string | number | null, delimiter: string): string {
  const s = v === null ? '' : String(v);
  return s.includes(delimiter) || /["\r\n]/.test(s) || (delimiter === ',' && /^\s|\s$/.test(s)) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The table as delimited text with CRLF line ends (what Excel and the marketplaces expect). */
export function toDelimited(t: { header: string[]; rows: (string | number | null)[][]; delimiter: string; preamble?: string }): string {
  const lines = [t.header, ...t.rows].map((r) => r.map((v) => cell(v, t.delimiter)).join(t.delimiter));
  return (t.preamble ? [t.preamble, ...lines] : lines).join('\r\n') + '\r\n';
}

/** Encodes text: utf8, utf8 with a byte-order mark (for Excel), or gb18030 (for Chinese Excel and marketplaces). */
export function encodeText(text: string, encoding: ExportEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'gb18030':
      return iconv.encode(text, 'gb18030');
  }
}

/** One-sheet workbook of the table, numbers kept as numbers where the text is numeric. */
export async function toXlsx(t: OutputTable, sheetName = 'Prices'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(t.header);
  for (const r of t.rows) ws.addRow(r.map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && !/^0\d/.test(v) ? Number(v) : v)));
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Writes bytes to a temporary file beside `path` and renames it over `path`: readers never see half a file. */
export function writeAtomic(path: string, bytes: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
