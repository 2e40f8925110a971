import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { applyApproved } from '../../engine/pricing/decisions';
import { applyGuardrails, DEFAULT_RULES, saveRulesOverride, type GuardrailContext, type GuardrailRules } from '../../engine/pricing/guardrails';

const NOW = '2026-03-10T12:00:00.000Z';
const ctx = (over: Partial<GuardrailContext> = {}): GuardrailContext => ({ cost: 50, currentPrice: 100, changesToday: 0, priceAtStartOfDay: 100, lastChangeAt: null, now: NOW, ...over });
const rules = (over: Partial<GuardrailRules> = {}): GuardrailRules => ({ ...DEFAULT_RULES, ...over });
const TOL = 1e-7;

/** Every rule, checked independently of the implementation. */
function violations(p: number, r: GuardrailRules, c: GuardrailContext): string[] {
  const v: string[] = [];
  const unit = r.currency === 'JPY' ? 1 : 100;
  const minor = Math.round(p * unit);
  if (Math.abs(minor - p * unit) > 1e-6) v.push('currency rounding');
  if (p <= 0) v.push('positive');
  if (r.minPrice != null && p < r.minPrice - TOL) v.push('min');
  if (r.maxPrice != null && p > r.maxPrice + TOL) v.push('max');
  if (r.mapPrice != null && p < r.mapPrice - TOL) v.push('map');
  if (c.cost > 0 && p < c.cost / (1 - r.minMarginPct / 100) - TOL) v.push('margin');
  const changed = Math.round(p * unit) !== Math.round(c.currentPrice * unit);
  if (changed) {
    if (c.currentPrice > 0 && Math.abs(p - c.currentPrice) > (c.currentPrice * r.maxChangePctPerStep) / 100 + TOL) v.push('step');
    if (c.priceAtStartOfDay > 0 && Math.abs(p - c.priceAtStartOfDay) > (c.priceAtStartOfDay * r.maxChangePctPerDay) / 100 + TOL) v.push('day');
    if (c.changesToday >= r.maxChangesPerDay) v.push('changes per day');
    if (c.lastChangeAt && (Date.parse(c.now) - Date.parse(c.lastChangeAt)) / 3.6e6 < r.cooldownHours) v.push('cooldown');
    const cents = Math.round(p * 100) % 100;
    if (unit === 100 && r.ending === '.99' && cents !== 99) v.push('ending .99');
    if (unit === 100 && r.ending === '.9' && cents !== 90) v.push('ending .9');
    if (unit === 100 && r.ending === 'whole' && cents !== 0) v.push('ending whole');
    if (unit === 1 && r.ending === '.9' && minor % 10 !== 9) v.push('ending 9');
  }
  return v;
}

// fc.double spreads over float bit patterns (most mass near 0); integers give an even spread of ratios.
const ratio = (lo: number, hi: number): fc.Arbitrary<number> => fc.integer({ min: Math.round(lo * 10_000), max: Math.round(hi * 10_000) }).map((v) => v / 10_000);
const optRatio = (lo: number, hi: number): fc.Arbitrary<number | null> => fc.option(ratio(lo, hi), { nil: null, freq: 2 });
/** Rules, context and proposal scaled around one base price so every rule binds sometimes. */
const arbCase = fc
  .record({
    base: fc.oneof(fc.integer({ min: 50, max: 500_000 }).map((v) => v / 100), fc.double({ min: 0.5, max: 5000, noNaN: true }), fc.integer({ min: 100_000, max: 100_000_000 }).map((v) => v / 100)),
    proposed: ratio(-0.1, 2),
    minPrice: optRatio(0.5, 1.02),
    maxPrice: optRatio(0.98, 1.6),
    mapPrice: optRatio(0.6, 1.02),
    cost: ratio(0, 0.8),
    start: ratio(0.85, 1.15),
    minMarginPct: ratio(0, 40),
    maxChangePctPerStep: ratio(0.5, 30),
    maxChangePctPerDay: ratio(0.5, 30),
    maxChangesPerDay: fc.integer({ min: 1, max: 12 }),
    changesToday: fc.integer({ min: 0, max: 4 }),
    cooldownHours: fc.constantFrom(0, 1, 4, 24),
    hoursSince: fc.option(fc.integer({ min: 0, max: 72 }), { nil: null }),
    ending: fc.constantFrom('none' as const, '.99' as const, '.9' as const, 'whole' as const),
    currency: fc.constantFrom('CNY', 'USD', 'JPY'),
  })
  .map((a) => {
    const b = a.base;
    const scale = (v: number | null): number | null => (v === null ? null : v * b);
    const r: GuardrailRules = {
      minPrice: scale(a.minPrice),
      maxPrice: scale(a.maxPrice),
      mapPrice: scale(a.mapPrice),
      minMarginPct: a.minMarginPct,
      maxChangePctPerStep: a.maxChangePctPerStep,
      maxChangePctPerDay: a.maxChangePctPerDay,
      maxChangesPerDay: a.maxChangesPerDay,
      cooldownHours: a.cooldownHours,
      ending: a.ending,
      currency: a.currency,
    };
    const c: GuardrailContext = {
      cost: a.cost * b,
      currentPrice: b,
      changesToday: a.changesToday,
      priceAtStartOfDay: a.start * b,
      lastChangeAt: a.hoursSince === null ? null : new Date(Date.parse(NOW) - a.hoursSince * 3.6e6).toISOString(),
      now: NOW,
    };
    return { proposed: a.proposed * b, r, c };
  });

