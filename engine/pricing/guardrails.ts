/** Hard pricing guardrails: every price the app proposes or exports passes through applyGuardrails. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { tr } from '../i18n';
import { pricingCatalog } from './messages';

/** A price ending: cents only ('none'), x.99, x.90 or whole units. */
export type PriceEnding = 'none' | '.99' | '.9' | 'whole';

/** The rules one SKU's price must obey. Percentages are in percent (5 = 5%). */
export interface GuardrailRules {
  minPrice?: number | null;
  maxPrice?: number | null;
  /** Price must be at least cost / (1 - minMarginPct/100). */
  minMarginPct: number;
  /** Minimum advertised price: never go below it. */
  mapPrice?: number | null;
  /** Largest change from the current price in one step, percent. */
  maxChangePctPerStep: number;
  /** Largest change from the price at the start of the day, percent. */
  maxChangePctPerDay: number;
  /** Price changes allowed per day, 1..12. */
  maxChangesPerDay: number;
  /** Hours that must pass after a change before the next one. */
  cooldownHours: number;
  ending: PriceEnding;
  /** ISO currency code; sets the rounding unit (CNY 0.01, JPY 1). */
  currency: string;
}

/** Where the SKU stands now. */
export interface GuardrailContext {
  cost: number;
  currentPrice: number;
  /** Changes already made today. */
  changesToday: number;
  priceAtStartOfDay: number;
  lastChangeAt?: string | null;
  /** ISO timestamp of "now" (a parameter so tests and simulations control the clock). */
  now: string;
}

/** Why a price was adjusted or held, in both languages. */
export interface GuardrailReason {
  code: string;
  message_en: string;
  message_zh: string;
}

/** The guarded price: null means held back (keep the current price). */
export interface GuardrailResult {
  price: number | null;
  adjusted: boolean;
  reasons: GuardrailReason[];
}

/**
 * Conservative defaults: at most 5% per step and per day, one change a day, 24 h cool-down,
 * 10% minimum margin, no forced ending (cheap items could not fit a .9 ending inside a 5% band;
 * merchants opt into endings per category or SKU), CNY.
 */
export const DEFAULT_RULES: GuardrailRules = {
  minPrice: null,
  maxPrice: null,
  minMarginPct: 10,
  mapPrice: null,
  maxChangePctPerStep: 5,
  maxChangePctPerDay: 5,
  maxChangesPerDay: 1,
  cooldownHours: 24,
  ending: 'none',
  currency: 'CNY',
};

/** Zod schema of a (partial) rules override as stored and as the UI sends it. */
export const rulesOverrideSchema = z
  .object({
    minPrice: z.number().min(0).nullable(),
    maxPrice: z.number().min(0).nullable(),
    minMarginPct: z.number().min(0).max(99.9),
    mapPrice: z.number().min(0).nullable(),
    maxChangePctPerStep: z.number().min(0).max(100),
    maxChangePctPerDay: z.number().min(0).max(100),
    maxChangesPerDay: z.number().int().min(1).max(12),
    cooldownHours: z.number().min(0).max(24 * 30),
    ending: z.enum(['none', '.99', '.9', 'whole']),
    currency: z.string().regex(/^[A-Z]{3}$/),
  })
  .partial();

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'PYG', 'XAF', 'XOF']);

/** Minor units per major unit for a currency (100 for CNY/USD, 1 for JPY). */
export function minorUnits(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 1 : 100;
}

/**
 * An ending as (modulus, residue) in minor units. With cents: .99 = 99 mod 100, .9 = 90 mod 100,
 * whole = 0 mod 100. Zero-decimal currencies: .99 = ends in 99, .9 = ends in 9, whole = any unit.
 */
export function endingGrid(ending: PriceEnding, currency: string): { mod: number; rem: number } {
  const cents = minorUnits(currency) === 100;
  switch (ending) {
    case 'none':
      return { mod: 1, rem: 0 };
    case '.99':
      return { mod: 100, rem: 99 };
    case '.9':
      return cents ? { mod: 100, rem: 90 } : { mod: 10, rem: 9 };
    case 'whole':
      return cents ? { mod: 100, rem: 0 } : { mod: 1, rem: 0 };
  }
}

type Bound = { v: number; by: string; pct?: number };

function reason(code: string, params: Record<string, unknown>, key = code): GuardrailReason {
  return { code, message_en: tr(pricingCatalog, 'en', key, params), message_zh: tr(pricingCatalog, 'zh', key, params) };
}

