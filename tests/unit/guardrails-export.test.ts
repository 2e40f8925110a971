// Property test: no price an export writes breaks a guardrail, including the marketplace's own step, day,
// changes-per-day and cool-down history from an earlier export. Checked independently of the implementation.
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/db/store';
import { runExport } from '../../engine/export/run';
import { saveRulesOverride, type GuardrailRules } from '../../engine/pricing/guardrails';
import { tempDir } from './helpers';

const HOUR = 3_600_000;
const T1 = Date.parse('2026-03-10T10:00:00.000Z');
const TOL = 1e-7;
const ratio = (lo: number, hi: number): fc.Arbitrary<number> => fc.integer({ min: Math.round(lo * 1000), max: Math.round(hi * 1000) }).map((v) => v / 1000);
const opt = (lo: number, hi: number): fc.Arbitrary<number | null> => fc.option(ratio(lo, hi), { nil: null, freq: 2 });

const arbProduct = fc.record({
  base: fc.integer({ min: 300, max: 200_000 }),
  currency: fc.constantFrom('CNY', 'USD', 'JPY'),
  cost: ratio(0, 0.8),
  minPrice: opt(0.6, 1.03),
  maxPrice: opt(0.97, 1.5),
  mapPrice: opt(0.7, 1.03),
  rec1: fc.oneof(ratio(0.97, 1.03), ratio(0.85, 1.15)),
  rec2: fc.option(fc.oneof(ratio(0.97, 1.03), ratio(0.85, 1.15)), { nil: null }),
  snap: fc.boolean(),
  histHoursAgo: fc.integer({ min: 24, max: 96 }),
  rules: fc.record({
    minMarginPct: ratio(0, 40),
    maxChangePctPerStep: ratio(0.5, 12),
    maxChangePctPerDay: ratio(0.5, 12),
    maxChangesPerDay: fc.integer({ min: 1, max: 3 }),
    cooldownHours: fc.constantFrom(0, 1, 4, 24, 48),
    ending: fc.constantFrom('none' as const, '.99' as const, '.9' as const, 'whole' as const),
  }),
});
const arbCase = fc.record({ products: fc.array(arbProduct, { minLength: 1, maxLength: 4 }), gapHours: fc.constantFrom(0.5, 3, 13, 20, 30, 50) });
type Product = typeof arbProduct extends fc.Arbitrary<infer P> ? P : never;

