// A shop with two warehouses that count stock on different days: Planning plans with the stock Inventory shows (each
// warehouse's latest count, summed). It took only the rows of the product's latest count date, so a warehouse counted
// a day earlier vanished from the plan: Inventory showed 80 + 30 on hand while the plan said 80 and suggested an order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Engine } from '../../engine/engine';
import { addDays } from '../../engine/db/queries/dashboard';
import { fillStore, type FilledStore } from './dashboard-fixture';
import { tempDir } from './helpers';

const t = tempDir('desk-plan-loc-');
let engine: Engine;
let data: FilledStore;

beforeAll(async () => {
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(join(t.dir, 'shop.db'), { create: true });
  data = fillStore(engine.store.db, { skus: 6, days: 120, seed: 5 });
  const db = engine.store.db;
  db.prepare("INSERT INTO locations (id, code, name) VALUES (2, 'WH2', 'Second warehouse')").run();
  // Product 1: 80 at WH1 on the last day, 30 at WH2 counted the day before (and an older WH2 count under it).
  db.prepare('UPDATE inventory SET on_hand = 80 WHERE product_id = 1').run();
  db.prepare('INSERT INTO inventory (product_id, location_id, date, on_hand, on_order) VALUES (1, 2, ?, 12, 0), (1, 2, ?, 30, 5)').run(addDays(data.end, -9), addDays(data.end, -1));
});

afterAll(async () => {
  await engine.close();
  t.cleanup();
});

describe('stock over warehouses counted on different days', () => {
  it('Inventory, Planning and the plan agree: 80 + 30 on hand, 5 on order', async () => {
    const sku = data.products[0].sku;
    const listed = (await engine.invoke('products.list', { search: sku, limit: 10 })).rows.find((r) => r.sku === sku);
    expect(listed?.onHand).toBe(110);
    const status = (await engine.invoke('planning.status', {})).find((r) => r.sku === sku);
    expect(status?.onHand).toBe(110);
    const plan = (await engine.invoke('planning.plan', {})).rows.find((r) => r.sku === sku);
    expect(plan?.onHand).toBe(110);
    expect(plan?.onOrder).toBe(5);
  });
});
