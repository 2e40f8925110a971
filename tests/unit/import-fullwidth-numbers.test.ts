// Digits and signs typed with a Chinese input method in full-width form ('４', '１０', '１２．５', '－３', '￥９．９０')
// were refused as 'not a number': a merchant's own hand-typed stock count or price list failed row by row. They read
// as the ordinary digits (NFKC) in every number, money and whole-number column.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseNumber } from '../../engine/import/values';
import { bench, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

describe('full-width digits in number columns', () => {
  it('a products file typed in full width imports its prices, costs and order quantities', async () => {
    const csv = '商品编码,名称,售价,成本,起订量,箱规\nFW-1,茶杯,１２．５,￥９．９０,１０,６\nFW-2,茶壶,１，２９９,（３）,４,１\n';
    const r = await b.imp({ kind: 'products', path: b.file('手录.csv', csv), skipInvalid: true }, 'zh');
    expect(r.rejects).toEqual([
      expect.objectContaining({ row: 3, column: '成本', value: '（３）', reason: '不能小于 0' }),
    ]);
    expect(b.store.db.prepare('SELECT sku, price, cost, moq, case_pack FROM products ORDER BY sku').all()).toEqual([
      { sku: 'FW-1', price: 12.5, cost: 9.9, moq: 10, case_pack: 6 },
    ]);
  });

  it('a stock count of ４ and a signal of －３ are 4 and -3', async () => {
    await seedProducts(b, ['AP-1']);
    await b.imp({ kind: 'inventory', path: b.file('i.csv', 'sku,date,on hand,on order\nAP-1,2026-12-05,４,１０\n') });
    expect(b.store.db.prepare('SELECT on_hand, on_order FROM inventory').get()).toEqual({ on_hand: 4, on_order: 10 });
    await b.imp({ kind: 'signals', path: b.file('s.csv', '日期,类型,数值\n2026-12-05,天气,－３\n2026-12-06,天气,１２．５\n') });
    expect(b.store.db.prepare('SELECT value FROM signals ORDER BY date').pluck().all()).toEqual([-3, 12.5]);
  });

  it('every reader of numbers reads them so (desk backtest / elasticity --csv share parseNumber)', () => {
    expect(['４', '１０', '１２．５', '－３', '１，２９９．００', '１５％', '￥９．９', '　７　'].map(parseNumber)).toEqual([4, 10, 12.5, -3, 1299, 0.15, 9.9, 7]);
    expect(parseNumber('１２ａ')).toBeNull();
  });
});
