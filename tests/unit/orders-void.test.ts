// Cancelled and unpaid orders are kept but are no sales: daily sales (what forecasts, planning and the dashboard
// read) leave them out however the file spells the status (Taobao's 交易关闭, WooCommerce's failed, ...), on a first
// import, on a re-import that changes a status, when a status changes in the store, and in a store made before.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, openStore } from '../../engine/db/store';
import { runImport } from '../../engine/import/runner';
import { bench, seedProducts, type Bench } from './import-helpers';

const FILE = (x5: string): string =>
  'order_no,date,sku,qty,price,status\n' +
  'X1,2026-02-01,AP-1,2,10,completed\n' +
  'X2,2026-02-01,AP-1,5,10,Cancelled\n' +
  'X3,2026-02-01,AP-1,1,10,交易关闭\n' +
  'X4,2026-02-01,AP-1,3,10,refunded\n' +
  `X5,2026-02-01,AP-1,4,10,${x5}\n` +
  'X6,2026-02-02,AP-2,1,10,failed\n';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

const units = (): Record<string, number> =>
  Object.fromEntries((b.store.db.prepare('SELECT date, units FROM daily_sales WHERE units <> 0 ORDER BY date').all() as { date: string; units: number }[]).map((r) => [r.date, r.units]));

describe('cancelled and unpaid orders are no sales', () => {
  for (const writeMode of ['auto', 'staged'] as const) {
    it(`a first import stores them with their lines but counts only the sales (${writeMode === 'auto' ? 'direct load' : 'staged load'})`, async () => {
      await seedProducts(b);
      const r = await runImport(b.store.db, { kind: 'orders', path: b.file('orders.csv', FILE('等待买家付款')) }, { lang: 'en', writeMode });
      expect(r.writeMode).toBe(writeMode === 'auto' ? 'direct' : 'staged');
      expect(b.count('order_lines')).toBe(6);
      expect(b.store.db.prepare('SELECT order_no, status FROM orders ORDER BY order_no').all()).toEqual([
        { order_no: 'X1', status: 'completed' },
        { order_no: 'X2', status: 'cancelled' },
        { order_no: 'X3', status: 'cancelled' },
        { order_no: 'X4', status: 'refunded' },
        { order_no: 'X5', status: 'unpaid' },
        { order_no: 'X6', status: 'unpaid' },
      ]);
      // 2 completed + 3 refunded (a sale reversed later still happened); nothing on the 2nd.
      expect(units()).toEqual({ '2026-02-01': 5 });
    });
  }

  it('a re-import that marks an unpaid order paid adds it; status changes in the store move the figures', async () => {
    await seedProducts(b);
    await b.imp({ kind: 'orders', path: b.file('orders.csv', FILE('等待买家付款')) });
    await b.imp({ kind: 'orders', path: b.file('orders2.csv', FILE('交易成功')) });
    expect(units()).toEqual({ '2026-02-01': 9 });
    const db = b.store.db;
    db.prepare(`UPDATE orders SET status = 'cancelled' WHERE order_no = 'X1'`).run();
    expect(units()).toEqual({ '2026-02-01': 7 });
    // Cancelled and moved in one statement: nothing comes back on the new day.
    db.prepare(`UPDATE orders SET status = 'cancelled', ordered_at = '2026-02-03' WHERE order_no = 'X4'`).run();
    expect(units()).toEqual({ '2026-02-01': 4 });
    db.prepare(`UPDATE orders SET status = 'completed' WHERE order_no = 'X4'`).run();
    expect(units()).toEqual({ '2026-02-01': 4, '2026-02-03': 3 });
    // Lines of a cancelled order come and go without touching the figures; deleting it neither.
    const x2 = db.prepare(`SELECT id FROM orders WHERE order_no = 'X2'`).pluck().get() as number;
    db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, 2, 1, 7, 10)').run(x2);
    db.prepare('UPDATE order_lines SET quantity = 8 WHERE order_id = ? AND line_no = 2').run(x2);
    db.prepare(`DELETE FROM orders WHERE id = ?`).run(x2);
    expect(units()).toEqual({ '2026-02-01': 4, '2026-02-03': 3 });
    // A line moved from a cancelled order to a sale counts from then on.
    const x3 = db.prepare(`SELECT id FROM orders WHERE order_no = 'X3'`).pluck().get() as number;
    const x5 = db.prepare(`SELECT id FROM orders WHERE order_no = 'X5'`).pluck().get() as number;
    db.prepare('UPDATE order_lines SET order_id = ?, line_no = 9 WHERE order_id = ?').run(x5, x3);
    expect(units()).toEqual({ '2026-02-01': 5, '2026-02-03': 3 });
  });

  it('a store made before schema v16 gets the stored spellings and daily sales without them', async () => {
    const path = join(b.dir, 'old.db');
    const before = loadMigrations().filter((m) => m.version < 16);
    const old = openStore(path, { migrations: before });
    // Written as an earlier version stored them: the file's spelling, every line counted by the v6 triggers.
    old.db.prepare(`INSERT INTO products (id, sku, price, created_at, updated_at) VALUES (1, 'AP-1', 10, 'x', 'x'), (2, 'AP-2', 10, 'x', 'x')`).run();
    const line = old.db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, 1, ?, ?, 10)');
    for (const row of FILE('Pending payment').trim().split('\n').slice(1)) {
      const [no, date, sku, qty, , status] = row.split(',');
      const id = Number(old.db.prepare('INSERT INTO orders (order_no, ordered_at, status) VALUES (?, ?, ?)').run(no, date, status).lastInsertRowid);
      line.run(id, sku === 'AP-1' ? 1 : 2, Number(qty));
    }
    expect(old.db.prepare('SELECT units FROM daily_sales WHERE date = ?').pluck().get('2026-02-01')).toBe(15);
    old.close();
    const store = openStore(path);
    expect(store.db.prepare('SELECT status FROM orders ORDER BY order_no').pluck().all()).toEqual(['completed', 'cancelled', 'cancelled', 'refunded', 'unpaid', 'unpaid']);
    expect(store.db.prepare('SELECT date, units FROM daily_sales ORDER BY date').all()).toEqual([
      { date: '2026-02-01', units: 5 },
      { date: '2026-02-02', units: 0 },
    ]);
    store.close();
  });
});
