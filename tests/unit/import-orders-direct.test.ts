import { availableParallelism } from 'node:os';
import Database from 'better-sqlite3';
import { openStore } from '../../engine/db/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../models/rng';
import { dailySumsLimits } from '../../engine/import/daily-sums';
import { pipeLimits, pipeWanted } from '../../engine/import/direct-target';
import { directLimits } from '../../engine/import/orders-plan';
import { runImport, type ImportResult } from '../../engine/import/runner';
import { bench, rejection, seedProducts, type Bench } from './import-helpers';

const SKUS = ['AP-1', 'AP-2', 'AP-3', 'AP-4', 'AP-5', 'AP-6'];
const open: Bench[] = [];
afterEach(() => open.splice(0).forEach((b) => b.cleanup()));

/** A store with the products, and optionally a customer and a daily-sales import row already there. */
async function store(withHistory: boolean): Promise<Bench> {
  const b = bench();
  open.push(b);
  await seedProducts(b, SKUS);
  if (withHistory) {
    b.store.db.prepare("INSERT INTO customers (external_id, name, created_at) VALUES ('c7', 'Known', '2024-01-01')").run();
    await b.imp({ kind: 'daily-sales', path: b.file('d.csv', 'sku,date,units,revenue\nAP-2,2024-03-02,99,990\nAP-3,2023-01-01,5,50\n') });
  }
  return b;
}

/** A seeded orders file: runs of 1-4 lines, times of day, blank customers, discounts, channels, cents that do not add up exactly in binary. */
function ordersCsv(orders: number, opts: { lineNo?: boolean; bad?: boolean } = {}): string {
  const rand = mulberry32(7);
  const lineNo = opts.lineNo ?? true;
  let s = `order_no,${lineNo ? 'line_no,' : ''}date,sku,quantity,unit_price,discount,customer,channel,status\n`;
  for (let o = 1; o <= orders; o++) {
    const day = 1 + Math.floor((o / orders) * 27);
    const at = `2024-03-${String(day).padStart(2, '0')} ${String(Math.floor(rand() * 24)).padStart(2, '0')}:15`;
    const customer = rand() < 0.15 ? '' : `c${1 + Math.floor(rand() * 40)}`;
    const channel = rand() < 0.5 ? 'web' : 'shop';
    const n = 1 + Math.floor(rand() * 4);
    for (let l = 1; l <= n; l++) {
      const sku = SKUS[Math.floor(rand() * SKUS.length)];
      const qty = 1 + Math.floor(rand() * 3);
      const price = (0.1 + rand() * 99).toFixed(2);
      const discount = rand() < 0.2 ? (rand() * 3).toFixed(2) : '';
      // Later lines may leave the header cells blank or differ: the order keeps its first line's.
      s += `N${o},${lineNo ? `${l},` : ''}${at},${sku},${qty},${price},${discount},${l === 1 ? customer : ''},${channel},${l === 1 ? 'completed' : 'refunded'}\n`;
    }
    if (opts.bad && o % 97 === 0) s += `N${o}x,${lineNo ? '1,' : ''}${at},NOPE,1,1,,c1,web,completed\nN${o}y,${lineNo ? '1,' : ''}${at},AP-1,lots,1,,c1,web,completed\n`;
  }
  return s;
}

/** Every table an orders import writes, ids included (customers without their created_at clock). */
function tables(b: Bench): Record<string, unknown[]> {
  const db = b.store.db;
  return {
    customers: db.prepare('SELECT id, external_id, name FROM customers ORDER BY id').all(),
    orders: db.prepare('SELECT * FROM orders ORDER BY id').all(),
    order_lines: db.prepare('SELECT * FROM order_lines ORDER BY id').all(),
    daily_sales: db.prepare('SELECT * FROM daily_sales ORDER BY product_id, date').all(),
    schema: db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name IN ('orders', 'order_lines', 'daily_sales', 'customers') ORDER BY type, name").all(),
  };
}

