import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { openStore, type Store } from '../../engine/db/store';
import { DEMO_TABLES } from '../../engine/demo/cleanup';
import { generateDemo, type DemoSummary } from '../../engine/demo/generate';
import { DemoParamsSchema } from '../../engine/demo/params';
import { EngineError } from '../../engine/errors';
import { suggestForConversation } from '../../engine/chats/conversations';

const hooks = { lang: 'en' as const, progress: () => undefined, checkCancelled: () => undefined, isCancelled: () => false };

async function makeDemo(seed: number, skus = 40, days = 120): Promise<{ store: Store; summary: DemoSummary }> {
  const store = openStore(':memory:');
  const summary = await generateDemo(store.db, DemoParamsSchema.parse({ seed, skus, days, end: '2026-10-31' }), hooks);
  return { store, summary };
}

/** Hash of a table's full content in a fixed order. */
function tableHash(store: Store, table: string, orderBy: string): string {
  const h = createHash('sha256');
  for (const row of store.db.prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).iterate()) {
    h.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
  }
  return h.digest('hex');
}

const TABLES: [string, string][] = [
  ['products', 'id'], ['images', 'id'], ['customers', 'id'], ['orders', 'id'], ['order_lines', 'id'], ['daily_sales', 'product_id, date'],
  ['inventory', 'product_id, date'], ['promotions', 'id'], ['price_history', 'product_id, effective_at'], ['calendar_events', 'id'],
  ['competitor_prices', 'product_id, competitor, date'], ['signals', 'date, kind, key'], ['browsing_events', 'id'], ['conversations', 'id'],
  ['messages', 'id'], ['kb_articles', 'id'], ['demo_truth', 'kind, key'],
];
const hashes = (s: Store): Record<string, string> => Object.fromEntries(TABLES.map(([t, o]) => [t, tableHash(s, t, o)]));

let a: { store: Store; summary: DemoSummary };
beforeAll(async () => {
  a = await makeDemo(7);
});
afterAll(() => a.store.close());

describe('demo generator: determinism', () => {
  it('gives identical table contents for the same seed and different contents for another seed', async () => {
    const b = await makeDemo(7);
    const c = await makeDemo(8);
    const ha = hashes(a.store);
    expect(hashes(b.store)).toEqual(ha);
    const hc = hashes(c.store);
    for (const t of ['products', 'orders', 'order_lines', 'daily_sales', 'images', 'signals', 'browsing_events']) expect(hc[t]).not.toBe(ha[t]);
    b.store.close();
    c.store.close();
  });
});

