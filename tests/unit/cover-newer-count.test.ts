// A stock count newer than the last sales day: Inventory's "under 14 days" filter and the Dashboard's low-cover alert
// count with the stock Inventory's row shows (the newest count), as its on-hand and days-of-cover columns do. They
// counted with the stock as of the last sales day, so a product restocked since was listed under 14 days while its row
// showed hundreds on hand (and months of cover), and one sold down since was missing.
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
let restocked: { id: number; sku: string; rate: number };
let soldDown: { id: number; sku: string; rate: number };

/** Units a day over the 28 days ending the last sales day. */
const rate28 = (productId: number): number => rate28Of(data, productId);

beforeAll(async () => {
  fresh = await engineOnFreshStore();
  engine = fresh.engine;
  data = fillStore(engine.store.db, { skus: 30, days: 120, seed: 11 });
  const db = engine.store.db;
  const sellers = data.products.map((p) => ({ id: p.id, sku: p.sku, rate: rate28(p.id) })).filter((p) => p.rate > 1);
  [restocked, soldDown] = [sellers[0], sellers[1]];
  // Counted on the last sales day: 3 days of stock and 100 days of stock. Counted again three days later (no sales
  // imported since): restocked to 100 days, sold down to 3.
  const count = db.prepare('INSERT OR REPLACE INTO inventory (product_id, location_id, date, on_hand) VALUES (?, 1, ?, ?)');
  count.run(restocked.id, data.end, Math.floor(restocked.rate * 3));
  count.run(soldDown.id, data.end, Math.ceil(soldDown.rate * 100));
  count.run(restocked.id, addDays(data.end, 3), Math.ceil(restocked.rate * 100));
  count.run(soldDown.id, addDays(data.end, 3), Math.floor(soldDown.rate * 3));
});

afterAll(() => fresh.close());

const list = async (coverBelow?: number): Promise<OpResult<'products.list'>> => engine.invoke('products.list', { coverBelow, limit: 1000 });
const summary = async (): Promise<Summary> => (await engine.invoke('dashboard.summary', { days: 28, coverDays: 14, limit: 100 })) as Summary;

describe('days of cover with a count newer than the last sales day', () => {
  it('without a forecast: the filter and the Dashboard count with the on-hand the row shows', async () => {
    const rows = new Map((await list()).rows.map((r) => [r.sku, r]));
    expect(rows.get(restocked.sku)?.onHand).toBe(Math.ceil(restocked.rate * 100));
    expect(rows.get(soldDown.sku)?.onHand).toBe(Math.floor(soldDown.rate * 3));
    const low = await list(14);
    expect(low.coverBasis).toBe('sales28');
    const listed = low.rows.map((r) => r.sku);
    expect(listed, `${restocked.sku} shows ~100 days of stock`).not.toContain(restocked.sku);
    expect(listed, `${soldDown.sku} shows ~3 days of stock`).toContain(soldDown.sku);
    // Every product listed has under 14 days at the on-hand its row shows, and every such product is listed.
    const under = [...rows.values()].filter((r) => r.onHand !== null && rate28(r.id) > 0 && Math.max(0, r.onHand) / rate28(r.id) < 14).map((r) => r.sku).sort();
    expect([...listed].sort()).toEqual(under);
    const s = await summary();
    expect(s.alerts.lowCover.rows.map((r) => r.sku).sort()).toEqual(under);
    expect(s.alerts.lowCover.rows.find((r) => r.sku === soldDown.sku)?.onHand).toBe(Math.floor(soldDown.rate * 3));
  });

  it('with a forecast: the filter lists what the days-of-cover column (planning.status) shows under 14 days', async () => {
    const db = engine.store.db;
    db.transaction(() => {
      db.prepare("INSERT INTO forecast_runs (id, kind, model, horizon, history_end, sku_count, created_at) VALUES ('run-1', 'forecast', 'ma', 28, ?, ?, '2026-07-01T00:00:00Z')").run(data.end, data.products.length);
      const ins = db.prepare("INSERT INTO forecasts (product_id, date, run_id, p10, p50, p90) VALUES (?, ?, 'run-1', ?, ?, ?)");
      for (const p of data.products) {
        const d = rate28(p.id);
        for (let h = 1; h <= 28; h++) ins.run(p.id, addDays(data.end, h), d * 0.5, d, d * 1.5);
      }
    })();
    const column = new Map((await engine.invoke('planning.status', {})).map((r) => [r.sku, r]));
    expect(column.get(restocked.sku)?.onHand).toBe(Math.ceil(restocked.rate * 100));
    expect(column.get(restocked.sku)?.daysOfCover).toBeGreaterThan(90);
    const low = await list(14);
    expect(low.coverBasis).toBe('forecast');
    const under = [...column.values()].filter((r) => r.daysOfCover !== null && r.daysOfCover < 14).map((r) => r.sku).sort();
    expect(under).toContain(soldDown.sku);
    expect(low.rows.map((r) => r.sku).sort()).toEqual(under);
    expect((await summary()).alerts.lowCover.rows.map((r) => r.sku).sort()).toEqual(under);
  });
});
