// A workbook that holds an 18-digit Taobao order number as a NUMBER has lost its digits after the 15th (a spreadsheet
// keeps 15 significant digits): 202312011234567891 and 202312011234567123 both read 202312011234567000, so two orders
// became one. Such a cell is refused by file, row and column, telling to store the column as Text; the same code held
// as text, and 13-digit barcodes held as numbers, import whole.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, refusedInBoth, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(async () => {
  b = bench();
  await seedProducts(b);
});
afterEach(() => b.cleanup());

async function workbook(name: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('订单');
  for (const r of rows) ws.addRow(r);
  const path = b.file(name, '');
  await wb.xlsx.writeFile(path);
  return path;
}

describe('codes a workbook holds as numbers of more than 15 digits', () => {
  it('an orders workbook with order numbers as numbers is refused naming file, row and column, in en and 中文; nothing is written', async () => {
    const file = await workbook('taobao.xlsx', [
      ['订单编号', '商品编码', '数量', '单价', '付款时间'],
      ['202312011234567891', 'AP-1', 1, 10, '2026-12-01 10:00'],
      [202312011234567000, 'AP-2', 2, 11, '2026-12-01 11:00'],
    ]);
    const { en, zh } = await refusedInBoth(b, { kind: 'orders', path: file });
    expect(en.message).toContain('taobao.xlsx row 3, column 订单编号: a code stored in the workbook as a number: a spreadsheet keeps only 15 digits of a number');
    expect(en.message).toContain('Set the column to Text in the spreadsheet');
    expect(en.message).toContain("(value '202312011234567000'); 1 invalid row, nothing was imported");
    expect(zh.message).toContain('taobao.xlsx 第 3 行，列“订单编号”：这是在工作簿中存成数字的编码');
    expect(zh.message).toContain('请在表格中把该列设为“文本”');
    expect(b.count('orders')).toBe(0);
    expect(b.count('order_lines')).toBe(0);
  });

  it('with --skip-invalid the row goes to the rejects; a code held as text and a 13-digit barcode number import whole', async () => {
    const file = await workbook('items.xlsx', [
      ['sku', 'title', 'price', 'barcode'],
      ['BC-1', 'Mug', 10, 6923450657713],
      ['BC-2', 'Cup', 11, 69234506577130001],
      ['BC-3', 'Plate', 12, '69234506577130002'],
    ]);
    const r = await b.imp({ kind: 'products', path: file, skipInvalid: true });
    expect(r.rejects).toEqual([expect.objectContaining({ row: 3, column: 'barcode', value: '69234506577130000' })]);
    expect(b.store.db.prepare("SELECT sku, barcode FROM products WHERE sku LIKE 'BC-%' ORDER BY sku").all()).toEqual([
      { sku: 'BC-1', barcode: '6923450657713' },
      { sku: 'BC-3', barcode: '69234506577130002' },
    ]);
  });
});
