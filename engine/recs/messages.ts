/** Bilingual messages of the recommendations domain: reasons next to each item, fallbacks, CLI text. */
import type { Catalog } from '../i18n';

/** Recommendations message catalogue. */
export const recsCatalog: Catalog = {
  en: {
    reason_viewed: 'Viewed {title}',
    reason_carted: 'Put {title} in the cart',
    reason_bought: 'Bought {title}',
    reason_bought_with: 'Often bought with {title}',
    reason_similar_to: 'Similar to {title}',
    reason_popular: 'Popular right now',
    reason_new_like: 'New, like {title}',
    fallback_too_little_history: 'Too little history for the sequential model (needs {customers}+ customers with 3 events and {events}+ events); the baselines are used instead.',
    no_run: 'No recommendations yet: run training first (desk recs train --store FILE).',
    no_customer: "No customer '{id}' in this store.",
    no_product: "No product with SKU '{sku}' in this store.",
    bad_models: "Unknown model '{model}'; valid: {valid}.",
    need_source: 'desk recs evaluate: give --store FILE or --interactions FILE --format sasrec|csv.',
    need_columns: 'desk recs evaluate: a csv file needs --user COL and --item COL (--time COL recommended).',
    exported: 'Wrote {rows} recommendations for {customers} customers to {path}.',
    problems: 'Input: {lines} lines, {badLines} unreadable, {unknownUsers} without a user, {unknownItems} without an item, {duplicates} duplicates, {outOfOrder} out of time order, {emptyHistories} empty histories, {tooShort} users with fewer than 3 items (training only).',
  },
  zh: {
    reason_viewed: '浏览过 {title}',
    reason_carted: '把 {title} 加入过购物车',
    reason_bought: '购买过 {title}',
    reason_bought_with: '常与 {title} 一起购买',
    reason_similar_to: '与 {title} 相似',
    reason_popular: '近期热门',
    reason_new_like: '新品，类似 {title}',
    fallback_too_little_history: '历史数据太少，无法训练序列模型（需要至少 {customers} 位有 3 条行为的顾客和 {events} 条行为）；改用基线模型。',
    no_run: '尚无推荐结果：请先训练（desk recs train --store FILE）。',
    no_customer: '本店没有顾客“{id}”。',
    no_product: '本店没有 SKU 为“{sku}”的商品。',
    bad_models: '未知模型“{model}”；可用：{valid}。',
    need_source: 'desk recs evaluate：请提供 --store FILE 或 --interactions FILE --format sasrec|csv。',
    need_columns: 'desk recs evaluate：csv 文件需要 --user 列 和 --item 列（建议提供 --time 列）。',
    exported: '已为 {customers} 位顾客写出 {rows} 条推荐到 {path}。',
    problems: '输入：{lines} 行，{badLines} 行无法读取，{unknownUsers} 行缺少用户，{unknownItems} 行缺少商品，{duplicates} 行重复，{outOfOrder} 行时间顺序颠倒，{emptyHistories} 个空历史，{tooShort} 个用户少于 3 条（仅用于训练）。',
  },
};