describe('demo generator: the data holds together', () => {
  it('fills every table a user looks at, over the requested days', () => {
    const { counts } = a.summary;
    for (const t of ['products', 'images', 'customers', 'orders', 'order_lines', 'inventory', 'promotions', 'price_history', 'competitor_prices', 'signals', 'browsing_events', 'conversations', 'messages', 'kb_articles', 'demo_truth']) {
      expect(counts[t], t).toBeGreaterThan(0);
    }
    expect(counts.products).toBe(40);
    const r = a.store.db.prepare("SELECT min(date) AS lo, max(date) AS hi FROM daily_sales").get() as { lo: string; hi: string };
    expect(a.summary.lastDay).toBe('2026-10-31');
    expect(r.hi <= '2026-10-31' && r.lo >= a.summary.firstDay).toBe(true);
    // About 1.2 lines per order.
    expect(counts.order_lines / counts.orders).toBeGreaterThan(1.1);
    expect(counts.order_lines / counts.orders).toBeLessThan(1.3);
  });

  it('keeps daily_sales equal to the order lines of each SKU and day', () => {
    const diff = a.store.db
      .prepare(
        `SELECT count(*) AS n FROM (
           SELECT l.product_id, substr(o.ordered_at, 1, 10) AS date, sum(l.quantity) AS units, sum(l.quantity * l.unit_price - l.discount) AS revenue
           FROM order_lines l JOIN orders o ON o.id = l.order_id GROUP BY 1, 2) x
         LEFT JOIN daily_sales d ON d.product_id = x.product_id AND d.date = x.date
         WHERE d.units IS NULL OR d.units <> x.units OR abs(d.revenue - x.revenue) > 0.01`,
      )
      .get() as { n: number };
    expect(diff.n).toBe(0);
    const orphan = a.store.db.prepare("SELECT count(*) AS n FROM daily_sales WHERE units > 0 AND stockout = 0 AND source = 'orders' AND order_count = 0").get() as { n: number };
    expect(orphan.n).toBe(0);
  });

  it('marks stockout days, and sells nothing on them', () => {
    const db = a.store.db;
    const marked = (db.prepare('SELECT count(*) AS n FROM daily_sales WHERE stockout = 1').get() as { n: number }).n;
    expect(marked).toBeGreaterThan(0);
    expect((db.prepare('SELECT count(*) AS n FROM daily_sales WHERE stockout = 1 AND units > 0').get() as { n: number }).n).toBe(0);
    const sold = db
      .prepare(
        `SELECT count(*) AS n FROM daily_sales d JOIN order_lines l ON l.product_id = d.product_id
         JOIN orders o ON o.id = l.order_id AND substr(o.ordered_at, 1, 10) = d.date WHERE d.stockout = 1`,
      )
      .get() as { n: number };
    expect(sold.n).toBe(0);
    // A weekly snapshot with nothing on hand is followed by a stockout day unless stock arrives.
    const empty = db.prepare("SELECT count(*) AS n FROM inventory WHERE on_hand = 0").get() as { n: number };
    expect(empty.n).toBeGreaterThan(0);
  });

  it('records promotions as real price cuts in order lines and price history', () => {
    const db = a.store.db;
    const row = db
      .prepare(
        `SELECT count(*) AS n, sum(l.unit_price < (SELECT h.price FROM price_history h WHERE h.product_id = pr.product_id AND h.effective_at < pr.start_date
                                                   ORDER BY h.effective_at DESC LIMIT 1)) AS cheaper
         FROM promotions pr JOIN order_lines l ON l.product_id = pr.product_id
         JOIN orders o ON o.id = l.order_id AND substr(o.ordered_at, 1, 10) BETWEEN pr.start_date AND pr.end_date
         WHERE pr.start_date > (SELECT min(effective_at) FROM price_history h WHERE h.product_id = pr.product_id)`,
      )
      .get() as { n: number; cheaper: number };
    expect(row.n).toBeGreaterThan(0);
    expect(row.cheaper).toBe(row.n);
  });

  it('writes titles in Chinese and English, and variants that share a parent and a price', () => {
    const rows = a.store.db.prepare('SELECT sku, parent_sku, title_zh, title_en, price, category FROM products').all() as { sku: string; parent_sku: string | null; title_zh: string; title_en: string; price: number; category: string }[];
    for (const r of rows) {
      expect(r.title_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.title_en).toMatch(/^[\x20-\x7e]+$/);
      expect(String(r.price)).toMatch(/\.(9|99)$/);
    }
    expect(new Set(rows.map((r) => r.category)).size).toBe(6);
    const groups = new Map<string, number[]>();
    for (const r of rows) if (r.parent_sku) groups.set(r.parent_sku, [...(groups.get(r.parent_sku) ?? []), r.price]);
    expect(groups.size).toBeGreaterThan(0);
    for (const prices of groups.values()) {
      expect(prices.length).toBeGreaterThan(1);
      expect(new Set(prices).size).toBe(1);
    }
  });

  it('draws a valid transparent PNG per product, different within a category', async () => {
    // The catalogue picture has the product's id; the further views are checked in the next test.
    const rows = a.store.db.prepare(`SELECT p.id, p.category, p.images, i.id AS image_id, i.bytes, i.sha256, i.mime FROM products p JOIN images i ON i.id = p.id AND i.product_id = p.id ORDER BY p.id`).all() as {
      id: number; category: string; images: string; image_id: number; bytes: Buffer; sha256: string; mime: string;
    }[];
    expect(rows.length).toBe(40);
    const raws = new Map<number, Buffer>();
    for (const r of rows.slice(0, 12)) {
      expect((JSON.parse(r.images) as number[])[0]).toBe(r.image_id);
      expect(r.mime).toBe('image/png');
      expect(createHash('sha256').update(r.bytes).digest('hex')).toBe(r.sha256);
      const meta = await sharp(r.bytes).metadata();
      expect(meta).toMatchObject({ format: 'png', width: 256, height: 256, hasAlpha: true });
      const { data } = await sharp(r.bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(data[3]).toBe(0); // top-left corner is transparent
      let opaque = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 200) opaque++;
      expect(opaque / (256 * 256)).toBeGreaterThan(0.03); // the product itself is drawn
      expect(opaque / (256 * 256)).toBeLessThan(0.8); // on a transparent background
      raws.set(r.id, data);
    }
    const apparel = rows.filter((r) => r.category === 'apparel' && raws.has(r.id));
    expect(apparel.length).toBeGreaterThan(1);
    const [x, y] = [raws.get(apparel[0].id) as Buffer, raws.get(apparel[1].id) as Buffer];
    let differing = 0;
    for (let i = 0; i < x.length; i += 4) if (Math.abs(x[i] - y[i]) + Math.abs(x[i + 1] - y[i + 1]) + Math.abs(x[i + 2] - y[i + 2]) + Math.abs(x[i + 3] - y[i + 3]) > 30) differing++;
    expect(differing / (x.length / 4)).toBeGreaterThan(0.05);
  });

  it('gives every product two more views (turned, mirrored and closer, on a backdrop) as distinct JPEG photos', async () => {
    const rows = a.store.db.prepare('SELECT p.id, p.images, count(i.id) AS n FROM products p JOIN images i ON i.product_id = p.id GROUP BY p.id ORDER BY p.id').all() as { id: number; images: string; n: number }[];
    expect(rows.length).toBe(40);
    for (const r of rows) {
      const ids = JSON.parse(r.images) as number[];
      expect(ids.length).toBe(3);
      expect(r.n).toBe(3);
      expect(ids[0]).toBe(r.id);
    }
    const views = a.store.db.prepare('SELECT id, mime, bytes FROM images WHERE product_id = 1 AND id <> 1 ORDER BY id').all() as { id: number; mime: string; bytes: Buffer }[];
    expect(views.map((v) => v.mime)).toEqual(['image/jpeg', 'image/jpeg']);
    for (const v of views) {
      const { data, info } = await sharp(v.bytes).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([256, 256]);
      // A backdrop, not a white or transparent page: the top-left corner is tinted.
      expect(data[0] + data[1] + data[2]).toBeLessThan(3 * 250);
    }
  });

  it('leaves the store empty when cancelled half-way through writing', async () => {
    const store = openStore(':memory:');
    let stop = false;
    const err = await generateDemo(store.db, DemoParamsSchema.parse({ skus: 12, days: 90 }), {
      ...hooks,
      // Cancel once the orders are committed and browsing has begun.
      progress: (_d, _t, phase) => {
        if (phase === 'browsing') stop = true;
      },
      checkCancelled: () => {
        if (stop) throw new EngineError('cancelled', 'Cancelled');
      },
    }).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('cancelled');
    for (const t of DEMO_TABLES) expect((store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, t).toBe(0);
    store.close();
  });

  it('refuses to fill a store that already has products', async () => {
    const err = await generateDemo(a.store.db, DemoParamsSchema.parse({ skus: 12, days: 30 }), hooks).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('user_error');
    expect((err as EngineError).message).toMatch(/already holds 40 products/);
  });
});

describe('demo generator: the chats have answers', () => {
  it('every knowledge-base article names the intent it answers, and a conversation is answered by the article for its intent', async () => {
    const db = a.store.db;
    expect(db.prepare('SELECT count(*) FROM kb_articles WHERE intent IS NULL').pluck().get()).toBe(0);
    const byIntent = new Map((db.prepare('SELECT intent, slug FROM kb_articles').all() as { intent: string; slug: string }[]).map((r) => [r.intent, r.slug]));
    const ids = db.prepare('SELECT id FROM conversations ORDER BY id').pluck().all() as number[];
    let checked = 0;
    for (const id of ids) {
      const r = await suggestForConversation(db, id, { limit: 3 });
      const intent = r.state.intent;
      // A conversation that ends with the customer's "Got it, thanks!" is answered with a polite line, not an article.
      if (r.smallTalk) {
        expect(r.suggestions, r.externalId).toEqual([]);
        continue;
      }
      if (!intent || intent === 'product_question' || !byIntent.has(intent)) continue;
      expect(r.suggestions[0]?.slug, `conversation ${r.externalId} (${intent})`).toBe(byIntent.get(intent));
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  }, 300_000);
});
