/** Orders with their lines; daily_sales is recomputed set-based for the days the load touches (daily-sales-recompute.ts). */
import { storeCurrency, type NewRowsCurrency } from '../currency';
import { BEGIN_BULK, END_BULK, RECOMPUTE_TABLES, touchDays } from '../daily-sales-recompute';
import { STAGE, stageColumnsFor } from '../plan';
import { rebuildIndexes } from '../rebuild-step';
import type { Cell, ImportPlan, KindDef } from '../types';
import { ORDER_STATUS_ALIASES } from '../order-status';
import { field, skuRef } from './fields';

const HEADER = ['customer', 'channel', 'status', 'currency'] as const;

/** The orders import kind: one row per order line. */
export const ordersKind: KindDef = {
  name: 'orders',
  label: { en: 'Orders', zh: '订单' },
  fields: [
    field('order_no', 'text', 'Order number', '订单号', ['order no', 'order number', 'order id', 'order', 'order #', '订单号', '订单编号', '主订单号'], { required: true, identifier: true }),
    field('line_no', 'int', 'Line number', '行号', ['line', 'line no', 'line number', 'item no', '行号', '明细行号', '序号'], { min: 1 }),
    field('ordered_at', 'timestamp', 'Order date', '下单时间', ['date', 'order date', 'ordered at', 'created at', 'order time', 'time', '下单时间', '日期', '订单日期', '创建时间', '付款时间'], { required: true }),
    skuRef(),
    field('quantity', 'number', 'Quantity', '数量', ['quantity', 'qty', 'units', 'count', '数量', '件数', '购买数量'], { required: true, min: 0 }),
    field('unit_price', 'money', 'Unit price', '单价', ['unit price', 'price', 'item price', 'sale price', '单价', '价格', '售价', '成交价'], { required: true, min: 0 }),
    field('discount', 'money', 'Discount', '优惠', ['discount', 'discount amount', 'coupon', '优惠', '折扣金额', '优惠金额'], { default: 0 }),
    field('customer', 'text', 'Customer', '客户', ['customer', 'customer id', 'buyer', 'buyer id', 'member id', 'user id', '客户', '客户编号', '买家', '买家id', '会员id', '用户id'], { identifier: true }),
    field('channel', 'text', 'Channel', '渠道', ['channel', 'platform', 'marketplace', 'source', '渠道', '平台', '来源']),
    // Cancelled and unpaid orders, however the file spells them, are stored as such and count in no daily sales.
    field('status', 'text', 'Order status', '订单状态', ['status', 'order status', '订单状态', '状态', '交易状态'], { default: 'completed', aliases: ORDER_STATUS_ALIASES }),
    field('currency', 'text', 'Currency', '币种', ['currency', '币种', '货币'], { default: 'CNY' }),
  ],
  plan(mapped, now, db) {
    return ordersPlan(this, mapped, now, mapped.includes('currency') ? null : storeCurrency(db));
  },
};