/** Imports `csv` into a fresh store each way: direct (a first load) and through the stage; both results and stores. */
async function both(csv: string, params: Record<string, unknown> = {}, withHistory = false): Promise<{ direct: Bench; staged: Bench; d: ImportResult; s: ImportResult }> {
  const direct = await store(withHistory);
  const staged = await store(withHistory);
  const d = await direct.imp({ kind: 'orders', path: direct.file('orders.csv', csv), ...params });
  const s = await runStaged(staged, csv, params);
  return { direct, staged, d, s };
}

function runStaged(b: Bench, csv: string, params: Record<string, unknown>): Promise<ImportResult> {
  return runImport(b.store.db, { kind: 'orders', path: b.file('orders.csv', csv), ...params }, { lang: 'en', writeMode: 'staged' });
}

const defaultPipe = pipeLimits.minBytes;

it('by default a large first orders import (tens of MB) is written by a second thread and a small one on the job thread', async () => {
  const b = await store(false);
  expect(pipeWanted(b.store.db, 2 << 20)).toBe(false);
  expect(pipeWanted(b.store.db, 48 << 20)).toBe(availableParallelism() >= 2);
});

// Each case runs twice: written on the job's thread, and (any file size) through the writing thread of direct-target.ts.
describe.each([
  { threads: 'one thread', minBytes: Number.MAX_SAFE_INTEGER },
  { threads: 'a writing thread', minBytes: 0 },
])('orders import into a store without orders: written straight into the tables ($threads)', ({ minBytes }) => {
  beforeEach(() => {
    pipeLimits.minBytes = minBytes;
  });
  afterEach(() => {
    pipeLimits.minBytes = defaultPipe;
  });

  it('takes the path it is meant to', async () => {
    const b = await store(false);
    expect(pipeWanted(b.store.db, 1000)).toBe(minBytes === 0);
  });

  it('gives the same customers, orders, lines, daily sales, rejects and report as the staged path, ids included', async () => {
    const csv = ordersCsv(1500, { bad: true });
    for (const withHistory of [false, true]) {
      const { direct, staged, d, s } = await both(csv, { skipInvalid: true }, withHistory);
      expect(d.writeMode).toBe('direct');
      expect(s.writeMode).toBe('staged');
      expect(d.inserted).toBeGreaterThan(3000);
      expect([d.inserted, d.updated, d.unchanged, d.rowsTotal, d.rejected]).toEqual([s.inserted, s.updated, s.unchanged, s.rowsTotal, s.rejected]);
      expect(d.rejected).toBe(30);
      expect(d.rejects.map((r) => [r.row, r.column, r.reason])).toEqual(s.rejects.map((r) => [r.row, r.column, r.reason]));
      expect(d.sample).toEqual(s.sample);
      expect(tables(direct)).toEqual(tables(staged));
      const db = direct.store.db;
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The connection gets its foreign keys back, and the bulk flag is gone, so the triggers work again.
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      db.prepare('DELETE FROM order_lines WHERE id = 1').run();
      const off = db.prepare(`SELECT count(*) AS n FROM (SELECT l.product_id, substr(o.ordered_at, 1, 10) AS d, sum(l.quantity) AS q
        FROM order_lines l JOIN orders o ON o.id = l.order_id GROUP BY 1, 2) x JOIN daily_sales s ON s.product_id = x.product_id AND s.date = x.d
        WHERE s.units <> x.q`).get() as { n: number };
      expect(off.n).toBe(0);
    }
  });

  it('with more (product, day) pairs or product ids than it keeps in memory, still stores the daily sales of the staged path', async () => {
    const csv = ordersCsv(600);
    const saved = { ...dailySumsLimits };
    try {
      for (const limits of [{ pairs: 40, denseBytes: saved.denseBytes }, { pairs: saved.pairs, denseBytes: 64 }]) {
        Object.assign(dailySumsLimits, limits);
        const { direct, staged, d } = await both(csv, {}, true);
        expect(d.writeMode).toBe('direct');
        expect(tables(direct)).toEqual(tables(staged));
      }
    } finally {
      Object.assign(dailySumsLimits, saved);
    }
  });

  it('with more customers than it numbers in memory, gives the customers and ids of the staged path, into an empty or a known customer list', async () => {
    const saved = directLimits.customers;
    try {
      directLimits.customers = 5;
      for (const withHistory of [false, true]) {
        const { direct, staged, d } = await both(ordersCsv(400), {}, withHistory);
        expect(d.writeMode).toBe('direct');
        expect(direct.store.db.prepare('SELECT count(*) FROM customers').pluck().get()).toBeGreaterThan(20);
        expect(tables(direct)).toEqual(tables(staged));
      }
    } finally {
      directLimits.customers = saved;
    }
  });

  it('numbers lines per order in file order when the file has no line numbers, as the staged path does', async () => {
    const { direct, staged, d } = await both(ordersCsv(300, { lineNo: false }));
    expect(d.writeMode).toBe('direct');
    const byKey = (b: Bench): unknown[] =>
      b.store.db.prepare('SELECT o.*, l.line_no, l.product_id, l.quantity, l.unit_price, l.discount FROM order_lines l JOIN orders o ON o.id = l.order_id ORDER BY o.order_no, l.line_no').all();
    expect(byKey(direct)).toEqual(byKey(staged));
    expect(tables(direct).daily_sales).toEqual(tables(staged).daily_sales);
  });

  it('an order split over two places in the file, or a line number repeated, goes through the staged path with its result', async () => {
    const head = 'order_no,line_no,date,sku,quantity,unit_price,customer\n';
    for (const csv of [
      head + 'S1,1,2024-03-05,AP-1,1,100,c1\nS2,1,2024-03-06,AP-2,2,50,c2\nS1,2,2024-03-05,AP-3,3,10,c1\n',
      head + 'S1,1,2024-03-05,AP-1,1,100,c1\nS1,1,2024-03-05,AP-2,4,50,c1\nS2,1,2024-03-06,AP-3,3,10,c2\n',
    ]) {
      const { direct, staged, d, s } = await both(csv);
      expect(d.writeMode).toBe('staged');
      expect([d.inserted, d.updated]).toEqual([s.inserted, s.updated]);
      expect(tables(direct)).toEqual(tables(staged));
      expect(direct.store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    }
  });

  it('one bad row without skip-invalid fails the import and leaves the store as it was, indexes and triggers included', async () => {
    const b = await store(true);
    const before = tables(b);
    const err = await rejection(b.imp({ kind: 'orders', path: b.file('bad.csv', ordersCsv(400, { bad: true })) }));
    expect(err.code).toBe('validation_failed');
    expect(err.message).toContain('row ');
    expect(tables(b)).toEqual(before);
    const run = b.store.db.prepare('SELECT status, rejected FROM import_runs ORDER BY id DESC LIMIT 1').get();
    expect(run).toEqual({ status: 'failed', rejected: 8 });
    expect(b.store.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('a broken row deep in a long file (the writer already holds thousands of lines) fails with file, row and column, writes nothing and frees the store', async () => {
    const b = await store(true);
    const before = tables(b);
    const lines = ordersCsv(6000).split('\n');
    // Far past the rows the reader can send ahead of the writer (SLOTS x BATCH_ROWS in pipe/ring.ts).
    const at = 12_000;
    lines.splice(at - 1, 0, 'B1,1,2024-03-09 10:00,AP-1,1,"2.50,,c1,web,completed');
    const err = await rejection(b.imp({ kind: 'orders', path: b.file('long.csv', lines.join('\n')) }));
    expect(err.code).toBe('user_error');
    expect(err.message).toContain(`long.csv row ${at}, column unit_price`);
    expect(tables(b)).toEqual(before);
    expect(b.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The lock is free and nothing is left half-done: the next import is a first load again and succeeds.
    const ok = await b.imp({ kind: 'orders', path: b.file('ok.csv', ordersCsv(3000)) });
    expect(ok.writeMode).toBe('direct');
    expect(b.count('order_lines')).toBe(ok.inserted);
  });

  it('an order repeated far apart (SQLite refuses it while the writer is mid-file) is imported through the staged path with its result', async () => {
    const lines = ordersCsv(6000).split('\n');
    const again = (lines.find((l) => l.startsWith('N5,')) as string).replace(/^N5,\d+,/, 'N5,9,');
    // At line 3,000 of ~15,000: the writer meets it while the reader is still thousands of lines ahead.
    lines.splice(3000, 0, again);
    const { direct, staged, d, s } = await both(lines.join('\n'));
    expect(d.writeMode).toBe('staged');
    expect([d.inserted, d.updated, d.rowsTotal]).toEqual([s.inserted, s.updated, s.rowsTotal]);
    expect(tables(direct)).toEqual(tables(staged));
  });

  it('is complete and durable when it reports success: a new connection sees every line at once, and the store file holds them all after close', async () => {
    // With the writing thread the job no longer waits for the WAL to be copied into the store file (the writer commits
    // with a synced WAL, then checkpoints beside the job): what the job reports must already be there for any reader.
    const b = await store(false);
    const r = await runImport(b.store.db, { kind: 'orders', path: b.file('o.csv', ordersCsv(3000)) }, { lang: 'en' });
    const lines = b.store.db.prepare('SELECT count(*) FROM order_lines').pluck().get() as number;
    expect(lines).toBe(r.inserted);
    const path = b.store.db.name;
    const other = new Database(path, { readonly: true });
    expect(other.prepare('SELECT count(*) FROM order_lines').pluck().get()).toBe(lines);
    expect(other.prepare('SELECT sum(units) FROM daily_sales').pluck().get()).toBe(b.store.db.prepare('SELECT sum(quantity) FROM order_lines').pluck().get());
    other.close();
    b.store.close();
    // Closed: the WAL is folded into the store file; a fresh open in rollback mode (no WAL) reads every line.
    const plain = new Database(path);
    expect(plain.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(plain.prepare('SELECT count(*) FROM order_lines').pluck().get()).toBe(lines);
    plain.close();
    b.store = openStore(path);
  });

  it("leaves the connection's WAL settings as they were, after a good import and after a failed one", async () => {
    // With the writing thread the job's own commits sync the WAL and skip the checkpoint until the run is recorded.
    const b = await store(false);
    const db = b.store.db;
    const settings = (): unknown[] => [db.pragma('synchronous', { simple: true }), db.pragma('wal_autocheckpoint', { simple: true })];
    const before = settings();
    const bad = ordersCsv(300).replace('N7,1,', 'N7,x,');
    await expect(runImport(db, { kind: 'orders', path: b.file('bad.csv', bad) }, { lang: 'en' })).rejects.toThrow(/bad\.csv/);
    expect(settings()).toEqual(before);
    const r = await runImport(db, { kind: 'orders', path: b.file('o.csv', ordersCsv(300)) }, { lang: 'en' });
    expect(settings()).toEqual(before);
    // The run is recorded as succeeded for any other reader as soon as the import returns.
    const other = new Database(db.name, { readonly: true });
    expect(other.prepare('SELECT status, inserted FROM import_runs WHERE id = ?').get(r.runId)).toEqual({ status: 'succeeded', inserted: r.inserted });
    other.close();
  });

  it('a cancelled direct import leaves nothing written', async () => {
    const b = await store(false);
    const before = tables(b);
    let calls = 0;
    const err = await rejection(
      runImport(b.store.db, { kind: 'orders', path: b.file('o.csv', ordersCsv(2000)) }, {
        lang: 'en',
        checkCancelled: () => {
          if (++calls > 2) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
        },
      }),
    );
    expect(err.message).toBe('cancelled');
    expect(tables(b)).toEqual(before);
    expect(b.count('import_runs')).toBe(2);
  });
});
