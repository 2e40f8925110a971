/** Reading and acting on recommendations: list with explanations, approve/reject/edit, apply through the guardrails, price curves, competitor history. */
import type Database from 'better-sqlite3';
import { both, EngineError } from '../errors';
import { apiMessages } from '../messages';
import type { Lang } from '../i18n';
import { msg, policyText, type PolicySource } from './agent-messages';
import { calibrateMarkets } from './calibrate';
import { changeState } from './change-state';
import { applyGuardrails, rulesFor } from './guardrails';
import { expectedDemand, initialCompetitors } from './simulator';

/** A recommendation as the UI and CLI show it. */
export interface RecommendationView {
  id: number;
  productId: number;
  sku: string;
  title: string | null;
  category: string | null;
  /** ISO currency of every price and amount of the row (the product's). */
  currency: string;
  /** The product's price when the recommendation was made (what `changePct` and the expected effects compare against). */
  currentPrice: number;
  /** The product's price now: after the recommendation is applied, the applied price. */
  priceNow: number;
  recommendedPrice: number | null;
  finalPrice: number | null;
  status: string;
  changePct: number | null;
  expected: { units: number | null; revenue: number | null; margin: number | null };
  interval: { units?: number[]; revenue?: number[]; margin?: number[]; days?: number; level?: number };
  reason: string;
  reasonEn: string;
  reasonZh: string;
  policy: string | null;
  /** Which policy produced it: the trained agent or the one-step fallback (older rows without the field: null). */
  source: PolicySource | null;
  /** The guardrails moved or held the proposed price. */
  clamped: boolean;
  /** `source` and `clamped` in words, in the asked language and in both. */
  policyLabel: string;
  policyLabelEn: string;
  policyLabelZh: string;
  guardrails: string[];
  /** Status `held`: why Apply held the price (the guardrail rules it broke), in the asked language and in both; else empty. */
  heldReasons: string[];
  heldReasonsEn: string[];
  heldReasonsZh: string[];
  createdAt: string;
}

interface RecRow {
  id: number; product_id: number; sku: string; title_en: string | null; title_zh: string | null; category: string | null; currency: string;
  current_price: number; price_now: number | null; recommended_price: number | null; final_price: number | null; status: string;
  expected_units_delta: number | null; expected_revenue_delta: number | null; expected_margin_delta: number | null;
  interval: string; reason: string | null; created_at: string;
}

/** Recommendations, newest first (optionally by status), with the reason in the asked language. */
export function listRecommendations(db: Database.Database, lang: Lang, opts: { status?: string; limit?: number; sku?: string } = {}): RecommendationView[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (opts.status) {
    where.push('r.status = ?');
    args.push(opts.status);
  }
  if (opts.sku) {
    where.push('p.sku = ?');
    args.push(opts.sku);
  }
  args.push(opts.limit ?? 500);
  const rows = db.prepare(`SELECT r.*, p.sku, p.title_en, p.title_zh, p.category, p.currency, p.price AS price_now FROM price_recommendations r JOIN products p ON p.id = r.product_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.created_at DESC, r.id LIMIT ?`).all(...args) as RecRow[];
  return rows.map((r) => {
    const reason = (r.reason ? JSON.parse(r.reason) : {}) as { en?: string; zh?: string; policy?: string; fallback?: string; clamped?: boolean; guardrails?: { message_en: string; message_zh: string }[]; held?: { message_en: string; message_zh: string }[] };
    const source: PolicySource | null = reason.policy === 'agent' || reason.policy === 'lookahead' ? reason.policy : reason.policy ? 'one_step' : null;
    // Rows written before `clamped` was stored: a held row was clamped; a moved one cannot be told.
    const clamped = reason.clamped ?? r.status === 'held';
    const label = (l: Lang): string => (source ? policyText(l, source, clamped, reason.fallback) : '');
    return {
      id: r.id, productId: r.product_id, sku: r.sku, title: lang === 'zh' ? r.title_zh ?? r.title_en : r.title_en ?? r.title_zh, category: r.category, currency: r.currency,
      currentPrice: r.current_price, priceNow: r.price_now ?? r.current_price, recommendedPrice: r.recommended_price, finalPrice: r.final_price, status: r.status,
      changePct: r.recommended_price === null ? null : (100 * (r.recommended_price - r.current_price)) / r.current_price,
      expected: { units: r.expected_units_delta, revenue: r.expected_revenue_delta, margin: r.expected_margin_delta },
      interval: JSON.parse(r.interval) as RecommendationView['interval'],
      reason: (lang === 'zh' ? reason.zh : reason.en) ?? '', reasonEn: reason.en ?? '', reasonZh: reason.zh ?? '',
      policy: reason.policy ?? null,
      source, clamped, policyLabel: label(lang), policyLabelEn: label('en'), policyLabelZh: label('zh'),
      guardrails: (reason.guardrails ?? []).map((g) => (lang === 'zh' ? g.message_zh : g.message_en)),
      // Only while held: approved again and applied, the row is no longer held for that reason.
      ...heldWhy(r.status === 'held' ? reason.held ?? [] : [], lang),
      createdAt: r.created_at,
    };
  });
}