describe('applyGuardrails', () => {
  it('never returns a price that breaks a rule (property test, 3000 random cases, seeded)', () => {
    let priced = 0;
    const held: Record<string, number> = {};
    fc.assert(
      fc.property(arbCase, ({ proposed, r, c }) => {
        const out = applyGuardrails(proposed, r, c);
        if (out.price === null) {
          expect(out.reasons.length).toBeGreaterThan(0);
          held[out.reasons.at(-1)?.code ?? ''] = (held[out.reasons.at(-1)?.code ?? ''] ?? 0) + 1;
          return;
        }
        priced++;
        expect(violations(out.price, r, c)).toEqual([]);
      }),
      { numRuns: 3000, seed: 20260310 },
    );
    // The generator must also exercise the priced path, not just hold-backs.
    expect(priced, JSON.stringify(held)).toBeGreaterThan(600);
    expect(Object.keys(held).length).toBeGreaterThanOrEqual(4);
  });

  it('clamps a big jump to the per-step limit and says why in both languages', () => {
    const out = applyGuardrails(130, rules(), ctx());
    expect(out.price).toBe(105);
    expect(out.adjusted).toBe(true);
    expect(out.reasons[0].code).toBe('clamped_high');
    expect(out.reasons[0].message_en).toContain('max change per step 5%');
    expect(out.reasons[0].message_zh).toContain('单次最大调幅');
  });

  it('keeps the minimum margin: cost 90 at 10% needs at least 100.00', () => {
    const out = applyGuardrails(95, rules({ maxChangePctPerStep: 50, maxChangePctPerDay: 50 }), ctx({ cost: 90, currentPrice: 102, priceAtStartOfDay: 102 }));
    expect(out.price).toBe(100);
    expect(out.reasons.map((r) => r.code)).toContain('clamped_low');
  });

  it('applies price endings: .99, .9 and whole yuan', () => {
    const wide = { maxChangePctPerStep: 30, maxChangePctPerDay: 30 };
    expect(applyGuardrails(97.33, rules({ ...wide, ending: '.99' }), ctx()).price).toBe(96.99);
    expect(applyGuardrails(97.33, rules({ ...wide, ending: '.9' }), ctx()).price).toBe(96.9);
    expect(applyGuardrails(97.6, rules({ ...wide, ending: '.9' }), ctx()).price).toBe(97.9);
    expect(applyGuardrails(97.6, rules({ ...wide, ending: 'whole' }), ctx()).price).toBe(98);
    expect(applyGuardrails(1234.4, rules({ ...wide, ending: '.9', currency: 'JPY' }), ctx({ cost: 500, currentPrice: 1200, priceAtStartOfDay: 1200 })).price).toBe(1239);
  });

  it('a clamp of under half a cent is currency rounding, not a reason shown to the merchant', () => {
    // -5% of 262.90 is 249.755: the step floor rounds up to 249.76.
    const out = applyGuardrails(262.9 * 0.95, rules(), ctx({ currentPrice: 262.9, priceAtStartOfDay: 262.9, cost: 100 }));
    expect(out.price).toBe(249.76);
    expect(out.reasons).toEqual([]);
    expect(applyGuardrails(262.9 * 0.9, rules(), ctx({ currentPrice: 262.9, priceAtStartOfDay: 262.9, cost: 100 })).reasons.map((r) => r.code)).toEqual(['clamped_low']);
  });

  it('rounds within the allowed band instead of crossing it', () => {
    // Max price 99.50 with ending .99: 99.99 would break it, so 98.99 is chosen.
    const out = applyGuardrails(99.5, rules({ maxPrice: 99.5, ending: '.99' }), ctx());
    expect(out.price).toBe(98.99);
  });

  it('holds back when no price with the ending fits the band', () => {
    const out = applyGuardrails(100.5, rules({ ending: 'whole', minPrice: 100.2, maxPrice: 100.8 }), ctx());
    expect(out.price).toBeNull();
    expect(out.reasons.at(-1)?.code).toBe('no_ending_fits');
  });

  it('holds back when the rules contradict each other (minimum margin above maximum price)', () => {
    const out = applyGuardrails(100, rules({ maxPrice: 80 }), ctx({ cost: 90 }));
    expect(out.price).toBeNull();
    expect(out.reasons[0].code).toBe('infeasible');
    expect(out.reasons[0].message_en).toMatch(/minimum margin 10%.*maximum price 80/);
  });

  it('respects MAP, cool-down and the number of changes per day', () => {
    expect(applyGuardrails(96, rules({ mapPrice: 99 }), ctx()).price).toBe(99);
    const cool = applyGuardrails(103, rules(), ctx({ lastChangeAt: '2026-03-10T02:00:00.000Z' }));
    expect(cool.price).toBeNull();
    expect(cool.reasons[0].code).toBe('cooldown');
    const many = applyGuardrails(103, rules({ maxChangesPerDay: 3, cooldownHours: 0 }), ctx({ changesToday: 3 }));
    expect(many.reasons[0].code).toBe('changes_per_day');
    expect(applyGuardrails(103, rules({ maxChangesPerDay: 3, cooldownHours: 0 }), ctx({ changesToday: 2 })).price).toBe(103);
  });

  it('limits the day total against the price at the start of the day', () => {
    const out = applyGuardrails(110, rules({ maxChangePctPerStep: 10, maxChangePctPerDay: 8, maxChangesPerDay: 4, cooldownHours: 0 }), ctx({ currentPrice: 104, priceAtStartOfDay: 100, changesToday: 1 }));
    expect(out.price).toBe(108);
  });

  it('applying a second price the same day keeps the day limit from the price the day opened with', () => {
    const store = openStore(':memory:');
    const db = store.db;
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    db.prepare(`INSERT INTO products (id, sku, cost, price, currency, status, created_at, updated_at) VALUES (1, 'M-1', 50, 100, 'CNY', 'active', ?, ?)`).run(old, old);
    db.prepare(`INSERT INTO price_history (product_id, effective_at, price) VALUES (1, ?, 100)`).run(old);
    saveRulesOverride(db, 'sku', 'M-1', { maxChangesPerDay: 3, cooldownHours: 0, maxChangePctPerStep: 5, maxChangePctPerDay: 6 });
    const approve = db.prepare(`INSERT INTO price_recommendations (product_id, current_price, recommended_price, final_price, status, created_at) VALUES (1, ?, ?, ?, 'approved', ?)`);
    approve.run(100, 104, 104, old);
    expect(applyApproved(db, 'en').details[0].price).toBe(104);
    // 109 is 4.8% over 104 (one step) but 9% over the day's opening 100: clamped to 106.
    approve.run(104, 109, 109, old);
    const second = applyApproved(db, 'en').details[0];
    expect(second.price).toBe(106);
    expect(second.reasons.join(' ')).toContain('max change per day 6%');
    store.close();
  });
});
