// A date a column cannot read says how the column writes its dates, by an example, in the reader's language: it said
// "not a date (ymd)" / "不是日期（ymd）", a code a merchant cannot read, also for '12/13/2026' among '2026-12-05' rows,
// a clear date written another way.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, rejection, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(async () => {
  b = bench();
  await seedProducts(b);
});
afterEach(() => b.cleanup());

describe('messages about dates', () => {
  it('a date written another way than the column says so, with the column\'s way as an example (en, 中文)', async () => {
    const file = b.file('stock.csv', 'sku,date,on_hand\nAP-1,2026-12-05,3\nAP-2,12/13/2026,4\n');
    const en = await rejection(b.imp({ kind: 'inventory', path: file }));
    expect(en.message).toBe("stock.csv row 3, column date: a date written another way than this column's others, which are written as 2026-12-25: write them all one way (value '12/13/2026'); 1 invalid row, nothing was imported");
    const zh = await rejection(b.imp({ kind: 'inventory', path: file }, 'zh'));
    expect(zh.message).toBe('stock.csv 第 3 行，列“date”：这个日期的写法与该列其他日期不同（它们写作 2026-12-25 这样）：请统一成一种写法（值“12/13/2026”）；共 1 行无效，未导入任何数据');
    expect(b.count('inventory')).toBe(0);
  });

  it('a day that does not exist is not a date, the example in the way the column writes them (day first here)', async () => {
    const r = await b.imp({ kind: 'inventory', path: b.file('stock.csv', 'sku,date,on_hand\nAP-1,25/11/2026,3\nAP-2,31/11/2026,4\n'), skipInvalid: true });
    expect(r.rejects.map((x) => x.reason)).toEqual(["not a date (this column's dates are written as 25/12/2026)"]);
  });
});
