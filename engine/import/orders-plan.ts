/**
 * The part of a first orders load that needs no SQLite (orders-direct.ts writes what it plans): order ids, customer
 * ids, line numbers and the daily sums, from the stage rows in file order. With the writing thread it runs on the
 * reading thread (pipe/client.ts), so the writer only runs SQLite.
 */
import type Database from 'better-sqlite3';
import { storeCurrency } from './currency';
import { DailySums } from './daily-sums';
import { isVoidStatus } from './order-status';
import type { Cell } from './types';

/** The order header columns the file may map, in the order the staged path writes them. */
const HEADER = ['customer', 'channel', 'status', 'currency'] as const;

/** Most customers remembered by external id; beyond it they are looked up in the store. Tests lower it. */
export const directLimits = { customers: 500_000 };

/** What the plan starts from, read from the store once its write lock is held (by this connection or the writer's). */
export interface PlanStart {
  /** The largest product id (sizes the daily sums' table). */
  maxProduct: number;
  /** The largest customer id, and whether the customers table is empty (then new customers take the next ids). */
  lastCustomerId: number;
  customersEmpty: boolean;
  /** The currency of new orders when the file has no currency column (storeCurrency). */
  currency: string;
}

/** Reads what a plan starts from. */
export function planStart(db: Database.Database): PlanStart {
  return {
    maxProduct: (db.prepare('SELECT coalesce(max(id), 0) FROM products').pluck().get() as number) ?? 0,
    lastCustomerId: (db.prepare('SELECT coalesce(max(id), 0) FROM customers').pluck().get() as number) ?? 0,
    customersEmpty: db.prepare('SELECT 1 FROM customers LIMIT 1').get() === undefined,
    currency: storeCurrency(db).currency,
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
  private isVoid = false;

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
    // Without a currency column every order is in the store's currency (as on the staged path), after the header.
    const fill = 'currency' in this.idx ? [] : ['currency'];
    const orderColumns = ['id', 'order_no', 'ordered_at', ...this.header.map((h) => (h === 'customer' ? 'customer_id' : h)), ...fill];
    const lineColumns = ['order_id', 'line_no', 'product_id', 'quantity', 'unit_price', ...('discount' in this.idx ? ['discount'] : [])];
    this.shape = { orderColumns, lineColumns };
    this.orderRow = new Array<Cell>(orderColumns.length).fill(null);
    if (fill.length) this.orderRow[orderColumns.length - 1] = start.currency;
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
      this.isVoid = ix.status !== undefined && isVoidStatus(row[ix.status]);
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
    // A cancelled or unpaid order's lines are stored but are no sales.
    if (!this.isVoid) this.sums.add(l[2] as number, this.day, q, q * (l[4] as number) - discount);
    sink.line(l, 0);
  }
}