function heldWhy(held: { message_en: string; message_zh: string }[], lang: Lang): Pick<RecommendationView, 'heldReasons' | 'heldReasonsEn' | 'heldReasonsZh'> {
  const en = held.map((h) => h.message_en);
  const zh = held.map((h) => h.message_zh);
  return { heldReasons: lang === 'zh' ? zh : en, heldReasonsEn: en, heldReasonsZh: zh };
}

/** Approves, rejects or edits pending recommendations in one transaction; returns how many changed. */
export function decideRecommendations(db: Database.Database, lang: Lang, ids: number[], action: 'approve' | 'reject' | 'edit', price?: number): { updated: number } {
  const get = db.prepare('SELECT id, status, recommended_price FROM price_recommendations WHERE id = ?');
  const upd = db.prepare('UPDATE price_recommendations SET status = ?, final_price = ?, decided_at = ? WHERE id = ?');
  const now = new Date().toISOString();
  return db.transaction(() => {
    let updated = 0;
    for (const id of ids) {
      const r = get.get(id) as { id: number; status: string; recommended_price: number | null } | undefined;
      if (!r) throw new EngineError('not_found', both(apiMessages, 'no_recommendation', { id }), { id });
      if (!['pending', 'approved', 'edited', 'held'].includes(r.status)) throw new EngineError('user_error', msg(lang, 'not_pending', { id, status: r.status }), { id });
      if (action === 'edit' && (price === undefined || !(price > 0))) throw new EngineError('user_error', msg(lang, 'edit_price', { id }), { id });
      if (action === 'approve' && r.recommended_price === null) throw new EngineError('user_error', msg(lang, 'not_pending', { id, status: r.status }), { id });
      const status = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'edited';
      upd.run(status, action === 'approve' ? r.recommended_price : action === 'edit' ? price : null, now, id);
      updated++;
    }
    return { updated };
  })();
}

