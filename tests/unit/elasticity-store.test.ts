import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { Engine } from '../../engine/engine';
import { readTable } from '../../engine/io/reader';
import { estimateElasticities } from '../../engine/pricing/elasticity';
import { csvSeries, parseDates } from '../../engine/pricing/elasticity-csv';
import { synthSeries } from './elasticity-synth';
import { tempDir } from './helpers';
import iconv from 'iconv-lite';

const T = '2026-01-01T00:00:00Z';

describe('elasticity from a store', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: Engine;
  beforeEach(async () => {
    tmp = tempDir('desk-elast-');
    const path = join(tmp.dir, 'shop.db');
    const store = openStore(path);
    const db = store.db;
    // Six SKUs with moving prices (true elasticity -1.6) and one whose price never moved.
    const moving = synthSeries({ seed: 21, skus: 6, days: 420, elasticity: -1.6, crossEffect: 0.8, follow: 0.8, baseUnits: 6, promoUplift: 1.2, priceEvery: 10 });
    const flat = synthSeries({ seed: 22, skus: 1, days: 420, elasticity: -1.6, crossEffect: 0, follow: 0, baseUnits: 6, promoUplift: 1, flatPrice: true });
    flat[0].key = 'FLAT-1';
    const all = [...moving, { ...flat[0], obs: flat[0].obs.map((o) => ({ ...o, promo: 0, price: flat[0].obs[0].price, listPrice: flat[0].obs[0].price })) }];
    const insP = db.prepare(`INSERT INTO products (id, sku, category, cost, price, created_at, updated_at) VALUES (?, ?, 'apparel', 10, ?, ?, ?)`);
    const insS = db.prepare(`INSERT INTO daily_sales (product_id, date, units, revenue, source) VALUES (?, ?, ?, ?, 'import')`);
    const insH = db.prepare(`INSERT INTO price_history (product_id, effective_at, price) VALUES (?, ?, ?)`);
    const insC = db.prepare(`INSERT INTO competitor_prices (product_id, competitor, date, price, in_stock) VALUES (?, 'rival', ?, ?, 1)`);
    const insPromo = db.prepare(`INSERT INTO promotions (name, product_id, start_date, end_date, discount_pct) VALUES (?, ?, ?, ?, 20)`);
    db.transaction(() => {
      all.forEach((s, i) => {
        const id = i + 1;
        insP.run(id, s.key, s.obs.at(-1)?.price ?? 1, T, T);
        let last = -1;
        s.obs.forEach((o, d) => {
          if (o.units > 0) insS.run(id, o.date, o.units, o.units * o.price);
          if (o.price !== last) insH.run(id, `${o.date}T00:00:00Z`, o.price);
          last = o.price;
          if (d % 7 === 0) insC.run(id, o.date, o.compPrice ?? 1);
          if (o.promo) insPromo.run(`flash ${o.date}`, id, o.date, o.date);
        });
      });
    })();
    store.close();
    engine = new Engine({ dataDir: tmp.dir, lang: 'en' });
    await engine.open(path);
  });
  afterEach(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('pricing.elasticity estimates the moving SKUs near the truth, refuses the flat one, and saves both', async () => {
    const r = await engine.invoke('pricing.elasticity', {});
    const moving = r.estimates.filter((e) => e.key !== 'FLAT-1');
    expect(moving).toHaveLength(6);
    for (const e of moving) {
      expect(e.status).toBe('estimated');
      expect(Math.abs(e.elasticity + 1.6)).toBeLessThan(0.35);
      expect(e.lo).toBeLessThan(-1.6);
      expect(e.hi).toBeGreaterThan(-1.6);
      expect(e.controls).toEqual(expect.arrayContaining(['promo', 'competitor_gap']));
    }
    const flat = r.estimates.find((e) => e.key === 'FLAT-1');
    expect(flat?.status).toBe('fallback');
    expect(flat?.message_en).toMatch(/category prior/);
    const saved = engine.store.db.prepare(`SELECT key, status, elasticity FROM elasticity_estimates WHERE scope = 'sku' ORDER BY key`).all() as { key: string; status: string; elasticity: number }[];
    expect(saved).toHaveLength(7);
    expect(saved.find((s) => s.key === 'FLAT-1')?.status).toBe('fallback');
    const run = engine.store.db.prepare(`SELECT kind, metrics FROM pricing_runs WHERE id = ?`).get(r.runId) as { kind: string; metrics: string };
    expect(run.kind).toBe('elasticity');
    expect(JSON.parse(run.metrics)).toMatchObject({ skus: 7, estimated: 6, fallback: 1 });
  });

  it('the pricing.elasticity job fits in a worker thread and its results are readable afterwards', async () => {
    const job = await engine.invoke('pricing.elasticity.start', {});
    const done = await engine.invoke('jobs.wait', { jobId: job.jobId, timeoutMs: 60_000 });
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ skus: 7, estimated: 6, fallback: 1 });
    const saved = await engine.invoke('pricing.elasticity.saved', { sku: 'SKU-1' });
    const sku = saved.filter((r) => r.scope === 'sku');
    expect(sku).toHaveLength(1);
    expect(Math.abs(sku[0].elasticity + 1.6)).toBeLessThan(0.3);
    expect(saved.some((r) => r.scope === 'category' && r.key === 'apparel')).toBe(true);
  });

  it('answers one SKU, and a clear not_found for an unknown one', async () => {
    const cold = await engine.invoke('pricing.elasticity', { sku: 'SKU-2' });
    expect(cold.estimates.map((e) => e.key)).toEqual(['SKU-2']);
    // After a saved full run, one SKU is fitted alone against the saved priors: same answer.
    const full = await engine.invoke('pricing.elasticity', {});
    const one = await engine.invoke('pricing.elasticity', { sku: 'SKU-2' });
    expect(one.estimates[0].elasticity).toBeCloseTo(full.estimates.find((e) => e.key === 'SKU-2')?.elasticity ?? NaN, 6);
    expect(one.estimates[0].elasticity).toBeCloseTo(cold.estimates[0].elasticity, 6);
    await expect(engine.invoke('pricing.elasticity', { sku: 'NOPE' })).rejects.toThrow(/No product with SKU 'NOPE'/);
  });

  it('without controls and without shrinkage (desk elasticity --no-controls --no-shrink) the estimate is the raw one and nothing is saved', async () => {
    const plain = await engine.invoke('pricing.elasticity', { sku: 'SKU-2', useControls: false, shrink: false });
    expect(plain.estimates[0].controls).toEqual([]);
    expect(plain.estimates[0].weight).toBe(1);
    expect(plain.estimates[0].elasticity).toBeCloseTo(plain.estimates[0].raw ?? NaN, 9);
    expect((await engine.invoke('pricing.elasticity', { useControls: false })).runId).toBeNull();
  });
});

