/** A seeded store filler for dashboard, product-table and UI tests (daily sales imported directly, no orders). */
import type Database from 'better-sqlite3';

import { mulberry32 as rng } from '../../models/rng';
import { addDays } from '../../engine/db/queries/dashboard';

/** Seeded PRNG (mulberry32, the generator the models use). */
export { rng };

const CATS: { code: string; zh: string; en: string }[] = [
  { code: 'tea', zh: '茶叶', en: 'Tea' },
  { code: 'apparel', zh: '服装', en: 'Apparel' },
  { code: 'kitchen', zh: '厨具', en: 'Kitchen' },
  { code: 'toys', zh: '玩具', en: 'Toys' },
];
const ADJ: { zh: string; en: string }[] = [
  { zh: '经典', en: 'Classic' },
  { zh: '轻便', en: 'Light' },
  { zh: '豪华', en: 'Deluxe' },
  { zh: '迷你', en: 'Mini' },
  { zh: '春季', en: 'Spring' },
];

/** What the filler wrote, so tests can compute expected figures themselves. */
export interface FilledStore {
  products: { id: number; sku: string; cost: number; category: string; supplier: string; titleZh: string; titleEn: string }[];
  sales: { productId: number; date: string; units: number; revenue: number; stockout: number }[];
  end: string;
}

/** A product's units a day in the filled store over the 28 days ending its last sales day. */
export function rate28(data: FilledStore, productId: number): number {
  const from = addDays(data.end, -27);
  return data.sales.filter((s) => s.productId === productId && s.date >= from).reduce((a, s) => a + s.units, 0) / 28;
}

/** Fills an empty migrated store with `skus` products and `days` days of daily sales ending `end`. */
export function fillStore(db: Database.Database, opts: { skus: number; days: number; seed: number; end?: string; withSales?: boolean }): FilledStore {
  const r = rng(opts.seed);
  const end = opts.end ?? '2026-06-30';
  const endMs = Date.parse(`${end}T00:00:00Z`);
  const now = '2026-07-01T00:00:00.000Z';
  const out: FilledStore = { products: [], sales: [], end };
  db.transaction(() => {
    db.prepare("INSERT INTO locations (id, code, name) VALUES (1, 'WH1', 'Main warehouse')").run();
    const insP = db.prepare(`INSERT INTO products (id, sku, title_zh, title_en, category, supplier, cost, price, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insS = db.prepare("INSERT INTO daily_sales (product_id, date, units, revenue, order_count, stockout, source) VALUES (?, ?, ?, ?, ?, ?, 'import')");
    const insI = db.prepare('INSERT INTO inventory (product_id, location_id, date, on_hand) VALUES (?, 1, ?, ?)');
    for (let i = 1; i <= opts.skus; i++) {
      const cat = CATS[i % CATS.length];
      const adj = ADJ[Math.floor(r() * ADJ.length)];
      const price = Math.round((20 + r() * 180) * 100) / 100;
      const cost = Math.round(price * (0.35 + r() * 0.3) * 100) / 100;
      const sku = `${cat.code.slice(0, 3).toUpperCase()}-${String(i).padStart(5, '0')}`;
      const supplier = `S${1 + (i % 3)}`;
      const titleZh = `${adj.zh}${cat.zh} ${i}号`;
      const titleEn = `${adj.en} ${cat.en} #${i}`;
      insP.run(i, sku, titleZh, titleEn, cat.code, supplier, cost, price, now, now);
      out.products.push({ id: i, sku, cost, category: cat.code, supplier, titleZh, titleEn });
      if (opts.withSales === false) continue;
      const base = 0.5 + r() * 6;
      const trend = (r() - 0.5) * 0.004;
      for (let d = opts.days - 1; d >= 0; d--) {
        const date = new Date(endMs - d * 86_400_000).toISOString().slice(0, 10);
        const t = opts.days - 1 - d;
        const stockout = r() < 0.02 ? 1 : 0;
        const lambda = Math.max(0, base * (1 + trend * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 7)));
        const units = stockout ? 0 : Math.floor(lambda + r() * 1.5);
        if (units === 0 && !stockout) continue;
        const revenue = Math.round(units * price * 100) / 100;
        insS.run(i, date, units, revenue, units > 0 ? 1 : 0, stockout);
        out.sales.push({ productId: i, date, units, revenue, stockout });
      }
      insI.run(i, end, Math.floor(r() * 120));
    }
  })();
  return out;
}
