/** Builds a simulator scenario per SKU from the store: demand baseline (forecast P50, else stockout-corrected velocity × weekday factors), elasticity, costs, competitors, stock. */
import type Database from 'better-sqlite3';
import { productStock } from '../db/queries/inventory';
import { rulesFor, type GuardrailRules } from './guardrails';
import { parseScenario, type Scenario } from './scenario';

/** One SKU ready for simulation. */
export interface SkuMarket {
  productId: number;
  sku: string;
  title: string | null;
  category: string;
  price: number;
  cost: number;
  /** Where the demand baseline came from. */
  baselineSource: 'forecast' | 'velocity' | 'none';
  elasticitySource: 'sku' | 'category' | 'default';
  scenario: Scenario;
  rules: GuardrailRules;
  /** Past prices, oldest first (daily), for warm-starting the agent. */
  history: number[];
}

const DAY = 86_400_000;
const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const weekdayMon0 = (d: string): number => (new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7;

interface ProductRow {
  id: number;
  sku: string;
  title_en: string | null;
  title_zh: string | null;
  category: string | null;
  price: number;
  cost: number | null;
  lead_time_days: number | null;
}

/** Last sales date in the store (the "today" of recommendations), or null when there are no sales. */
export function lastSalesDate(db: Database.Database): string | null {
  return (db.prepare('SELECT MAX(date) AS d FROM daily_sales').get() as { d: string | null }).d;
}

/** Demand baseline per day at the current price: mean forecast P50 ahead, else 28-day velocity over in-stock days; with weekday factors. */
function baseline(db: Database.Database, id: number, today: string): { units: number; dow: number[]; source: SkuMarket['baselineSource'] } {
  const dow = [1, 1, 1, 1, 1, 1, 1];
  const hist = db
    .prepare('SELECT date, units FROM daily_sales WHERE product_id = ? AND date > ? AND date <= ? AND stockout = 0')
    .all(id, addDays(today, -56), today) as { date: string; units: number }[];
  if (hist.length >= 14) {
    const sum = [0, 0, 0, 0, 0, 0, 0];
    const n = [0, 0, 0, 0, 0, 0, 0];
    for (const r of hist) {
      sum[weekdayMon0(r.date)] += r.units;
      n[weekdayMon0(r.date)]++;
    }
    const mean = hist.reduce((a, r) => a + r.units, 0) / hist.length;
    if (mean > 0) for (let i = 0; i < 7; i++) dow[i] = n[i] ? Math.max(0.2, Math.min(5, sum[i] / n[i] / mean)) : 1;
  }
  const fc = db.prepare('SELECT AVG(p50) AS m, COUNT(*) AS n FROM forecasts WHERE product_id = ? AND date > ?').get(id, today) as { m: number | null; n: number };
  if (fc.n >= 7 && fc.m !== null && fc.m > 0) return { units: fc.m, dow, source: 'forecast' };
  const recent = hist.filter((r) => r.date > addDays(today, -28));
  if (recent.length) return { units: Math.max(0.05, recent.reduce((a, r) => a + r.units, 0) / recent.length), dow, source: 'velocity' };
  return { units: 0.1, dow, source: 'none' };
}

function elasticity(db: Database.Database, id: number, category: string | null): { e: number; source: SkuMarket['elasticitySource'] } {
  const sku = db.prepare("SELECT elasticity FROM elasticity_estimates WHERE scope = 'sku' AND product_id = ?").get(id) as { elasticity: number } | undefined;
  if (sku) return { e: sku.elasticity, source: 'sku' };
  const cat = db.prepare("SELECT elasticity FROM elasticity_estimates WHERE scope = 'category' AND key = ?").get(category ?? '*') as { elasticity: number } | undefined;
  if (cat) return { e: cat.elasticity, source: 'category' };
  return { e: -1.5, source: 'default' };
}

function competitors(db: Database.Database, id: number, ref: number, today: string): Scenario['competitors'] {
  const rows = db
    .prepare('SELECT competitor, date, price FROM competitor_prices WHERE product_id = ? AND date > ? AND date <= ? ORDER BY competitor, date')
    .all(id, addDays(today, -56), today) as { competitor: string; date: string; price: number }[];
  const by = new Map<string, number[]>();
  for (const r of rows) if (r.price > 0) by.set(r.competitor, [...(by.get(r.competitor) ?? []), r.price]);
  return [...by.entries()].slice(0, 5).map(([name, ps]) => {
    const rets = ps.slice(1).map((p, i) => Math.log(p / ps[i]));
    const sd = rets.length > 1 ? Math.sqrt(rets.reduce((a, r) => a + r * r, 0) / rets.length) : 0.01;
    return { name, behaviour: 'random-walk' as const, startRatio: ps[ps.length - 1] / ref, volatility: Math.min(0.2, sd), followRate: 0.5, undercutPct: 0.02, cycleDays: 7, cyclePromoDays: 2, cycleDepth: 0.2, floorRatio: 0.5, ceilRatio: 2 };
  });
}

/** Scenarios for every active product with a price (optionally one SKU or category), as of the last sales date. */
export function calibrateMarkets(db: Database.Database, opts: { sku?: string; category?: string; horizon?: number } = {}): SkuMarket[] {
  const today = lastSalesDate(db) ?? new Date().toISOString().slice(0, 10);
  const where = ["status = 'active'", 'price IS NOT NULL', 'price > 0'];
  const args: string[] = [];
  if (opts.sku) {
    where.push('sku = ?');
    args.push(opts.sku);
  }
  if (opts.category) {
    where.push('category = ?');
    args.push(opts.category);
  }
  const products = db.prepare(`SELECT id, sku, title_en, title_zh, category, price, cost, lead_time_days FROM products WHERE ${where.join(' AND ')} ORDER BY id`).all(...args) as ProductRow[];
  const hist = db.prepare('SELECT substr(effective_at, 1, 10) AS d, price FROM price_history WHERE product_id = ? AND effective_at > ? ORDER BY effective_at');
  return products.map((p) => {
    const b = baseline(db, p.id, today);
    const el = elasticity(db, p.id, p.category);
    const rules = rulesFor(db, p.id);
    const cost = p.cost ?? p.price * 0.6;
    const lo = Math.max(rules.minPrice ?? 0, p.price * 0.7);
    const hi = Math.max(lo * 1.05, Math.min(rules.maxPrice ?? Infinity, p.price * 1.3));
    const comps = competitors(db, p.id, p.price, today);
    // The stock Inventory shows (every warehouse's latest count, summed): the counts of the latest day alone left out a
    // warehouse counted a day earlier, so the agent priced as if stock were scarcer than it is.
    const onHand = productStock(db, p.id)?.onHand ?? null;
    const lead = Math.max(1, Math.round(p.lead_time_days ?? 7));
    const reorderPoint = b.units * (lead + 7);
    const orderUpTo = reorderPoint + b.units * 28;
    // Demand at the current price and competitor gap should equal the baseline.
    const cmin = comps.length ? Math.min(...comps.map((c) => c.startRatio * p.price)) : p.price;
    const compEffect = 2 / (1 + Math.exp(3 * ((p.price - cmin) / cmin)));
    const horizon = opts.horizon ?? 28;
    const scenario = parseScenario(
      {
        name: p.sku,
        horizon,
        demand: { baseUnits: Math.max(0.01, b.units / compEffect), elasticity: Math.min(-0.1, Math.max(-15, el.e)), dow: b.dow, startWeekday: weekdayMon0(addDays(today, 1)), competitorSensitivity: 3 },
        price: { ref: p.price, cost, min: lo, max: hi, start: p.price },
        competitors: comps,
        inventory: { initial: Math.max(0, onHand ?? orderUpTo), reorderPoint, orderUpTo: Math.max(orderUpTo, reorderPoint), leadTimeDays: lead, holdingCostPerUnitDay: (cost * 0.25) / 365, stockoutPenaltyPerUnit: 0.1 * p.price },
        reward: { revenue: 0, margin: 1, holding: 1, stockout: 1, priceChange: 0.001 * p.price * Math.max(0.01, b.units) },
        guardrails: { ...rules, minPrice: lo, maxPrice: hi },
      },
      `product ${p.sku}`,
    );
    // Daily price path over the last 90 days (carry the last change forward).
    const changes = hist.all(p.id, addDays(today, -90)) as { d: string; price: number }[];
    const history: number[] = [];
    let cur = changes.length ? changes[0].price : p.price;
    let j = 0;
    for (let d = addDays(today, -89); d <= today; d = addDays(d, 1)) {
      while (j < changes.length && changes[j].d <= d) cur = changes[j++].price;
      history.push(cur);
    }
    return { productId: p.id, sku: p.sku, title: p.title_en ?? p.title_zh, category: p.category ?? 'uncategorised', price: p.price, cost, baselineSource: b.source, elasticitySource: el.source, scenario, rules: { ...rules, minPrice: lo, maxPrice: hi }, history };
  });
}
