// A percentage in a column of money: '10%' in an order's discount column (10% off) or '12.5%' typed as a price read as
// 0.1 and 0.125 of the currency and were stored so, 100 times off with nothing said. They are refused by row and column.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, rejection, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(async () => {
  b = bench();
  await seedProducts(b);
});
afterEach(() => b.cleanup());

describe('percentages in money columns', () => {
  it("an order's discount of 10% is refused naming file, row and column, in en and 中文; nothing is written", async () => {
    const file = b.file('orders.csv', 'order_no,date,sku,quantity,unit_price,discount\nO1,2026-12-01,AP-1,1,100,5\nO2,2026-12-01,AP-2,2,100,10%\n');
    const en = await rejection(b.imp({ kind: 'orders', path: file }));
    expect(en.message).toBe("orders.csv row 3, column discount: a percentage, not an amount of money: this column takes an amount (12.50, ¥12.50) (value '10%'); 1 invalid row, nothing was imported");
    const zh = await rejection(b.imp({ kind: 'orders', path: file }, 'zh'));
    expect(zh.message).toContain('orders.csv 第 3 行，列“discount”：这是百分比，不是金额');
    expect(b.count('orders')).toBe(0);
  });

  it('a price of 12.5% goes to the rejects with --skip-invalid; amounts with currency signs are read', async () => {
    const r = await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,title,price\nAP-1,Mug,12.5%\nAP-2,Cup,¥12.50\nAP-3,Bowl,12.50元\n'), skipInvalid: true });
    expect(r.rejects.map((x) => [x.row, x.column, x.value])).toEqual([[2, 'price', '12.5%']]);
    expect(b.store.db.prepare('SELECT sku, price FROM products ORDER BY sku').all()).toEqual([
      { sku: 'AP-1', price: 10 },
      { sku: 'AP-2', price: 12.5 },
      { sku: 'AP-3', price: 12.5 },
    ]);
  });
});
