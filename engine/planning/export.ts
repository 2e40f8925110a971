/** Exports purchase suggestions as CSV or XLSX with headers in the user's language. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import type { SuggestionRow } from '../db/queries/planning';
import { planningCatalog } from './messages';

const COLS = ['col.supplier', 'col.sku', 'col.title', 'col.quantity', 'col.suggested', 'col.unitCost', 'col.total', 'col.orderDate', 'col.arrival'] as const;

function cells(r: SuggestionRow, lang: Lang): (string | number | null)[] {
  const total = r.unitCost !== null ? Math.round(r.unitCost * r.quantity * 100) / 100 : null;
  return [r.supplier ?? tr(planningCatalog, lang, 'supplier.none'), r.sku, r.title, r.quantity, r.suggestedQty, r.unitCost, total, r.orderDate, r.arrivalDate];
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = v;
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
}

/** Writes the suggestions (not dismissed, quantity > 0) to exports/ under the data folder; returns the file path and row count. */
export async function exportSuggestions(rows: SuggestionRow[], opts: { dataDir: string; format: 'csv' | 'xlsx'; name?: string; lang: Lang }): Promise<{ path: string; rows: number }> {
  const keep = rows.filter((r) => r.status !== 'dismissed' && r.quantity > 0);
  const name = opts.name ?? `purchase-suggestions-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${opts.format}`;
  if (basename(name) !== name || !name.toLowerCase().endsWith(`.${opts.format}`) || name.startsWith('.')) {
    throw new EngineError('user_error', tr(planningCatalog, opts.lang, 'export.badName', { name, format: opts.format }), { name });
  }
  const dir = join(opts.dataDir, 'exports');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  const header = COLS.map((k) => tr(planningCatalog, opts.lang, k));
  if (opts.format === 'csv') {
    const lines = [header, ...keep.map((r) => cells(r, opts.lang))].map((l) => l.map(csvCell).join(','));
    // BOM so spreadsheet apps read the Chinese headers as UTF-8.
    writeFileSync(path, '\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
  } else {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(tr(planningCatalog, opts.lang, 'sheet.title'));
    ws.addRow(header).font = { bold: true };
    for (const r of keep) ws.addRow(cells(r, opts.lang));
    ws.columns.forEach((c, i) => {
      c.width = i === 2 ? 36 : 14;
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    await wb.xlsx.writeFile(path);
  }
  return { path, rows: keep.length };
}