describe('guardrails at export (property test)', () => {
  let store: Store;
  let tmp: { dir: string; cleanup: () => void };
  beforeAll(() => {
    tmp = tempDir('desk-guard-export-');
    store = openStore(':memory:');
  });
  afterAll(() => {
    store.close();
    tmp.cleanup();
  });

  /** SKU -> price text of an Amazon file. */
  // An export with no row to write writes no file.
  const written = (path: string): Map<string, string> =>
    !existsSync(path) ? new Map() : new Map(readFileSync(path, 'utf8').split('\r\n').slice(1).filter(Boolean).map((l) => l.split('\t') as [string, string]));

  it('never writes a price that breaks min/max, margin, MAP, step, day, changes per day, cool-down, ending or currency rounding (150 seeded cases)', async () => {
    const tally = { written: 0, changed: 0, held: 0, second: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(arbCase, async ({ products, gapHours }) => {
        const db = store.db;
        db.exec('DELETE FROM export_prices; DELETE FROM export_runs; DELETE FROM price_recommendations; DELETE FROM price_history; DELETE FROM pricing_guardrails; DELETE FROM products;');
        const unitOf = (c: string): number => (c === 'JPY' ? 1 : 100);
        const live = (p: Product): number => p.base / unitOf(p.currency);
        // Merchants often approve prices already on their ending: snap half of the proposals to it.
        const proposal = (p: Product, k: number): number => {
          const u = unitOf(p.currency);
          const v = k * live(p);
          if (!p.snap || p.rules.ending === 'none') return v;
          const whole = Math.floor(v);
          if (p.rules.ending === 'whole') return Math.round(v);
          if (u === 1) return p.rules.ending === '.99' ? Math.floor(v / 100) * 100 + 99 : Math.floor(v / 10) * 10 + 9;
          return whole + (p.rules.ending === '.99' ? 0.99 : 0.9);
        };
        const iso = (ms: number): string => new Date(ms).toISOString();
        const rec = db.prepare(`INSERT INTO price_recommendations (product_id, current_price, recommended_price, final_price, status, created_at, decided_at) VALUES (?, ?, ?, ?, 'approved', ?, ?)`);
        products.forEach((p, i) => {
          const b = live(p);
          const band = (v: number | null): number | null => (v === null ? null : v * b);
          db.prepare(`INSERT INTO products (id, sku, cost, price, currency, min_price, max_price, map_price, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`)
            .run(i + 1, `S${i}`, p.cost * b, b, p.currency, band(p.minPrice), band(p.maxPrice), band(p.mapPrice), iso(T1), iso(T1));
          db.prepare(`INSERT INTO price_history (product_id, effective_at, price, source) VALUES (?, ?, ?, 'import')`).run(i + 1, iso(T1 - p.histHoursAgo * HOUR), b);
          saveRulesOverride(db, 'sku', `S${i}`, p.rules);
          rec.run(i + 1, b, proposal(p, p.rec1), proposal(p, p.rec1), iso(T1 - HOUR), iso(T1 - HOUR));
        });
        const first = await runExport(db, { format: 'amazon', path: join(tmp.dir, `a${++n}.txt`), encoding: 'utf8', now: iso(T1) });
        const out1 = written(first.path);
        products.forEach((p, i) => {
          if (p.rec2 !== null) rec.run(i + 1, live(p), proposal(p, p.rec2), proposal(p, p.rec2), iso(T1 + HOUR / 10), iso(T1 + HOUR / 10));
        });
        const t2 = T1 + gapHours * HOUR;
        const second = await runExport(db, { format: 'amazon', path: join(tmp.dir, `b${n}.txt`), encoding: 'utf8', now: iso(t2) });
        const out2 = written(second.path);
        tally.held += first.rowsHeld + second.rowsHeld;

        products.forEach((p, i) => {
          const sku = `S${i}`;
          const unit = unitOf(p.currency);
          const r = p.rules as Omit<GuardrailRules, 'currency'>;
          const b = live(p);
          const check = (text: string | undefined, before: number, dayStart: number, changesBefore: number, lastChange: number, now: number): void => {
            if (text === undefined) return;
            tally.written++;
            expect(text, sku).toMatch(unit === 1 ? /^\d+$/ : /^\d+\.\d\d$/);
            const v = Number(text);
            const bad: string[] = [];
            if (p.minPrice !== null && v < p.minPrice * b - TOL) bad.push('min');
            if (p.maxPrice !== null && v > p.maxPrice * b + TOL) bad.push('max');
            if (p.mapPrice !== null && v < p.mapPrice * b - TOL) bad.push('map');
            if (p.cost > 0 && v < (p.cost * b) / (1 - r.minMarginPct / 100) - TOL) bad.push('margin');
            if (Math.round(v * unit) !== Math.round(before * unit)) {
              tally.changed++;
              if (Math.abs(v - before) > (before * r.maxChangePctPerStep) / 100 + TOL) bad.push('step');
              if (Math.abs(v - dayStart) > (dayStart * r.maxChangePctPerDay) / 100 + TOL) bad.push('day');
              if (changesBefore >= r.maxChangesPerDay) bad.push('changes per day');
              if ((now - lastChange) / HOUR < r.cooldownHours) bad.push('cooldown');
              const minor = Math.round(v * unit);
              if (r.ending === '.99' && minor % 100 !== 99) bad.push('.99');
              if (r.ending === '.9' && minor % (unit === 100 ? 100 : 10) !== (unit === 100 ? 90 : 9)) bad.push('.9');
              if (r.ending === 'whole' && unit === 100 && minor % 100 !== 0) bad.push('whole');
            }
            expect(bad, `${sku} ${text} ${JSON.stringify(p)} gap ${gapHours}`).toEqual([]);
          };
          const histAt = T1 - p.histHoursAgo * HOUR;
          check(out1.get(sku), b, b, 0, histAt, T1);
          // The second export compares with what the first one sent (if it sent this SKU).
          const sent = out1.get(sku);
          const p1 = sent === undefined ? b : Number(sent);
          const changed1 = sent !== undefined && Math.round(p1 * unit) !== Math.round(b * unit);
          const sameDay = iso(T1).slice(0, 10) === iso(t2).slice(0, 10);
          if (out2.has(sku)) tally.second++;
          check(out2.get(sku), p1, sameDay && sent !== undefined ? b : p1, sameDay && changed1 ? 1 : 0, changed1 ? T1 : histAt, t2);
        });
      }),
      { numRuns: 150, seed: 20260311 },
    );
    // Both the priced and the held paths, and second exports after a first change, must really be exercised.
    expect(tally.changed, JSON.stringify(tally)).toBeGreaterThan(100);
    expect(tally.held, JSON.stringify(tally)).toBeGreaterThan(50);
    expect(tally.second, JSON.stringify(tally)).toBeGreaterThan(50);
  }, 60_000);
});
