/** Price recommendations for the store's SKUs: the category agent's move, passed through the guardrails, with expected effects simulated over many noise draws. */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { agentPolicy, loadAgent } from './agent';
import { both } from './agent-messages';
import { both as bothLangs, EngineError } from '../errors';
import { apiMessages } from '../messages';
import { agentFile, damagedAgent, fallbackReason, readAgent, usesLookahead, weightsFor, type FallbackReason, type SavedAgent } from './agent-store';
import { lookaheadPolicy } from './policies/lookahead';
import type { DamagedArtefact } from '../fs/damaged';
import { myopicPolicy } from './baselines';
import { calibrateMarkets, type SkuMarket } from './calibrate';
import { changeState } from './change-state';
import { applyGuardrails, minorUnits, type GuardrailResult } from './guardrails';
import type { Policy } from './policy';
import type { Scenario } from './scenario';
import { Market } from './simulator';
import type { Dqn } from '../../models/pricing/dqn';

/** Expected effect of a price over the next days versus keeping the current one: mean and 90% interval. */
export interface Effect {
  units: [number, number, number];
  revenue: [number, number, number];
  margin: [number, number, number];
}

function pct(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

/** Simulates `draws` noise draws of `days` days at `price` and at the current price (same noise), returning the differences. */
export function simulateEffect(s: Scenario, current: number, price: number, days = 7, draws = 200): Effect {
  const sc: Scenario = { ...s, horizon: days, price: { ...s.price, start: current } };
  const d = { units: [] as number[], revenue: [] as number[], margin: [] as number[] };
  for (let k = 0; k < draws; k++) {
    const a = new Market(sc, k + 1);
    const b = new Market(sc, k + 1);
    let du = 0;
    let dr = 0;
    let dm = 0;
    while (!a.done) {
      const x = a.step(price);
      const y = b.step(current);
      du += x.sold - y.sold;
      dr += x.revenue - y.revenue;
      dm += x.margin - y.margin;
    }
    d.units.push(du);
    d.revenue.push(dr);
    d.margin.push(dm);
  }
  const summary = (xs: number[]): [number, number, number] => {
    const s2 = [...xs].sort((p, q) => p - q);
    return [xs.reduce((p, q) => p + q, 0) / xs.length, pct(s2, 0.05), pct(s2, 0.95)];
  };
  return { units: summary(d.units), revenue: summary(d.revenue), margin: summary(d.margin) };
}

/** A price in the currency's minor units and its change from `from`, as the reasons print them ("237.27", "-5.0%"). */
function proposal(price: number, from: number, currency: string): { proposed: string; change: string } {
  const pct = 100 * (price / from - 1);
  return { proposed: price.toFixed(Math.round(Math.log10(minorUnits(currency)))), change: `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%` };
}

/** The reason for keeping the current price although the policy proposed `proposed`: a move expected to lose margin over `days` days. */
export function keptForMargin(m: SkuMarket, proposed: number, days: number): { code: string; en: string; zh: string } {
  return both('kept_margin', { ...proposal(proposed, m.price, m.rules.currency), days });
}

/** The main reason for a move, or for keeping the price, in both languages. */
export function explain(m: SkuMarket, proposed: number, g: GuardrailResult): { code: string; en: string; zh: string } {
  if (g.price === null) {
    const r = g.reasons[g.reasons.length - 1];
    return { code: 'held', en: both('held', { why: r?.message_en ?? '' }).en, zh: both('held', { why: r?.message_zh ?? '' }).zh };
  }
  // An unchanged price says it is kept, and why: never the case for a move the guardrails (or rounding) undid.
  const unit = minorUnits(m.rules.currency);
  if (Math.round(g.price * unit) === Math.round(m.price * unit)) {
    return Math.abs(proposed / m.price - 1) < 0.005 ? both('kept') : both('kept_guardrails', proposal(proposed, m.price, m.rules.currency));
  }
  const mk = new Market(m.scenario, 0);
  const move = g.price / m.price - 1;
  const gap = Math.round(((mk.compMin - m.price) / m.price) * 100);
  const cover = Math.round(mk.onHand / Math.max(0.01, m.scenario.demand.baseUnits));
  const e = m.scenario.demand.elasticity.toFixed(1);
  if (Math.abs(move) < 0.005) return both('hold');
  if (move > 0) {
    if (m.scenario.competitors.length && gap >= 3) return both('comp_above', { gap });
    if (cover < m.scenario.inventory.leadTimeDays + 3) return both('low_stock', { days: cover });
    return both('low_elasticity', { e });
  }
  if (m.scenario.competitors.length && gap <= -3) return both('comp_below', { gap: -gap });
  if (cover > 60) return both('overstock', { days: cover });
  return both('high_elasticity', { e });
}

/** Whether the guardrails clamped a proposal: they held the price or say why they moved it (rounding to the currency unit alone is not a clamp). */
export function clampedBy(g: GuardrailResult): boolean {
  return g.price === null || g.reasons.length > 0;
}

/** One recommendation as stored. */
export interface RecommendationRow {
  productId: number;
  sku: string;
  currentPrice: number;
  recommendedPrice: number | null;
  policy: string;
  /** Why the one-step fallback priced this SKU; null when the category's agent did. */
  fallback: FallbackReason | null;
  /** The guardrails moved or held the policy's proposed price. */
  clamped: boolean;
  effect: Effect;
  reason: { code: string; en: string; zh: string };
  guardrails: { code: string; message_en: string; message_zh: string }[];
}

/** Why a category's SKUs were priced by the one-step fallback (see agent-store.ts). */
export type { FallbackReason };

/** One category of a recommendation run and the policy that priced its SKUs (`one_step`: none of them got the agent). */
export interface CategoryPolicy {
  category: string;
  policy: 'agent' | 'one_step';
  /** Why the fallback priced some of its SKUs; null when the trained agent priced them all. */
  reason: FallbackReason | null;
  skus: number;
  /** SKUs priced by the trained network, by the lookahead controller their training chose, and by the one-step fallback. */
  agentSkus: number;
  lookaheadSkus: number;
  oneStepSkus: number;
}

/** What a recommendation run returns. */
export interface RecommendRun {
  runId: string;
  rows: RecommendationRow[];
  /** Categories whose trained agent (network or lookahead) priced their SKUs. */
  agents: string[];
  /** Categories priced by the one-step fallback, whatever the reason (not trained, damaged, outdated). */
  missingAgents: string[];
  /** Every category with its policy; the fallback ones say why. */
  categories: CategoryPolicy[];
  /** The categories on the one-step fallback, each with why and how many SKUs. */
  fallback: { category: string; reason: FallbackReason; skus: number }[];
  warnings: DamagedArtefact[];
}

/** Recommends prices for every active SKU (or one), writes them to price_recommendations and returns the run. */
export async function recommendPrices(db: Database.Database, storePath: string, opts: { sku?: string; draws?: number; days?: number; jobId?: string } = {}): Promise<RecommendRun> {
  const markets = calibrateMarkets(db, { sku: opts.sku });
  if (opts.sku !== undefined && !markets.length) {
    // A SKU asked for by name that cannot be priced is an error, not an empty run: name it and say why.
    const known = db.prepare('SELECT 1 FROM products WHERE sku = ?').get(opts.sku);
    throw new EngineError('not_found', bothLangs(apiMessages, known ? 'no_priced_product' : 'no_product', { sku: opts.sku }), { sku: opts.sku });
  }
  const agents = new Map<string, Dqn | null>();
  const saved = new Map<string, SavedAgent | null>();
  const rows: RecommendationRow[] = [];
  const warnings: DamagedArtefact[] = [];
  const now = new Date().toISOString();
  const cats = new Map<string, CategoryPolicy>();
  // Why a category without a usable network falls back: a warning named it damaged; a file that is there but was not
  // read was trained on other features; no file, never trained.
  const whyFallback = (category: string): FallbackReason => fallbackReason(storePath, category, warnings.some((w) => w.what === 'agent' && w.category === category));
  try {
    for (const m of markets) {
      if (!saved.has(m.category)) saved.set(m.category, storePath === ':memory:' ? null : readAgent(storePath, m.category, (d) => warnings.push(d)));
      const file = saved.get(m.category) ?? null;
      const net = file ? weightsFor(file, m.scenario.name) : null;
      const key = `${m.category}#${net?.index ?? -1}`;
      if (!agents.has(key)) {
        let dqn: Dqn | null = null;
        // Weights that parse but do not fit the network are as damaged as a truncated file: fall back, never fail.
        if (net) dqn = await loadAgent(net.weights).catch((e: Error) => (warnings.push(damagedAgent(m.category, agentFile(storePath, m.category), e.message)), null));
        agents.set(key, dqn);
      }
      const dqn = agents.get(key) ?? null;
      const lookahead = !!dqn && !!file && usesLookahead(file, m.scenario.name);
      const policy: Policy = lookahead ? lookaheadPolicy(m.scenario, m.rules) : dqn ? agentPolicy(dqn, 'agent', m.scenario.demand.elasticity) : myopicPolicy(m.scenario, m.rules);
      const proposed = policy.propose(new Market(m.scenario, 0));
      const ctx = { cost: m.cost, currentPrice: m.price, ...changeState(db, m.productId, m.price, now), now };
      const g = applyGuardrails(proposed, m.rules, ctx);
      let price = g.price ?? m.price;
      let effect = simulateEffect(m.scenario, m.price, price, opts.days ?? 7, opts.draws ?? 200);
      let reason = explain(m, proposed, g);
      // Never recommend a change the simulator expects to lose margin on over the next days, unless the
      // current price itself breaks a rule (below a new MAP or margin floor): then the guarded move stands.
      const currentIsLegal = applyGuardrails(m.price, m.rules, ctx).price === m.price;
      if (g.price !== null && price !== m.price && effect.margin[0] < 0 && currentIsLegal) {
        price = m.price;
        effect = simulateEffect(m.scenario, m.price, price, opts.days ?? 7, 20);
        reason = keptForMargin(m, g.price, opts.days ?? 7);
      }
      const used = policy.name === 'lookahead' ? 'lookahead' : dqn ? 'agent' : 'myopic';
      const cat = cats.get(m.category) ?? { category: m.category, policy: 'one_step', reason: null, skus: 0, agentSkus: 0, lookaheadSkus: 0, oneStepSkus: 0 };
      cats.set(m.category, cat);
      cat.skus++;
      if (used === 'agent') cat.agentSkus++;
      else if (used === 'lookahead') cat.lookaheadSkus++;
      else {
        cat.oneStepSkus++;
        cat.reason ??= whyFallback(m.category);
      }
      if (used !== 'myopic') cat.policy = 'agent';
      rows.push({
        productId: m.productId,
        sku: m.sku,
        currentPrice: m.price,
        recommendedPrice: g.price === null ? null : price,
        policy: used,
        fallback: used === 'myopic' ? cat.reason : null,
        clamped: clampedBy(g),
        effect,
        reason,
        guardrails: g.reasons,
      });
    }
  } finally {
    for (const a of agents.values()) a?.dispose();
  }
  const runId = randomUUID();
  // From what priced the SKUs, not from which files were there: a file whose weights do not load prices nothing.
  const categories = [...cats.values()];
  const missingAgents = categories.filter((c) => c.oneStepSkus > 0).map((c) => c.category);
  const fallback = categories.flatMap((c) => (c.reason ? [{ category: c.category, reason: c.reason, skus: c.oneStepSkus }] : []));
  db.transaction(() => {
    db.prepare(`INSERT INTO pricing_runs (id, kind, job_id, status, params, metrics, created_at, finished_at) VALUES (?, 'recommend', ?, 'succeeded', ?, ?, ?, ?)`).run(
      runId, opts.jobId ?? null, JSON.stringify({ sku: opts.sku ?? null, draws: opts.draws ?? 200, days: opts.days ?? 7 }),
      JSON.stringify({ skus: rows.length, changed: rows.filter((r) => r.recommendedPrice !== null && r.recommendedPrice !== r.currentPrice).length, missingAgents, warnings }), now, new Date().toISOString(),
    );
    const clear = db.prepare(`DELETE FROM price_recommendations WHERE product_id = ? AND status IN ('pending', 'held')`);
    const ins = db.prepare(`INSERT INTO price_recommendations (run_id, product_id, current_price, recommended_price, status, expected_units_delta, expected_revenue_delta, expected_margin_delta, interval, reason, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const r of rows) {
      clear.run(r.productId);
      const iv = { units: r.effect.units.slice(1), revenue: r.effect.revenue.slice(1), margin: r.effect.margin.slice(1), days: opts.days ?? 7, level: 0.9 };
      ins.run(runId, r.productId, r.currentPrice, r.recommendedPrice, r.recommendedPrice === null ? 'held' : 'pending', r.effect.units[0], r.effect.revenue[0], r.effect.margin[0],
        JSON.stringify(iv), JSON.stringify({ ...r.reason, policy: r.policy, ...(r.fallback ? { fallback: r.fallback } : {}), clamped: r.clamped, guardrails: r.guardrails }), now);
    }
  })();
  return { runId, rows, agents: categories.filter((c) => c.agentSkus + c.lookaheadSkus > 0).map((c) => c.category), missingAgents, categories, fallback, warnings };
}
