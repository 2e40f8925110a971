import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listImportRuns } from '../../engine/db/queries/import_runs';
import { previewImport } from '../../engine/import/preview';
import { bench, rejection, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

const ORDERS = 'order_no,line_no,date,sku,quantity,unit_price\nO1,1,2024-03-05,AP-1,2,100\nO1,2,2024-03-05,AP-2,1,50\nO2,1,2024-03-06,AP-1,1,100\n';
const BAD_MIDDLE = 'order_no,line_no,date,sku,quantity,unit_price\nO1,1,2024-03-05,AP-1,2,100\nO1,2,2024-03-05,AP-2,1,50\nO2,1,2024-03-06,AP-1,lots,100\nO3,1,2024-03-07,AP-3,1,10\nO4,1,2024-03-07,AP-9,1,10\n';

describe('all or nothing', () => {
  it('one bad row in the middle leaves the store unchanged and the error names file, row and column', async () => {
    await seedProducts(b);
    const path = b.file('orders.csv', BAD_MIDDLE);
    const err = await rejection(b.imp({ kind: 'orders', path }));
    expect(err.code).toBe('validation_failed');
    expect(err.message).toBe("orders.csv row 4, column quantity: not a number (value 'lots'); 2 invalid rows, nothing was imported");
    expect(err.message.includes('\n')).toBe(false);
    const details = err.details as { rejected: number; rejects: { row: number; column: string }[] };
    expect(details.rejects.map((r) => [r.row, r.column])).toEqual([[4, 'quantity'], [6, 'sku']]);
    expect([b.count('orders'), b.count('order_lines'), b.count('daily_sales')]).toEqual([0, 0, 0]);
    expect(listImportRuns(b.store.db, 1)[0]).toMatchObject({ kind: 'orders', status: 'failed', rejected: 2, inserted: 0 });
  });

  it('reports rejects in Chinese when the user reads Chinese', async () => {
    await seedProducts(b);
    const err = await rejection(b.imp({ kind: 'orders', path: b.file('订单.csv', BAD_MIDDLE) }, 'zh'));
    expect(err.message).toBe('订单.csv 第 4 行，列“quantity”：不是数字（值“lots”）；共 2 行无效，未导入任何数据');
  });

  it('skipInvalid imports the good rows and writes the rejects with their reasons beside the input', async () => {
    await seedProducts(b);
    const path = b.file('orders.csv', BAD_MIDDLE);
    const r = await b.imp({ kind: 'orders', path, skipInvalid: true });
    expect([r.rowsTotal, r.inserted, r.rejected]).toEqual([5, 3, 2]);
    expect(r.rejectsFile).toBe(path.replace(/\.csv$/, '.rejects.csv'));
    const lines = readFileSync(r.rejectsFile as string, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(lines).toEqual([
      'row,column,value,reason,order_no,line_no,date,sku,quantity,unit_price',
      '4,quantity,lots,not a number,O2,1,2024-03-06,AP-1,lots,100',
      "6,sku,AP-9,unknown SKU 'AP-9' (import it as a product first),O4,1,2024-03-07,AP-9,1,10",
    ]);
    expect(b.count('order_lines')).toBe(3);
  });

  it('a SKU with a line break, tab or other control character is refused by file, row and column, in both languages; spaces around it are trimmed', async () => {
    const csv = 'sku,title_en,price\n"AP\n1",Tee,10\nAP\t2,Shirt,11\n  AP-3  ,Jeans,12\nAP\u00014,Hat,13\n';
    const path = b.file('products.csv', csv);
    const err = await rejection(b.imp({ kind: 'products', path }));
    expect(err.message).toBe("products.csv row 2, column sku: contains a line break; a code must be one line of visible text (value 'AP\\n1'); 3 invalid rows, nothing was imported");
    expect(b.count('products')).toBe(0);
    const zh = await rejection(b.imp({ kind: 'products', path }, 'zh'));
    expect(zh.message).toBe('products.csv 第 2 行，列“sku”：含有换行符；编码只能是一行可见文字（值“AP\\n1”）；共 3 行无效，未导入任何数据');
    const r = await b.imp({ kind: 'products', path, skipInvalid: true });
    expect([r.inserted, r.rejected]).toEqual([1, 3]);
    expect(b.store.db.prepare('SELECT sku FROM products').pluck().all()).toEqual(['AP-3']);
    const rejects = readFileSync(r.rejectsFile as string, 'utf8').replace(/^\ufeff/, '');
    expect(rejects).toContain('3,sku,AP\t2,contains a tab; a code must be one line of visible text,AP\t2,Shirt,11');
    expect(rejects).toContain('5,sku,AP\u00014,contains the control character U+0001; a code must be one line of visible text,');
    // A parent SKU is a code too; and a kind that names a product by SKU says what is wrong, not 'unknown SKU'.
    const parent = await rejection(b.imp({ kind: 'products', path: b.file('p2.csv', 'sku,parent_sku\nAP-5,"G\r\n1"\n') }));
    expect(parent.message).toContain('row 2, column parent_sku: contains a line break');
    const sales = await rejection(b.imp({ kind: 'daily-sales', path: b.file('s.csv', 'sku,date,units\n"AP-3\n",2024-03-05,1\n"AP\n3",2024-03-05,1\n') }));
    expect(sales.message).toBe("s.csv row 3, column sku: contains a line break; a code must be one line of visible text (value 'AP\\n3'); 1 invalid row, nothing was imported");
  });

  it('a rejects file, fixed and imported again, reads the rows\' own cells (its leading row, column, value, reason columns are not data)', async () => {
    const path = b.file('signals.csv', 'date,kind,value\n2026-01-01,weather,12\n2026-01-02,weather,abc\n');
    const r = await b.imp({ kind: 'signals', path, skipInvalid: true });
    expect(r.rejected).toBe(1);
    // The row's own value is its last cell (the reject's copy of it, in the third column, is left as it was).
    const fixed = readFileSync(r.rejectsFile as string, 'utf8').replace(/,abc(\r?\n|$)/, ',30$1');
    const again = await b.imp({ kind: 'signals', path: b.file('signals.fixed.csv', fixed) });
    expect([again.inserted, again.rejected]).toEqual([1, 0]);
    expect(again.mapping.map((m) => m.column)).not.toContain('reason');
    expect(b.store.db.prepare(`SELECT value FROM signals WHERE date = '2026-01-02'`).pluck().get()).toBe(30);
  });

  it('a rejects path that is a folder or the input itself is refused before anything is written', async () => {
    await seedProducts(b);
    const before = b.count('order_lines');
    const path = b.file('orders.csv', BAD_MIDDLE);
    mkdirSync(join(b.dir, 'out'));
    const folder = await rejection(b.imp({ kind: 'orders', path, skipInvalid: true, rejectsPath: join(b.dir, 'out') }));
    expect(folder.message).toBe(`The rejects file ${join(b.dir, 'out')} is a folder; give a file name (nothing was imported)`);
    const self = await rejection(b.imp({ kind: 'orders', path, skipInvalid: true, rejectsPath: path }, 'zh'));
    expect(self.message).toBe(`问题行文件 ${path} 就是正在导入的文件，请换一个名字（未导入任何数据）`);
    expect(b.count('order_lines')).toBe(before);
    expect(readFileSync(path, 'utf8')).toBe(BAD_MIDDLE);
    // The file to import being a folder is said as such, not as "not found".
    expect((await rejection(b.imp({ kind: 'orders', path: join(b.dir, 'out') }))).message).toBe(`${join(b.dir, 'out')} is a folder; give the file to import`);
  });

  it('rows repeating an earlier row\'s key in one file are counted apart; the last one is written and the counts are of what was written', async () => {
    const first = await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,title,price\nK1,first,1\nK1,second,2\nK2,x,3\n') });
    expect([first.inserted, first.duplicates]).toEqual([2, 1]);
    expect(b.count('products')).toBe(2);
    const again = await b.imp({ kind: 'products', path: b.file('p2.csv', 'sku,title,price\nK1,third,5\nK2,x,3\nK1,fourth,6\n') });
    expect([again.inserted, again.updated, again.unchanged, again.duplicates]).toEqual([0, 1, 1, 1]);
    expect(b.store.db.prepare(`SELECT title_en, price FROM products WHERE sku = 'K1'`).get()).toEqual({ title_en: 'fourth', price: 6 });
    // Inventory: the key includes the location, so the same SKU and day at two locations is no repeat.
    const inv = await b.imp({ kind: 'inventory', path: b.file('i.csv', 'sku,location,date,on hand\nK1,SH,2026-01-01,-3\nK1,GZ,2026-01-01,4\nK1,SH,2026-01-01,7\n') });
    expect([inv.inserted, inv.duplicates]).toEqual([2, 1]);
    expect(b.store.db.prepare('SELECT l.code, i.on_hand FROM inventory i JOIN locations l ON l.id = i.location_id ORDER BY l.code').all()).toEqual([{ code: 'GZ', on_hand: 4 }, { code: 'SH', on_hand: 7 }]);
  });

  it('names a missing required column and suggests --map, and --map fixes it', async () => {
    await seedProducts(b);
    const path = b.file('o.csv', 'ref,date,sku,quantity,unit_price\nO1,2024-03-05,AP-1,1,5\n');
    const err = await rejection(b.imp({ kind: 'orders', path }));
    expect(err.code).toBe('user_error');
    expect(err.message).toContain('order_no');
    expect(err.message).toContain('--map');
    const r = await b.imp({ kind: 'orders', path, map: { ref: 'order_no' } });
    expect(r.inserted).toBe(1);
    expect(b.store.db.prepare('SELECT order_no FROM orders').pluck().get()).toBe('O1');
  });
});

describe('re-imports and dry runs', () => {
  it('re-importing the same file changes nothing; a changed price is one update', async () => {
    const v1 = 'sku,title,price\nAP-1,Shirt,10\nAP-2,Jeans,20\nAP-3,Hat,5\n';
    const first = await b.imp({ kind: 'products', path: b.file('p.csv', v1) });
    expect(first.inserted).toBe(3);
    const stamp = b.store.db.prepare("SELECT updated_at FROM products WHERE sku = 'AP-1'").pluck().get();
    const again = await b.imp({ kind: 'products', path: b.file('p.csv', v1) });
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 3]);
    expect(b.store.db.prepare("SELECT updated_at FROM products WHERE sku = 'AP-1'").pluck().get()).toBe(stamp);
    const changed = await b.imp({ kind: 'products', path: b.file('p.csv', v1.replace('Jeans,20', 'Jeans,22')) });
    expect([changed.inserted, changed.updated, changed.unchanged]).toEqual([0, 1, 2]);
    expect(b.store.db.prepare("SELECT price FROM products WHERE sku = 'AP-2'").pluck().get()).toBe(22);
  });

  it('re-importing orders leaves daily sales as they were', async () => {
    await seedProducts(b);
    const path = b.file('o.csv', ORDERS);
    await b.imp({ kind: 'orders', path });
    const before = b.store.db.prepare('SELECT * FROM daily_sales ORDER BY 1, 2').all();
    const again = await b.imp({ kind: 'orders', path });
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 3]);
    expect(b.store.db.prepare('SELECT * FROM daily_sales ORDER BY 1, 2').all()).toEqual(before);
  });

  it('an order whose date changes moves its daily sales to the new date', async () => {
    await seedProducts(b);
    await b.imp({ kind: 'orders', path: b.file('o.csv', ORDERS) });
    const r = await b.imp({ kind: 'orders', path: b.file('o.csv', ORDERS.replace(/O2,1,2024-03-06/, 'O2,1,2024-03-09')) });
    expect([r.updated, r.unchanged]).toEqual([1, 2]);
    expect(b.store.db.prepare("SELECT date, units FROM daily_sales WHERE product_id = 1 AND units > 0 ORDER BY date").all()).toEqual([
      { date: '2024-03-05', units: 2 },
      { date: '2024-03-09', units: 1 },
    ]);
  });

  it('a first import into an empty table leaves its indexes in place (they are rebuilt after the load)', async () => {
    await seedProducts(b);
    const indexes = (): unknown[] => b.store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('orders', 'order_lines', 'daily_sales', 'products') ORDER BY name").all();
    const before = indexes();
    await b.imp({ kind: 'orders', path: b.file('o.csv', ORDERS), dryRun: true });
    await b.imp({ kind: 'orders', path: b.file('o.csv', ORDERS) });
    expect(indexes()).toEqual(before);
    expect(before.map((i) => (i as { name: string }).name)).toEqual(expect.arrayContaining(['order_lines_product', 'daily_sales_date', 'orders_ordered_at', 'orders_customer']));
    const plan = b.store.db.prepare('EXPLAIN QUERY PLAN SELECT sum(quantity) FROM order_lines WHERE product_id = 1').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('order_lines_product');
  });

  it('a dry run reports counts and a sample and writes nothing but its run record', async () => {
    await seedProducts(b);
    const r = await b.imp({ kind: 'orders', path: b.file('o.csv', ORDERS), dryRun: true });
    expect([r.dryRun, r.inserted, r.updated]).toEqual([true, 3, 0]);
    expect(r.sample[0]).toEqual({ action: 'insert', order_no: 'O1', line_no: 1, ordered_at: '2024-03-05T00:00:00', sku: 'AP-1', quantity: 2, unit_price: 100 });
    expect([b.count('orders'), b.count('order_lines'), b.count('daily_sales'), b.count('customers')]).toEqual([0, 0, 0, 0]);
    expect(listImportRuns(b.store.db, 5)[0]).toMatchObject({ dryRun: true, status: 'succeeded', inserted: 3 });
  });
});

describe('preview', () => {
  it('shows encoding, delimiter, mapping with confidence, unmapped and missing columns and the first rows', async () => {
    const path = b.file('p.csv', 'Item Code;Notiz;Retail Price (CNY)\nA-1;Mug;12,5\n');
    const p = await previewImport({ kind: 'products', path }, 'en');
    expect([p.format, p.encoding, p.delimiter]).toEqual(['csv', 'utf-8', ';']);
    expect(p.mapping.map((m) => [m.field, m.column])).toEqual([['sku', 'Item Code'], ['price', 'Retail Price (CNY)']]);
    expect(p.mapping.find((m) => m.field === 'price')?.confidence).toBeLessThan(1);
    expect(p.unmapped).toEqual(['Notiz']);
    expect(p.rows).toEqual([['A-1', 'Mug', '12,5']]);
    const o = await previewImport({ kind: 'orders', path }, 'en');
    expect(o.missing).toContain('order_no');
    expect(existsSync(path)).toBe(true);
  });
});
