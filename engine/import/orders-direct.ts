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

/** SQLite refusing a row (a repeated order or line) abandons the direct load, and the caller stages instead. */
function abandonOnRefusal(e: unknown): never {
  if (e instanceof Error && e.name === 'SqliteError') throw new DirectLoadAbandoned(e.message);
  throw e;
}

/** True when an orders import may load directly: the store has no orders yet. */
export function directOrdersEligible(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM orders LIMIT 1').get() === undefined && db.prepare('SELECT 1 FROM order_lines LIMIT 1').get() === undefined;
}

/** The order header columns the file may map, in the order the staged path writes them. */
const HEADER = ['customer', 'channel', 'status', 'currency'] as const;

/** Most customers remembered by external id; beyond it they are looked up in the store. Tests lower it. */
export const directLimits = { customers: 500_000 };

/** Plain indexes of an empty table, with the SQL that made them (rebuilt by sorting once the rows are in). */
function plainIndexes(db: Database.Database, table: string): { name: string; sql: string }[] {
  const list = db.prepare(`SELECT name FROM pragma_index_list(?) WHERE "unique" = 0 AND origin = 'c'`).pluck().all(table) as string[];
  const sqlOf = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck();
  return list.map((name) => ({ name, sql: sqlOf.get(name) as string }));
}

/** What the plan starts from, read from the store once its write lock is held (by this connection or the writer's). */
export interface PlanStart {
  /** The largest product id (sizes the daily sums' table). */
  maxProduct: number;
  /** The largest customer id, and whether the customers table is empty (then new customers take the next ids). */
  lastCustomerId: number;
  customersEmpty: boolean;
}

/** Reads what a plan starts from. */
export function planStart(db: Database.Database): PlanStart {
  return {
    maxProduct: (db.prepare('SELECT coalesce(max(id), 0) FROM products').pluck().get() as number) ?? 0,
    lastCustomerId: (db.prepare('SELECT coalesce(max(id), 0) FROM customers').pluck().get() as number) ?? 0,
    customersEmpty: db.prepare('SELECT 1 FROM customers LIMIT 1').get() === undefined,
  };
}

/** The rows a plan makes, each read from `row` at index `from`: customers (id, external_id, created_at), orders and lines. */
export interface PlannedSink {
  customer(row: readonly Cell[], from: number): void;
  order(row: readonly Cell[], from: number): void;
  line(row: readonly Cell[], from: number): void;
}

/** The columns of the order and line rows a plan makes. */
export interface PlanShape {
  orderColumns: string[];
  lineColumns: string[];
}

/**
 * The part of a first orders load that needs no SQLite: order ids (the table is empty, so 1, 2, ...), customer ids
 * (while the customers table was empty and the ids fit in memory: the next ids, as INSERT would give them; after that
 * the order row carries the external id and the load looks it up), line numbers and the daily sums. It runs on the
 * thread that reads the file, so a writing thread only runs SQLite.
 */
export class OrdersPlanner {
  readonly shape: PlanShape;
  readonly sums: DailySums;
  private readonly idx: Record<string, number>;
  private readonly header: (typeof HEADER)[number][];
  private readonly orderRow: Cell[];
  private readonly lineRow: Cell[];
  private readonly customerRow: Cell[];
  private readonly customers = new Map<string, number>();
  private assignCustomers: boolean;
  private lastCustomerId: number;
  private orderId = 0;
  private day = -1;
  private lineInRun = 0;

  constructor(
    columns: readonly string[],
    private readonly now: string,
    start: PlanStart,
  ) {
    this.idx = Object.fromEntries(columns.map((c, i) => [c, i]));
    this.header = HEADER.filter((h) => h in this.idx);
    this.sums = new DailySums(start.maxProduct);
    this.assignCustomers = start.customersEmpty;
    this.lastCustomerId = start.lastCustomerId;
    const orderColumns = ['id', 'order_no', 'ordered_at', ...this.header.map((h) => (h === 'customer' ? 'customer_id' : h))];
    const lineColumns = ['order_id', 'line_no', 'product_id', 'quantity', 'unit_price', ...('discount' in this.idx ? ['discount'] : [])];
    this.shape = { orderColumns, lineColumns };
    this.orderRow = new Array<Cell>(orderColumns.length).fill(null);
    this.lineRow = new Array<Cell>(lineColumns.length).fill(null);
    this.customerRow = [0, '', now];
  }

