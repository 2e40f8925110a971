import fc from 'fast-check';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, rejection, seedProducts, type Bench } from './import-helpers';

// daily_sales must equal the sum of order_lines per (product, day) whatever mix of bulk imports (set-based recompute)
// and single-row SQL edits (triggers) produced the store.

const SKUS = ['AP-1', 'AP-2', 'AP-3'];
const DAYS = Array.from({ length: 10 }, (_, i) => `2024-03-${String(4 + i).padStart(2, '0')}`);

interface Line { sku: number; qty: number; price: number; discount: number }
interface Order { no: number; day: number; hour: number; lines: Line[] }

/** Checks every (product, day): the row equals its lines' sum; a row without lines is zero. Returns the first mismatch. */
function mismatch(db: Database.Database): unknown {
  const rows = db.prepare(`
    WITH truth AS (
      SELECT l.product_id, substr(o.ordered_at, 1, 10) AS date, sum(l.quantity) AS units,
             sum(l.quantity * l.unit_price - l.discount) AS revenue, count(*) AS n
      FROM order_lines l JOIN orders o ON o.id = l.order_id GROUP BY 1, 2)
    SELECT t.product_id, t.date, t.units, t.revenue, t.n, d.units AS d_units, d.revenue AS d_revenue, d.order_count AS d_n, d.source
    FROM truth t LEFT JOIN daily_sales d ON d.product_id = t.product_id AND d.date = t.date
    UNION ALL
    SELECT d.product_id, d.date, 0, 0, 0, d.units, d.revenue, d.order_count, d.source
    FROM daily_sales d WHERE NOT EXISTS (SELECT 1 FROM truth t WHERE t.product_id = d.product_id AND t.date = d.date)`).all() as {
    units: number; revenue: number; n: number; d_units: number | null; d_revenue: number | null; d_n: number | null; source: string | null;
  }[];
  return rows.find((r) => r.d_units === null ? r.n > 0 : Math.abs(r.units - r.d_units) > 1e-6 || Math.abs(r.revenue - (r.d_revenue ?? 0)) > 1e-6 || r.n !== r.d_n || r.source !== 'orders');
}

function csv(orders: Order[], withLineNo: boolean): string {
  const head = withLineNo ? 'order_no,line_no,date,sku,quantity,unit_price,discount' : 'order_no,date,sku,quantity,unit_price,discount';
  const rows = orders.flatMap((o) =>
    o.lines.map((l, i) => {
      const at = `${DAYS[o.day]} ${String(o.hour).padStart(2, '0')}:15:00`;
      return [`ORD-${o.no}`, ...(withLineNo ? [i + 1] : []), at, SKUS[l.sku], l.qty, l.price, l.discount].join(',');
    }),
  );
  return [head, ...rows].join('\n') + '\n';
}

