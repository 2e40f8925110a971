/** Exports purchase suggestions as CSV or XLSX with headers in the user's language. */
import { basename, join } from 'node:path';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { writeCsvFile, writeXlsxFile } from '../io/writer';
import type { SuggestionRow } from '../db/queries/planning';
import { planningCatalog } from './messages';

const COLS = ['col.supplier', 'col.sku', 'col.title', 'col.quantity', 'col.suggested', 'col.unitCost', 'col.total', 'col.orderDate', 'col.arrival'] as const;

function cells(r: SuggestionRow, lang: Lang): (string | number | null)[] {
  const total = r.unitCost !== null ? Math.round(r.unitCost * r.quantity * 100) / 100 : null;
  // A product without a title in either language is named by its SKU, so no line of an order is blank.
  return [r.supplier ?? tr(planningCatalog, lang, 'supplier.none'), r.sku, r.title || r.sku, r.quantity, r.suggestedQty, r.unitCost, total, r.orderDate, r.arrivalDate];
}

/** Writes the suggestions (not dismissed, quantity > 0) to exports/ under the data folder; returns the file path and row count. */
export async function exportSuggestions(rows: SuggestionRow[], opts: { dataDir: string; format: 'csv' | 'xlsx'; name?: string; lang: Lang }): Promise<{ path: string; rows: number }> {
  const keep = rows.filter((r) => r.status !== 'dismissed' && r.quantity > 0);
  const name = opts.name ?? `purchase-suggestions-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${opts.format}`;
  if (basename(name) !== name || !name.toLowerCase().endsWith(`.${opts.format}`) || name.startsWith('.')) {
    throw new EngineError('user_error', tr(planningCatalog, opts.lang, 'export.badName', { name, format: opts.format }), { name });
  }
  const path = join(opts.dataDir, 'exports', name);
  const table = { header: COLS.map((k) => tr(planningCatalog, opts.lang, k)), rows: keep.map((r) => cells(r, opts.lang)) };
  // The one writer: formula-safe cells (supplier names and titles come from imports), atomic rename, a BOM for Excel.
  if (opts.format === 'csv') writeCsvFile(path, table, { encoding: 'utf8-bom' });
  else await writeXlsxFile(path, table, { sheetName: tr(planningCatalog, opts.lang, 'sheet.title'), widths: COLS.map((_, i) => (i === 2 ? 36 : 14)), freezeHeader: true });
  return { path, rows: keep.length };
}
