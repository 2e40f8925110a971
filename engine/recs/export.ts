/** Writes every customer's top k (recommendations, or viewed and not bought) as CSV, JSON or XLSX (by the file's extension) through engine/io/writer. */
import type Database from 'better-sqlite3';
import { extname } from 'node:path';
import type { Lang } from '../i18n';
import { both, EngineError } from '../errors';
import { writeCsvFile, writeJsonFile, writeXlsxFile } from '../io/writer';
import { recsCatalog } from './messages';
import { exportRows, type ExportList } from './read';

/** The formats an export writes, each under its own extension. */
export type RecsExportFormat = 'csv' | 'json' | 'xlsx';
const EXPORT_EXTENSIONS: readonly RecsExportFormat[] = ['csv', 'json', 'xlsx'];
const isExportFormat = (ext: string): ext is RecsExportFormat => (EXPORT_EXTENSIONS as readonly string[]).includes(ext);

/** Exports a list (the recommendations by default); returns the row and customer counts. */
export async function exportRecs(db: Database.Database, lang: Lang, path: string, k: number, gamma: number, list: ExportList = 'recommended'): Promise<{ path: string; format: RecsExportFormat; list: ExportList; rows: number; customers: number }> {
  // The file's extension says its format: a spreadsheet name gets a workbook, never CSV text under an .xlsx name, and a
  // name of any other kind (.pdf, .txt, none) is refused rather than given CSV text, as `desk export` refuses one.
  const format = extname(path).slice(1).toLowerCase();
  if (!isExportFormat(format)) throw new EngineError('user_error', both(recsCatalog, 'export_extension', { path }), { path });
  const rows = exportRows(db, lang, k, gamma, list);
  // An empty list is a mistake to point out, not a header-only file to hand to an email tool.
  if (rows.length === 0) throw new EngineError('user_error', both(recsCatalog, list === 'revisit' ? 'nothing_to_export_revisit' : 'nothing_to_export'), { path, list });
  const customers = new Set(rows.map((r) => r.customerId)).size;
  const table = { header: ['customer_id', 'email', 'rank', 'sku', 'title', 'reason'], rows: rows.map((r) => [r.customerId, r.email, r.rank, r.sku, r.title, r.reason]) };
  if (format === 'json') {
    writeJsonFile(path, rows.map((r) => ({ customer_id: r.customerId, email: r.email, rank: r.rank, sku: r.sku, title: r.title, reason: r.reason })));
  } else if (format === 'xlsx') await writeXlsxFile(path, table);
  else writeCsvFile(path, table);
  return { path, format, list, rows: rows.length, customers };
}
