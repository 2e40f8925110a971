// The Recommendations screen's customer picker searches on the engine (recs.customers.search): every customer with a
// list is reachable by id (as the CLI and exports name them), name or email in any case, and the picker learns how many
// more match than it shows. It used to load the first 500 customers and filter those in the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Engine } from '../../engine/engine';
import { tempDir } from './helpers';

const t = tempDir('desk-recs-search-');
let engine: Engine;
const N = 700;

beforeAll(async () => {
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(join(t.dir, 'shop.db'), { create: true });
  const db = engine.store.db;
  const now = '2026-12-01T00:00:00Z';
  db.transaction(() => {
    const product = Number(db.prepare("INSERT INTO products (sku, title_en, created_at, updated_at) VALUES ('MUG-1', 'Mug', ?, ?)").run(now, now).lastInsertRowid);
    db.prepare("INSERT INTO model_runs (id, kind, created_at) VALUES ('run-1', 'recsys', ?)").run(now);
    const customer = db.prepare('INSERT INTO customers (external_id, name, email) VALUES (?, ?, ?)');
    const item = db.prepare("INSERT INTO rec_items (run_id, list, subject_id, rank, product_id, score, reason) VALUES ('run-1', 'customer', ?, 1, ?, 1, 'popular')");
    for (let i = 1; i <= N; i++) {
      const id = Number(customer.run(`C${String(i).padStart(6, '0')}`, i === 3 ? '何娟' : `Daniel Kim ${i}`, `daniel.${i}@example.com`).lastInsertRowid);
      item.run(id, product);
    }
    // A customer without a list is not offered.
    customer.run('C999999', 'No List', 'nolist@example.com');
    // Names holding LIKE's wildcards are matched as typed.
    const pct = Number(customer.run('P000001', '100% Cotton Club', 'club@example.com').lastInsertRowid);
    item.run(pct, product);
    // An id that the ids C000600..C000699 contain, added last.
    item.run(Number(customer.run('C0006', 'Short Id', 'short@example.com').lastInsertRowid), product);
  })();
});
afterAll(async () => {
  await engine.close();
  t.cleanup();
});

const search = (query: string, limit = 50): Promise<{ rows: { externalId: string; name: string | null }[]; total: number }> =>
  engine.invoke('recs.customers.search', { query, limit });

describe('recs.customers.search', () => {
  it('finds a customer far beyond the first 500 by id, name and email, in any case', async () => {
    for (const q of ['C000650', 'c000650', 'Daniel Kim 650', 'daniel kim 650', 'DANIEL.650@EXAMPLE.COM']) {
      const r = await search(q);
      expect(r.rows[0]?.externalId, q).toBe('C000650');
    }
    expect((await search('何娟')).rows.map((c) => c.externalId)).toEqual(['C000003']);
  });

  it('puts the customer whose id is the text first, before others that merely contain it', async () => {
    // C000600..C000699 hold "C0006" too and come before it by id.
    const r = await search('c0006', 10);
    expect(r.rows.map((c) => c.externalId)).toEqual(['C0006', 'C000600', 'C000601', 'C000602', 'C000603', 'C000604', 'C000605', 'C000606', 'C000607', 'C000608']);
    expect(r.total).toBe(101);
  });

  it('says how many match in all when it lists only the first ones', async () => {
    const all = await search('', 50);
    expect(all.rows).toHaveLength(50);
    expect(all.total).toBe(N + 2);
    const kims = await search('kim', 20);
    expect(kims.rows).toHaveLength(20);
    expect(kims.total).toBe(N - 1);
  });

  it('matches % and _ as typed, and leaves out customers without a list', async () => {
    expect((await search('100%')).rows.map((c) => c.externalId)).toEqual(['P000001']);
    expect((await search('0_0')).total).toBe(0);
    expect((await search('No List')).total).toBe(0);
  });

  it('recs.customers, kept for scripts, searches the same way', async () => {
    const r = await engine.invoke('recs.customers', { query: 'c000650', limit: 5 });
    expect(r.map((c) => c.externalId)).toEqual(['C000650']);
  });
});
