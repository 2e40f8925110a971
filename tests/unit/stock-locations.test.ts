// A shop with two warehouses that count stock on different days: everything that reads stock counts it as Inventory
// does (each warehouse's latest count, summed). Each place below took only the counts of the product's latest count
// date, so the warehouse counted a day earlier dropped out: Shanghai counted 5 lamps on 12-06, Hangzhou 30 on 12-05.
// The Dashboard and visual search counted right already; their tests pin the shared definition they now read.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import { productStock } from '../../engine/db/queries/inventory';
import { loadDemand } from '../../engine/db/queries/forecast';
import { calibrateMarkets } from '../../engine/pricing/calibrate';
import { buildPlan } from '../../engine/planning/plan';
import { onHandAsOf } from '../../engine/db/queries/dashboard';
import { lowCover } from '../../engine/planning/cover';
import { stopQueryWorker } from '../../engine/vision/query/client';
import { bench, type Bench } from './import-helpers';
import { engineOnFreshStore } from './helpers';

const F = join(__dirname, 'fixtures', 'chats');
let b: Bench;

beforeAll(async () => {
  b = bench();
  await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,title_zh,title_en,price,cost\nAP-1,北欧台灯,Nordic lamp,199,90\nAP-2,亚麻衬衫,Linen shirt,259,120\n') });
  // AP-1: Shanghai 8 then 5, Hangzhou 30 a day before Shanghai's last count. AP-2: only Shanghai, sold out.
  const inv = 'sku,warehouse,date,on hand,on order\nAP-1,SH,2026-12-01,8,0\nAP-1,HZ,2026-12-05,30,4\nAP-1,SH,2026-12-06,5,2\nAP-2,SH,2026-12-06,0,0\n';
  await b.imp({ kind: 'inventory', path: b.file('i.csv', inv) });
  await b.imp({ kind: 'kb', path: join(F, 'kb.csv') });
}, 60_000);
afterAll(() => b?.cleanup());

describe('stock over two warehouses counted on different days', () => {
  it('is each warehouse’s latest count, summed: 5 + 30 on hand, 2 + 4 on order', () => {
    expect(productStock(b.store.db, 1)).toEqual({ onHand: 35, onOrder: 6 });
    expect(productStock(b.store.db, 2)).toEqual({ onHand: 0, onOrder: 0 });
  });

  it('a suggested reply tells the customer the stock Inventory shows (35), in 中文 and English', async () => {
    const csv = 'conversation,time,sender,channel,text\nL1,2026-12-06 11:00:00,customer,taobao,北欧台灯还有货吗？\nL2,2026-12-06 12:00:00,customer,shopify,Is the Nordic lamp in stock?\n';
    await b.imp({ kind: 'chats', path: b.file('c.csv', csv) });
    const { suggestForConversation, conversationId } = await import('../../engine/chats/conversations');
    const zh = await suggestForConversation(b.store.db, conversationId(b.store.db, 'L1', 'zh'));
    expect(zh.suggestions[0].slug).toBe('stock');
    expect(zh.suggestions[0].text).toContain('北欧台灯 现有库存 35 件');
    const en = await suggestForConversation(b.store.db, conversationId(b.store.db, 'L2', 'en'));
    expect(en.suggestions[0].slug).toBe('stock');
    expect(en.suggestions[0].text).toContain('Nordic lamp: 35 in stock');
  });

  it('pricing plans with the stock Inventory shows: the lamp starts its simulated weeks with 35, the shirt sold out', () => {
    const [lamp] = calibrateMarkets(b.store.db, { sku: 'AP-1' });
    expect(lamp.scenario.inventory.initial).toBe(35);
    const all = calibrateMarkets(b.store.db);
    expect(all.map((m) => [m.sku, m.scenario.inventory.initial])).toEqual([['AP-1', 35], ['AP-2', 0]]);
  });

  it("the Dashboard's sell-through counts the stock Inventory showed at the period's end: 8 on 12-04, 8 + 30 on 12-05, 5 + 30 on 12-06", () => {
    // A period ending 12-05 is read before Shanghai's count of 12-06: its own 8 of 12-01 still stands beside Hangzhou's 30.
    // (The Dashboard counted this way already; it now reads the definition in inventory.ts, which this pins.)
    expect([onHandAsOf(b.store.db, '2026-11-30'), onHandAsOf(b.store.db, '2026-12-04'), onHandAsOf(b.store.db, '2026-12-05'), onHandAsOf(b.store.db, '2026-12-06')]).toEqual([null, 8, 38, 35]);
  });
});

