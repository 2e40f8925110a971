/**
 * A first orders import (a store without orders) written straight into customers, orders and order_lines while the
 * file is read, with daily_sales summed on the way: no stage table, no second pass. It runs inside the caller's one
 * write transaction, so a failure or a crash still leaves nothing. It writes exactly what the staged path
 * (kinds/orders.ts) would; where the file needs that path's upserts (an order split over two places, a line number
 * repeated in an order) or SQLite refuses a row, it throws DirectLoadAbandoned and the caller rolls back and stages.
 */
import type Database from 'better-sqlite3';
import { BatchInsert } from './batch';
import { BEGIN_BULK, END_BULK } from './daily-sales-recompute';
import { DailySums } from './daily-sums';
import type { Cell } from './types';

/** Where the load writes its debug lines (the engine's logger, or a writing thread's message port). */
export type DebugLog = (fields: Record<string, unknown>, msg: string) => void;

/** The file needs the staged path; the caller rolls back and imports again through the stage. */
export class DirectLoadAbandoned extends Error {
  constructor(reason: string) {
    super(`direct load abandoned: ${reason}`);
    this.name = 'DirectLoadAbandoned';
  }
}

/** True when an orders import may load directly: the store has no orders yet. */
export function directOrdersEligible(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM orders LIMIT 1').get() === undefined && db.prepare('SELECT 1 FROM order_lines LIMIT 1').get() === undefined;
}

/** The order header columns the file may map, in the order the staged path writes them. */
const HEADER = ['customer', 'channel', 'status', 'currency'] as const;

/** Most customers remembered by external id; beyond it they are looked up in the store. */
const CUSTOMER_CACHE = 500_000;

/** Plain indexes of an empty table, with the SQL that made them (rebuilt by sorting once the rows are in). */
function plainIndexes(db: Database.Database, table: string): { name: string; sql: string }[] {
  const list = db.prepare(`SELECT name FROM pragma_index_list(?) WHERE "unique" = 0 AND origin = 'c'`).pluck().all(table) as string[];
  const sqlOf = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck();
  return list.map((name) => ({ name, sql: sqlOf.get(name) as string }));
}

/**
 * Loads stage rows (the layout of kinds/orders.ts: mapped fields, then `first` and `run`) into the final tables.
 * Construct inside the write transaction; add() each valid row in file order; finish() before committing.
 */
export class DirectOrdersLoad {
  private readonly idx: Record<string, number>;
  private readonly header: (typeof HEADER)[number][];
  private readonly orders: BatchInsert;
  private readonly lines: BatchInsert;
  private readonly orderRow: Cell[];
  private readonly lineRow: Cell[];
  private readonly customers = new Map<string, number>();
  private readonly insertCustomer: Database.Statement;
  private readonly findCustomer: Database.Statement;
  /** Batched inserts of new customers while the customers table started empty (and the cache holds them all). */
  private newCustomers: BatchInsert | null = null;
  private lastCustomerId = 0;
  private sums: DailySums;
  private readonly dropped: { name: string; sql: string }[] = [];
  private orderId = 0;
  private day = -1;
  private lineInRun = 0;
  private rebuildMs = 0;
  private readonly trigger: string | undefined;
  private readonly dailyEmpty: boolean;

  constructor(
    private readonly db: Database.Database,
    columns: readonly string[],
    private readonly now: string,
    private readonly debug: DebugLog,
  ) {
    this.idx = Object.fromEntries(columns.map((c, i) => [c, i]));
    this.header = HEADER.filter((h) => h in this.idx);
    for (const sql of BEGIN_BULK) db.exec(sql);
    // The per-line daily_sales trigger would only check the bulk flag a million times: it stands aside until finish().
    this.trigger = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'order_lines_ai'").pluck().get() as string | undefined;
    if (this.trigger) db.exec('DROP TRIGGER order_lines_ai');
    for (const t of ['orders', 'order_lines']) this.drop(t);
    this.dailyEmpty = db.prepare('SELECT 1 FROM daily_sales LIMIT 1').get() === undefined;
    if (this.dailyEmpty) this.drop('daily_sales');
    this.sums = new DailySums((db.prepare('SELECT coalesce(max(id), 0) FROM products').pluck().get() as number) ?? 0);
    this.orderId = (db.prepare('SELECT coalesce(max(id), 0) FROM orders').pluck().get() as number) ?? 0;
    const oCols = ['id', 'order_no', 'ordered_at', ...this.header.map((h) => (h === 'customer' ? 'customer_id' : h))];
    this.orders = new BatchInsert(db, `orders (${oCols.join(', ')})`, oCols.length);
    this.orderRow = new Array<Cell>(oCols.length).fill(null);
    const lCols = ['order_id', 'line_no', 'product_id', 'quantity', 'unit_price', ...('discount' in this.idx ? ['discount'] : [])];
    // Foreign keys are off for the load (runner.ts), so orders and lines are written in independent batches.
    this.lines = new BatchInsert(db, `order_lines (${lCols.join(', ')})`, lCols.length);
    this.lineRow = new Array<Cell>(lCols.length).fill(null);
    if (db.prepare('SELECT 1 FROM customers LIMIT 1').get() === undefined) {
      this.lastCustomerId = (db.prepare('SELECT coalesce(max(id), 0) FROM customers').pluck().get() as number) ?? 0;
      this.newCustomers = new BatchInsert(db, 'customers (id, external_id, created_at)', 3);
    }
    this.insertCustomer = db.prepare('INSERT OR IGNORE INTO customers (external_id, created_at) VALUES (?, ?)');
    this.findCustomer = db.prepare('SELECT id FROM customers WHERE external_id = ?').pluck();
  }

