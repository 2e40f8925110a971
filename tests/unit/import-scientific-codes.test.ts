// A CSV saved from Excel writes long codes in scientific notation: Taobao's 18-digit order numbers become
// '2.02312E+18', barcodes '6.92346E+12'. Imported as they were, three orders became one (its first line's time for all
// of them, so their sales moved days) and barcodes lost their digits. Such a code is refused by file, row and column.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, rejection, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(async () => {
  b = bench();
  await seedProducts(b);
});
afterEach(() => b.cleanup());

const TAOBAO = '订单编号,商品编码,数量,单价,付款时间\n2.02312E+18,AP-1,1,10,2026-12-01 10:00\n2.02312E+18,AP-2,2,11,2026-12-01 11:00\n2.02312E+18,AP-1,3,10,2026-12-02 12:00\n';

describe('codes a spreadsheet wrote in scientific notation', () => {
  it('an orders file of them is refused naming file, row and column, in en and 中文; nothing is written', async () => {
    const file = b.file('taobao.csv', TAOBAO);
    const en = await rejection(b.imp({ kind: 'orders', path: file }));
    expect(en.message).toContain("taobao.csv row 2, column 订单编号: a code a spreadsheet shortened to scientific notation: its full digits are lost");
    expect(en.message).toContain("(value '2.02312E+18'); 3 invalid rows, nothing was imported");
    const zh = await rejection(b.imp({ kind: 'orders', path: file }, 'zh'));
    expect(zh.message).toContain('taobao.csv 第 2 行，列“订单编号”：这是被表格软件改写成科学计数法的编码');
    expect(b.count('orders')).toBe(0);
    expect(b.count('order_lines')).toBe(0);
    expect(b.count('daily_sales')).toBe(0);
  });

  it('a product barcode in scientific notation goes to the rejects with --skip-invalid; whole codes are kept', async () => {
    const csv = 'sku,title,price,barcode\nBC-1,Mug,10,6.92346E+12\nBC-2,Cup,11,6923450657713\n1E10,Plate,12,2E5-RED\n';
    const r = await b.imp({ kind: 'products', path: b.file('items.csv', csv), skipInvalid: true });
    expect(r.rejected).toBe(1);
    expect(r.rejects[0]).toMatchObject({ row: 2, column: 'barcode', value: '6.92346E+12' });
    const stored = b.store.db.prepare("SELECT sku, barcode FROM products WHERE sku IN ('BC-1', 'BC-2', '1E10') ORDER BY sku").all();
    expect(stored).toEqual([{ sku: '1E10', barcode: '2E5-RED' }, { sku: 'BC-2', barcode: '6923450657713' }]);
  });
});