function byText(b: Bound, lang: 'en' | 'zh'): string {
  return tr(pricingCatalog, lang, `by_${b.by}`, { v: b.pct ?? fmt(b.v) });
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '∞';
}

function boundReason(code: 'clamped_low' | 'clamped_high' | 'infeasible', params: Record<string, unknown>, bounds: Bound[]): GuardrailReason {
  const [a, b] = bounds;
  const p = (lang: 'en' | 'zh'): Record<string, unknown> => ({ ...params, by: byText(a, lang), loBy: byText(a, lang), hiBy: b ? byText(b, lang) : '' });
  return { code, message_en: tr(pricingCatalog, 'en', code, p('en')), message_zh: tr(pricingCatalog, 'zh', code, p('zh')) };
}

const EPS = 1e-9;

/** Applies every rule to a proposed price; the returned price (when not null) obeys all of them. */
export function applyGuardrails(proposed: number, rules: GuardrailRules, ctx: GuardrailContext): GuardrailResult {
  const reasons: GuardrailReason[] = [];
  const held = (r: GuardrailReason): GuardrailResult => ({ price: null, adjusted: true, reasons: [...reasons, r] });
  if (!Number.isFinite(proposed) || proposed <= 0) return held(reason('invalid_proposal', { proposed }));
  if (rules.minMarginPct >= 100) return held(reason('margin_impossible', { m: rules.minMarginPct }));
  const unit = minorUnits(rules.currency);

  const lows: Bound[] = [{ v: 1 / unit, by: 'none' }];
  const highs: Bound[] = [{ v: Infinity, by: 'none' }];
  if (rules.minPrice != null) lows.push({ v: rules.minPrice, by: 'min' });
  if (rules.maxPrice != null) highs.push({ v: rules.maxPrice, by: 'max' });
  if (ctx.cost > 0) lows.push({ v: ctx.cost / (1 - rules.minMarginPct / 100), by: 'margin', pct: rules.minMarginPct });
  if (rules.mapPrice != null) lows.push({ v: rules.mapPrice, by: 'map' });
  if (ctx.currentPrice > 0) {
    const s = rules.maxChangePctPerStep / 100;
    lows.push({ v: ctx.currentPrice * (1 - s), by: 'step', pct: rules.maxChangePctPerStep });
    highs.push({ v: ctx.currentPrice * (1 + s), by: 'step', pct: rules.maxChangePctPerStep });
  }
  if (ctx.priceAtStartOfDay > 0) {
    const d = rules.maxChangePctPerDay / 100;
    lows.push({ v: ctx.priceAtStartOfDay * (1 - d), by: 'day', pct: rules.maxChangePctPerDay });
    highs.push({ v: ctx.priceAtStartOfDay * (1 + d), by: 'day', pct: rules.maxChangePctPerDay });
  }
  const lo = lows.reduce((a, b) => (b.v > a.v ? b : a));
  const hi = highs.reduce((a, b) => (b.v < a.v ? b : a));
  // Work in integer minor units so rounding can never cross a bound.
  // The 1e-6 minor-unit slack only absorbs float noise (e.g. 100 * 1.05 = 105.00000000000001).
  const loM = Math.ceil(lo.v * unit - 1e-6);
  const hiM = Number.isFinite(hi.v) ? Math.floor(hi.v * unit + 1e-6) : Number.MAX_SAFE_INTEGER;
  if (loM > hiM) return held(boundReason('infeasible', { lo: fmt(lo.v), hi: fmt(hi.v) }, [lo, hi]));

  let target = proposed * unit;
  // A move of up to half a minor unit is only currency rounding (e.g. -5% of 262.90 = 249.755 -> 249.76):
  // saying "Raised from 249.75 to 249.76" would be noise, so only a real clamp gets a reason.
  if (target < loM) {
    if (loM - target > 0.5 + 1e-6) reasons.push(boundReason('clamped_low', { from: fmt(proposed), to: fmt(loM / unit) }, [lo]));
    target = loM;
  } else if (target > hiM) {
    if (target - hiM > 0.5 + 1e-6) reasons.push(boundReason('clamped_high', { from: fmt(proposed), to: fmt(hiM / unit) }, [hi]));
    target = hiM;
  }
  const { mod, rem } = endingGrid(rules.ending, rules.currency);
  const under = Math.floor((target - rem) / mod + EPS) * mod + rem;
  const above = under >= target - EPS ? under : under + mod;
  const fits = (m: number): boolean => m >= loM && m <= hiM && m > 0;
  const options = [under, above].filter(fits).sort((a, b) => Math.abs(a - target) - Math.abs(b - target) || b - a);
  if (!options.length) {
    return held(reason('no_ending_fits', { ending: rules.ending, lo: fmt(loM / unit), hi: fmt(hiM / unit) }));
  }
  const chosenM = options[0];
  const price = chosenM / unit;
  if (Math.abs(chosenM - target) > EPS && rules.ending !== 'none') {
    reasons.push(reason('rounded', { from: fmt(target / unit), to: fmt(price), ending: rules.ending }));
  }

  const currentM = Math.round(ctx.currentPrice * unit);
  if (ctx.currentPrice > 0 && chosenM === currentM) {
    const adjusted = Math.abs(price - proposed) > EPS;
    return { price, adjusted, reasons: adjusted ? [...reasons, reason('no_change', { price: fmt(price) })] : reasons };
  }
  // A real change: the frequency rules apply.
  if (ctx.changesToday >= rules.maxChangesPerDay) return held(reason('changes_per_day', { n: ctx.changesToday, max: rules.maxChangesPerDay }));
  if (ctx.lastChangeAt && rules.cooldownHours > 0) {
    const hours = (Date.parse(ctx.now) - Date.parse(ctx.lastChangeAt)) / 3_600_000;
    if (Number.isFinite(hours) && hours < rules.cooldownHours) {
      return held(reason('cooldown', { hours: Math.max(0, Math.round(hours * 10) / 10), cooldown: rules.cooldownHours }));
    }
  }
  return { price, adjusted: Math.abs(price - proposed) > EPS, reasons };
}

