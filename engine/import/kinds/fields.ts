/** Shorthands for declaring the fields of an import kind. */
import type { FieldDef, FieldType } from '../types';

/** Declares a field: name, type, English and Chinese labels, header synonyms, and options. */
export function field(name: string, type: FieldType, en: string, zh: string, synonyms: readonly string[], opts: Partial<FieldDef> = {}): FieldDef {
  return { name, type, label: { en, zh }, synonyms, ...opts };
}

/** Header names that mean a product's SKU. */
export const SKU_SYNONYMS = ['sku', 'sku code', 'product code', 'item code', 'variant sku', 'seller sku', '商品编码', '货号', '商家编码', '商品货号', '编码', 'sku编码', '款号'];

/** The SKU field of kinds that refer to an existing product (staged as its product id). */
export const skuRef = (required = true): FieldDef => field('sku', 'sku', 'SKU', '商品编码', SKU_SYNONYMS, { required });

/** Header names that mean a date. */
export const DATE_SYNONYMS = ['date', 'day', 'snapshot date', 'as of', '日期', '统计日期', '时间'];