  /** The id of a customer, or (once ids are no longer assigned here) its external id for the load to look up. */
  private customer(external: string, sink: PlannedSink): Cell {
    if (!this.assignCustomers) return external;
    let id = this.customers.get(external);
    if (id !== undefined) return id;
    if (this.customers.size >= directLimits.customers) {
      // Too many to remember: from here on the store looks them up (the rows sent so far are written before).
      this.assignCustomers = false;
      this.customers.clear();
      return external;
    }
    id = ++this.lastCustomerId;
    this.customers.set(external, id);
    const c = this.customerRow;
    c[0] = id;
    c[1] = external;
    c[2] = this.now;
    sink.customer(c, 0);
    return id;
  }

  /** Plans one valid stage row (the layout of kinds/orders.ts, in file order) into `sink`. */
  plan(row: readonly Cell[], sink: PlannedSink): void {
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
        o[3 + k] = h === 'customer' && v !== null ? this.customer(v as string, sink) : v;
      }
      sink.order(o, 0);
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
    sink.line(l, 0);
  }
}

/**
 * Writes planned rows into the final tables (SQLite only). Construct inside the write transaction; feed it the rows of
 * an OrdersPlanner; then beginSums(), sum() per (product, day) in key order, and endSums() before committing.
 */
export class DirectOrdersLoad implements PlannedSink {
  private readonly orders: BatchInsert;
  private readonly lines: BatchInsert;
  private readonly orderRow: Cell[];
  private readonly customerAt: number;
  private readonly customers = new Map<string, number>();
  private readonly insertCustomer: Database.Statement;
  private readonly findCustomer: Database.Statement;
  private newCustomers: BatchInsert | null;
  private daily: BatchInsert | null = null;
  private sumsComplete = true;
  private pairs = 0;
  private readonly dropped: { name: string; sql: string }[] = [];
  private rebuildMs = 0;
  private finishStarted = 0;
  private readonly trigger: string | undefined;
  private readonly dailyEmpty: boolean;

  constructor(
    private readonly db: Database.Database,
    shape: PlanShape,
    private readonly now: string,
    private readonly debug: DebugLog,
  ) {
    for (const sql of BEGIN_BULK) db.exec(sql);
    // The per-line daily_sales trigger would only check the bulk flag a million times: it stands aside until finish.
    this.trigger = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'order_lines_ai'").pluck().get() as string | undefined;
    if (this.trigger) db.exec('DROP TRIGGER order_lines_ai');
    for (const t of ['orders', 'order_lines']) this.drop(t);
    this.dailyEmpty = db.prepare('SELECT 1 FROM daily_sales LIMIT 1').get() === undefined;
    if (this.dailyEmpty) this.drop('daily_sales');
    const { orderColumns, lineColumns } = shape;
    this.orders = new BatchInsert(db, `orders (${orderColumns.join(', ')})`, orderColumns.length);
    this.orderRow = new Array<Cell>(orderColumns.length).fill(null);
    this.customerAt = orderColumns.indexOf('customer_id');
    // Foreign keys are off for the load (runner.ts), so orders and lines are written in independent batches.
    this.lines = new BatchInsert(db, `order_lines (${lineColumns.join(', ')})`, lineColumns.length);
    this.newCustomers = new BatchInsert(db, 'customers (id, external_id, created_at)', 3);
    this.insertCustomer = db.prepare('INSERT OR IGNORE INTO customers (external_id, created_at) VALUES (?, ?)');
    this.findCustomer = db.prepare('SELECT id FROM customers WHERE external_id = ?').pluck();
  }

  private drop(table: string): void {
    for (const ix of plainIndexes(this.db, table)) {
      this.db.exec(`DROP INDEX main."${ix.name}"`);
      this.dropped.push(ix);
    }
  }

  customer(row: readonly Cell[], from: number): void {
    try {
      (this.newCustomers as BatchInsert).add(row, from);
    } catch (e) {
      abandonOnRefusal(e);
    }
  }

