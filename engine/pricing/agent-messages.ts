/** Bilingual messages of the pricing agent: recommendation reasons, job phases, CLI text. */
import { tr, type Catalog, type Lang } from '../i18n';

/** Message catalogue of the pricing agent. */
export const agentCatalog: Catalog = {
  en: {
    phase_training: 'training',
    comp_above: 'The cheapest competitor is {gap}% above your price: room to raise it.',
    comp_below: 'The cheapest competitor is {gap}% below your price: a lower price wins back sales.',
    low_elasticity: 'Demand is not very price-sensitive (elasticity {e}): a higher price earns more margin.',
    high_elasticity: 'Demand is price-sensitive (elasticity {e}): a lower price sells enough more to pay off.',
    overstock: '{days} days of stock on hand: a lower price clears it faster.',
    low_stock: 'Only {days} days of stock left: a higher price avoids running out.',
    hold: 'The current price is already close to the best the model sees.',
    kept: 'Price kept: the current price is already close to the best the model sees.',
    kept_guardrails: 'Price kept: the model proposed {proposed} ({change}), but the guardrails allow no change now.',
    kept_margin: 'Price kept: the model proposed {proposed} ({change}), but over the next {days} days that price is expected to earn less margin than the current one.',
    held: 'Held back by the guardrails: {why}',
    no_agent: 'No trained agent for category {category}: one-step model used. Run `desk price train` first for better results.',
    phase_train: 'Training {category} ({i}/{n})',
    phase_eval: 'Evaluating markets',
    phase_recommend: 'Recommending prices',
    no_markets: 'No active products with a price to work on.',
    no_agents: 'No trained pricing agents for this store. Run `desk price train --store {store}` first.',
    no_category: "No active product with a price in category '{category}'. Categories: {list}.",
    no_agent_category: "No trained pricing agent for category '{category}'. Run `desk price train --store {store} --category {category}` first.",
    not_pending: 'Recommendation {id} is {status}; only pending ones can be decided.',
    edit_price: 'Recommendation {id}: action edit needs a price.',
    applied: 'Applied {n} {n|price|prices}; {held} held back by the guardrails.',
    policy_agent: 'Trained agent',
    policy_one_step: 'One-step fallback (no trained agent)',
    policy_one_step_damaged: 'One-step fallback (saved agent damaged)',
    policy_one_step_outdated: 'One-step fallback (agent trained by an older version)',
    policy_lookahead: 'Lookahead (beat the agent in training)',
    policy_clamped: '{policy}, clamped by the guardrails',
  },
  zh: {
    phase_training: '训练中',
    comp_above: '最低竞品价格比您高 {gap}%：有提价空间。',
    comp_below: '最低竞品价格比您低 {gap}%：降价可挽回销量。',
    low_elasticity: '需求对价格不太敏感（弹性 {e}）：提价可获得更高毛利。',
    high_elasticity: '需求对价格敏感（弹性 {e}）：降价带来的销量增长足以弥补。',
    overstock: '现有库存可售 {days} 天：降价可加快清库存。',
    low_stock: '库存仅够 {days} 天：提价可避免断货。',
    hold: '当前价格已接近模型认为的最佳价格。',
    kept: '保持现价：当前价格已接近模型认为的最佳价格。',
    kept_guardrails: '保持现价：模型建议 {proposed}（{change}），但价格护栏目前不允许调价。',
    kept_margin: '保持现价：模型建议 {proposed}（{change}），但预计未来 {days} 天按该价格的毛利低于现价。',
    held: '被价格护栏拦下：{why}',
    no_agent: '类目 {category} 没有已训练的智能体：改用单步模型。请先运行 `desk price train` 以获得更好的结果。',
    phase_train: '正在训练 {category}（{i}/{n}）',
    phase_eval: '正在评估市场',
    phase_recommend: '正在生成价格建议',
    no_markets: '没有可定价的在售商品。',
    no_agents: '此店铺还没有已训练的定价智能体。请先运行 `desk price train --store {store}`。',
    no_category: '类目“{category}”中没有有价格的在售商品。可选类目：{list}。',
    no_agent_category: '类目“{category}”还没有已训练的定价智能体。请先运行 `desk price train --store {store} --category {category}`。',
    not_pending: '建议 {id} 的状态为 {status}；只有待处理的建议可以审批。',
    edit_price: '建议 {id}：编辑操作需要提供价格。',
    applied: '已应用 {n} 个价格；{held} 个被价格护栏拦下。',
    policy_agent: '已训练的智能体',
    policy_one_step: '单步后备模型（没有已训练的智能体）',
    policy_one_step_damaged: '单步后备模型（已保存的智能体已损坏）',
    policy_one_step_outdated: '单步后备模型（智能体由旧版本训练）',
    policy_lookahead: '前瞻规划（训练中胜过智能体）',
    policy_clamped: '{policy}，已被价格护栏限制',
  },
};

/** A message in both languages. */
export function both(key: string, params: Record<string, unknown> = {}): { code: string; en: string; zh: string } {
  return { code: key, en: tr(agentCatalog, 'en', key, params), zh: tr(agentCatalog, 'zh', key, params) };
}

/** A message in one language. */
export function msg(lang: Lang, key: string, params: Record<string, unknown> = {}): string {
  return tr(agentCatalog, lang, key, params);
}

/** Which policy produced a recommendation: the trained agent, the lookahead controller the SKU's training chose over it, or the one-step fallback. */
export type PolicySource = 'agent' | 'lookahead' | 'one_step';

/**
 * Which policy produced a recommendation, in one language, and whether the guardrails clamped it; a one-step row says
 * why its category fell back where that was stored (`damaged`, `outdated`; otherwise: no trained agent).
 */
export function policyText(lang: Lang, source: PolicySource, clamped: boolean, fallback?: string | null): string {
  const oneStep = fallback === 'damaged' || fallback === 'outdated' ? `policy_one_step_${fallback}` : 'policy_one_step';
  const base = msg(lang, source === 'agent' ? 'policy_agent' : source === 'lookahead' ? 'policy_lookahead' : oneStep);
  return clamped ? msg(lang, 'policy_clamped', { policy: base }) : base;
}
