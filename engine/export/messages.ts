/** Bilingual messages of the export domain. */
import type { Catalog } from '../i18n';

/** Export message catalogue. */
export const exportCatalog: Catalog = {
  en: {
    no_price: 'No price is known for this product; row held back.',
    no_item_id: 'No eBay ItemID in the product attributes (ebay_item_id); row held back.',
    guardrail: 'The price {price} breaks a guardrail; row held back.',
  },
  zh: {
    no_price: '该商品没有价格，暂不导出。',
    no_item_id: '商品属性中没有 eBay ItemID（ebay_item_id），暂不导出。',
    guardrail: '价格 {price} 违反调价规则，暂不导出。',
  },
};
