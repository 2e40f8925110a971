import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(async () => {
  b = bench();
  await seedProducts(b);
});
afterEach(() => b.cleanup());

const HEAD = 'order_no,line_no,date,sku,quantity,unit_price,customer\n';

/** Every line as the user would check it: its order's number, date and customer, and the line's own values. */
function lines(): unknown[] {
  return b.store.db
    .prepare(`SELECT o.id AS orderId, l.id AS lineId, o.order_no, l.line_no, o.ordered_at, c.external_id AS customer, p.sku, l.quantity, l.unit_price
      FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id LEFT JOIN customers c ON c.id = o.customer_id
      ORDER BY o.order_no, l.line_no`)
    .all();
}

/** The same without the row ids, which depend on what the store held before. */
function byKey(): unknown[] {
  return lines().map((r) => {
    const { orderId: _o, lineId: _l, ...rest } = r as Record<string, unknown>;
    return rest;
  });
}

const dailyMatchesLines = (): boolean =>
  (b.store.db.prepare(`SELECT count(*) AS n FROM (SELECT l.product_id, substr(o.ordered_at, 1, 10) AS d, sum(l.quantity) AS q
     FROM order_lines l JOIN orders o ON o.id = l.order_id GROUP BY 1, 2) x
     LEFT JOIN daily_sales s ON s.product_id = x.product_id AND s.date = x.d WHERE s.units IS NOT x.q`).get() as { n: number }).n === 0;

describe('orders import: lines find their order', () => {
  it('a first import into an empty store and a re-import of the same file give identical orders and lines, ids included', async () => {
    const csv = HEAD + 'A1,1,2024-03-05,AP-1,2,100,c1\nA1,2,2024-03-05,AP-2,1,50,c1\nA2,1,2024-03-06,AP-3,3,10,c2\nA3,1,2024-03-06,AP-1,1,100,\n';
    const path = b.file('orders.csv', csv);
    const first = await b.imp({ kind: 'orders', path });
    expect(first.inserted).toBe(4);
    const after = lines();
    expect(byKey()).toEqual([
      { order_no: 'A1', line_no: 1, ordered_at: '2024-03-05T00:00:00', customer: 'c1', sku: 'AP-1', quantity: 2, unit_price: 100 },
      { order_no: 'A1', line_no: 2, ordered_at: '2024-03-05T00:00:00', customer: 'c1', sku: 'AP-2', quantity: 1, unit_price: 50 },
      { order_no: 'A2', line_no: 1, ordered_at: '2024-03-06T00:00:00', customer: 'c2', sku: 'AP-3', quantity: 3, unit_price: 10 },
      { order_no: 'A3', line_no: 1, ordered_at: '2024-03-06T00:00:00', customer: null, sku: 'AP-1', quantity: 1, unit_price: 100 },
    ]);
    const again = await b.imp({ kind: 'orders', path });
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 4]);
    expect(lines()).toEqual(after);
    expect(dailyMatchesLines()).toBe(true);
  });

  it('new orders after orders already in the store get their own lines', async () => {
    await b.imp({ kind: 'orders', path: b.file('old.csv', HEAD + 'B1,1,2024-03-01,AP-1,1,100,c1\nB2,1,2024-03-02,AP-2,1,50,c1\n') });
    await b.imp({ kind: 'orders', path: b.file('new.csv', HEAD + 'B3,1,2024-03-03,AP-3,5,10,c3\nB3,2,2024-03-03,AP-1,6,100,c3\nB4,1,2024-03-04,AP-2,7,50,c4\n') });
    expect(byKey().map((r) => (r as { order_no: string; quantity: number }).order_no + ':' + (r as { quantity: number }).quantity)).toEqual(['B1:1', 'B2:1', 'B3:5', 'B3:6', 'B4:7']);
    expect(dailyMatchesLines()).toBe(true);
  });

  it('an order already in the store in the middle of a file does not shift the lines of the orders after it', async () => {
    await b.imp({ kind: 'orders', path: b.file('old.csv', HEAD + 'C2,1,2024-03-01,AP-1,1,100,c1\n') });
    await b.imp({ kind: 'orders', path: b.file('mixed.csv', HEAD + 'C1,1,2024-03-02,AP-1,2,100,c1\nC2,1,2024-03-01,AP-1,1,100,c1\nC2,2,2024-03-01,AP-3,9,10,c1\nC3,1,2024-03-03,AP-2,3,50,c3\n') });
    expect(byKey().map((r) => `${(r as { order_no: string }).order_no}/${(r as { line_no: number }).line_no}:${(r as { quantity: number }).quantity}`)).toEqual(['C1/1:2', 'C2/1:1', 'C2/2:9', 'C3/1:3']);
    expect(b.count('orders')).toBe(3);
    expect(dailyMatchesLines()).toBe(true);
  });

  it('an order whose lines are split over two places in the file is one order holding all its lines', async () => {
    const split = HEAD + 'D1,1,2024-03-05,AP-1,1,100,c1\nD2,1,2024-03-06,AP-2,2,50,c2\nD1,2,2024-03-05,AP-3,3,10,c1\nD3,1,2024-03-07,AP-1,4,100,c3\n';
    await b.imp({ kind: 'orders', path: b.file('split.csv', split) });
    expect(byKey().map((r) => `${(r as { order_no: string }).order_no}/${(r as { line_no: number }).line_no}:${(r as { quantity: number }).quantity}`)).toEqual(['D1/1:1', 'D1/2:3', 'D2/1:2', 'D3/1:4']);
    expect(b.count('orders')).toBe(3);
    expect(dailyMatchesLines()).toBe(true);
  });

  it('without a line number column, lines are numbered per order in file order, also on a first import', async () => {
    const noLine = 'order_no,date,sku,quantity,unit_price\nE1,2024-03-05,AP-1,1,100\nE1,2024-03-05,AP-2,2,50\nE2,2024-03-06,AP-3,3,10\n';
    await b.imp({ kind: 'orders', path: b.file('noline.csv', noLine) });
    expect(byKey().map((r) => `${(r as { order_no: string }).order_no}/${(r as { line_no: number }).line_no}:${(r as { sku: string }).sku}`)).toEqual(['E1/1:AP-1', 'E1/2:AP-2', 'E2/1:AP-3']);
    expect(dailyMatchesLines()).toBe(true);
  });
});
