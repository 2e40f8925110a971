/** Orders with their lines; daily_sales follows from the order_lines triggers, never written here. */
import type Database from 'better-sqlite3';
import { STAGE, stageColumnsFor } from '../plan';
import type { Cell, ImportPlan, KindDef } from '../types';
import { field, skuRef } from './fields';

const ORDERS = 'temp.import_orders';
const HEADER = ['customer', 'channel', 'status', 'currency'] as const;

/** The orders import kind: one row per order line. */
export const ordersKind: KindDef = {
  name: 'orders',
  label: { en: 'Orders', zh: '订单' },
  fields: [
    field('order_no', 'text', 'Order number', '订单号', ['order no', 'order number', 'order id', 'order', 'order #', '订单号', '订单编号', '主订单号'], { required: true }),
    field('line_no', 'int', 'Line number', '行号', ['line', 'line no', 'line number', 'item no', '行号', '明细行号', '序号'], { min: 1 }),
    field('ordered_at', 'timestamp', 'Order date', '下单时间', ['date', 'order date', 'ordered at', 'created at', 'order time', 'time', '下单时间', '日期', '订单日期', '创建时间', '付款时间'], { required: true }),
    skuRef(),
    field('quantity', 'number', 'Quantity', '数量', ['quantity', 'qty', 'units', 'count', '数量', '件数', '购买数量'], { required: true, min: 0 }),
    field('unit_price', 'money', 'Unit price', '单价', ['unit price', 'price', 'item price', 'sale price', '单价', '价格', '售价', '成交价'], { required: true, min: 0 }),
    field('discount', 'money', 'Discount', '优惠', ['discount', 'discount amount', 'coupon', '优惠', '折扣金额', '优惠金额'], { default: 0 }),
    field('customer', 'text', 'Customer', '客户', ['customer', 'customer id', 'buyer', 'buyer id', 'member id', 'user id', '客户', '客户编号', '买家', '买家id', '会员id', '用户id']),
    field('channel', 'text', 'Channel', '渠道', ['channel', 'platform', 'marketplace', 'source', '渠道', '平台', '来源']),
    field('status', 'text', 'Order status', '订单状态', ['status', 'order status', '订单状态', '状态'], { default: 'completed' }),
    field('currency', 'text', 'Currency', '币种', ['currency', '币种', '货币'], { default: 'CNY' }),
  ],
  plan(mapped, now, db) {
    return ordersPlan(this, mapped, now, db);
  },
};

function ordersPlan(kind: KindDef, mapped: readonly string[], now: string, db: Database.Database): ImportPlan {
  const stageColumns = stageColumnsFor(kind, mapped);
  const idx = (n: string): number => stageColumns.findIndex((c) => c.name === n);
  const header = HEADER.filter((h) => mapped.includes(h));
  db.exec(`DROP TABLE IF EXISTS ${ORDERS}; CREATE TABLE ${ORDERS} (order_no TEXT PRIMARY KEY, ordered_at TEXT NOT NULL${header.map((h) => `, ${h} TEXT`).join('')})`);
  const addOrder = db.prepare(`INSERT OR IGNORE INTO ${ORDERS} VALUES (${['order_no', 'ordered_at', ...header].map(() => '?').join(', ')})`);
  const pick = [idx('order_no'), idx('ordered_at'), ...header.map(idx)];
  const headerRow: Cell[] = pick.map(() => null);
  let lastOrder: Cell = null;
  // Lines of one order usually sit together: only the first line of each run stages its header.
  const onRow = (row: Cell[]): void => {
    if (row[pick[0]] === lastOrder) return;
    lastOrder = row[pick[0]];
    for (let i = 0; i < pick.length; i++) headerRow[i] = row[pick[i]];
    addOrder.run(headerRow);
  };
  const lines = mapped.includes('line_no')
    ? `${STAGE} s`
    : `(SELECT *, row_number() OVER (PARTITION BY order_no ORDER BY rowid) AS line_no FROM ${STAGE}) s`;
  const customerId = (alias: string): string => `(SELECT id FROM customers WHERE external_id = ${alias}.customer)`;
  const oCols: [string, string][] = [['ordered_at', 'so.ordered_at'], ...header.map((h): [string, string] => (h === 'customer' ? ['customer_id', customerId('so')] : [h, `so.${h}`]))];
  const lCols: [string, string][] = [['product_id', 's.sku'], ['quantity', 's.quantity'], ['unit_price', 's.unit_price'], ...(mapped.includes('discount') ? [['discount', 's.discount'] as [string, string]] : [])];
  const changed = [...oCols.map(([c, e]) => `o.${c} IS NOT ${e}`), ...lCols.map(([c, e]) => `l.${c} IS NOT ${e}`)].join(' OR ');
  return {
    stageColumns,
    extraTables: [ORDERS, 'temp.import_moved'],
    onRow,
    prepare: mapped.includes('customer')
      ? [`INSERT OR IGNORE INTO customers (external_id, created_at) SELECT DISTINCT customer, @now FROM ${ORDERS} WHERE customer IS NOT NULL`]
      : [],
    classify: `SELECT CASE WHEN l.id IS NULL THEN 'insert' WHEN ${changed} THEN 'update' ELSE 'unchanged' END AS action, s.*
      FROM ${lines} JOIN ${ORDERS} so ON so.order_no = s.order_no
      LEFT JOIN orders o ON o.order_no = s.order_no LEFT JOIN order_lines l ON l.order_id = o.id AND l.line_no = s.line_no`,
    merge: [
      // An order whose date moves takes its lines out and back in, so the triggers move its daily sales too.
      `DROP TABLE IF EXISTS temp.import_moved`,
      `CREATE TABLE temp.import_moved AS SELECT l.* FROM ${ORDERS} so JOIN orders o ON o.order_no = so.order_no
        JOIN order_lines l ON l.order_id = o.id WHERE substr(o.ordered_at, 1, 10) IS NOT substr(so.ordered_at, 1, 10)`,
      `DELETE FROM order_lines WHERE id IN (SELECT id FROM temp.import_moved)`,
      `INSERT INTO orders (order_no, ${oCols.map(([c]) => c).join(', ')}) SELECT so.order_no, ${oCols.map(([, e]) => e).join(', ')} FROM ${ORDERS} so WHERE true
        ON CONFLICT (order_no) DO UPDATE SET ${oCols.map(([c]) => `${c} = excluded.${c}`).join(', ')}
        WHERE ${oCols.map(([c]) => `${c} IS NOT excluded.${c}`).join(' OR ')}`,
      `INSERT INTO order_lines SELECT * FROM temp.import_moved`,
      `INSERT INTO order_lines (order_id, line_no, ${lCols.map(([c]) => c).join(', ')})
        SELECT o.id, s.line_no, ${lCols.map(([, e]) => e).join(', ')} FROM ${lines} JOIN orders o ON o.order_no = s.order_no WHERE true
        ON CONFLICT (order_id, line_no) DO UPDATE SET ${lCols.map(([c]) => `${c} = excluded.${c}`).join(', ')}
        WHERE ${lCols.map(([c]) => `${c} IS NOT excluded.${c}`).join(' OR ')}`,
    ],
    targetTable: 'order_lines',
    params: { now },
  };
}