describe('the history of a lamp stocked in two warehouses', () => {
  let f: Bench;
  beforeAll(async () => {
    f = bench();
    await f.imp({ kind: 'products', path: f.file('p.csv', 'sku,title_en,price\nLM-1,Lamp,199\n') });
    // Sales on 11-01, 11-14 and 11-30; none between. Hangzhou holds 30 from 11-10 until it is counted empty on 11-20;
    // Shanghai is counted empty on 11-15 (Hangzhou still has 30: not a stockout) and on 11-25 (both empty: a stockout).
    await f.imp({ kind: 'daily-sales', path: f.file('d.csv', 'sku,date,units,revenue\nLM-1,2026-11-01,1,199\nLM-1,2026-11-14,1,199\nLM-1,2026-11-30,1,199\n') });
    const inv = 'sku,warehouse,date,on hand\nLM-1,HZ,2026-11-10,30\nLM-1,SH,2026-11-15,0\nLM-1,HZ,2026-11-20,0\nLM-1,SH,2026-11-25,0\n';
    await f.imp({ kind: 'inventory', path: f.file('i.csv', inv) });
  }, 60_000);
  afterAll(() => f?.cleanup());

  /** The days of the lamp's history read as censored (stock out, no sale), as dates. */
  const censored = (maxDays?: number): string[] => {
    const { items } = loadDemand(f.store.db, { maxDays });
    const s = items[0].series;
    return s.values.flatMap((v, i) => (Number.isNaN(v) ? [new Date(Date.parse(`${s.start}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10)] : []));
  };

  it('a day one warehouse is counted empty while the other holds stock is a day without sales, not a stockout', () => {
    expect(censored()).toEqual(['2026-11-20', '2026-11-25']);
  });

  it('a warehouse counted before the history window still counts', () => {
    // The last 18 days start on 11-13 (the history from the sale of 11-14): Hangzhou's 30 of 11-10 still stands on 11-15.
    expect(censored(18)).toEqual(['2026-11-20', '2026-11-25']);
  });

  it("the plan's turnover is a year's units over the average stock of the count days, each day's both warehouses' (3 / 15)", () => {
    // Count days 11-10, 11-15, 11-20, 11-25 hold 30, 30 (Hangzhou's 30 and Shanghai's 0), 0 and 0: 15 on average.
    const [lamp] = buildPlan(f.store.db, { serviceLevel: 0.95, reviewDays: 7, today: '2026-12-01' });
    expect(lamp.sku).toBe('LM-1');
    expect(lamp.turnover).toBeCloseTo(3 / 15, 10);
  });

  it("the Dashboard's low-cover alert counts a day's stock as Inventory showed it that day: 30 on 11-15, Hangzhou's", () => {
    // No forecast: the cover of the 28 days' sales ending 11-15 (11-01 and 11-14), from the stock of 11-15 (as before;
    // the query is now the shared one).
    const low = lowCover(f.store.db, '2026-11-15', 1000, 10);
    expect(low.basis).toBe('sales28');
    expect(low.rows.map((r) => [r.sku, r.onHand, r.daysOfCover])).toEqual([['LM-1', 30, 30 / (2 / 28)]]);
    expect(lowCover(f.store.db, '2026-11-30', 1000, 10).rows.map((r) => [r.sku, r.onHand])).toEqual([['LM-1', 0]]);
  });
});

describe('a visual search match in two warehouses', () => {
  let engine: Engine;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ engine, close } = await engineOnFreshStore());
  });
  afterAll(async () => {
    await close();
    await stopQueryWorker();
  });

  // Visual search counted this way already; it now reads productStock, which this pins.
  it('shows the stock Inventory shows: 5 + 30, Hangzhou counted a day before Shanghai', async () => {
    const db = engine.store.db;
    const prod = db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES (?, ?, 10, 'x', 'x')");
    const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/png', 1, 1, x'00', 'test', 'x')");
    const emb = db.prepare("INSERT INTO image_embeddings (image_id, backbone, dim, vector, created_at) VALUES (?, 'colour', 3, ?, 'x')");
    const ids = (['A', 'B'] as const).map((sku, i) => {
      const id = Number(prod.run(sku, sku).lastInsertRowid);
      emb.run(Number(img.run(id, sku).lastInsertRowid), Buffer.from(new Float32Array(i ? [0.6, 0.8, 0] : [1, 0, 0]).buffer));
      return id;
    });
    db.prepare("INSERT INTO locations (id, code) VALUES (1, 'SH'), (2, 'HZ')").run();
    const inv = db.prepare('INSERT INTO inventory (product_id, location_id, date, on_hand) VALUES (?, ?, ?, ?)');
    inv.run(ids[1], 1, '2026-12-01', 8);
    inv.run(ids[1], 2, '2026-12-05', 30);
    inv.run(ids[1], 1, '2026-12-06', 5);
    const r = await engine.invoke('images.search', { productId: ids[0], k: 1, graphWeight: 0 });
    expect(r.matches.map((m) => [m.sku, m.onHand])).toEqual([['B', 35]]);
    expect(productStock(db, ids[1])?.onHand).toBe(35);
  });
});
