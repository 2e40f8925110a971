/** Daily units and revenue per SKU for shops without order-level data (stored with source 'import'). */
import { mappedCols, upsertPlan } from '../plan';
import type { KindDef } from '../types';
import { DATE_SYNONYMS, field, skuRef } from './fields';

/** The daily-sales import kind. */
export const dailySalesKind: KindDef = {
  name: 'daily-sales',
  label: { en: 'Daily sales', zh: '每日销量' },
  fields: [
    skuRef(),
    field('date', 'date', 'Date', '日期', DATE_SYNONYMS, { required: true }),
    field('units', 'number', 'Units sold', '销量', ['units', 'quantity', 'qty', 'units sold', 'sales units', 'sold', '销量', '数量', '件数', '销售数量'], { required: true, min: 0 }),
    field('revenue', 'money', 'Revenue', '销售额', ['revenue', 'sales', 'amount', 'gmv', 'sales amount', '销售额', '金额', '成交金额', '营业额'], { default: 0 }),
    field('order_count', 'int', 'Orders', '订单数', ['orders', 'order count', 'number of orders', '订单数', '订单量', '单量'], { min: 0, default: 0 }),
    field('stockout', 'bool', 'Out of stock', '缺货', ['stockout', 'out of stock', 'oos', '缺货', '断货'], { default: 0 }),
  ],
  plan(mapped) {
    return upsertPlan(this, mapped, {
      table: 'daily_sales',
      key: [['product_id', 's.sku'], ['date', 's.date']],
      cols: [...mappedCols(mapped, ['units', 'revenue', 'order_count', 'stockout']), ['source', "'import'"]],
    });
  },
};
