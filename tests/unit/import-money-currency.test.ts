// A price written with another currency's sign ('$9.99' in a shop whose amounts are in CNY) was read as 9.99 CNY with
// nothing said. Such a cell is refused by file, row and column in en and 中文; a row that says its currency (a currency
// column) is read in it; a sign that fits ('¥', '￥', 'CN¥', 'RMB', '元' for CNY) is read as before.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, rejection, type Bench } from './import-helpers';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

const products = (): unknown[] => b.store.db.prepare('SELECT sku, price, currency FROM products ORDER BY sku').all();

describe('currency signs in money columns', () => {
  it("'$9.99' in a products file without a currency column is refused naming file, row and column; nothing is written", async () => {
    const file = b.file('prices.csv', 'sku,title,price\nMG-1,Mug,¥12.00\nMG-2,Cup,$9.99\n');
    const en = await rejection(b.imp({ kind: 'products', path: file }));
    expect(en.message).toContain("prices.csv row 3, column price: '$' marks an amount in USD, but this row's amounts are in CNY: give it in CNY, or say the row's currency in a currency column");
    expect(en.message).toContain("(value '$9.99'); 1 invalid row, nothing was imported");
    const zh = await rejection(b.imp({ kind: 'products', path: file }, 'zh'));
    expect(zh.message).toContain('prices.csv 第 3 行，列“price”：“$”表示 USD 金额，但此行的币种是 CNY：请填写 CNY 金额，或在币种列');
    expect(b.count('products')).toBe(0);
  });

  it("a row's currency column is followed; signs that fit CNY are read as before", async () => {
    const csv = 'sku,title,price,cost,currency\nUS-1,Mug,$9.99,US$4.50,USD\nCN-1,Cup,¥12,￥６,CNY\nCN-2,Plate,CN¥15,8元,\nCN-3,Bowl,RMB 8,5,rmb\n';
    await b.imp({ kind: 'products', path: b.file('p.csv', csv) });
    expect(products()).toEqual([
      { sku: 'CN-1', price: 12, currency: 'CNY' },
      { sku: 'CN-2', price: 15, currency: 'CNY' },
      { sku: 'CN-3', price: 8, currency: 'rmb' },
      { sku: 'US-1', price: 9.99, currency: 'USD' },
    ]);
    // The same file with a euro price in a USD row is refused.
    const bad = await rejection(b.imp({ kind: 'products', path: b.file('eu.csv', 'sku,price,currency\nUS-1,€9,USD\n') }));
    expect(bad.message).toContain("eu.csv row 2, column price: '€' marks an amount in EUR, but this row's amounts are in USD");
  });

  it("a competitor's price follows the product's currency; an order's unit price its order's", async () => {
    await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,price,currency\nUS-1,9.99,USD\nCN-1,12,CNY\n') });
    const cp = b.file('cp.csv', 'sku,competitor,date,price\nUS-1,Rival,2026-12-05,$9.49\nCN-1,Rival,2026-12-05,$11\n');
    const en = await rejection(b.imp({ kind: 'competitor-prices', path: cp }));
    expect(en.message).toContain("cp.csv row 3, column price: '$' marks an amount in USD, but product CN-1 is priced in CNY: give it in CNY");
    const zh = await rejection(b.imp({ kind: 'competitor-prices', path: cp }, 'zh'));
    expect(zh.message).toContain('cp.csv 第 3 行，列“price”：“$”表示 USD 金额，但商品 CN-1 的币种是 CNY：请填写 CNY 金额');
    expect(b.count('competitor_prices')).toBe(0);
    await b.imp({ kind: 'competitor-prices', path: b.file('cp2.csv', 'sku,competitor,date,price\nUS-1,Rival,2026-12-05,$9.49\nCN-1,Rival,2026-12-05,¥11\n') });
    expect(b.store.db.prepare('SELECT price FROM competitor_prices ORDER BY product_id').pluck().all()).toEqual([9.49, 11]);

    const orders = 'order_no,date,sku,quantity,unit_price\nO-1,2026-12-05 10:00,CN-1,1,$5\n';
    const o = await rejection(b.imp({ kind: 'orders', path: b.file('o.csv', orders) }));
    expect(o.message).toContain("o.csv row 2, column unit_price: '$' marks an amount in USD, but this row's amounts are in CNY");
    await b.imp({ kind: 'orders', path: b.file('o2.csv', 'order_no,date,sku,quantity,unit_price,currency\nO-1,2026-12-05 10:00,US-1,1,$5,USD\n') });
    expect(b.store.db.prepare('SELECT order_no, currency FROM orders').all()).toEqual([{ order_no: 'O-1', currency: 'USD' }]);
  });
});
