/** Saved column mappings for csv/xlsx exports, and editable presets for Chinese marketplaces. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { both, EngineError } from '../errors';
import { exportCatalog } from './messages';
import { EXPORT_ENCODINGS, EXPORT_FIELDS, type ExportEncoding, type MappedColumn } from './types';

/** A mapping as the UI shows it (presets have id null). */
export interface ExportMapping {
  id: number | null;
  name: string;
  format: 'csv' | 'xlsx';
  preset: string | null;
  columns: MappedColumn[];
  encoding: ExportEncoding;
  /** True for built-in starting points; not official marketplace templates. */
  builtIn: boolean;
}

/** Starting points a merchant can copy and edit; column names follow common seller-centre exports, not official templates. */
export const MAPPING_PRESETS: ExportMapping[] = [
  {
    id: null, name: 'Taobao / 淘宝 (preset)', format: 'csv', preset: 'taobao', encoding: 'gb18030', builtIn: true,
    columns: [{ column: '宝贝标题', field: 'title_zh' }, { column: '商家编码', field: 'sku' }, { column: '价格', field: 'price' }, { column: '数量', field: 'quantity' }],
  },
  {
    id: null, name: 'JD / 京东 (preset)', format: 'xlsx', preset: 'jd', encoding: 'utf8', builtIn: true,
    columns: [{ column: '商品编号', field: 'sku' }, { column: '商品名称', field: 'title_zh' }, { column: '京东价', field: 'price' }, { column: '库存', field: 'quantity' }],
  },
  {
    id: null, name: 'Pinduoduo / 拼多多 (preset)', format: 'xlsx', preset: 'pinduoduo', encoding: 'utf8', builtIn: true,
    columns: [{ column: 'SKU编码', field: 'sku' }, { column: '商品标题', field: 'title_zh' }, { column: '拼单价', field: 'price' }, { column: '库存', field: 'quantity' }],
  },
  {
    id: null, name: 'Other (preset)', format: 'csv', preset: 'other', encoding: 'utf8-bom', builtIn: true,
    columns: [{ column: 'sku', field: 'sku' }, { column: 'title', field: 'title_en' }, { column: 'price', field: 'price' }, { column: 'currency', field: 'currency' }, { column: 'quantity', field: 'quantity' }],
  },
];

/** Input schema of a mapping to save. */
export const mappingInput = z.object({
  id: z.number().int().positive().optional(),
  name: z.string().min(1).max(100),
  format: z.enum(['csv', 'xlsx']),
  preset: z.string().max(40).nullable().default(null),
  columns: z.array(z.object({ column: z.string().min(1).max(100), field: z.enum(EXPORT_FIELDS) })).min(1).max(50),
  encoding: z.enum(EXPORT_ENCODINGS).default('utf8'),
});

type Row = { id: number; name: string; format: 'csv' | 'xlsx'; preset: string | null; columns: string; encoding: ExportEncoding };

function fromRow(r: Row): ExportMapping {
  return { id: r.id, name: r.name, format: r.format, preset: r.preset, columns: JSON.parse(r.columns) as MappedColumn[], encoding: r.encoding, builtIn: false };
}

/** Saves a new mapping or updates one by id; returns it. */
export function saveMapping(db: Database.Database, input: z.output<typeof mappingInput>): ExportMapping {
  const now = new Date().toISOString();
  const cols = JSON.stringify(input.columns);
  const clash = db.prepare('SELECT id FROM export_mappings WHERE name = ?').get(input.name) as { id: number } | undefined;
  if (clash && clash.id !== input.id) throw new EngineError('conflict', both(exportCatalog, 'mapping_exists', { name: input.name }), { name: input.name });
  let id = input.id;
  if (id) {
    const r = db.prepare('UPDATE export_mappings SET name = ?, format = ?, preset = ?, columns = ?, encoding = ?, updated_at = ? WHERE id = ?').run(input.name, input.format, input.preset, cols, input.encoding, now, id);
    if (!r.changes) throw new EngineError('not_found', both(exportCatalog, 'no_mapping', { id }), { id });
  } else {
    id = Number(db.prepare('INSERT INTO export_mappings (name, format, preset, columns, encoding, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(input.name, input.format, input.preset, cols, input.encoding, now, now).lastInsertRowid);
  }
  return getMapping(db, id);
}

/** One saved mapping or a not_found error. */
export function getMapping(db: Database.Database, id: number): ExportMapping {
  const r = db.prepare('SELECT id, name, format, preset, columns, encoding FROM export_mappings WHERE id = ?').get(id) as Row | undefined;
  if (!r) throw new EngineError('not_found', both(exportCatalog, 'no_mapping', { id }), { id });
  return fromRow(r);
}

/** Saved mappings (by name) followed by the built-in presets. */
export function listMappings(db: Database.Database): ExportMapping[] {
  const rows = db.prepare('SELECT id, name, format, preset, columns, encoding FROM export_mappings ORDER BY name').all() as Row[];
  return [...rows.map(fromRow), ...MAPPING_PRESETS];
}