/** Writes approved and edited prices to products and price_history (source 'pricing'), each through the guardrails again. */
export function applyApproved(db: Database.Database, lang: Lang, ids?: number[]): { applied: number; held: number; message: string; details: { id: number; sku: string; price: number | null; reasons: string[] }[] } {
  const rows = db.prepare(`SELECT r.id, r.product_id, r.final_price, p.sku, p.price, p.cost FROM price_recommendations r JOIN products p ON p.id = r.product_id
    WHERE r.status IN ('approved', 'edited') AND r.final_price IS NOT NULL`).all() as { id: number; product_id: number; final_price: number; sku: string; price: number; cost: number | null }[];
  const wanted = ids ? rows.filter((r) => ids.includes(r.id)) : rows;
  const now = new Date().toISOString();
  const details: { id: number; sku: string; price: number | null; reasons: string[] }[] = [];
  db.transaction(() => {
    for (const r of wanted) {
      // The day limit counts from the price the day opened with, not from an earlier change today.
      const g = applyGuardrails(r.final_price, rulesFor(db, r.product_id), { cost: r.cost ?? 0, currentPrice: r.price, ...changeState(db, r.product_id, r.price, now), now });
      const reasons = g.reasons.map((x) => (lang === 'zh' ? x.message_zh : x.message_en));
      if (g.price === null) {
        // Why it was held is kept with the row (in both languages): the row went on showing the recommendation's reason.
        const why = g.reasons.map((x) => ({ code: x.code, message_en: x.message_en, message_zh: x.message_zh }));
        db.prepare(`UPDATE price_recommendations SET status = 'held', reason = json_set(CASE WHEN json_valid(reason) THEN reason ELSE '{}' END, '$.held', json(?)) WHERE id = ?`).run(JSON.stringify(why), r.id);
        details.push({ id: r.id, sku: r.sku, price: null, reasons });
        continue;
      }
      db.prepare('UPDATE products SET price = ?, updated_at = ? WHERE id = ?').run(g.price, now, r.product_id);
      db.prepare(`INSERT INTO price_history (product_id, effective_at, price, source, note) VALUES (?, ?, ?, 'pricing', ?)
        ON CONFLICT (product_id, effective_at) DO UPDATE SET price = excluded.price, source = 'pricing', note = excluded.note`).run(r.product_id, now, g.price, `recommendation ${r.id}`);
      db.prepare(`UPDATE price_recommendations SET status = 'applied', final_price = ?, applied_at = ? WHERE id = ?`).run(g.price, now, r.id);
      details.push({ id: r.id, sku: r.sku, price: g.price, reasons });
    }
  })();
  const applied = details.filter((d) => d.price !== null).length;
  const held = details.length - applied;
  return { applied, held, message: msg(lang, 'applied', { n: applied, held }), details };
}

/** Expected daily demand, revenue and margin against price for one SKU (next day's conditions), with current and recommended prices. */
export function priceCurve(db: Database.Database, sku: string, points = 41): { sku: string; currency: string; current: number; recommended: number | null; cost: number; points: { price: number; units: number; revenue: number; margin: number }[] } {
  const m = calibrateMarkets(db, { sku })[0];
  if (!m) throw new EngineError('not_found', both(apiMessages, 'no_priced_product', { sku }), { sku });
  const s = m.scenario;
  const cmin = s.competitors.length ? Math.min(...initialCompetitors(s)) : s.price.ref;
  const lo = s.price.min;
  const hi = s.price.max;
  const out = Array.from({ length: points }, (_, i) => {
    const price = lo + ((hi - lo) * i) / (points - 1);
    const units = expectedDemand(s, 0, price, cmin);
    return { price, units, revenue: units * price, margin: units * (price - m.cost) };
  });
  const rec = db.prepare(`SELECT recommended_price AS p FROM price_recommendations WHERE product_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`).get(m.productId) as { p: number | null } | undefined;
  // The product's currency: the chart assumed CNY, so a dollar product's curve read in yuan.
  const { currency } = db.prepare('SELECT currency FROM products WHERE id = ?').get(m.productId) as { currency: string };
  return { sku, currency, current: m.price, recommended: rec?.p ?? null, cost: m.cost, points: out };
}

/** Competitor prices of one SKU over time, with our own price history. */
export function competitorHistory(db: Database.Database, sku: string, days = 120): { sku: string; currency: string; competitors: { name: string; points: { date: string; price: number }[] }[]; own: { date: string; price: number }[] } {
  const p = db.prepare('SELECT id, currency FROM products WHERE sku = ?').get(sku) as { id: number; currency: string } | undefined;
  if (!p) throw new EngineError('not_found', both(apiMessages, 'no_product', { sku }), { sku });
  const rows = db.prepare(`SELECT competitor, date, price FROM competitor_prices WHERE product_id = ? AND date >= date((SELECT MAX(date) FROM competitor_prices WHERE product_id = ?), ?) ORDER BY date`)
    .all(p.id, p.id, `-${days} days`) as { competitor: string; date: string; price: number }[];
  const by = new Map<string, { date: string; price: number }[]>();
  for (const r of rows) by.set(r.competitor, [...(by.get(r.competitor) ?? []), { date: r.date, price: r.price }]);
  const own = db.prepare('SELECT substr(effective_at, 1, 10) AS date, price FROM price_history WHERE product_id = ? ORDER BY effective_at').all(p.id) as { date: string; price: number }[];
  // Competitor prices are recorded in the product's currency (as its own prices).
  return { sku, currency: p.currency, competitors: [...by.entries()].map(([name, points]) => ({ name, points })), own };
}
