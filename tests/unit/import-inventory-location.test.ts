// A stock file without a location column counts stock at the store's own warehouse. It was written to a new location
// 'main' beside it (the demo's 'MAIN', or the warehouse a first file named), and stock is summed over locations, so a
// count of 5 added to the 80 already there: Inventory and Planning showed 85. With several warehouses the file must
// say which one each row counts, and is refused naming the file and the locations, with nothing written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planningProducts } from '../../engine/db/queries/planning';
import { bench, refusedInBoth, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(async () => {
  b = bench();
  await seedProducts(b);
});
afterEach(() => b.cleanup());

const onHand = (sku: string): number | null => planningProducts(b.store.db).find((p) => p.sku === sku)?.onHand ?? null;
const locations = (): string[] => b.store.db.prepare('SELECT code FROM locations ORDER BY id').pluck().all() as string[];

describe('inventory files without a location column', () => {
  it("count at the store's only warehouse: a new count replaces the old one", async () => {
    await b.imp({ kind: 'inventory', path: b.file('first.csv', 'sku,warehouse,date,on_hand\nAP-1,MAIN,2026-12-05,80\n') });
    expect(onHand('AP-1')).toBe(80);
    const r = await b.imp({ kind: 'inventory', path: b.file('count.csv', 'sku,date,on_hand\nAP-1,2026-12-05,5\nAP-2,2026-12-05,9\n') });
    expect(r.updated + r.inserted).toBe(2);
    expect(locations()).toEqual(['MAIN']);
    expect(onHand('AP-1')).toBe(5);
    expect(onHand('AP-2')).toBe(9);
  });

  it('a store with several warehouses refuses the file, naming it and them, in en and 中文, and writes nothing', async () => {
    await b.imp({ kind: 'inventory', path: b.file('first.csv', 'sku,warehouse,date,on_hand\nAP-1,SH,2026-12-05,80\nAP-1,HZ,2026-12-05,30\n') });
    const before = b.count('inventory');
    const file = b.file('count.csv', 'sku,date,on_hand\nAP-1,2026-12-06,5\n');
    const { en, zh } = await refusedInBoth(b, { kind: 'inventory', path: file });
    expect(en.code).toBe('user_error');
    expect(en.message).toContain('count.csv has no location column');
    expect(en.message).toContain('2 locations (SH, HZ)');
    expect(en.message).toContain('nothing was imported');
    expect(zh.message).toContain('count.csv 没有仓库列');
    expect(zh.message).toContain('2 个仓库（SH, HZ）');
    expect(b.count('inventory')).toBe(before);
    expect(locations()).toEqual(['SH', 'HZ']);
    expect(onHand('AP-1')).toBe(110);
  });

  it("a new store's first file still counts at 'main'", async () => {
    await b.imp({ kind: 'inventory', path: b.file('count.csv', 'sku,date,on_hand\nAP-1,2026-12-05,5\n') });
    expect(locations()).toEqual(['main']);
    expect(onHand('AP-1')).toBe(5);
  });
});
