/** One export: collect rows, lay them out, encode, write atomically, report held rows, record the run. */
import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { both, EngineError } from '../errors';
import { tr } from '../i18n';
import { exportCatalog } from './messages';
import { log } from '../log';
import { layout, numberColumns } from './formats';
import { exportTarget, recordExported } from './ledger';
import { getMapping, MAPPING_PRESETS } from './mappings';
import { collectRows, parseAttributes } from './rows';
import { heldKind, targetName } from './target-name';
import { productHandleKeys } from '../db/queries/products';
import type { ExportEncoding, ExportFormat, FormatOptions, HeldRow } from './types';
import { writeFileAtomic } from '../fs/atomic';
import { encodeText, toDelimited, toXlsx } from '../io/writer';

/** What to export and how. */
export interface ExportRequest {
  format: ExportFormat;
  path: string;
  /** Absent: the encoding the mapping or preset remembers for a csv (Taobao: GB18030), else UTF-8. */
  encoding?: ExportEncoding;
  onlyChanged?: boolean;
  since?: string | null;
  /** csv/xlsx: a saved mapping... */
  mappingId?: number;
  /** ...or a built-in preset (taobao, jd, pinduoduo, other). */
  preset?: string;
  options?: FormatOptions;
  now?: string;
}

/** What an export did. */
export interface ExportResult {
  runId: number;
  /** The marketplace it went to: the format, or for csv/xlsx the format with its mapping or preset. */
  target: string;
  /** `target` in words, in both languages ("CSV with a column mapping, Taobao preset"). */
  targetName: { en: string; zh: string };
  format: ExportFormat;
  path: string;
  encoding: ExportEncoding;
  rowsWritten: number;
  rowsHeld: number;
  held: HeldRow[];
  /** `<name>.held.csv` beside the output, when rows were held back. */
  heldPath: string | null;
  /** Whether the file at `path` was written (always: with no row to send it holds its header; see `empty`). */
  written: boolean;
  /** Why nothing was written, in both languages; null when rows were written. */
  empty: EmptyReason | null;
  /** Rows left out because their price and stock are what the marketplace already has (`onlyChanged`). */
  unchanged: number;
}

/** Why an export wrote no file: `unchanged_first` (never exported there, nothing differs from the products' prices), `unchanged` (nothing changed since the last export there), `none_since`, `all_held`, `no_products`. */
export interface EmptyReason {
  code: 'unchanged_first' | 'unchanged' | 'none_since' | 'all_held' | 'no_products';
  message_en: string;
  message_zh: string;
}

function emptyReason(c: { unchanged: number; firstExport: boolean; held: number; since: string | null | undefined }): EmptyReason {
  const code: EmptyReason['code'] = c.unchanged > 0 ? (c.firstExport ? 'unchanged_first' : 'unchanged') : c.since ? 'none_since' : c.held > 0 ? 'all_held' : 'no_products';
  const params = { n: c.unchanged, since: c.since ?? '', held: c.held };
  return { code, message_en: tr(exportCatalog, 'en', `empty_${code}`, params), message_zh: tr(exportCatalog, 'zh', `empty_${code}`, params) };
}

/** Path of the held-rows report beside an output file. */
export function heldPathFor(path: string): string {
  return /\.[A-Za-z0-9]+$/.test(path) ? path.replace(/\.[A-Za-z0-9]+$/, '.held.csv') : `${path}.held.csv`;
}

function heldCsv(held: HeldRow[]): string {
  return toDelimited({
    header: ['sku', 'title', 'proposed_price', 'live_price', 'reason_code', 'reason_en', 'reason_zh'],
    rows: held.map((h) => [h.sku, h.title, h.proposedPrice, h.livePrice, h.reasons.map((r) => r.code).join(';'), h.reasons.map((r) => r.message_en).join(' '), h.reasons.map((r) => r.message_zh).join(' ')]),
    delimiter: ',',
  });
}