type OverrideRow = { scope: string; scope_key: string; rules: string };

function parseOverride(row: OverrideRow | undefined): Partial<GuardrailRules> {
  if (!row) return {};
  const parsed = rulesOverrideSchema.safeParse(JSON.parse(row.rules));
  return parsed.success ? parsed.data : {};
}

/** The rules for one product: defaults < store-wide < category < SKU overrides; the product's own min/max/MAP columns are kept as the stricter bound. */
export function rulesFor(db: Database.Database, productId: number): GuardrailRules {
  const p = db
    .prepare('SELECT sku, category, currency, min_price, max_price, map_price FROM products WHERE id = ?')
    .get(productId) as { sku: string; category: string | null; currency: string; min_price: number | null; max_price: number | null; map_price: number | null } | undefined;
  const get = db.prepare('SELECT scope, scope_key, rules FROM pricing_guardrails WHERE scope = ? AND scope_key = ?');
  const store = parseOverride(get.get('store', '') as OverrideRow | undefined);
  const cat = p?.category ? parseOverride(get.get('category', p.category) as OverrideRow | undefined) : {};
  const sku = p ? parseOverride(get.get('sku', p.sku) as OverrideRow | undefined) : {};
  const r: GuardrailRules = { ...DEFAULT_RULES, currency: p?.currency ?? DEFAULT_RULES.currency, ...store, ...cat, ...sku };
  if (p) {
    const maxOf = (a: number | null | undefined, b: number | null): number | null => (a == null ? b : b == null ? a : Math.max(a, b));
    const minOf = (a: number | null | undefined, b: number | null): number | null => (a == null ? b : b == null ? a : Math.min(a, b));
    r.minPrice = maxOf(r.minPrice, p.min_price);
    r.maxPrice = minOf(r.maxPrice, p.max_price);
    r.mapPrice = maxOf(r.mapPrice, p.map_price);
  }
  return r;
}

/** Saves (or clears, with null) a rules override for the store, a category or a SKU. */
export function saveRulesOverride(db: Database.Database, scope: 'store' | 'category' | 'sku', key: string, rules: Partial<GuardrailRules> | null): void {
  if (rules === null) {
    db.prepare('DELETE FROM pricing_guardrails WHERE scope = ? AND scope_key = ?').run(scope, scope === 'store' ? '' : key);
    return;
  }
  const clean = rulesOverrideSchema.parse(rules);
  db.prepare(
    `INSERT INTO pricing_guardrails (scope, scope_key, rules, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (scope, scope_key) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`,
  ).run(scope, scope === 'store' ? '' : key, JSON.stringify(clean), new Date().toISOString());
}
