/** A small export store: three active products (one under MAP), an archived one, stock at two locations, a promotion, decided recommendations. */
import type { Store } from '../../engine/db/store';

/** The fixed clock of the export tests. */
export const T = '2026-03-01T00:00:00.000Z';
/** A Chinese title that must survive every encoding. */
export const TITLE = '纯棉短袖T恤 男款·白色';

/** Seeds the products, stock, price history, promotion and recommendations the export tests rely on. */
export function seedExportStore(db: Store['db']): void {
  const p = db.prepare(
    `INSERT INTO products (id, sku, title_zh, title_en, category, cost, price, currency, map_price, attributes, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'apparel', ?, ?, 'CNY', ?, ?, ?, ?, ?)`,
  );
  p.run(1, 'AP-0001', TITLE, 'Cotton tee', 40, 100, null, JSON.stringify({ ebay_item_id: '110012345678', compare_at_price: 129 }), 'active', T, T);
  p.run(2, 'AP-0002', '亚麻衬衫', 'Linen shirt', 60, 150, null, '{}', 'active', T, T);
  p.run(3, 'AP-0003', '牛仔裤', 'Jeans', 80, 120, 118, '{}', 'active', T, T); // MAP 118
  p.run(4, 'AP-0004', '旧款', 'Old', 10, 20, null, '{}', 'archived', T, T);
  db.prepare(`INSERT INTO locations (id, code) VALUES (1, 'SH'), (2, 'GZ')`).run();
  const inv = db.prepare('INSERT INTO inventory (product_id, location_id, date, on_hand) VALUES (?, ?, ?, ?)');
  inv.run(1, 1, '2026-02-01', 99); // superseded by the later count
  inv.run(1, 1, '2026-02-20', 7);
  inv.run(1, 2, '2026-02-10', 5);
  inv.run(2, 1, '2026-02-20', 0);
  const ph = db.prepare(`INSERT INTO price_history (product_id, effective_at, price, source) VALUES (?, ?, ?, 'import')`);
  ph.run(1, '2026-01-01T00:00:00Z', 100);
  ph.run(2, '2026-01-01T00:00:00Z', 150);
  ph.run(3, '2026-01-01T00:00:00Z', 120);
  // A flash sale on AP-0002 is temporary: its price must not be exported as the new list price.
  db.prepare(`INSERT INTO promotions (name, product_id, start_date, end_date, discount_pct) VALUES ('flash', 2, '2026-02-27', '2026-03-03', 30)`).run();
  ph.run(2, '2026-02-27T00:00:00Z', 105);
  const rec = db.prepare(
    `INSERT INTO price_recommendations (product_id, current_price, recommended_price, final_price, status, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  rec.run(1, 100, 104, 103.5, 'edited', '2026-02-25T00:00:00Z', '2026-02-25T01:00:00Z'); // merchant typed 103.50
  rec.run(2, 150, 140, null, 'rejected', '2026-02-25T00:00:00Z', '2026-02-25T01:00:00Z'); // rejected: not used
  rec.run(3, 120, 112, null, 'approved', '2026-02-25T00:00:00Z', '2026-02-25T01:00:00Z'); // below MAP 118: must be held
}