describe('elasticity from a CSV', () => {
  it('reads a GB18030 file with day-first dates and estimates per group', async () => {
    const tmp = tempDir('desk-elast-csv-');
    try {
      const s = synthSeries({ seed: 31, skus: 2, days: 300, elasticity: -2, crossEffect: 0, follow: 0, baseUnits: 20, promoUplift: 1, priceEvery: 5 });
      const lines = ['商品,日期,单价,销量'];
      for (const x of s) for (const o of x.obs) lines.push(`${x.key},${(o.date ?? '').slice(8, 10)}/${(o.date ?? '').slice(5, 7)}/${(o.date ?? '').slice(0, 4)},${o.price},${o.units}`);
      const file = join(tmp.dir, 'sales.csv');
      writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gb18030'));
      const table = await readTable(file);
      expect(table.header).toEqual(['商品', '日期', '单价', '销量']);
      const { series } = csvSeries(table, { price: '单价', qty: '销量', group: '商品', date: '日期' }, file);
      expect(series.map((x) => x.key)).toEqual(['SKU-0', 'SKU-1']);
      expect(series[0].obs[0].date).toBe('2024-01-01');
      const r = estimateElasticities(series, { shrink: false });
      for (const e of r.estimates) expect(Math.abs(e.elasticity + 2)).toBeLessThan(0.2);
      expect(() => csvSeries(table, { price: 'price', qty: '销量' }, file)).toThrow(/no column 'price'/);
    } finally {
      tmp.cleanup();
    }
  });

  it('names the row and column of a bad number', () => {
    const table = { header: ['p', 'q'], rows: [['10', '1'], ['abc', '2']], encoding: 'utf-8' };
    expect(() => csvSeries(table, { price: 'p', qty: 'q' }, 'f.csv')).toThrow("f.csv row 3, column 'p': 'abc' is not a number");
  });

  it('decides day-first or month-first from the whole column', () => {
    expect(parseDates(['13/02/2024', '01/03/2024'], 'f', 'd')).toEqual(['2024-02-13', '2024-03-01']);
    expect(parseDates(['02/13/2024', '03/01/2024'], 'f', 'd')).toEqual(['2024-02-13', '2024-03-01']);
    expect(parseDates(['01/05/2017', '01/06/2017'], 'f', 'd')).toEqual(['2017-05-01', '2017-06-01']);
  });
});