const line = fc.record({ sku: fc.nat(2), qty: fc.nat(5), price: fc.integer({ min: 1, max: 400 }).map((c) => c / 4), discount: fc.nat(3) });
const order = fc.record({ no: fc.integer({ min: 1, max: 8 }), day: fc.nat(DAYS.length - 1), hour: fc.nat(23), lines: fc.array(line, { minLength: 1, maxLength: 3 }) });
const step = fc.oneof(
  fc.record({ op: fc.constant('import' as const), orders: fc.uniqueArray(order, { minLength: 1, maxLength: 4, selector: (o) => o.no }), withLineNo: fc.boolean() }),
  fc.record({ op: fc.constant('reimport' as const), pick: fc.nat() }),
  // A previous file again with one order changed: its date, a line's SKU or quantity, or a line left out.
  fc.record({ op: fc.constant('reimportEdited' as const), pick: fc.nat(), which: fc.nat(), edit: fc.constantFrom('day', 'sku', 'qty', 'drop'), value: fc.nat(9) }),
  fc.record({ op: fc.constant('badImport' as const), orders: fc.uniqueArray(order, { minLength: 1, maxLength: 3, selector: (o) => o.no }) }),
  fc.record({ op: fc.constant('editLine' as const), pick: fc.nat(), col: fc.constantFrom('quantity', 'unit_price', 'discount', 'product_id'), value: fc.nat(3) }),
  fc.record({ op: fc.constant('deleteLine' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('deleteOrder' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('moveOrder' as const), pick: fc.nat(), day: fc.nat(DAYS.length - 1) }),
  fc.record({ op: fc.constant('addLine' as const), pick: fc.nat(), line }),
  fc.record({ op: fc.constant('moveLine' as const), pick: fc.nat(), to: fc.nat() }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function pickId(db: Database.Database, table: string, pick: number): number | null {
  const n = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return n ? (db.prepare(`SELECT id FROM ${table} ORDER BY id LIMIT 1 OFFSET ?`).pluck().get(pick % n) as number) : null;
}

interface File { path: string; orders: Order[]; withLineNo: boolean }

function edited(f: File, s: Extract<Step, { op: 'reimportEdited' }>): Order[] {
  const i = s.which % f.orders.length;
  return f.orders.map((o, k) => {
    if (k !== i) return o;
    const lines = o.lines.map((l, j) => (j === 0 ? { ...l, sku: s.edit === 'sku' ? (l.sku + 1) % SKUS.length : l.sku, qty: s.edit === 'qty' ? s.value : l.qty } : l));
    return { ...o, day: s.edit === 'day' ? s.value % DAYS.length : o.day, lines: s.edit === 'drop' && lines.length > 1 ? lines.slice(1) : lines };
  });
}

async function apply(b: Bench, s: Step, files: File[]): Promise<void> {
  const db = b.store.db;
  switch (s.op) {
    case 'import': {
      const path = b.file(`o${files.length}.csv`, csv(s.orders, s.withLineNo));
      files.push({ path, orders: s.orders, withLineNo: s.withLineNo });
      await b.imp({ kind: 'orders', path });
      return;
    }
    case 'reimport':
      if (files.length) await b.imp({ kind: 'orders', path: files[s.pick % files.length].path });
      return;
    case 'reimportEdited': {
      if (!files.length) return;
      const f = files[s.pick % files.length];
      const orders = edited(f, s);
      const path = b.file(`o${files.length}.csv`, csv(orders, f.withLineNo));
      files.push({ path, orders, withLineNo: f.withLineNo });
      await b.imp({ kind: 'orders', path });
      return;
    }
    case 'badImport': {
      const before = db.prepare('SELECT * FROM daily_sales ORDER BY 1, 2').all();
      const text = csv(s.orders, true).replace(/\n$/, '\nORD-99,1,2024-03-05,AP-1,lots,1,0\n');
      await rejection(b.imp({ kind: 'orders', path: b.file('bad.csv', text) }));
      expect(db.prepare('SELECT * FROM daily_sales ORDER BY 1, 2').all()).toEqual(before);
      return;
    }
    case 'editLine': {
      const id = pickId(db, 'order_lines', s.pick);
      const value = s.col === 'product_id' ? s.value % SKUS.length + 1 : s.value * 1.5;
      if (id !== null) db.prepare(`UPDATE order_lines SET ${s.col} = ? WHERE id = ?`).run(value, id);
      return;
    }
    case 'deleteLine': {
      const id = pickId(db, 'order_lines', s.pick);
      if (id !== null) db.prepare('DELETE FROM order_lines WHERE id = ?').run(id);
      return;
    }
    case 'deleteOrder': {
      const id = pickId(db, 'orders', s.pick);
      if (id !== null) db.prepare('DELETE FROM orders WHERE id = ?').run(id);
      return;
    }
    case 'moveOrder': {
      const id = pickId(db, 'orders', s.pick);
      if (id !== null) db.prepare('UPDATE orders SET ordered_at = ? WHERE id = ?').run(`${DAYS[s.day]}T08:00:00.000Z`, id);
      return;
    }
    case 'addLine': {
      const id = pickId(db, 'orders', s.pick);
      if (id !== null) {
        db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, discount) VALUES (?, (SELECT coalesce(max(line_no), 0) + 1 FROM order_lines WHERE order_id = ?), ?, ?, ?, ?)')
          .run(id, id, s.line.sku + 1, s.line.qty, s.line.price, s.line.discount);
      }
      return;
    }
    case 'moveLine': {
      const id = pickId(db, 'order_lines', s.pick);
      const to = pickId(db, 'orders', s.to);
      if (id !== null && to !== null) {
        db.prepare('UPDATE order_lines SET order_id = ?, line_no = (SELECT coalesce(max(line_no), 0) + 1 FROM order_lines WHERE order_id = ?) WHERE id = ?').run(to, to, id);
      }
      return;
    }
  }
}

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

describe('daily sales equal the sum of order lines', () => {
  it('after any mix of bulk imports (new, overlapping, re-imports, failed), line and order edits and deletes', async () => {
    await seedProducts(b, SKUS);
    const db = b.store.db;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        db.exec('DELETE FROM orders; DELETE FROM daily_sales');
        const files: File[] = [];
        for (const s of steps) {
          await apply(b, s, files);
          expect(mismatch(db), `after ${s.op}`).toBeUndefined();
          expect(db.prepare('SELECT count(*) AS n FROM daily_sales_bulk').get(), 'the bulk flag never outlives an import').toEqual({ n: 0 });
        }
      }),
      { numRuns: 40, seed: 20261201 },
    );
  }, 60_000);

  it('deleting an order takes its sales out of its day (the cascade alone left them in)', async () => {
    await seedProducts(b, SKUS);
    await b.imp({ kind: 'orders', path: b.file('o.csv', 'order_no,line_no,date,sku,quantity,unit_price\nO1,1,2024-03-05,AP-1,2,10\nO2,1,2024-03-05,AP-1,3,10\n') });
    b.store.db.prepare("DELETE FROM orders WHERE order_no = 'O1'").run();
    expect(b.store.db.prepare('SELECT units, revenue, order_count FROM daily_sales').all()).toEqual([{ units: 3, revenue: 30, order_count: 1 }]);
  });

  it("changing an order's date in SQL moves its sales to the new day", async () => {
    await seedProducts(b, SKUS);
    await b.imp({ kind: 'orders', path: b.file('o.csv', 'order_no,line_no,date,sku,quantity,unit_price\nO1,1,2024-03-05,AP-1,2,10\nO1,2,2024-03-05,AP-2,1,5\n') });
    b.store.db.prepare("UPDATE orders SET ordered_at = '2024-03-07T09:00:00.000Z'").run();
    expect(b.store.db.prepare('SELECT product_id, date, units FROM daily_sales WHERE units > 0 ORDER BY 1, 2').all()).toEqual([
      { product_id: 1, date: '2024-03-07', units: 2 },
      { product_id: 2, date: '2024-03-07', units: 1 },
    ]);
  });

  it('order lines replace an imported daily figure for their day, by bulk import and by a single insert alike', async () => {
    await seedProducts(b, SKUS);
    await b.imp({ kind: 'daily-sales', path: b.file('d.csv', 'sku,date,units,revenue\nAP-1,2024-03-05,99,990\nAP-2,2024-03-06,50,500\n') });
    await b.imp({ kind: 'orders', path: b.file('o.csv', 'order_no,line_no,date,sku,quantity,unit_price\nO1,1,2024-03-05,AP-1,2,10\n') });
    const db = b.store.db;
    const o1 = db.prepare("SELECT id FROM orders WHERE order_no = 'O1'").pluck().get() as number;
    db.prepare("INSERT INTO orders (order_no, ordered_at) VALUES ('O2', '2024-03-06T10:00:00Z')").run();
    db.prepare("INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES ((SELECT id FROM orders WHERE order_no = 'O2'), 1, 2, 4, 5)").run();
    expect(o1).toBeGreaterThan(0);
    expect(db.prepare('SELECT product_id, date, units, revenue, order_count, source FROM daily_sales ORDER BY 1, 2').all()).toEqual([
      { product_id: 1, date: '2024-03-05', units: 2, revenue: 20, order_count: 1, source: 'orders' },
      { product_id: 2, date: '2024-03-06', units: 4, revenue: 20, order_count: 1, source: 'orders' },
    ]);
  });
});
