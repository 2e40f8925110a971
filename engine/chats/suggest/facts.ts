/** Live store facts a suggested reply can quote: order status, stock, restock date, current price, return window. */
import type Database from 'better-sqlite3';
import { productStock } from '../../db/queries/inventory';

/** One fact with where it came from. */
export interface Fact {
  name: 'order_status' | 'order_date' | 'stock' | 'restock_date' | 'price' | 'return_deadline' | 'product';
  value: string;
  source: string;
}

/** Days after the order a return is accepted, unless the store's settings say otherwise ('chats.returnWindowDays'). */
export const DEFAULT_RETURN_DAYS = 7;

function returnDays(db: Database.Database): number {
  const row = db.prepare(`SELECT value FROM settings WHERE key = 'chats.returnWindowDays'`).get() as { value: string } | undefined;
  const n = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_RETURN_DAYS;
}

/** Facts for the order and product named in the dialogue state (whichever are known). */
export function liveFacts(db: Database.Database, slots: { order_no?: string; product?: string }, lang: 'zh' | 'en'): Fact[] {
  const facts: Fact[] = [];
  let productSku = slots.product ?? null;
  if (slots.order_no) {
    const o = db.prepare('SELECT id, order_no, status, ordered_at FROM orders WHERE order_no = ?').get(slots.order_no) as { id: number; order_no: string; status: string; ordered_at: string } | undefined;
    if (o) {
      facts.push({ name: 'order_status', value: o.status, source: `orders:${o.order_no}` });
      facts.push({ name: 'order_date', value: o.ordered_at.slice(0, 10), source: `orders:${o.order_no}` });
      const deadline = new Date(Date.parse(`${o.ordered_at.slice(0, 10)}T00:00:00Z`) + returnDays(db) * 86400000).toISOString().slice(0, 10);
      facts.push({ name: 'return_deadline', value: deadline, source: `orders:${o.order_no}+settings` });
      productSku ??= (db.prepare('SELECT p.sku FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = ? ORDER BY l.line_no LIMIT 1').pluck().get(o.id) as string | undefined) ?? null;
    }
  }
  if (productSku) {
    const p = db.prepare('SELECT id, sku, title_zh, title_en, price, currency FROM products WHERE sku = ?').get(productSku) as { id: number; sku: string; title_zh: string | null; title_en: string | null; price: number | null; currency: string } | undefined;
    if (p) {
      facts.push({ name: 'product', value: (lang === 'zh' ? p.title_zh ?? p.title_en : p.title_en ?? p.title_zh) ?? p.sku, source: `products:${p.sku}` });
      if (p.price !== null) facts.push({ name: 'price', value: `${p.currency} ${p.price.toFixed(2)}`, source: `products:${p.sku}` });
      // The stock Inventory shows (every warehouse's latest count): the counts of the latest day alone left out a
      // warehouse counted a day earlier, so a reply could tell a customer 0 in stock while Inventory showed 30.
      const stock = productStock(db, p.id);
      if (stock !== null) facts.push({ name: 'stock', value: String(Math.max(0, Math.round(stock.onHand))), source: `inventory:${p.sku}` });
      const restock = db.prepare(`SELECT MIN(arrival_date) FROM purchase_suggestions WHERE product_id = ? AND status <> 'dismissed'`).pluck().get(p.id) as string | null;
      if (restock) facts.push({ name: 'restock_date', value: restock, source: `purchase_suggestions:${p.sku}` });
    }
  }
  return facts;
}
