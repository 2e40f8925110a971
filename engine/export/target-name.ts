/** Marketplace formats and export targets named in words ("CSV with a column mapping, Taobao preset"), never as the stored code ("csv#p:taobao"). */
import type Database from 'better-sqlite3';
import type { Lang } from '../i18n';
import type { ExportFormat, HeldKind, HeldRow } from './types';

/** The export formats: file extension and name in both languages. */
export const FORMAT_INFO = [
  { id: 'amazon', ext: 'txt', name_en: 'Amazon Price & Quantity (tab-delimited)', name_zh: '亚马逊价格与数量文件（制表符分隔）' },
  { id: 'shopify', ext: 'csv', name_en: 'Shopify product CSV (price update)', name_zh: 'Shopify 商品 CSV（价格更新）' },
  { id: 'ebay', ext: 'csv', name_en: 'eBay File Exchange (Revise)', name_zh: 'eBay File Exchange（修改）' },
  { id: 'woocommerce', ext: 'csv', name_en: 'WooCommerce product importer CSV', name_zh: 'WooCommerce 商品导入 CSV' },
  { id: 'csv', ext: 'csv', name_en: 'CSV with a column mapping', name_zh: '按列映射的 CSV' },
  { id: 'xlsx', ext: 'xlsx', name_en: 'Excel with a column mapping', name_zh: '按列映射的 Excel' },
] as const;

const PRESET_NAMES: Record<string, Record<Lang, string>> = {
  taobao: { en: 'Taobao preset', zh: '淘宝预设' },
  jd: { en: 'JD preset', zh: '京东预设' },
  pinduoduo: { en: 'Pinduoduo preset', zh: '拼多多预设' },
  other: { en: 'Other preset', zh: '其他平台预设' },
};

/** The marketplace an export went to, in both languages: the format's name, with its preset or saved mapping. */
export function targetName(db: Database.Database, format: ExportFormat, mappingId?: number, preset?: string): Record<Lang, string> {
  const info = FORMAT_INFO.find((f) => f.id === format);
  const base = { en: info?.name_en ?? format, zh: info?.name_zh ?? format };
  if (format !== 'csv' && format !== 'xlsx') return base;
  if (mappingId !== undefined) {
    const m = db.prepare('SELECT name FROM export_mappings WHERE id = ?').get(mappingId) as { name: string } | undefined;
    const name = m?.name ?? String(mappingId);
    return { en: `${base.en}, mapping “${name}”`, zh: `${base.zh}，映射“${name}”` };
  }
  const p = preset ? PRESET_NAMES[preset] : undefined;
  return p ? { en: `${base.en}, ${p.en}`, zh: `${base.zh}，${p.zh}` } : base;
}

/** The kind of one held row (from its reason codes: every code but the three below is a guardrail rule). */
export function heldKind(h: HeldRow): HeldKind {
  const codes = h.reasons.map((r) => r.code);
  for (const k of ['no_item_id', 'currency_mismatch', 'no_price'] as const) if (codes.includes(k)) return k;
  return 'guardrails';
}
