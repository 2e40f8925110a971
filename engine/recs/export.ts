/** Writes every customer's top k (recommendations, or viewed and not bought) as CSV, JSON or XLSX (by the file's extension) through engine/io/writer. */
import type Database from 'better-sqlite3';
import { extname } from 'node:path';
import { both, EngineError, type Bilingual } from '../errors';
import { countText, tr, type Lang } from '../i18n';
import { writeCsvFile, writeJsonFile, writeXlsxStream } from '../io/writer';
import { recsCatalog } from './messages';
import { exportRows, type ExportList } from './read';

/** The formats an export writes, each under its own extension. */
export type RecsExportFormat = 'csv' | 'json' | 'xlsx';
const EXPORT_EXTENSIONS: readonly RecsExportFormat[] = ['csv', 'json', 'xlsx'];
const isExportFormat = (ext: string): ext is RecsExportFormat => (EXPORT_EXTENSIONS as readonly string[]).includes(ext);

/** Where an export is: customers whose lists are read, then rows written, with the phase in both languages. */
export type ExportProgress = (done: number, total: number, phase: Bilingual) => void;

// 'reading the lists · 2,500 of 4,911 customers', 'writing the file · 12,000 of 49,110 rows'.
const phaseOf = (key: 'export_phase_lists' | 'export_phase_rows', done: number, total: number): Bilingual => ({
  en: tr(recsCatalog, 'en', key, { done: countText(done, 'en'), total: countText(total, 'en') }),
  zh: tr(recsCatalog, 'zh', key, { done: countText(done, 'zh'), total: countText(total, 'zh') }),
});

/** Which header row a CSV or workbook gets: the field names (`customer_id`, the default) or words in the export's language. */
export type ExportHeaders = 'machine' | 'human';

/** What an export may be given besides its list: progress, a job's cancel check, its header row. */
export interface ExportOptions {
  progress?: ExportProgress;
  /**
   * A job's cancel check, asked while the lists are read and the file is written, never once the file is in place: a
   * cancelled export leaves nothing at `path` (the file is written beside it and renamed in at the end), and a finished
   * one is never called cancelled.
   */
  checkCancelled?: () => void;
  /** 'machine' (default): customer_id, email, rank, sku, title, reason; 'human': "Customer ID" … / "顾客编号" …. JSON keys never change. */
  headers?: ExportHeaders;
}

/** The field names, as `desk recs export` and `recs.export` have always written them (tools map these columns). */
const FIELDS = ['customer_id', 'email', 'rank', 'sku', 'title', 'reason'] as const;

/** Exports a list (the recommendations by default); returns the row and customer counts. */
export async function exportRecs(db: Database.Database, lang: Lang, path: string, k: number, gamma: number, list: ExportList = 'recommended', opts: ExportOptions = {}): Promise<{ path: string; format: RecsExportFormat; list: ExportList; rows: number; customers: number }> {
  const { progress, checkCancelled } = opts;
  // The file's extension says its format: a spreadsheet name gets a workbook, never CSV text under an .xlsx name, and a
  // name of any other kind (.pdf, .txt, none) is refused rather than given CSV text, as `desk export` refuses one.
  const format = extname(path).slice(1).toLowerCase();
  if (!isExportFormat(format)) throw new EngineError('user_error', both(recsCatalog, 'export_extension', { path }), { path });
  const rows = exportRows(db, lang, k, gamma, list, (progress || checkCancelled) && ((d, t) => {
    checkCancelled?.();
    progress?.(d, t, phaseOf('export_phase_lists', d, t));
  }));
  checkCancelled?.();
  // An empty list is a mistake to point out, not a header-only file to hand to an email tool.
  if (rows.length === 0) throw new EngineError('user_error', both(recsCatalog, list === 'revisit' ? 'nothing_to_export_revisit' : 'nothing_to_export'), { path, list });
  const customers = new Set(rows.map((r) => r.customerId)).size;
  const header = opts.headers === 'human' ? FIELDS.map((f) => tr(recsCatalog, lang, `export_col_${f}`)) : [...FIELDS];
  const table = { header, rows: rows.map((r) => [r.customerId, r.email, r.rank, r.sku, r.title, r.reason]) };
  const wrote = progress && ((d: number, t: number): void => progress(d, t, phaseOf('export_phase_rows', d, t)));
  if (format === 'json') {
    writeJsonFile(path, rows.map((r) => ({ customer_id: r.customerId, email: r.email, rank: r.rank, sku: r.sku, title: r.title, reason: r.reason })));
  } else if (format === 'xlsx') {
    // Asked between thousands of rows, while they go to the temporary file (the last tick comes after the rename).
    await writeXlsxStream(path, table, { progress: (d, t) => {
      if (d < t) checkCancelled?.();
      wrote?.(d, t);
    } });
  }
  else writeCsvFile(path, table);
  if (format !== 'xlsx') wrote?.(rows.length, rows.length);
  return { path, format, list, rows: rows.length, customers };
}
