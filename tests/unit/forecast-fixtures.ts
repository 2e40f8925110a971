/** Seeded synthetic shops for the forecast and planning tests. */
import type Database from 'better-sqlite3';
import { addDays } from '../../engine/forecast/dates';

import { mulberry32 as rng } from '../../models/rng';

/** Seeded PRNG (mulberry32, the generator the models use). */
export { rng };

/** Poisson draw with mean mu (Knuth; fine for small means, normal approximation above 30). */
export function poisson(r: () => number, mu: number): number {
  if (mu > 30) return Math.max(0, Math.round(mu + Math.sqrt(mu) * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r())));
  const l = Math.exp(-mu);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

/** Options of seedShop. */
export interface ShopOptions {
  skus?: number;
  days?: number;
  start?: string;
  seed?: number;
  /** Per-SKU demand multiplier by day index (e.g. a planted price effect). */
  price?: (sku: number, day: number) => number;
  elasticity?: number;
}

/** Inserts products, daily sales with weekly seasonality (a few stockout days) and a stock snapshot. Returns the last history date. */
export function seedShop(db: Database.Database, o: ShopOptions = {}): { end: string; skus: string[] } {
  const r = rng(o.seed ?? 7);
  const skus = o.skus ?? 6;
  const days = o.days ?? 200;
  const start = o.start ?? '2025-01-01';
  const now = '2025-01-01T00:00:00Z';
  const insP = db.prepare(
    `INSERT INTO products (sku, title_en, category, cost, price, supplier, lead_time_days, lead_time_sd, moq, case_pack, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insS = db.prepare(`INSERT INTO daily_sales (product_id, date, units, revenue, order_count, stockout, source) VALUES (?, ?, ?, ?, ?, ?, 'import')`);
  db.prepare(`INSERT INTO locations (code, name) VALUES ('main', 'Main')`).run();
  const insI = db.prepare('INSERT INTO inventory (product_id, location_id, date, on_hand, on_order) VALUES (?, 1, ?, ?, 0)');
  const names: string[] = [];
  db.transaction(() => {
    for (let k = 0; k < skus; k++) {
      const sku = `SKU-${String(k + 1).padStart(3, '0')}`;
      names.push(sku);
      const intermittent = k % 3 === 2;
      const listPrice = 50 + 10 * k;
      const id = Number(insP.run(sku, `Product ${k + 1}`, k % 2 ? 'toys' : 'home', listPrice * 0.5, listPrice, k % 2 ? 'Acme' : 'Bolt', 10 + k, 2, 10, 6, now, now).lastInsertRowid);
      const base = intermittent ? 0.3 : 5 + 3 * k;
      for (let t = 0; t < days; t++) {
        const date = addDays(start, t);
        const rel = o.price ? o.price(k, t) : 1;
        const mu = base * (1 + 0.4 * Math.sin((2 * Math.PI * t) / 7)) * Math.pow(rel, o.elasticity ?? -2);
        const stockout = !intermittent && t % 53 === 40 ? 1 : 0;
        const units = stockout ? 0 : poisson(r, mu);
        if (units > 0 || stockout) insS.run(id, date, units, units * listPrice * rel, units > 0 ? 1 : 0, stockout);
      }
      insI.run(id, addDays(start, days - 1), k === 0 ? 0 : Math.round(base * (5 + 10 * r())));
    }
  })();
  return { end: addDays(start, days - 1), skus: names };
}
