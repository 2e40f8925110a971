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
  it("'$9.99' for a CNY product in a products file without a currency column is refused naming file, row and column; nothing is written", async () => {
    await b.imp({ kind: 'products', path: b.file('first.csv', 'sku,title,price,currency\nMG-2,Cup,9.00,CNY\n') });
    const file = b.file('prices.csv', 'sku,title,price\nMG-1,Mug,¥12.00\nMG-2,Cup,$9.99\n');
    const en = await rejection(b.imp({ kind: 'products', path: file }));
    expect(en.message).toContain("prices.csv row 3, column price: '$' marks an amount in USD, but this row's amounts are in CNY: give it in CNY, or say the row's currency in a currency column");
    expect(en.message).toContain("(value '$9.99'); 1 invalid row, nothing was imported");
    const zh = await rejection(b.imp({ kind: 'products', path: file }, 'zh'));
    expect(zh.message).toContain('prices.csv 第 3 行，列“price”：“$”表示 USD 金额，但此行的币种是 CNY：请填写 CNY 金额，或在币种列');
    expect(products()).toEqual([{ sku: 'MG-2', price: 9, currency: 'CNY' }]);
  });

  it("a new product's '$' or '€' amount, in a file that says no currency, is read as the importers always read signs", async () => {
    // Nothing says the row's currency: the sign is stripped and the product takes the store's, as before.
    const r = await b.imp({ kind: 'products', path: b.file('new.csv', 'sku,title,price\nNW-1,Lamp,"$1,299.00"\nNW-2,Vase,€45\n') });
    expect(r.inserted).toBe(2);
    expect(products()).toEqual([
      { sku: 'NW-1', price: 1299, currency: 'CNY' },
      { sku: 'NW-2', price: 45, currency: 'CNY' },
    ]);
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
    expect(o.message).toContain("o.csv row 2, column unit_price: '$' marks an amount in USD, but product CN-1 is priced in CNY");
    await b.imp({ kind: 'orders', path: b.file('o2.csv', 'order_no,date,sku,quantity,unit_price,currency\nO-1,2026-12-05 10:00,US-1,1,$5,USD\n') });
    expect(b.store.db.prepare('SELECT order_no, currency FROM orders').all()).toEqual([{ order_no: 'O-1', currency: 'USD' }]);
  });
});

describe('a products or orders file without a currency column', () => {
  const orders = (): unknown[] => b.store.db.prepare('SELECT order_no, currency FROM orders ORDER BY order_no').all();
  const usdStore = async (): Promise<void> => {
    await b.imp({ kind: 'products', path: b.file('us.csv', 'sku,title,price,currency\nUS-1,Mug,9.99,USD\nUS-2,Cup,4.50,USD\n') });
  };

  it("takes the store's currency when all its products share one: a USD store's new products and orders are in USD", async () => {
    // They were CNY (the database default), and '$12' on a new product was refused as not CNY.
    await usdStore();
    const r = await b.imp({ kind: 'products', path: b.file('more.csv', 'sku,title,price\nUS-3,Plate,$12\nUS-1,Mug,10.49\n') });
    expect([r.inserted, r.updated]).toEqual([1, 1]);
    expect(products()).toEqual([
      { sku: 'US-1', price: 10.49, currency: 'USD' },
      { sku: 'US-2', price: 4.5, currency: 'USD' },
      { sku: 'US-3', price: 12, currency: 'USD' },
    ]);
    expect(r.newRowsCurrency).toEqual({ currency: 'USD', fromStore: true, storeCurrencies: ['USD'], note: null });
    // The first orders file is written straight into the tables, the next through the stage: both in USD.
    const first = await b.imp({ kind: 'orders', path: b.file('o1.csv', 'order_no,date,sku,qty,price\nA1,2026-12-01,US-1,1,$10.49\nA2,2026-12-01,US-3,2,12\n') });
    expect(first.writeMode).toBe('direct');
    const next = await b.imp({ kind: 'orders', path: b.file('o2.csv', 'order_no,date,sku,qty,price\nA3,2026-12-02,US-2,1,4.50\n') });
    expect(next.writeMode).toBe('staged');
    expect(orders()).toEqual([
      { order_no: 'A1', currency: 'USD' },
      { order_no: 'A2', currency: 'USD' },
      { order_no: 'A3', currency: 'USD' },
    ]);
  });

  it('takes CNY where the store has products in several currencies, or none, and the summary says so in en and 中文', async () => {
    const { importSummary } = await import('../../engine/cli/commands/import');
    const empty = await b.imp({ kind: 'products', path: b.file('first.csv', 'sku,title,price\nCN-1,Cup,12\n') });
    expect(empty.newRowsCurrency?.note).toBe('first.csv has no currency column, and the store has no products to take one from: its new products are in CNY. If they are priced in another currency, add a currency column (currency, 币种) and import again');
    await b.imp({ kind: 'products', path: b.file('us.csv', 'sku,title,price,currency\nUS-1,Mug,9.99,USD\n') });
    const file = b.file('mixed.csv', 'sku,title,price\nNEW-1,Plate,15\n');
    const en = await b.imp({ kind: 'products', path: file, dryRun: true });
    expect(importSummary(en, 'en')).toContain("  mixed.csv has no currency column, and the store's products are in several currencies (CNY, USD): its new products are in CNY. If they are priced in another currency, add a currency column (currency, 币种) and import again");
    const zh = await b.imp({ kind: 'products', path: file }, 'zh');
    expect(importSummary(zh, 'zh')).toContain('  mixed.csv 没有币种列，而店铺中的商品使用多种币种（CNY, USD）：其中的新商品按 CNY 计。如果它们以其他币种定价，请添加币种列（currency、币种）后重新导入');
    expect(products()).toContainEqual({ sku: 'NEW-1', price: 15, currency: 'CNY' });
    // Nothing new: nothing to say.
    const again = await b.imp({ kind: 'products', path: file });
    expect([again.inserted, again.newRowsCurrency?.note]).toEqual([0, null]);
    const o = await b.imp({ kind: 'orders', path: b.file('o.csv', 'order_no,date,sku,qty,price\nB1,2026-12-01,NEW-1,1,15\n') }, 'zh');
    expect(o.newRowsCurrency?.note).toContain('其中的新订单按 CNY 计');
    expect(orders()).toEqual([{ order_no: 'B1', currency: 'CNY' }]);
  });
});
