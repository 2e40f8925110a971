/** Bilingual messages of the recommendations domain: reasons next to each item, fallbacks, CLI text. */
import { tr, type Catalog, type Lang } from '../i18n';

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
    items_need_interactions: 'desk recs evaluate: --items FILE goes with --interactions FILE (a store has its own product titles).',
    items_file: 'Items file: {rows} rows; {matched} of {items} items have text, {withoutText} without (learned from behaviour alone); {unknown} rows name no item of the interactions, {duplicates} repeat an id (first kept).',
    exported: 'Wrote {rows} recommendations for {customers} customers to {path}.',
    tail_form_discount: 'popularity discount',
    tail_form_lift: 'tail lift',
    tail_form_personal: 'personal tail lift',
    tail_form_prob: 'personal tail lift by likelihood',
    tail_choice: '{model}: tail control {form}, γ {gamma} (chosen on the validation item: tail share {validTail}% vs {validPlain}% at {validLoss}% NDCG@10 loss); test item: tail share {testTail}% vs {testPlain}%, NDCG@10 {testNdcg} vs {testPlainNdcg} ({testLoss}% loss).',
    phase_als: 'Matrix factorisation (ALS)',
    phase_ease: 'EASE',
    phase_sasrec: 'Transformer: epoch {epoch} of {epochs}',
    phase_sasrec_members: 'Transformers {members} of {k}, side by side: epoch {epoch} of {epochs}',
    phase_sasrec_member: 'Transformer {members} of {k}: epoch {epoch} of {epochs}',
    model_pop: 'Best sellers',
    'model_recent-pop': 'Recent best sellers',
    model_cooc: 'Viewed together',
    model_als: 'Matrix factorisation (ALS)',
    model_ease: 'Item model (EASE)',
    model_sasrec: 'Sequence transformer',
    model_hybrid: 'Transformer + viewed together',
    phase_model: '{model}: training (model {index} of {count})',
    phase_scoring: '{model}: measuring on each customer\'s held-out items (model {index} of {count})',
    eval_training: 'training',
    eval_scoring: 'trained in {seconds} s; scoring the validation and test items',
    eval_done: '{label}: done in {seconds} s, NDCG@10 {ndcg} on the test item',
    eval_failed: '{label}: could not run (reason in the results)',
    eval_summary: '{users} users, {items} items, {interactions} interactions; protocol {protocol}',
    col_model: 'model',
    col_cover: 'cover@10',
    col_tail: 'tail',
    col_train: 'train s',
    col_new: 'NDCG new',
    repeats_note: '{share}% of the held-out items were already in the customer\'s history (a viewed item bought); lists never show those, so "NDCG new" scores the other {users} customers only.',
    row_skipped: 'skipped: {reason}',
    tail_step: 'tail control ({form}) γ={gamma}: NDCG@10 {ndcg}, tail share {tail}% (validation item)',
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
    items_need_interactions: 'desk recs evaluate：--items 文件需与 --interactions 文件一起使用（店铺已有自己的商品标题）。',
    items_file: '商品文件：{rows} 行；{items} 个商品中 {matched} 个有文本，{withoutText} 个没有（仅从行为学习）；{unknown} 行的编号不在交互数据中，{duplicates} 行编号重复（保留第一行）。',
    exported: '已为 {customers} 位顾客写出 {rows} 条推荐到 {path}。',
    tail_form_discount: '热度折扣',
    tail_form_lift: '长尾提升',
    tail_form_personal: '个性化长尾提升',
    tail_form_prob: '按概率的个性化长尾提升',
    tail_choice: '{model}：长尾调节采用{form}，γ {gamma}（在验证项上选定：长尾占比 {validTail}%，不调节为 {validPlain}%，NDCG@10 损失 {validLoss}%）；测试项：长尾占比 {testTail}%（不调节 {testPlain}%），NDCG@10 {testNdcg}（不调节 {testPlainNdcg}，损失 {testLoss}%）。',
    phase_als: '矩阵分解（ALS）',
    phase_ease: 'EASE 线性模型',
    phase_sasrec: '序列 Transformer：第 {epoch}/{epochs} 轮',
    phase_sasrec_members: '序列 Transformer 第 {members} 个（共 {k} 个，并行训练）：第 {epoch}/{epochs} 轮',
    phase_sasrec_member: '序列 Transformer 第 {members} 个（共 {k} 个）：第 {epoch}/{epochs} 轮',
    model_pop: '畅销榜',
    'model_recent-pop': '近期畅销',
    model_cooc: '常一起浏览',
    model_als: '矩阵分解（ALS）',
    model_ease: '商品模型（EASE）',
    model_sasrec: '序列 Transformer',
    model_hybrid: '序列 Transformer + 一起浏览',
    phase_model: '{model}：训练中（第 {index}/{count} 个模型）',
    phase_scoring: '{model}：用每位顾客留出的商品评估中（第 {index}/{count} 个模型）',
    eval_training: '训练中',
    eval_scoring: '已训练 {seconds} 秒；正在为验证项和测试项打分',
    eval_done: '{label}：完成，用时 {seconds} 秒，测试项 NDCG@10 {ndcg}',
    eval_failed: '{label}：无法运行（原因见结果）',
    eval_summary: '{users} 位用户，{items} 个商品，{interactions} 条交互；评测协议 {protocol}',
    col_model: '模型',
    col_cover: '覆盖率@10',
    col_tail: '长尾',
    col_train: '训练秒',
    col_new: '新品 NDCG',
    repeats_note: '留出的商品中有 {share}% 已在顾客的历史里（例如浏览后购买）；推荐列表从不展示这些商品，因此“新品 NDCG”只计其余 {users} 位顾客。',
    row_skipped: '已跳过：{reason}',
    tail_step: '长尾调节（{form}）γ={gamma}：NDCG@10 {ndcg}，长尾占比 {tail}%（验证项）',
    problems: '输入：{lines} 行，{badLines} 行无法读取，{unknownUsers} 行缺少用户，{unknownItems} 行缺少商品，{duplicates} 行重复，{outOfOrder} 行时间顺序颠倒，{emptyHistories} 个空历史，{tooShort} 个用户少于 3 条（仅用于训练）。',
  },
};

/**
 * A training phase as the models report it ('als', 'ease', 'epoch 3/20', '[1+2/3] epoch 3/20': the Transformer members
 * training at the moment, of k) in the job's language, for the progress line under the Train button. Anything else is
 * returned as it is.
 */
export function recsPhase(lang: Lang, phase: string): string {
  if (phase === 'als' || phase === 'ease') return tr(recsCatalog, lang, `phase_${phase}`);
  // A model starting or being measured (run-progress.ts modelPhase): `model:NAME:i/n`, `scoring:NAME:i/n`.
  const s = /^(model|scoring):([a-z-]+):(\d+)\/(\d+)$/.exec(phase);
  if (s) return tr(recsCatalog, lang, `phase_${s[1]}`, { model: tr(recsCatalog, lang, `model_${s[2]}`), index: s[3], count: s[4] });
  const m = /^(?:\[([\d+]+)\/(\d+)\] )?epoch (\d+)\/(\d+)$/.exec(phase);
  if (!m) return phase;
  const [, running, k, epoch, epochs] = m;
  if (!running) return tr(recsCatalog, lang, 'phase_sasrec', { epoch, epochs });
  const ids = running.split('+');
  const members = ids.length === 1 ? ids[0] : lang === 'zh' ? ids.join('、') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
  return tr(recsCatalog, lang, ids.length > 1 ? 'phase_sasrec_members' : 'phase_sasrec_member', { members, k, epoch, epochs });
}