  private drop(table: string): void {
    for (const ix of plainIndexes(this.db, table)) {
      this.db.exec(`DROP INDEX main."${ix.name}"`);
      this.dropped.push(ix);
    }
  }

  private customerId(external: string): number {
    let id = this.customers.get(external);
    if (id !== undefined) return id;
    if (this.newCustomers) {
      // The table was empty: every customer not seen yet is new, and takes the next id as INSERT would give it.
      if (this.customers.size < CUSTOMER_CACHE) {
        id = ++this.lastCustomerId;
        this.newCustomers.add([id, external, this.now]);
        this.customers.set(external, id);
        return id;
      }
      this.newCustomers.flush();
      this.newCustomers = null;
    }
    const r = this.insertCustomer.run(external, this.now);
    id = r.changes === 1 ? Number(r.lastInsertRowid) : (this.findCustomer.get(external) as number);
    if (this.customers.size >= CUSTOMER_CACHE) this.customers.clear();
    this.customers.set(external, id);
    return id;
  }

  /** Writes one valid stage row; SQLite refusing it (a repeated order or line) abandons the direct load. */
  add(row: readonly Cell[]): void {
    try {
      this.write(row);
    } catch (e) {
      if (e instanceof Error && e.name === 'SqliteError') throw new DirectLoadAbandoned(e.message);
      throw e;
    }
  }

  private write(row: readonly Cell[]): void {
    const ix = this.idx;
    if (row[ix.first] === 1) {
      // The first line of a run of lines of one order carries the order's header, as in the staged path.
      const o = this.orderRow;
      o[0] = ++this.orderId;
      o[1] = row[ix.order_no];
      const at = row[ix.ordered_at] as string;
      o[2] = at;
      for (let k = 0; k < this.header.length; k++) {
        const h = this.header[k];
        const v = row[ix[h]];
        o[3 + k] = h === 'customer' && v !== null ? this.customerId(v as string) : v;
      }
      this.orders.add(o);
      this.day = this.sums.day(at.slice(0, 10));
      this.lineInRun = 0;
    }
    this.lineInRun++;
    const l = this.lineRow;
    l[0] = this.orderId;
    // Without a line number column, lines are numbered per order in file order (the staged path's row_number()).
    l[1] = ix.line_no === undefined ? this.lineInRun : row[ix.line_no];
    l[2] = row[ix.sku];
    l[3] = row[ix.quantity];
    l[4] = row[ix.unit_price];
    const discount = ix.discount === undefined ? 0 : (row[ix.discount] as number);
    if (ix.discount !== undefined) l[5] = discount;
    const q = l[3] as number;
    this.sums.add(l[2] as number, this.day, q, q * (l[4] as number) - discount);
    this.lines.add(l);
  }

  /** Flushes the rows, writes daily_sales for every day loaded and puts the indexes back. Call inside the transaction. */
  finish(): void {
    try {
      this.newCustomers?.flush();
      this.orders.flush();
      this.lines.flush();
    } catch (e) {
      if (e instanceof Error && e.name === 'SqliteError') throw new DirectLoadAbandoned(e.message);
      throw e;
    }
    const db = this.db;
    const t0 = performance.now();
    this.debug({ rssMb: Math.round(process.memoryUsage.rss() / 1e6), heapMb: Math.round(process.memoryUsage().heapUsed / 1e6), pairs: this.sums.size }, 'import direct: rows in');
    const days = db.prepare('INSERT OR IGNORE INTO temp.import_days (date) VALUES (?)');
    for (const d of this.sums.days) days.run(d);
    // Rows of those days that had lines before are zeroed first, as the staged path's recompute does.
    db.exec(END_BULK[0]);
    if (this.sums.complete) {
      // Into an empty table the pairs are new rows in key order; otherwise a pair replaces the figures of its row, as the recompute does.
      const upsert = `ON CONFLICT (product_id, date) DO UPDATE SET
        units = excluded.units, revenue = excluded.revenue, order_count = excluded.order_count, source = 'orders'`;
      const out = new BatchInsert(db, 'daily_sales (product_id, date, units, revenue, order_count, source)', 6, this.dailyEmpty ? '' : upsert);
      this.sums.forEachSorted((row) => out.add(row));
      out.flush();
      // The sums and the customer ids are done with: let their memory go before the index sorts take theirs.
      this.sums = new DailySums(0);
      this.customers.clear();
      this.rebuild();
    } else {
      // Too many (product, day) pairs to sum in memory: the staged path's set-based recompute, which reads through the indexes.
      this.rebuild();
      db.exec(END_BULK[1]);
    }
    if (this.trigger) db.exec(this.trigger);
    db.exec(END_BULK[2]);
    this.debug({ ms: Math.round(performance.now() - t0), rebuildMs: Math.round(this.rebuildMs), pairs: this.sums.size, inMemory: this.sums.complete }, 'import direct: daily sales and indexes');
  }

  private rebuild(): void {
    const t0 = performance.now();
    // The sorter of CREATE INDEX works in runs of the page cache's size: 2 MB runs sorted faster than 8 MB ones
    // (rebuilding order_lines_product and orders_customer of the 1M-line bench in the sqlite3 CLI: 0.94-1.07 s of CPU
    // against 1.41-1.54 s, three rounds each) and hold 6 MB less; the runner puts the import's cache size back after.
    if (this.dropped.length) this.db.pragma('main.cache_size = -2048');
    for (const ix of this.dropped.splice(0)) {
      const t1 = performance.now();
      this.db.exec(ix.sql);
      this.debug({ ms: Math.round(performance.now() - t1), index: ix.name, rssMb: Math.round(process.memoryUsage.rss() / 1e6) }, 'import direct: index rebuilt');
    }
    this.rebuildMs += performance.now() - t0;
  }
}