  /** The id of a customer the plan did not number: inserted unless the store has it, as the staged path does. */
  private lookUp(external: string): number {
    if (this.newCustomers) {
      // The planned customers go in first, so a lookup finds them.
      this.newCustomers.flush();
      this.newCustomers = null;
    }
    let id = this.customers.get(external);
    if (id !== undefined) return id;
    const r = this.insertCustomer.run(external, this.now);
    id = r.changes === 1 ? Number(r.lastInsertRowid) : (this.findCustomer.get(external) as number);
    if (this.customers.size >= directLimits.customers) this.customers.clear();
    this.customers.set(external, id);
    return id;
  }

  order(row: readonly Cell[], from: number): void {
    const o = this.orderRow;
    for (let k = 0; k < o.length; k++) o[k] = row[from + k];
    try {
      const c = this.customerAt >= 0 ? o[this.customerAt] : null;
      if (typeof c === 'string') o[this.customerAt] = this.lookUp(c);
      this.orders.add(o);
    } catch (e) {
      abandonOnRefusal(e);
    }
  }

  line(row: readonly Cell[], from: number): void {
    try {
      this.lines.add(row, from);
    } catch (e) {
      abandonOnRefusal(e);
    }
  }

  /** After the last line: flushes the rows and readies daily_sales for the days loaded (`complete`: the sums follow). */
  beginSums(days: readonly string[], complete: boolean): void {
    try {
      this.newCustomers?.flush();
      this.orders.flush();
      this.lines.flush();
    } catch (e) {
      abandonOnRefusal(e);
    }
    const db = this.db;
    this.finishStarted = performance.now();
    this.debug({ rssMb: Math.round(process.memoryUsage.rss() / 1e6), heapMb: Math.round(process.memoryUsage().heapUsed / 1e6) }, 'import direct: rows in');
    const ins = db.prepare('INSERT OR IGNORE INTO temp.import_days (date) VALUES (?)');
    for (const d of days) ins.run(d);
    // Rows of those days that had lines before are zeroed first, as the staged path's recompute does.
    db.exec(END_BULK[0]);
    this.sumsComplete = complete;
    if (!complete) return;
    // Into an empty table the pairs are new rows in key order; otherwise a pair replaces the figures of its row, as the recompute does.
    const upsert = `ON CONFLICT (product_id, date) DO UPDATE SET
      units = excluded.units, revenue = excluded.revenue, order_count = excluded.order_count, source = 'orders'`;
    this.daily = new BatchInsert(db, 'daily_sales (product_id, date, units, revenue, order_count, source)', 6, this.dailyEmpty ? '' : upsert);
  }

  /** One (product, day) pair: [product_id, date, units, revenue, order_count, 'orders'] from `from`, in key order. */
  sum(row: readonly Cell[], from: number): void {
    (this.daily as BatchInsert).add(row, from);
    this.pairs++;
  }

  /** Writes the last pairs, puts the indexes and the trigger back. Call inside the transaction. */
  endSums(): void {
    const db = this.db;
    if (this.sumsComplete) {
      this.daily?.flush();
      this.customers.clear();
      this.rebuild();
    } else {
      // Too many (product, day) pairs to sum in memory: the staged path's set-based recompute, which reads through the indexes.
      this.rebuild();
      db.exec(END_BULK[1]);
    }
    if (this.trigger) db.exec(this.trigger);
    db.exec(END_BULK[2]);
    this.debug({ ms: Math.round(performance.now() - this.finishStarted), rebuildMs: Math.round(this.rebuildMs), pairs: this.pairs, inMemory: this.sumsComplete }, 'import direct: daily sales and indexes');
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

/**
 * Hands `load` the plan's daily sums (beginSums, then each pair in key order); the caller then drops the plan, so the
 * sums and the customer ids are freed before endSums() sorts the indexes.
 */
export function feedSums(load: DirectOrdersLoad, sums: DailySums): void {
  load.beginSums(sums.days, sums.complete);
  if (sums.complete) sums.forEachSorted((row) => load.sum(row, 0));
}
