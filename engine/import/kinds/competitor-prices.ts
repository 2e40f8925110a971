/** Competitors' prices per SKU, competitor and date. */
import { mappedCols, upsertPlan } from '../plan';
import type { KindDef } from '../types';
import { DATE_SYNONYMS, field, skuRef } from './fields';

/** The competitor-prices import kind. */
export const competitorPricesKind: KindDef = {
  name: 'competitor-prices',
  label: { en: 'Competitor prices', zh: '竞品价格' },
  fields: [
    skuRef(),
    field('competitor', 'text', 'Competitor', '竞争对手', ['competitor', 'rival', 'seller', 'shop', 'store name', '竞争对手', '竞品', '竞品店铺', '店铺'], { required: true, identifier: true }),
    field('date', 'date', 'Date', '日期', DATE_SYNONYMS, { required: true }),
    field('price', 'money', 'Price', '价格', ['price', 'competitor price', '价格', '售价', '竞品价格', '单价'], { required: true, min: 0 }),
    field('in_stock', 'bool', 'In stock', '有货', ['in stock', 'available', 'availability', 'stock status', '有货', '库存状态', '是否有货']),
    field('url', 'text', 'URL', '链接', ['url', 'link', 'page', '链接', '网址']),
  ],
  plan(mapped) {
    return upsertPlan(this, mapped, {
      table: 'competitor_prices',
      key: [['product_id', 's.sku'], ['competitor', 's.competitor'], ['date', 's.date']],
      cols: [['price', 's.price'], ...mappedCols(mapped, ['in_stock', 'url'])],
    });
  },
};
