/** Fills an article's placeholders ({order}, {order_status}, {stock}, ...) with live facts in the customer's language. */
import type { Fact } from './facts';

const STATUS: Record<string, { zh: string; en: string }> = {
  pending: { zh: '待付款', en: 'awaiting payment' },
  paid: { zh: '已付款，待发货', en: 'paid, waiting to ship' },
  processing: { zh: '备货中', en: 'being prepared' },
  shipped: { zh: '已发货', en: 'shipped' },
  delivered: { zh: '已签收', en: 'delivered' },
  completed: { zh: '已完成（已签收）', en: 'completed (delivered)' },
  cancelled: { zh: '已取消', en: 'cancelled' },
  returned: { zh: '已退货', en: 'returned' },
  refunded: { zh: '已退款', en: 'refunded' },
};

/** The placeholders a KB answer may hold: each is filled with a live fact of the store (kb.save refuses any other). */
export const PLACEHOLDERS = ['order', 'order_status', 'order_date', 'stock', 'restock_date', 'price', 'return_deadline', 'product'] as const;
const PLACEHOLDER = new RegExp(`\\{(${PLACEHOLDERS.join('|')})\\}`, 'g');

/** An order status code in words. */
export function statusWords(code: string, lang: 'zh' | 'en'): string {
  return STATUS[code]?.[lang] ?? code;
}

/** The text with placeholders filled, the facts it used, and placeholders no fact could fill. */
export function fillReply(body: string, facts: readonly Fact[], orderNo: string | null, lang: 'zh' | 'en'): { text: string; used: Fact[]; unfilled: string[] } {
  const by = new Map(facts.map((f) => [f.name, f]));
  const used = new Set<Fact>();
  const unfilled: string[] = [];
  const value = (name: string): string | null => {
    if (name === 'order') return orderNo;
    const f = by.get(name as Fact['name']);
    if (!f) return null;
    used.add(f);
    return name === 'order_status' ? statusWords(f.value, lang) : f.value;
  };
  let text = body.replace(PLACEHOLDER, (m, name: string) => {
    const v = value(name);
    if (v === null) {
      unfilled.push(name);
      return lang === 'zh' ? '（待确认）' : '(to be confirmed)';
    }
    return v;
  });
  // Articles without placeholders still get the key facts appended, so the agent never has to look them up.
  if (!/\{[a-z_]+\}/.test(body)) {
    const parts: string[] = [];
    const st = by.get('order_status');
    if (st && orderNo) {
      used.add(st);
      parts.push(lang === 'zh' ? `订单 ${orderNo} 当前状态：${statusWords(st.value, lang)}` : `Order ${orderNo} is currently ${statusWords(st.value, lang)}`);
    }
    const stock = by.get('stock');
    const product = by.get('product');
    if (stock && product) {
      used.add(stock);
      used.add(product);
      const n = Number(stock.value);
      const restock = by.get('restock_date');
      if (n > 0) parts.push(lang === 'zh' ? `${product.value} 现有库存 ${n} 件` : `${product.value}: ${n} in stock`);
      else {
        if (restock) used.add(restock);
        parts.push(lang === 'zh' ? `${product.value} 暂时缺货${restock ? `，预计 ${restock.value} 到货` : ''}` : `${product.value} is out of stock${restock ? `, expected back on ${restock.value}` : ''}`);
      }
    }
    if (parts.length) text += lang === 'zh' ? `\n${parts.join('；')}。` : `\n${parts.join('; ')}.`;
  }
  return { text, used: [...used], unfilled };
}
