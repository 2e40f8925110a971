import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine';
import { fillStore } from './dashboard-fixture';
import { tempDir } from './helpers';

let engine: Engine;
const tmp = tempDir();

beforeAll(async () => {
  engine = new Engine({ dataDir: tmp.dir, lang: 'en' });
  await engine.open(':memory:', { create: true });
  const db = engine.store.db;
  fillStore(db, { skus: 8, days: 30, seed: 3 });
  db.transaction(() => {
    const cp = db.prepare('INSERT INTO competitor_prices (product_id, competitor, date, price) VALUES (?, ?, ?, ?)');
    cp.run(1, 'JD', '2026-06-01', 10);
    cp.run(1, 'JD', '2026-06-20', 12);
    cp.run(2, 'Tmall', '2026-06-10', 30);
    const ev = db.prepare("INSERT INTO browsing_events (session_id, product_id, kind, ts) VALUES (?, ?, ?, ?)");
    for (let i = 0; i < 5; i++) ev.run(`s${i}`, 3, 'view', `2026-06-0${i + 1}T10:00:00Z`);
    ev.run('s1', 4, 'view', '2026-06-02T10:00:00Z');
    ev.run('s1', 4, 'cart', '2026-06-02T10:01:00Z');
    db.prepare("INSERT INTO conversations (external_id, channel, subject, started_at) VALUES ('c1', 'taobao', '物流太慢', '2026-06-03T08:00:00Z')").run();
    db.prepare("INSERT INTO messages (conversation_id, seq, sender, ts, text) VALUES (1, 1, 'customer', '2026-06-03T08:00:00Z', '还没到')").run();
    // Product 1 is apparel and product 2 kitchenware in the fixture (categories cycle by id).
    db.prepare("INSERT INTO images (product_id, sha256, mime, bytes, created_at) VALUES (1, 'a', 'image/png', x'00', '2026-06-01'), (2, 'b', 'image/png', x'00', '2026-06-01')").run();
  })();
});

afterAll(async () => {
  await engine.close();
  tmp.cleanup();
});

describe('dashboard.area', () => {
  it('pricing: counts and the latest competitor prices first', async () => {
    const a = await engine.invoke('dashboard.area', { area: 'pricing' });
    expect(a.counts.competitorPrices).toBe(3);
    expect(a.counts.priceHistory).toBe(0);
    const t = a.tables.find((x) => x.id === 'competitorPrices');
    expect(t?.columns).toEqual(['sku', 'competitor', 'date', 'price', 'ourPrice']);
    expect(t?.rows.map((r) => r[2])).toEqual(['2026-06-20', '2026-06-10', '2026-06-01']);
  });

  it('recommendations: the most viewed product comes first with its views and carts', async () => {
    const a = await engine.invoke('dashboard.area', { area: 'recommendations' });
    expect(a.counts.browsingEvents).toBe(7);
    expect(a.counts.sessions).toBe(5);
    const t = a.tables[0];
    const views = t.columns.indexOf('views');
    const carts = t.columns.indexOf('carts');
    expect(t.rows[0][views]).toBe(5);
    expect(t.rows[1][carts]).toBe(1);
  });

  it('recommendations: product titles follow the caller language (English title in English, Chinese in Chinese)', async () => {
    const titleOf = async (lang: 'en' | 'zh'): Promise<unknown> => {
      const out = await engine.call('dashboard.area', { area: 'recommendations' }, lang);
      if (!out.ok) throw new Error(out.error.message);
      const t = (out.result as { tables: { columns: string[]; rows: unknown[][] }[] }).tables[0];
      return t.rows[0][t.columns.indexOf('title')];
    };
    const p = engine.store.db.prepare('SELECT title_en AS en, title_zh AS zh FROM products WHERE id = 3').get() as { en: string; zh: string };
    expect(await titleOf('en')).toBe(p.en);
    expect(await titleOf('zh')).toBe(p.zh);
  });

  it('chats lists conversations with their message counts; try-on shows only wearable products', async () => {
    const c = await engine.invoke('dashboard.area', { area: 'chats' });
    expect(c.counts).toMatchObject({ conversations: 1, messages: 1 });
    expect(c.tables[0].rows[0]).toContain('物流太慢');
    const v = await engine.invoke('dashboard.area', { area: 'visual' });
    expect(v.images.map((i) => i.productId)).toEqual([1, 2]);
    const t = await engine.invoke('dashboard.area', { area: 'tryon' });
    expect(t.images.map((i) => i.productId)).toEqual([1]);
    expect(t.counts.wearableImages).toBe(1);
  });

  it('refuses an unknown area with the valid ones named', async () => {
    const out = await engine.call('dashboard.area', { area: 'nope' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(JSON.stringify(out.error.details)).toMatch(/pricing/);
  });
});
