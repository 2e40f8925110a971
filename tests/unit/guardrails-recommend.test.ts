// Property test: every price recommendPrices proposes obeys the SKU's guardrails (random overrides, including a
// current price that already breaks MAP), checked independently of the guardrails code; an unchanged price is explained
// as kept.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/db/store';
import { rulesFor, saveRulesOverride } from '../../engine/pricing/guardrails';
import { recommendPrices } from '../../engine/pricing/recommend';
import { Rng } from '../../engine/pricing/rng';

const TOL = 1e-7;
const SKUS: [string, number, number, number][] = [['M-1', 30, 50, 0.8], ['M-2', 40, 60, 1.3], ['M-3', 20, 35, 1.0], ['M-4', 12, 19.9, 1.1]];

/** Four SKUs with 60 days of sales, competitor prices, stock and an old price change. */
function seed(db: Store['db']): void {
  const rng = new Rng(11);
  const now = '2026-01-01T00:00:00Z';
  db.prepare("INSERT INTO locations (id, code) VALUES (1, 'main')").run();
  const addP = db.prepare("INSERT INTO products (sku, title_en, category, cost, price, created_at, updated_at, lead_time_days) VALUES (?, ?, 'mugs', ?, ?, ?, ?, 7)");
  const sales = db.prepare("INSERT INTO daily_sales (product_id, date, units, revenue, source) VALUES (?, ?, ?, ?, 'import')");
  const comp = db.prepare("INSERT INTO competitor_prices (product_id, competitor, date, price) VALUES (?, 'rival', ?, ?)");
  db.transaction(() => {
    for (const [sku, cost, price, ratio] of SKUS) {
      const id = Number(addP.run(sku, sku, cost, price, now, now).lastInsertRowid);
      db.prepare("INSERT INTO price_history (product_id, effective_at, price, source) VALUES (?, '2025-10-01T00:00:00Z', ?, 'import')").run(id, price);
      for (let d = 0; d < 60; d++) {
        const date = new Date(Date.parse('2025-11-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
        const units = rng.poisson(6);
        sales.run(id, date, units, units * price);
        comp.run(id, date, price * ratio * (1 + 0.02 * rng.normal()));
      }
      db.prepare("INSERT INTO inventory (product_id, location_id, date, on_hand, on_order) VALUES (?, 1, '2025-12-30', 200, 0)").run(id);
    }
  })();
}

const ratio = (lo: number, hi: number): fc.Arbitrary<number> => fc.integer({ min: Math.round(lo * 1000), max: Math.round(hi * 1000) }).map((v) => v / 1000);
const opt = (lo: number, hi: number): fc.Arbitrary<number | null> => fc.option(ratio(lo, hi), { nil: null, freq: 2 });
const arbRules = fc.record({
  minPrice: opt(0.8, 1.02),
  maxPrice: opt(0.98, 1.3),
  mapPrice: opt(0.9, 1.04), // above 1: the current price already breaks MAP
  minMarginPct: ratio(0, 45),
  maxChangePctPerStep: ratio(1, 10),
  maxChangePctPerDay: ratio(1, 10),
  ending: fc.constantFrom('none' as const, '.99' as const, '.9' as const, 'whole' as const),
});
type RulesDraw = typeof arbRules extends fc.Arbitrary<infer T> ? T : never;

/** Saves each SKU's drawn rules, their price bounds scaled from fractions to that SKU's list price. */
function saveScaledRules(db: Parameters<typeof saveRulesOverride>[0], all: RulesDraw[]): void {
  all.forEach((r, i) => {
    const p = SKUS[i][2];
    const scale = (v: number | null): number | null => (v === null ? null : Math.round(v * p * 100) / 100);
    saveRulesOverride(db, 'sku', SKUS[i][0], { ...r, minPrice: scale(r.minPrice), maxPrice: scale(r.maxPrice), mapPrice: scale(r.mapPrice) });
  });
}


describe('guardrails at recommendation (property test)', () => {
  let store: Store;
  beforeAll(() => {
    store = openStore(':memory:');
    seed(store.db);
  });
  afterAll(() => store.close());

  it('every recommended price obeys min/max, margin, MAP, step, day and ending; a price already breaking MAP is never kept (12 seeded cases)', async () => {
    const tally = { moved: 0, held: 0, mapFixed: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(arbRules, { minLength: SKUS.length, maxLength: SKUS.length }), async (all) => {
        const db = store.db;
        const current = new Map(SKUS.map(([sku, , price]) => [sku, price]));
        saveScaledRules(db, all);
        const run = await recommendPrices(db, ':memory:', { draws: 20, days: 5 });
        for (const row of run.rows) {
          const id = (db.prepare('SELECT id FROM products WHERE sku = ?').get(row.sku) as { id: number }).id;
          const r = rulesFor(db, id);
          const cost = SKUS.find((s) => s[0] === row.sku)?.[1] ?? 0;
          const cur = current.get(row.sku) ?? 0;
          const breaksMapNow = r.mapPrice != null && cur < r.mapPrice - TOL;
          if (row.recommendedPrice === null) {
            tally.held++;
            continue;
          }
          const v = row.recommendedPrice;
          const bad: string[] = [];
          if (Math.abs(Math.round(v * 100) - v * 100) > 1e-6) bad.push('cents');
          if (r.minPrice != null && v < r.minPrice - TOL) bad.push('min');
          if (r.maxPrice != null && v > r.maxPrice + TOL) bad.push('max');
          if (r.mapPrice != null && v < r.mapPrice - TOL) bad.push('map');
          if (v < cost / (1 - r.minMarginPct / 100) - TOL) bad.push('margin');
          if (Math.round(v * 100) !== Math.round(cur * 100)) {
            tally.moved++;
            if (Math.abs(v - cur) > (cur * r.maxChangePctPerStep) / 100 + TOL) bad.push('step');
            if (Math.abs(v - cur) > (cur * r.maxChangePctPerDay) / 100 + TOL) bad.push('day');
            const c = Math.round(v * 100) % 100;
            if ((r.ending === '.99' && c !== 99) || (r.ending === '.9' && c !== 90) || (r.ending === 'whole' && c !== 0)) bad.push('ending');
            if (breaksMapNow) tally.mapFixed++;
          }
          expect(bad, `${row.sku} ${v} from ${cur} ${JSON.stringify(r)}`).toEqual([]);
        }
      }),
      { numRuns: 12, seed: 20260312 },
    );
    expect(tally.moved, JSON.stringify(tally)).toBeGreaterThan(5);
    expect(tally.held, JSON.stringify(tally)).toBeGreaterThan(2);
    expect(tally.mapFixed, JSON.stringify(tally)).toBeGreaterThan(0);
  }, 60_000);

  it('an unchanged price is explained as kept, with why, in both languages; a moved price never is (12 seeded cases)', async () => {
    const codes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.array(arbRules, { minLength: SKUS.length, maxLength: SKUS.length }), async (all) => {
        const db = store.db;
        saveScaledRules(db, all);
        const run = await recommendPrices(db, ':memory:', { draws: 20, days: 5 });
        for (const row of run.rows) {
          if (row.recommendedPrice === null) continue;
          const kept = Math.round(row.recommendedPrice * 100) === Math.round(row.currentPrice * 100);
          const what = `${row.sku} ${row.currentPrice} -> ${row.recommendedPrice}: ${row.reason.en}`;
          codes[row.reason.code] = (codes[row.reason.code] ?? 0) + 1;
          expect(row.reason.code.startsWith('kept'), what).toBe(kept);
          if (!kept) continue;
          expect(row.reason.en, what).toMatch(/^Price kept: \S/);
          expect(row.reason.zh, what).toMatch(/^保持现价：\S/);
          // The proposal the guardrails or the margin check turned down is named, with the days the margin was judged on.
          if (row.reason.code !== 'kept') expect(row.reason.en, what).toMatch(/the model proposed \d+\.\d{2}\b/);
          if (row.reason.code === 'kept_margin') expect(row.reason.zh, what).toContain('未来 5 天');
        }
      }),
      { numRuns: 12, seed: 20260312 },
    );
    expect(codes.kept ?? 0, JSON.stringify(codes)).toBeGreaterThan(3);
  }, 60_000);
});