/** Runs an export against an open store. */
export async function runExport(db: Database.Database, req: ExportRequest): Promise<ExportResult> {
  const options: FormatOptions = { ...req.options };
  let remembered: ExportEncoding | undefined;
  if (req.format === 'csv' || req.format === 'xlsx') {
    if (req.mappingId !== undefined) ({ columns: options.columns, encoding: remembered } = getMapping(db, req.mappingId));
    else if (req.preset) {
      const p = MAPPING_PRESETS.find((m) => m.preset === req.preset);
      if (!p) throw new EngineError('user_error', both(exportCatalog, 'unknown_preset', { preset: req.preset, presets: MAPPING_PRESETS.map((m) => m.preset).join(', ') }), { preset: req.preset });
      options.columns = p.columns;
      remembered = p.encoding;
    }
  }
  // A mapping or preset remembers the encoding its marketplace reads, as the Export dialog applies it: a Taobao file
  // in plain UTF-8 shows its Chinese titles as mojibake in Chinese Excel and Taobao's seller tools.
  const encoding: ExportEncoding = req.encoding ?? (req.format === 'csv' ? remembered : undefined) ?? 'utf8';
  const target = exportTarget(req.format, req.mappingId, req.preset);
  const now = req.now ?? new Date().toISOString();
  const { rows, held, unchanged, firstExport } = collectRows(db, { target, onlyChanged: req.onlyChanged, since: req.since, now });
  // Shopify handles are told apart over the whole catalogue, so a partial export names products as a full one does.
  const catalog = req.format === 'shopify' ? productHandleKeys(db).map((p) => ({ ...p, attributes: parseAttributes(p.attributes) })) : rows;
  const table = layout(req.format, rows, options, catalog);
  const heldSkus = new Set(table.held.map((h) => h.sku));
  const sent = rows.filter((r) => !heldSkus.has(r.sku));
  // Each hold says its kind: not every one is a guardrail's (no eBay ItemID, a price in another currency, no price).
  const allHeld = [...held, ...table.held].map((h) => ({ ...h, kind: heldKind(h) }));
  const ids = { ...table, verbatim: new Set(rows.flatMap((r) => (r.parentSku ? [r.sku, r.parentSku] : [r.sku]))) };
  const bytes = req.format === 'xlsx' ? await toXlsx(ids, { sheetName: 'Prices', numericColumns: numberColumns(options) }) : encodeText(toDelimited({ ...ids, preamble: undefined }), encoding);
  // No row to write: the file still has its header (what `desk export --out` promises, and a marketplace reads as
  // nothing to change), and "Wrote 0 rows" did not say why; `empty` does (nothing changed since the last export there, ...).
  writeFileAtomic(req.path, bytes);
  const written = true;
  let heldPath: string | null = null;
  if (allHeld.length) {
    heldPath = heldPathFor(req.path);
    writeFileAtomic(heldPath, encodeText(heldCsv(allHeld), encoding === 'utf8' ? 'utf8-bom' : encoding));
  } else {
    // A report left by an earlier export to the same file would describe rows this one did not hold.
    rmSync(heldPathFor(req.path), { force: true });
  }
  const empty = table.rows.length > 0 ? null : emptyReason({ unchanged, firstExport, held: allHeld.length, since: req.since });
  const report = { target, empty: empty?.code, options: { ...options, columns: options.columns?.length }, held: allHeld.map((h) => ({ sku: h.sku, codes: h.reasons.map((r) => r.code) })) };
  // The run and what each product now shows on that marketplace are recorded together.
  const runId = db.transaction(() => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO export_runs (format, path, encoding, mapping_id, only_changed, since, rows_written, rows_held, held_path, status, report, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'succeeded', ?, ?)`,
        )
        .run(req.format, req.path, encoding, req.mappingId ?? null, req.onlyChanged ? 1 : 0, req.since ?? null, table.rows.length, allHeld.length, heldPath, JSON.stringify(report), now).lastInsertRowid,
    );
    recordExported(db, target, sent, id, now);
    return id;
  })();
  log.info({ format: req.format, path: req.path, rows: table.rows.length, held: allHeld.length }, 'export written');
  return { runId, target, targetName: targetName(db, req.format, req.mappingId, req.preset), format: req.format, path: req.path, encoding, rowsWritten: table.rows.length, rowsHeld: allHeld.length, held: allHeld, heldPath, written, empty, unchanged };
}
