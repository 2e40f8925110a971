/** Stock on hand per SKU, location and date; locations are created as they appear. */
import type Database from 'better-sqlite3';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import { importMessages } from '../messages';
import { mappedCols, STAGE, upsertPlan } from '../plan';
import type { KindDef, PlanContext } from '../types';
import { DATE_SYNONYMS, field, skuRef } from './fields';

/**
 * The location a file without a location column counts stock at, as a SQL literal: the store's only location ('main'
 * in a store that has none yet). A new 'main' beside the store's own warehouse would be summed with it, so every
 * count in such a file would add to the stock instead of replacing it. With several locations the file must say which.
 */
function defaultLocation(db: Database.Database, ctx: PlanContext): string {
  const codes = db.prepare('SELECT code FROM locations ORDER BY id').pluck().all() as string[];
  if (codes.length > 1) {
    const shown = codes.length > 8 ? `${codes.slice(0, 8).join(', ')}, …` : codes.join(', ');
    throw new EngineError('user_error', tr(importMessages, ctx.lang, 'no_location', { file: ctx.name, count: codes.length, codes: shown }), { locations: codes });
  }
  return `'${(codes[0] ?? 'main').replace(/'/g, "''")}'`;
}

/** The inventory import kind. */
export const inventoryKind: KindDef = {
  name: 'inventory',
  label: { en: 'Inventory', zh: '库存' },
  fields: [
    skuRef(),
    field('location', 'text', 'Location', '仓库', ['location', 'warehouse', 'store', 'site', 'location code', '仓库', '仓库编码', '库位', '门店'], { default: 'main', identifier: true }),
    field('date', 'date', 'Date', '日期', DATE_SYNONYMS, { required: true }),
    field('on_hand', 'number', 'On hand', '现有库存', ['on hand', 'stock', 'quantity', 'qty', 'inventory', 'available', '库存', '现有库存', '可用库存', '数量', '库存数量'], { required: true }),
    field('on_order', 'number', 'On order', '在途', ['on order', 'incoming', 'in transit', '在途', '在途库存', '采购在途'], { min: 0, default: 0 }),
  ],
  plan(mapped, _now, db, ctx) {
    const loc = mapped.includes('location') ? 's.location' : defaultLocation(db, ctx);
    return upsertPlan(this, mapped, {
      table: 'inventory',
      from: `${STAGE} s JOIN locations l ON l.code = ${loc}`,
      key: [['product_id', 's.sku'], ['location_id', 'l.id'], ['date', 's.date']],
      stageKey: mapped.includes('location') ? ['sku', 'location', 'date'] : ['sku', 'date'],
      cols: [['on_hand', 's.on_hand'], ...mappedCols(mapped, ['on_order'])],
      prepare: [`INSERT OR IGNORE INTO locations (code) SELECT DISTINCT ${loc} FROM ${STAGE} s`],
    });
  },
};
