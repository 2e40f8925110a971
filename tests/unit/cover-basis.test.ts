// The Dashboard's "Under 14 days of cover" and Inventory's days-of-cover column count alike, on a real SQLite file: from
// the forecast once Planning has made one (as Inventory's column, planning.status, always did), else from the last 28
// days' sales, and the Dashboard says which. The Dashboard used the 28-day rate even with a forecast, so a product it
// listed under 14 days showed some 30 days in Inventory's column, and one Inventory showed at 5 days was not listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import type { OpResult } from '../../engine/api/ops/index';
import { addDays } from '../../engine/db/queries/dashboard';
import { fillStore, type FilledStore, rate28 as rate28Of } from './dashboard-fixture';
import { engineOnFreshStore } from './helpers';

type Summary = Extract<OpResult<'dashboard.summary'>, { empty: false }>;

let fresh: Awaited<ReturnType<typeof engineOnFreshStore>>;
let engine: Engine;
let data: FilledStore;

/** Units a day over the 28 days ending the last sales day. */
const rate28 = (productId: number): number => rate28Of(data, productId);

beforeAll(async () => {
  fresh = await engineOnFreshStore();
  engine = fresh.engine;
  data = fillStore(engine.store.db, { skus: 30, days: 120, seed: 11 });
});

afterAll(() => fresh.close());

const summary = async (): Promise<Summary> => (await engine.invoke('dashboard.summary', { days: 28, coverDays: 14, limit: 100 })) as Summary;
const inventoryLow = async (): Promise<string[]> => (await engine.invoke('products.list', { coverBelow: 14, limit: 1000 })).rows.map((r) => r.sku).sort();

describe('days of cover, one definition for the Dashboard and Inventory', () => {
  it('without a forecast: from the last 28 days of sales, the Dashboard and Inventory\'s filter listing the same products', async () => {
    const s = await summary();
    expect(s.alerts.lowCover.basis).toBe('sales28');
    expect(s.alerts.lowCover.total).toBeGreaterThan(0);
    for (const r of s.alerts.lowCover.rows) {
      expect(r.dailyDemand).toBeCloseTo(rate28(r.productId), 9);
      expect(r.daysOfCover).toBeCloseTo(r.onHand / rate28(r.productId), 9);
      expect(r.daysOfCover).toBeLessThan(14);
    }
    expect(await inventoryLow()).toEqual(s.alerts.lowCover.rows.map((r) => r.sku).sort());
    // Inventory's filter chip says the same basis as the Dashboard; without the filter there is none to say.
    expect((await engine.invoke('products.list', { coverBelow: 14, limit: 1 })).coverBasis).toBe('sales28');
    expect((await engine.invoke('products.list', { limit: 1 })).coverBasis).toBeNull();
  });

  it('with a forecast: the days Inventory\'s column shows (planning.status), where the two bases differ both ways', async () => {
    const db = engine.store.db;
    // A: sells fast lately with little stock (under 14 days at the 28-day rate), but the forecast expects little: 40 days.
    // B: plenty of stock at the 28-day rate, but the forecast expects a rush: 5 days.
    const byRate = data.products.map((p) => ({ id: p.id, sku: p.sku, rate: rate28(p.id) })).filter((p) => p.rate > 1);
    const [a, b] = [byRate[0], byRate[1]];
    db.prepare('UPDATE inventory SET on_hand = ? WHERE product_id = ?').run(Math.floor(a.rate * 5), a.id);
    db.prepare('UPDATE inventory SET on_hand = ? WHERE product_id = ?').run(Math.ceil(b.rate * 60), b.id);
    const fcA = Math.floor(a.rate * 5) / 40;
    const fcB = Math.ceil(b.rate * 60) / 5;
    db.transaction(() => {
      db.prepare("INSERT INTO forecast_runs (id, kind, model, horizon, history_end, sku_count, created_at) VALUES ('run-1', 'forecast', 'ma', 28, ?, ?, '2026-07-01T00:00:00Z')").run(data.end, data.products.length);
      const ins = db.prepare("INSERT INTO forecasts (product_id, date, run_id, p10, p50, p90) VALUES (?, ?, 'run-1', ?, ?, ?)");
      for (const p of data.products) {
        const d = p.id === a.id ? fcA : p.id === b.id ? fcB : rate28(p.id);
        for (let h = 1; h <= 28; h++) ins.run(p.id, addDays(data.end, h), d * 0.5, d, d * 1.5);
      }
    })();

    const s = await summary();
    expect(s.alerts.lowCover.basis).toBe('forecast');
    const column = new Map((await engine.invoke('planning.status', {})).map((r) => [r.sku, r.daysOfCover]));
    expect(column.get(a.sku)).toBeCloseTo(40, 6);
    expect(column.get(b.sku)).toBeCloseTo(5, 6);
    const listed = new Map(s.alerts.lowCover.rows.map((r) => [r.sku, r.daysOfCover]));
    expect(listed.has(a.sku), `${a.sku}: 40 days in Inventory`).toBe(false);
    expect(listed.get(b.sku), `${b.sku}: 5 days in Inventory`).toBeCloseTo(5, 6);
    // Every product the Dashboard lists shows those very days in Inventory's column, and every one under 14 there is listed.
    for (const [sku, days] of listed) expect(days, sku).toBe(column.get(sku));
    const under = [...column].filter(([, d]) => d !== null && d < 14).map(([sku]) => sku).sort();
    expect([...listed.keys()].sort()).toEqual(under);
    expect(s.alerts.lowCover.total).toBe(under.length);
    // "Show all N in Inventory" opens the same products.
    expect(await inventoryLow()).toEqual(under);
    expect((await engine.invoke('products.list', { coverBelow: 14, limit: 1 })).coverBasis).toBe('forecast');
  });

  it('a past end date is counted from the sales up to it (the forecast starts after the last sales day)', async () => {
    const s = (await engine.invoke('dashboard.summary', { days: 28, end: addDays(data.end, -1), coverDays: 14, limit: 100 })) as Summary;
    expect(s.alerts.lowCover.basis).toBe('sales28');
  });
});
