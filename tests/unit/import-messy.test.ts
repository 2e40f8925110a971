// Messy merchant files found in the import QA pass (2026-12-06): each case fails on the code before its fix.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectDecimalMark, parseNumber, parseNumberIn } from '../../engine/import/values';
import { bench, rejection, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

const price = (sku: string): { price: number; cost: number | null } => b.store.db.prepare('SELECT price, cost FROM products WHERE sku = ?').get(sku) as { price: number; cost: number | null };

describe('a column of prices written 1.299,00 €', () => {
  it("reads '2.499 €' among them as 2499, not 2.499, and '1.000 €' as 1000", async () => {
    const path = b.file('preise.csv', 'SKU;title;price;cost;currency\nQA-1;Tasse;1.299,00 €;800,00 €;EUR\nQA-2;Kanne;12,50 €;5,00 €;EUR\nQA-3;Teller;2.499 €;1.000 €;EUR\nQA-4;Glas;899,00 €;0,125 €;EUR\n');
    const r = await b.imp({ kind: 'products', path });
    expect(r.inserted).toBe(4);
    expect(['QA-1', 'QA-2', 'QA-3', 'QA-4'].map(price)).toEqual([
      { price: 1299, cost: 800 },
      { price: 12.5, cost: 5 },
      { price: 2499, cost: 1000 },
      { price: 899, cost: 0.125 },
    ]);
  });

  it('an orders file (the first, direct load) reads quantities and prices by their column too', async () => {
    await seedProducts(b);
    const path = b.file('orders.csv', 'order_no;sku;date;quantity;unit_price\nO1;AP-1;2026-03-05;1.000;1.299,00\nO2;AP-2;2026-03-06;2;12,50\nO3;AP-3;2026-03-06;3;2.499\n');
    await b.imp({ kind: 'orders', path });
    const lines = b.store.db.prepare('SELECT quantity, unit_price FROM order_lines ORDER BY id').raw().all();
    expect(lines).toEqual([[1000, 1299], [2, 12.5], [3, 2499]]);
  });

  it('a column written 1,299.00 keeps reading 2.499 as two and a half and 1,299 as 1299', async () => {
    const path = b.file('prices.csv', 'sku,title,price\nQA-1,Mug,"1,299.00"\nQA-2,Pot,2.499\nQA-3,Cup,"1,299"\n');
    await b.imp({ kind: 'products', path });
    expect(['QA-1', 'QA-2', 'QA-3'].map((s) => price(s).price)).toEqual([1299, 2.499, 1299]);
  });

  it('the decimal mark is the one the unambiguous values agree on', () => {
    expect(detectDecimalMark(['1.299,00 €', '2.499 €', '12'])).toBe(',');
    expect(detectDecimalMark(['¥1,299.00', '2.499', '12.5'])).toBe('.');
    expect(detectDecimalMark(['2.499', '1,299', '12'])).toBeNull();
    expect(detectDecimalMark(['12,5', '12.5'])).toBeNull();
    expect([parseNumberIn('2.499 €', ','), parseNumberIn('1,299', ','), parseNumber('0,125'), parseNumber('2.499'), parseNumber('1,299')]).toEqual([2499, 1.299, 0.125, 2.499, 1299]);
  });
});

describe('a workbook with formulas', () => {
  it("a formula that ends in an error (#N/A from a VLOOKUP) is named by its formula, not '[object Object]'; a formula date (=C2+7) is a date", async () => {
    await seedProducts(b);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Orders');
    ws.addRow(['order_no', 'sku', 'ordered_at', 'quantity', 'unit_price']);
    ws.addRow(['O1', 'AP-1', new Date(Date.UTC(2026, 2, 5)), 2, 10]);
    ws.addRow(['O2', 'AP-2', new Date(Date.UTC(2026, 2, 6)), 1, { formula: 'VLOOKUP(B3,Prices!A:B,2,0)', result: { error: '#N/A' } }]);
    // 46093 is 2026-03-12, a week after O1.
    ws.addRow(['O3', 'AP-3', { formula: 'C2+7', result: 46093 }, 1, 12.5]);
    ws.getCell('C4').numFmt = 'yyyy-mm-dd';
    ws.addRow([]);
    wb.addWorksheet('Prices').addRow(['AP-1', 10]);
    const path = join(b.dir, 'orders.xlsx');
    await wb.xlsx.writeFile(path);
    const r = await b.imp({ kind: 'orders', path, skipInvalid: true });
    expect(r.rejects.map((x) => [x.row, x.column, x.value])).toEqual([[3, 'unit_price', '=VLOOKUP(B3,Prices!A:B,2,0)']]);
    expect(r.rejects[0].reason).toBe('not a number');
    const orders = b.store.db.prepare('SELECT order_no, ordered_at FROM orders ORDER BY order_no').raw().all();
    expect(orders).toEqual([['O1', '2026-03-05T00:00:00'], ['O3', '2026-03-12T00:00:00']]);
  });
});

describe('a file of another kind', () => {
  it("a competitor's price list imported as products is refused, naming the kind it looks like, and the products' prices stay", async () => {
    await seedProducts(b);
    const path = b.file('jd-prices.csv', 'sku,competitor,date,price,in_stock\nAP-1,JD,2026-03-01,899,yes\nAP-2,TMall,2026-03-01,950,yes\n');
    const err = await rejection(b.imp({ kind: 'products', path }));
    expect(err.code).toBe('user_error');
    expect(err.message).toBe('jd-prices.csv looks like a file of Competitor prices (columns sku, competitor, date, price, in_stock), not of Products: nothing was imported. Import it as Competitor prices; if it is a file of Products, say which column is which with --map COLUMN=FIELD');
    const zh = await rejection(b.imp({ kind: 'products', path }, 'zh'));
    expect(zh.message).toMatch(/^jd-prices\.csv 看起来是竞品价格文件（列 sku, competitor, date, price, in_stock），不是商品文件：未导入任何数据。请按“竞品价格”导入/);
    expect([price('AP-1').price, price('AP-2').price]).toEqual([10, 11]);
    // An order file likewise; as its own kind it imports.
    const orders = b.file('orders.csv', 'order_no,sku,ordered_at,quantity,unit_price\nO1,AP-1,2026-03-05,1,7\n');
    expect((await rejection(b.imp({ kind: 'products', path: orders }))).message).toMatch(/^orders\.csv looks like a file of Orders \(columns order_no, ordered_at, sku, quantity, unit_price\)/);
    expect(price('AP-1').price).toBe(10);
    expect((await b.imp({ kind: 'competitor-prices', path })).inserted).toBe(2);
    // Told which column is which, the user has the last word.
    expect((await b.imp({ kind: 'products', path: orders, map: { unit_price: 'price' } })).updated).toBe(1);
    expect(price('AP-1').price).toBe(7);
  });

  it('a products file with a date or a stock column is still a products file', async () => {
    const path = b.file('products.csv', 'sku,title,price,cost,date,stock\nQA-1,Mug,12,5,2026-03-01,4\n');
    expect((await b.imp({ kind: 'products', path })).inserted).toBe(1);
  });
});

describe('a title above the column names', () => {
  it('a workbook whose first row is a merged report title says so, instead of asking to --map columns it does not have', async () => {
    await seedProducts(b);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Orders');
    ws.addRow(['Shop export 2026-03']);
    ws.mergeCells('A1:E1');
    ws.addRow(['order_no', 'sku', 'ordered_at', 'quantity', 'unit_price']);
    ws.addRow(['O1', 'AP-1', '2026-03-05', 2, 10]);
    const path = join(b.dir, 'export.xlsx');
    await wb.xlsx.writeFile(path);
    const err = await rejection(b.imp({ kind: 'orders', path }));
    expect(err.message).toBe("export.xlsx: the first row holds only 'Shop export 2026-03', not the column names (needed: order_no, ordered_at, sku, quantity, unit_price). If it is a title above them, delete the title rows and import again; if it is a column name, map it with --map COLUMN=FIELD");
    const csv = b.file('销售报表.csv', '2026年3月销售报表,,,\nsku,date,units,revenue\nAP-1,2026-03-05,2,20\n');
    const zh = await rejection(b.imp({ kind: 'daily-sales', path: csv }, 'zh'));
    expect(zh.message).toBe('销售报表.csv：第一行只有“2026年3月销售报表”，不是列名（需要：sku, date, units）。如果这是列名上方的标题，请删除标题行后再导入；如果它是列名，请用 --map 列名=字段 指定');
    expect([b.count('orders'), b.count('daily_sales')]).toEqual([0, 0]);
  });
});

describe('a knowledge-base file without a language column', () => {
  it("keeps every article's title and answer, in the language they are written in", async () => {
    const path = b.file('faq.csv', 'id,title,intent,answer\nship,发货时间,shipping,我们48小时内发货\nret,Returns,returns,Return within 7 days\n');
    expect((await b.imp({ kind: 'kb', path })).inserted).toBe(2);
    const rows = b.store.db.prepare('SELECT slug, title_zh, body_zh, title_en, body_en FROM kb_articles ORDER BY slug').raw().all();
    expect(rows).toEqual([
      ['ret', null, null, 'Returns', 'Return within 7 days'],
      ['ship', '发货时间', '我们48小时内发货', null, null],
    ]);
  });
});
