/** The crash harness's world: a base store with sales history and a catalogue, and an orders CSV to import. */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../engine/db/store';
import { rng } from '../unit/forecast-fixtures';

/** What a kill run starts from. */
export interface World {
  dir: string;
  /** Store file every kill run copies. */
  base: string;
  /** The same store without orders, lines or daily sales: where an orders import is a first load. */
  firstBase: string;
  /** Orders CSV the import operation loads (new order numbers). */
  ordersCsv: string;
  newLines: number;
  newOrders: number;
  /** Order lines already in the base store. */
  baseLines: number;
  /** Products in the base store (rows of a full export). */
  products: number;
  /** Indexes and triggers of the schema (a load that sets some aside must put every one back). */
  schemaObjects: number;
}

/** Small deterministic generator (mulberry32), shared with the unit fixtures. */
export { rng };

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');
const HISTORY_DAYS = 120;

/** Builds the world in `dir`: 30 selling SKUs (6 'mugs' for pricing) with 120 days of orders, a catalogue of `catalogue` more, and a CSV of `newLines` order lines. */
export function makeWorld(dir: string, opts: { newLines: number; catalogue?: number; seed?: number }): World {
  const r = rng(opts.seed ?? 1);
  const base = join(dir, 'base.db');
  const store = openStore(base);
  const db = store.db;
  const now = '2026-01-01T00:00:00Z';
  const skus: { id: number; sku: string; price: number }[] = [];
  let baseLines = 0;
  db.transaction(() => {
    db.prepare("INSERT INTO locations (id, code) VALUES (1, 'main')").run();
    const addP = db.prepare('INSERT INTO products (sku, title_en, title_zh, category, cost, price, created_at, updated_at, lead_time_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 7)');
    const inv = db.prepare('INSERT INTO inventory (product_id, location_id, date, on_hand, on_order) VALUES (?, 1, ?, 300, 0)');
    for (let i = 0; i < 30; i++) {
      const sku = `${i < 6 ? 'MUG' : 'TEA'}-${String(i).padStart(3, '0')}`;
      const price = 20 + Math.round(r() * 40);
      const id = Number(addP.run(sku, `Item ${i}`, `商品 ${i}`, i < 6 ? 'mugs' : 'tea', price * 0.55, price, now, now).lastInsertRowid);
      inv.run(id, new Date(START + (HISTORY_DAYS - 1) * DAY).toISOString().slice(0, 10));
      skus.push({ id, sku, price });
    }
    for (let i = 0; i < (opts.catalogue ?? 0); i++) addP.run(`CAT-${String(i).padStart(5, '0')}`, `Catalogue item ${i}`, `目录商品 ${i}`, 'misc', 5, 9.9 + (i % 50), now, now);
    const addO = db.prepare("INSERT INTO orders (order_no, ordered_at) VALUES (?, ?)");
    const addL = db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)');
    let n = 0;
    for (let d = 0; d < HISTORY_DAYS; d++) {
      for (let k = 0; k < 40; k++) {
        const oid = Number(addO.run(`H-${n++}`, new Date(START + d * DAY + k * 600_000).toISOString()).lastInsertRowid);
        const lines = 1 + Math.floor(r() * 3);
        for (let l = 1; l <= lines; l++) {
          const p = skus[Math.floor(r() * skus.length)];
          addL.run(oid, l, p.id, 1 + Math.floor(r() * 3), p.price);
          baseLines++;
        }
      }
    }
  })();
  store.close();
  const firstBase = join(dir, 'base-first.db');
  copyFileSync(base, firstBase);
  const first = openStore(firstBase);
  const schemaObjects = (first.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type IN ('index', 'trigger')").get() as { n: number }).n;
  first.db.exec('INSERT INTO daily_sales_bulk (id) VALUES (1); DELETE FROM order_lines; DELETE FROM orders; DELETE FROM daily_sales; DELETE FROM daily_sales_bulk');
  first.close();
  // New orders in the 30 days after the history, as a shop's export would give them.
  const rows = ['order_no,line_no,ordered_at,sku,quantity,unit_price'];
  let newLines = 0;
  let newOrders = 0;
  while (newLines < opts.newLines) {
    const at = new Date(START + HISTORY_DAYS * DAY + Math.floor(r() * 30 * DAY)).toISOString();
    const lines = Math.min(1 + Math.floor(r() * 3), opts.newLines - newLines);
    for (let l = 1; l <= lines; l++) {
      const p = skus[Math.floor(r() * skus.length)];
      rows.push(`N-${newOrders},${l},${at},${p.sku},${1 + Math.floor(r() * 4)},${p.price}`);
    }
    newLines += lines;
    newOrders++;
  }
  const ordersCsv = join(dir, 'new-orders.csv');
  writeFileSync(ordersCsv, rows.join('\n') + '\n');
  return { dir, base, firstBase, ordersCsv, newLines, newOrders, baseLines, products: 30 + (opts.catalogue ?? 0), schemaObjects };
}
