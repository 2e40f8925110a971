// A price a merchant imports in a products file is the price their next export sends: it is recorded in the price
// history (as an applied recommendation is), so it wins over an older recorded or approved price, also on a day a
// promotion runs (a promotion's own prices are temporary and not exported, a list price the merchant set is).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExport } from '../../engine/export/run';
import { seedExportStore } from './export-fixture';
import { bench, type Bench } from './import-helpers';

describe('imported prices reach the export', () => {
  let b: Bench;
  beforeEach(() => {
    b = bench();
    seedExportStore(b.store.db);
  });
  afterEach(() => b.cleanup());

  const exported = async (name: string): Promise<Map<string, string>> => {
    const r = await runExport(b.store.db, { format: 'amazon', path: join(b.dir, name), encoding: 'utf8' });
    const lines = readFileSync(r.path, 'utf8').split('\r\n').filter(Boolean);
    const head = lines[0].split('\t');
    const [skuCol, priceCol] = [head.indexOf('sku'), head.indexOf('price')];
    return new Map(lines.slice(1).map((l) => l.split('\t')).map((c) => [c[skuCol], c[priceCol]]));
  };

  it('over an approved recommendation, inside a running promotion, and only once for the same price', async () => {
    // AP-0001: listed at 100, an edited recommendation of 103.50 approved since (an export would send 103.50: see
    // export-changes.test.ts); a promotion on it runs today.
    const day = (d: number): string => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    b.store.db.prepare(`INSERT INTO promotions (name, product_id, start_date, end_date, discount_pct) VALUES ('weekend', 1, ?, ?, 10)`).run(day(-1), day(1));
    const file = b.file('prices.csv', 'sku,price\nAP-0001,104\n');
    const first = await b.imp({ kind: 'products', path: file });
    expect(first.updated).toBe(1);
    expect((await exported('after.txt')).get('AP-0001')).toBe('104.00');
    const hist = () => b.store.db.prepare(`SELECT price, source FROM price_history WHERE product_id = 1 AND source = 'products'`).all();
    expect(hist()).toEqual([{ price: 104, source: 'products' }]);
    // The same file again changes nothing and records nothing.
    const again = await b.imp({ kind: 'products', path: file });
    expect(again.unchanged).toBe(1);
    expect(hist()).toHaveLength(1);
    // A file without a price column leaves the history alone.
    await b.imp({ kind: 'products', path: b.file('titles.csv', 'sku,title_en\nAP-0001,Cotton tee (new)\n') });
    expect(hist()).toHaveLength(1);
  });
});
