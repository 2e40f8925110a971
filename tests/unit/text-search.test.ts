// The pickers' and list filters' searches ignore case and width in every script, on a real SQLite file: the customer
// picker (recs.customers.search), the product list and pickers (products.list) and the chats list (chats.list). SQLite's
// LIKE, which they used, ignores case for A–Z only: "émile" missed "Émile", "ＡＢＣ" missed "abc", "анна" missed "АННА".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Engine } from '../../engine/engine';
import { foldText } from '../../engine/db/queries/text-search';
import { tempDir } from './helpers';

const t = tempDir('desk-text-search-');
let engine: Engine;

const CUSTOMERS: [string, string, string][] = [
  ['C000001', 'Émile Zola', 'emile@example.com'],
  ['C000002', 'abc Trading', 'orders@abc.example'],
  ['C000003', '何娟', 'hejuan@example.cn'],
  ['C000004', 'АННА ПЕТРОВА', 'anna@example.ru'],
  ['C000005', 'Jürgen STRASSE', 'j@example.de'],
  ['C000006', 'Ｌｉｎ Ｗｅｉ', 'lin@example.cn'],
  ['C000007', '100% Cotton Club', 'club@example.com'],
];

beforeAll(async () => {
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(join(t.dir, 'shop.db'), { create: true });
  const db = engine.store.db;
  const now = '2026-12-01T00:00:00Z';
  db.transaction(() => {
    const product = db.prepare('INSERT INTO products (sku, title_en, title_zh, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    const mug = Number(product.run('MUG-1', 'Mug', '马克杯', now, now).lastInsertRowid);
    product.run('ABC-7', 'ÉTÉ linen shirt', '夏季亚麻衬衫', now, now);
    product.run('FW-1', 'Ｗｉｎｔｅｒ coat', '冬季外套', now, now);
    // LIKE's wildcards in titles and SKUs: searched as typed, never as "any text" / "any one character".
    product.run('PROMO-50', 'Promo 50% off', null, now, now);
    product.run('PROMO-500', 'Promo 500 pieces', null, now, now);
    product.run('A_B-1', 'Kit a_b', null, now, now);
    product.run('AXB-1', 'Kit axb', null, now, now);
    db.prepare("INSERT INTO model_runs (id, kind, created_at) VALUES ('run-1', 'recsys', ?)").run(now);
    const customer = db.prepare('INSERT INTO customers (external_id, name, email) VALUES (?, ?, ?)');
    const item = db.prepare("INSERT INTO rec_items (run_id, list, subject_id, rank, product_id, score, reason) VALUES ('run-1', 'customer', ?, 1, ?, 1, 'popular')");
    for (const c of CUSTOMERS) item.run(Number(customer.run(...c).lastInsertRowid), mug);
    const conv = db.prepare("INSERT INTO conversations (external_id, channel, subject, started_at) VALUES (?, 'email', ?, ?)");
    const msg = db.prepare("INSERT INTO messages (conversation_id, seq, sender, ts, text) VALUES (?, 1, 'customer', ?, ?)");
    msg.run(Number(conv.run('T1', 'Lieferung', now).lastInsertRowid), now, 'Wo ist meine Bestellung? ÜBER zwei Wochen!');
    msg.run(Number(conv.run('T2', '物流', now).lastInsertRowid), now, '我的快递还没到，请帮我查一下物流。');
    msg.run(Number(conv.run('T3', 'Заказ', now).lastInsertRowid), now, 'Где мой ЗАКАЗ?');
    msg.run(Number(conv.run('T4', 'Coupon', now).lastInsertRowid), now, 'Does the 50% coupon work on order a_b?');
    msg.run(Number(conv.run('T5', 'Bulk', now).lastInsertRowid), now, 'I need 500 pieces of axb.');
  })();
});
afterAll(async () => {
  await engine.close();
  t.cleanup();
});

const customers = async (query: string): Promise<string[]> => (await engine.invoke('recs.customers.search', { query, limit: 50 })).rows.map((c) => c.externalId);
const products = async (q: string): Promise<string[]> => (await engine.invoke('products.list', { q, limit: 50 })).rows.map((p) => p.sku);
const chats = async (search: string): Promise<string[]> => (await engine.invoke('chats.list', { search })).rows.map((c) => c.externalId);

describe('search in any case and width', () => {
  it('the customer picker: accented, full-width, Cyrillic and German letters in either case', async () => {
    expect(await customers('émile')).toEqual(['C000001']);
    expect(await customers('ÉMILE ZOLA')).toEqual(['C000001']);
    expect(await customers('ＡＢＣ')).toEqual(['C000002']);
    expect(await customers('анна петрова')).toEqual(['C000004']);
    expect(await customers('JÜRGEN')).toEqual(['C000005']);
    expect(await customers('straße')).toEqual(['C000005']);
    // Full-width in the store, typed plain.
    expect(await customers('lin wei')).toEqual(['C000006']);
    expect((await engine.invoke('recs.customers.search', { query: 'ｌｉｎ', limit: 5 })).total).toBe(1);
  });

  it('Chinese still matches, ids and e-mails in any case, % as typed, and the exact id first', async () => {
    expect(await customers('何娟')).toEqual(['C000003']);
    expect(await customers('c000004')).toEqual(['C000004']);
    expect(await customers('ANNA@EXAMPLE.RU')).toEqual(['C000004']);
    expect(await customers('100%')).toEqual(['C000007']);
    expect(await customers('0_0')).toEqual([]);
    expect(await customers('zzz')).toEqual([]);
  });

  it('products by SKU and either title', async () => {
    expect(await products('été')).toEqual(['ABC-7']);
    expect(await products('ＡＢＣ')).toEqual(['ABC-7']);
    expect(await products('winter')).toEqual(['FW-1']);
    expect(await products('亚麻')).toEqual(['ABC-7']);
    expect(await products('mug-1')).toEqual(['MUG-1']);
  });

  it('% and _ are matched as typed in products and chats, not as LIKE wildcards', async () => {
    expect(await products('50%')).toEqual(['PROMO-50']);
    expect(await products('promo 50')).toEqual(['PROMO-50', 'PROMO-500']);
    expect(await products('a_b')).toEqual(['A_B-1']);
    expect(await products('_')).toEqual(['A_B-1']);
    expect(await products('%')).toEqual(['PROMO-50']);
    expect(await chats('50%')).toEqual(['T4']);
    expect(await chats('a_b')).toEqual(['T4']);
  });

  it('the chats list by message text and subject', async () => {
    expect(await chats('über zwei')).toEqual(['T1']);
    expect(await chats('LIEFERUNG')).toEqual(['T1']);
    expect(await chats('заказ')).toEqual(['T3']);
    expect(await chats('物流')).toEqual(['T2']);
    // Typed with a full-width comma, stored with one: found.
    expect(await chats('没到，请')).toEqual(['T2']);
  });

  it('folds as one function: width, case, ß, final sigma; ideographs unchanged', () => {
    expect(foldText('ＡＢＣ１２３')).toBe('abc123');
    expect(foldText('Émile')).toBe(foldText('émile'));
    expect(foldText('STRASSE')).toBe(foldText('Straße'));
    expect(foldText('ΟΔΟΣ')).toBe(foldText('οδοσ'));
    expect(foldText('何娟')).toBe('何娟');
  });
});
