/** An order-status question the store cannot answer (no order number, or one not in the store): a reply asking for the number. */
import type Database from 'better-sqlite3';

/** Why the order cannot be looked up: the customer gave no number, or a number no order of the store has. */
export type OrderCheckKind = 'no_order' | 'unknown_order';

/** The reply to offer instead of an article, with the number the customer gave (if any). */
export interface OrderCheck {
  kind: OrderCheckKind;
  order: string | null;
  reply: string;
}

const REPLIES: Record<OrderCheckKind, { zh: string; en: string }> = {
  no_order: { zh: '麻烦您发一下订单号，我马上帮您查询订单状态。', en: "Could you send me your order number? I'll check its status right away." },
  unknown_order: {
    zh: '抱歉，没有查到订单 {order}。麻烦您核对一下订单号，或发一下订单页面的截图，我马上帮您查询。',
    en: "Sorry, I couldn't find order {order} in our records. Could you check the number, or send a screenshot of the order page? I'll look into it right away.",
  },
};

/**
 * For an order-status question whose order the store does not know, the reply asking for (or to check) the number;
 * null when the intent is another one or the order is in the store (its status is then a live fact of the article).
 */
export function orderCheck(db: Database.Database, intent: string | null, orderNo: string | null, lang: 'zh' | 'en'): OrderCheck | null {
  if (intent !== 'order_status') return null;
  if (orderNo && db.prepare('SELECT 1 FROM orders WHERE order_no = ?').get(orderNo)) return null;
  const kind: OrderCheckKind = orderNo ? 'unknown_order' : 'no_order';
  return { kind, order: orderNo, reply: REPLIES[kind][lang].replace('{order}', orderNo ?? '') };
}
