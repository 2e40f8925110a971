/** Stock on hand per SKU, location and date; locations are created as they appear. */
import { mappedCols, STAGE, upsertPlan } from '../plan';
import type { KindDef } from '../types';
import { DATE_SYNONYMS, field, skuRef } from './fields';

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
  plan(mapped) {
    const loc = mapped.includes('location') ? 's.location' : "'main'";
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
