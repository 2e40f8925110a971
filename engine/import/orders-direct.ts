/**
 * A first orders import (a store without orders) written straight into customers, orders and order_lines while the
 * file is read, with daily_sales summed on the way: no stage table, no second pass. It runs inside the caller's one
 * write transaction, so a failure or a crash still leaves nothing. It writes exactly what the staged path
 * (kinds/orders.ts) would; where the file needs that path's upserts (an order split over two places, a line number
 * repeated in an order) or SQLite refuses a row, it throws DirectLoadAbandoned and the caller rolls back and stages.
 * The rows arrive planned (orders-plan.ts); this file only runs SQLite.
 */
import type Database from 'better-sqlite3';
import { BatchInsert } from './batch';
import { BEGIN_BULK, END_BULK } from './daily-sales-recompute';
import type { DailySums } from './daily-sums';
import { directLimits, type PlannedSink, type PlanShape } from './orders-plan';
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

/** Plain indexes of an empty table, with the SQL that made them (rebuilt by sorting once the rows are in). */
function plainIndexes(db: Database.Database, table: string): { name: string; sql: string }[] {
  const list = db.prepare(`SELECT name FROM pragma_index_list(?) WHERE "unique" = 0 AND origin = 'c'`).pluck().all(table) as string[];
  const sqlOf = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck();
  return list.map((name) => ({ name, sql: sqlOf.get(name) as string }));
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
