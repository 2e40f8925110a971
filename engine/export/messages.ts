/** Bilingual messages of the export domain. */
import type { Catalog } from '../i18n';

/** Export message catalogue. */
export const exportCatalog: Catalog = {
  en: {
    no_price: 'No price is known for this product; row held back.',
    no_item_id: 'No eBay ItemID in the product attributes (ebay_item_id); row held back.',
    guardrail: 'The price {price} breaks a guardrail; row held back.',
    cli_written: '{n} row(s) written to {path} (marketplace: {target})',
    cli_held: '{n} row(s) held back by the guardrails (see {path}):',
    cli_more: '… and {n} more',
  },
  zh: {
    no_price: '该商品没有价格，暂不导出。',
    no_item_id: '商品属性中没有 eBay ItemID（ebay_item_id），暂不导出。',
    guardrail: '价格 {price} 违反调价规则，暂不导出。',
    cli_written: '已写入 {n} 行到 {path}（平台：{target}）',
    cli_held: '{n} 行被价格护栏拦下（见 {path}）：',
    cli_more: '……另有 {n} 行',
  },
};
