/** Bilingual messages of the export domain. */
import type { Catalog } from '../i18n';

/** Export message catalogue. */
export const exportCatalog: Catalog = {
  en: {
    no_price: 'No price is known for this product; row held back.',
    no_item_id: 'No eBay ItemID in the product attributes (ebay_item_id); row held back.',
    currency_mismatch: 'Not exported: the price is in {currency} but this eBay file is in {fileCurrency}; convert the price, or export for the eBay site that sells in {currency}.',
    guardrail: 'The price {price} breaks a guardrail; row held back.',
    clamped_low: 'Not exported: {price} is below the lowest price allowed now, {to} ({by}).',
    clamped_high: 'Not exported: {price} is above the highest price allowed now, {to} ({by}).',
    rounded: 'Not exported: {price} does not end in {ending}; the nearest allowed price is {to}.',
    bad_path: 'Cannot write the price list to {path}: use a file name ending in {ext}, inside the exports folder when the path is relative.',
    cli_written: '{n} {n|row|rows} written to {path} (marketplace: {target})',
    cli_held: '{n} {n|row|rows} held back by the guardrails (see {path}):',
    cli_more: '… and {n} more',
    unknown_preset: "Unknown preset '{preset}'. Presets: {presets}",
    mapping_exists: "A mapping named '{name}' already exists",
    no_mapping: 'No export mapping with id {id}',
  },
  zh: {
    no_price: '该商品没有价格，暂不导出。',
    no_item_id: '商品属性中没有 eBay ItemID（ebay_item_id），暂不导出。',
    currency_mismatch: '未导出：价格以 {currency} 计价，而此 eBay 文件的币种为 {fileCurrency}；请先换算价格，或导出到以 {currency} 销售的 eBay 站点。',
    guardrail: '价格 {price} 违反调价规则，暂不导出。',
    clamped_low: '未导出：{price} 低于当前允许的最低价 {to}（{by}）。',
    clamped_high: '未导出：{price} 高于当前允许的最高价 {to}（{by}）。',
    rounded: '未导出：{price} 的尾数不是 {ending}，最接近的允许价格为 {to}。',
    bad_path: '无法将价格文件写入 {path}：文件名须以 {ext} 结尾；相对路径须位于导出文件夹内。',
    cli_written: '已写入 {n} 行到 {path}（平台：{target}）',
    cli_held: '{n} 行被价格护栏拦下（见 {path}）：',
    cli_more: '……另有 {n} 行',
    unknown_preset: '未知的预设“{preset}”。可用预设：{presets}',
    mapping_exists: '已有名为“{name}”的映射',
    no_mapping: '没有编号为 {id} 的导出映射',
  },
};
