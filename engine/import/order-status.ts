/**
 * Order statuses that are not sales: orders called off or never paid. Their lines stay in the store (an order may be
 * paid or reinstated later, and a re-import then counts it) but add nothing to daily sales, so forecasts, planning
 * and the dashboard never read a cancelled order as demand. Refunded and returned orders are sales that were
 * reversed later; they still count (the demand happened).
 */

/** The stored statuses of orders that count in no daily sales. */
export const VOID_STATUSES = ['cancelled', 'unpaid'] as const;

/** `VOID_STATUSES` as an SQL list, for `status NOT IN ${VOID_SQL}`. */
export const VOID_SQL = `(${VOID_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * How marketplaces and shop systems spell those statuses (lower case; spaces, `_` and `-` dropped as the import
 * matches them), read into the stored ones. "Closed" alone is not here: Shopify closes (archives) fulfilled orders.
 */
export const ORDER_STATUS_ALIASES: Readonly<Record<string, string>> = {
  canceled: 'cancelled',
  cancelled: 'cancelled',
  cancel: 'cancelled',
  void: 'cancelled',
  voided: 'cancelled',
  wccancelled: 'cancelled',
  交易关闭: 'cancelled', // Taobao / Tmall: closed before completion (unpaid and timed out, or cancelled)
  已关闭: 'cancelled',
  订单关闭: 'cancelled',
  已取消: 'cancelled',
  取消: 'cancelled',
  订单取消: 'cancelled',
  交易取消: 'cancelled',
  unpaid: 'unpaid',
  failed: 'unpaid', // WooCommerce: payment failed
  wcfailed: 'unpaid',
  pendingpayment: 'unpaid',
  awaitingpayment: 'unpaid',
  未付款: 'unpaid',
  未支付: 'unpaid',
  待付款: 'unpaid',
  待支付: 'unpaid',
  等待买家付款: 'unpaid',
};

/** Whether a stored status is one that counts in no daily sales. */
export function isVoidStatus(status: unknown): boolean {
  return typeof status === 'string' && (VOID_STATUSES as readonly string[]).includes(status);
}