function ordersPlan(kind: KindDef, mapped: readonly string[], now: string, fill: NewRowsCurrency | null): ImportPlan {
  // `first` marks the first line of each run of lines of one order: that line stages the order's header. `run`
  // numbers the runs 1, 2, ... in file order: when every run adds a new order (a first import), a line's order id is
  // computed from it instead of being looked up by order_no (one text-index lookup per line).
  const stageColumns = [...stageColumnsFor(kind, mapped), { name: 'first', sql: 'INTEGER' }, { name: 'run', sql: 'INTEGER' }];
  const orderIdx = stageColumns.findIndex((c) => c.name === 'order_no');
  const firstIdx = stageColumns.length - 2;
  const runIdx = stageColumns.length - 1;
  const header = HEADER.filter((h) => mapped.includes(h));
  const params: Record<string, Cell> = { now, runs: 0, ...(fill ? { currency: fill.currency } : {}) };
  // Without a currency column a new order is in the store's currency; an order already stored keeps its own.
  const insertOnly: [string, string][] = fill ? [['currency', '@currency']] : [];
  let lastOrder: Cell = null;
  let runs = 0;
  const onRow = (row: Cell[]): void => {
    const first = row[orderIdx] !== lastOrder;
    if (first) {
      lastOrder = row[orderIdx];
      params.runs = ++runs;
    }
    row[firstIdx] = first ? 1 : 0;
    row[runIdx] = runs;
  };
  const lines = mapped.includes('line_no')
    ? `${STAGE} s`
    : `(SELECT *, row_number() OVER (PARTITION BY order_no ORDER BY rowid) AS line_no FROM ${STAGE}) s`;
  const customerId = (alias: string): string => `(SELECT id FROM customers WHERE external_id = ${alias}.customer)`;
  const oCols = (alias: string): [string, string][] => [
    ['ordered_at', `${alias}.ordered_at`],
    ...header.map((h): [string, string] => (h === 'customer' ? ['customer_id', customerId(alias)] : [h, `${alias}.${h}`])),
  ];
  const lCols: [string, string][] = [['product_id', 's.sku'], ['quantity', 's.quantity'], ['unit_price', 's.unit_price'], ...(mapped.includes('discount') ? [['discount', 's.discount'] as [string, string]] : [])];
  const changed = [...oCols('s').map(([c, e]) => `o.${c} IS NOT ${e}`), ...lCols.map(([c, e]) => `l.${c} IS NOT ${e}`)].join(' OR ');
  return {
    stageColumns,
    extraTables: [...RECOMPUTE_TABLES, ORDER_BASE],
    hidden: ['first', 'run'],
    onRow,
    prepare: mapped.includes('customer')
      ? [`INSERT OR IGNORE INTO customers (external_id, created_at) SELECT DISTINCT customer, @now FROM ${STAGE} WHERE first = 1 AND customer IS NOT NULL`]
      : [],
    classify: `SELECT CASE WHEN l.id IS NULL THEN 'insert' WHEN ${changed} THEN 'update' ELSE 'unchanged' END AS action, s.*
      FROM ${lines} LEFT JOIN orders o ON o.order_no = s.order_no LEFT JOIN order_lines l ON l.order_id = o.id AND l.line_no = s.line_no`,
    merge: [
      // The daily_sales triggers stand aside for the load; the days it touches (old and new dates of every staged
      // order) are recomputed set-based at the end, in this same transaction.
      ...BEGIN_BULK,
      touchDays('o.ordered_at', `${STAGE} so JOIN orders o ON o.order_no = so.order_no WHERE so.first = 1`),
      `DROP TABLE IF EXISTS ${ORDER_BASE}`,
      `CREATE TABLE ${ORDER_BASE} AS SELECT coalesce(max(id), 0) AS base, 0 AS fresh FROM orders`,
      // Orders are written in run order, so when every run adds a new order (a first import), run k gets id base + k.
      `INSERT INTO orders (order_no, ${[...oCols('so'), ...insertOnly].map(([c]) => c).join(', ')}) SELECT so.order_no, ${[...oCols('so'), ...insertOnly].map(([, e]) => e).join(', ')}
        FROM ${STAGE} so WHERE so.first = 1 ORDER BY so.rowid
        ON CONFLICT (order_no) DO UPDATE SET ${oCols('so').map(([c]) => `${c} = excluded.${c}`).join(', ')}
        WHERE ${oCols('so').map(([c]) => `${c} IS NOT excluded.${c}`).join(' OR ')}`,
      FRESH_RUNS,
      `INSERT INTO order_lines (order_id, line_no, ${lCols.map(([c]) => c).join(', ')})
        SELECT CASE WHEN b.fresh THEN b.base + s.run ELSE (SELECT o.id FROM orders o WHERE o.order_no = s.order_no) END, s.line_no,
          ${lCols.map(([, e]) => e).join(', ')} FROM ${ORDER_BASE} b CROSS JOIN ${lines} WHERE true
        ON CONFLICT (order_id, line_no) DO UPDATE SET ${lCols.map(([c]) => `${c} = excluded.${c}`).join(', ')}
        WHERE ${lCols.map(([c]) => `${c} IS NOT excluded.${c}`).join(' OR ')}`,
      touchDays('ordered_at', `${STAGE} WHERE first = 1`),
      // The recompute finds each day's orders through orders_ordered_at.
      rebuildIndexes('orders'),
      ...END_BULK,
    ],
    targetTable: 'order_lines',
    alsoFills: ['daily_sales', 'orders'],
    params,
    ...(fill ? { newRowsCurrency: fill } : {}),
  };
}

/** TEMP table of one row: the largest order id before the load, and whether every run added a new order. */
const ORDER_BASE = 'temp.import_order_base';

/**
 * Run after the orders insert. Each run inserts at most one order, and new rowids are max + 1 in insert order; so if
 * the orders above the old maximum are exactly @runs, with ids up to base + @runs, every run inserted one and run k
 * holds id base + k. Otherwise (re-imports, an order split over runs) each line looks its order up by order_no.
 */
const FRESH_RUNS = `UPDATE ${ORDER_BASE} SET fresh = (SELECT count(*) FROM orders WHERE id > base) = @runs
  AND (SELECT coalesce(max(id), 0) FROM orders) = base + @runs`;
