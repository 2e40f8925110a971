// --only-changed means "changed since my last export to this marketplace"; --since means "price changed since a date";
// the guardrails at export count the changes that marketplace has seen (step, cool-down).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/db/store';
import { runExport, type ExportResult } from '../../engine/export/run';
import type { ExportFormat } from '../../engine/export/types';
import { seedExportStore, T, TITLE } from './export-fixture';
import { tempDir } from './helpers';

const HOUR = 3_600_000;
const at = (hours: number): string => new Date(Date.parse(T) + hours * HOUR).toISOString();

describe('which rows an export includes', () => {
  let store: Store;
  let tmp: { dir: string; cleanup: () => void };
  let n = 0;
  beforeEach(() => {
    tmp = tempDir('desk-export-changes-');
    store = openStore(':memory:');
    seedExportStore(store.db);
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });
  const run = (format: ExportFormat, o: { onlyChanged?: boolean; since?: string; now?: string; preset?: string } = {}): Promise<ExportResult> =>
    runExport(store.db, { format, path: join(tmp.dir, `${format}-${++n}.txt`), encoding: 'utf8', now: T, ...o });
  // No row to send: the header alone (r.empty says why).
  const skus = (r: ExportResult): string[] =>
    readFileSync(r.path, 'utf8').split('\r\n').slice(1).filter(Boolean).map((l) => l.split(/[\t,]/)[0]);
  const setPrice = (id: number, when: string, price: number): void => {
    store.db.prepare(`INSERT INTO price_history (product_id, effective_at, price, source) VALUES (?, ?, ?, 'manual')`).run(id, when, price);
    store.db.prepare('UPDATE products SET price = ? WHERE id = ?').run(price, id);
  };

  it('--only-changed: first against products.price, then against what that marketplace last received', async () => {
    const first = await run('amazon', { onlyChanged: true });
    expect(skus(first)).toEqual(['AP-0001']); // 103.50 approved vs 100 live; AP-0002 unchanged
    expect(first.held.map((h) => h.sku)).toEqual(['AP-0003']); // changed but below MAP
    expect(skus(await run('amazon', { onlyChanged: true, now: at(1) }))).toEqual([]);
    expect(skus(await run('amazon', { now: at(1) }))).toEqual(['AP-0001', 'AP-0002']);
    // Shopify never received 103.50: for Shopify it is still a change.
    expect(skus(await run('shopify', { onlyChanged: true, now: at(1) })).length).toBe(1);
    // A new stock count is a change for a price-and-quantity file.
    store.db.prepare(`INSERT INTO inventory (product_id, location_id, date, on_hand) VALUES (2, 1, '2026-03-01', 9)`).run();
    expect(skus(await run('amazon', { onlyChanged: true, now: at(2) }))).toEqual(['AP-0002']);
    expect(skus(await run('amazon', { onlyChanged: true, now: at(3) }))).toEqual([]);
    // Two csv mappings are two marketplaces.
    expect(skus(await run('csv', { onlyChanged: true, preset: 'taobao', now: at(3) }))).toEqual([TITLE]); // its first column is the title
  });

  it('nothing to send: the header alone, and the reason says why (first export, later export, --since, all held)', async () => {
    // First export to Taobao with only-changed (the dialog's default) and no new price anywhere: it wrote a header-only
    // file and said "Wrote 0 rows".
    store.db.prepare(`UPDATE price_recommendations SET status = 'rejected'`).run();
    const first = await run('csv', { onlyChanged: true, preset: 'taobao' });
    expect(first.written).toBe(true);
    expect(readFileSync(first.path, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(1);
    expect(first.rowsWritten).toBe(0);
    expect(first.unchanged).toBe(3);
    expect(first.empty?.code).toBe('unchanged_first');
    expect(first.empty?.message_en).toBe('Only the header row was written: nothing to send. This marketplace has not been sent a price list yet, and none of the 3 products have a price other than the one the shop lists now (no recommendation applied, no new price imported).');
    expect(first.empty?.message_zh).toMatch(/^只写入了表头：.*从未向该平台导出过.*3 个商品/);
    // Everything, then nothing changed since: the reason names the last export; the file there is replaced by the header.
    const all = await run('csv', { preset: 'taobao' });
    expect(all.written).toBe(true);
    expect(all.empty).toBeNull();
    writeFileSync(join(tmp.dir, 'kept.csv'), 'earlier');
    const again = await runExport(store.db, { format: 'csv', preset: 'taobao', path: join(tmp.dir, 'kept.csv'), onlyChanged: true, now: at(1) });
    expect(again.empty?.code).toBe('unchanged');
    expect(again.empty?.message_en).toBe('Only the header row was written: no price or stock has changed since the last export to this marketplace (3 products unchanged).');
    expect(readFileSync(join(tmp.dir, 'kept.csv'), 'utf8').split('\r\n').filter(Boolean)).toHaveLength(1);
    expect(store.db.prepare('SELECT rows_written FROM export_runs ORDER BY id DESC LIMIT 1').get()).toEqual({ rows_written: 0 });
    const since = await run('amazon', { since: '2026-03-05' });
    expect(since.empty?.message_en).toBe('Only the header row was written: no product’s price changed on or after 2026-03-05.');
    expect(since.empty?.message_zh).toBe('只写入了表头：没有商品在 2026-03-05 当天或之后调过价。');
  });

  it('--since: rows whose price now differs from the one in force before the date', async () => {
    // A re-imported price equal to the old one is not a change; a stock count is not a price change.
    setPrice(2, '2026-02-16T00:00:00Z', 150);
    store.db.prepare(`INSERT INTO inventory (product_id, location_id, date, on_hand) VALUES (2, 1, '2026-02-28', 4)`).run();
    const r = await run('amazon', { since: '2026-02-15' });
    expect(skus(r)).toEqual(['AP-0001']);
    expect(r.held.map((h) => h.sku)).toEqual(['AP-0003']);
    expect(skus(await run('amazon', { since: '2026-02-26' }))).toEqual([]);
    // A change on the day itself counts.
    setPrice(2, '2026-03-05T09:00:00Z', 155);
    const later = await run('amazon', { since: '2026-03-05', now: '2026-03-06T00:00:00.000Z' });
    expect(skus(later)).toEqual(['AP-0002']);
    expect(skus(await run('amazon', { since: '2026-03-06', now: '2026-03-06T00:00:00.000Z' }))).toEqual([]);
  });

  it('guardrails at export compare with the price that marketplace shows, and count its changes and cool-down', async () => {
    await run('amazon', { now: at(20) }); // Amazon shows 103.50 for AP-0001 from 2026-03-01 20:00
    store.db.prepare(`INSERT INTO price_recommendations (product_id, current_price, recommended_price, final_price, status, created_at, decided_at) VALUES (1, 100, 108, 108, 'approved', ?, ?)`).run(at(20.5), at(20.5));
    // Same day: the one change a day is used up (and 108 is 8% over the day's opening 100).
    const sameDay = await run('amazon', { now: at(21) });
    expect(sameDay.held.find((h) => h.sku === 'AP-0001')?.reasons.map((x) => x.code)).toContain('changes_per_day');
    // Next day, 108 is 4.3% over Amazon's 103.50 but only 6 h have passed since the change.
    const soon = await run('amazon', { now: at(26) });
    const heldSoon = soon.held.find((h) => h.sku === 'AP-0001');
    expect(heldSoon?.reasons.map((x) => x.code)).toEqual(['cooldown']);
    expect(heldSoon?.livePrice).toBe(103.5);
    expect(heldSoon?.reasons[0].message_zh).toMatch(/[\u4e00-\u9fff]/);
    // Shopify never received a price: 108 is 8% over the live 100 and breaks the 5% step.
    const shop = await run('shopify', { now: at(26) });
    expect(shop.held.find((h) => h.sku === 'AP-0001')?.reasons.map((x) => x.code)).toContain('clamped_high');
    // After the 24 h cool-down it goes out.
    const next = await run('amazon', { now: at(45) });
    expect(readFileSync(next.path, 'utf8')).toContain('AP-0001\t108.00\t12');
    const rec = store.db.prepare(`SELECT price, changed_at, changes_on_day, day_start_price FROM export_prices WHERE target = 'amazon' AND product_id = 1`).get();
    expect(rec).toEqual({ price: 108, changed_at: at(45), changes_on_day: 1, day_start_price: 103.5 });
  });

  it('a price inside a category-wide promotion is not exported as the list price; the next one after it is', async () => {
    store.db.prepare(`INSERT INTO promotions (name, category, start_date, end_date, discount_pct) VALUES ('apparel week', 'apparel', '2026-02-26', '2026-02-28', 20)`).run();
    store.db.prepare(`INSERT INTO price_history (product_id, effective_at, price, source) VALUES (2, '2026-02-26T08:00:00Z', 120, 'import')`).run(); // during the promotion: temporary
    const during = await run('amazon', { now: at(0) });
    expect(readFileSync(during.path, 'utf8')).toContain('AP-0002\t150.00\t0');
    // A list-price change after both promotions (within the 5% step from the 150 Amazon shows) goes out at once.
    setPrice(2, '2026-03-04T00:00:00Z', 148);
    const after = await run('amazon', { now: '2026-03-04T00:00:01.000Z' });
    expect(readFileSync(after.path, 'utf8')).toContain('AP-0002\t148.00\t0');
  });
});
