/** Queries behind inventory planning: product planning fields, stock, recent sales, purchase suggestions. */
import type Database from 'better-sqlite3';
import { STOCK_NOW_SQL, stockOnCountDays } from './inventory';

/** Planning fields of a product with its latest stock. */
export interface PlanningProduct {
  id: number;
  sku: string;
  title: string | null;
  titleZh: string | null;
  titleEn: string | null;
  category: string | null;
  supplier: string | null;
  cost: number | null;
  price: number | null;
  leadTimeDays: number | null;
  leadTimeSd: number | null;
  moq: number | null;
  casePack: number | null;
  onHand: number | null;
  onOrder: number | null;
}

/** Active products with their stock: each location's latest count, summed over locations (as Inventory shows it). */
export function planningProducts(db: Database.Database): PlanningProduct[] {
  // Each location's own latest count: warehouses counted on different days all hold stock. Taking only the rows of the
  // product's latest date dropped a warehouse counted a day earlier, so the plan reordered stock Inventory showed.
  return db
    .prepare(
      `WITH inv AS (${STOCK_NOW_SQL})
       SELECT p.id, p.sku, coalesce(p.title_en, p.title_zh) AS title, p.title_zh AS titleZh, p.title_en AS titleEn, p.category, p.supplier, p.cost, p.price,
              p.lead_time_days AS leadTimeDays, p.lead_time_sd AS leadTimeSd, p.moq, p.case_pack AS casePack,
              inv.on_hand AS onHand, inv.on_order AS onOrder
         FROM products p LEFT JOIN inv ON inv.product_id = p.id
        WHERE p.status = 'active' ORDER BY p.sku`,
    )
    .all() as PlanningProduct[];
}

/** Daily units and stockout flags per product since `from` (days without a row are in-stock zero days); of `only` those products when given. */
export function recentSales(db: Database.Database, from: string, only?: readonly number[]): Map<number, { date: string; units: number; stockout: number }[]> {
  const out = new Map<number, { date: string; units: number; stockout: number }[]>();
  const rows = (
    only
      ? db.prepare('SELECT product_id, date, units, stockout FROM daily_sales WHERE product_id IN (SELECT value FROM json_each(?)) AND date >= ? ORDER BY product_id, date').raw().iterate(JSON.stringify(only), from)
      : db.prepare('SELECT product_id, date, units, stockout FROM daily_sales WHERE date >= ? ORDER BY product_id, date').raw().iterate(from)
  ) as Iterable<[number, string, number, number]>;
  for (const [pid, date, units, stockout] of rows) {
    let l = out.get(pid);
    if (!l) out.set(pid, (l = []));
    l.push({ date, units, stockout });
  }
  return out;
}

/** Average stock on hand per product over the days since `from` a location of it was counted (each day's stock as Inventory counts it). */
export function averageStock(db: Database.Database, from: string): Map<number, number> {
  // A day's stock is every location's latest count on or before it, summed: summing only the counts of that day made
  // a day one warehouse of two was counted look half empty, so turnover came out too high.
  const sums = new Map<number, { total: number; days: number }>();
  for (const d of stockOnCountDays(db, from)) {
    const s = sums.get(d.productId);
    if (s) {
      s.total += d.onHand;
      s.days += 1;
    } else sums.set(d.productId, { total: d.onHand, days: 1 });
  }
  return new Map([...sums].map(([pid, s]) => [pid, s.total / s.days]));
}

/** Stored P50/P10/P90 per product (dates ascending). */
export function allForecasts(db: Database.Database): Map<number, { date: string; p10: number; p50: number; p90: number }[]> {
  const out = new Map<number, { date: string; p10: number; p50: number; p90: number }[]>();
  const rows = db.prepare('SELECT product_id, date, p10, p50, p90 FROM forecasts ORDER BY product_id, date').raw().iterate() as Iterable<[number, string, number, number, number]>;
  for (const [pid, date, p10, p50, p90] of rows) {
    let l = out.get(pid);
    if (!l) out.set(pid, (l = []));
    l.push({ date, p10, p50, p90 });
  }
  return out;
}

/** A purchase suggestion as stored. */
export interface SuggestionRow {
  id: number;
  planId: string;
  productId: number;
  sku: string;
  title: string | null;
  supplier: string | null;
  suggestedQty: number;
  quantity: number;
  unitCost: number | null;
  orderDate: string;
  arrivalDate: string;
  status: 'open' | 'edited' | 'dismissed';
  detail: Record<string, unknown>;
}

/** Suggestions of the latest plan, by supplier then SKU; titles in the given language where the product has one. */
export function latestSuggestions(db: Database.Database, lang: 'en' | 'zh' = 'en'): SuggestionRow[] {
  const title = lang === 'zh' ? 'coalesce(p.title_zh, p.title_en)' : 'coalesce(p.title_en, p.title_zh)';
  const plan = db.prepare('SELECT plan_id FROM purchase_suggestions ORDER BY created_at DESC, id DESC LIMIT 1').get() as { plan_id: string } | undefined;
  if (!plan) return [];
  const rows = db
    .prepare(
      `SELECT s.id, s.plan_id AS planId, s.product_id AS productId, p.sku, ${title} AS title, s.supplier,
              s.suggested_qty AS suggestedQty, s.quantity, s.unit_cost AS unitCost, s.order_date AS orderDate, s.arrival_date AS arrivalDate, s.status, s.detail
         FROM purchase_suggestions s JOIN products p ON p.id = s.product_id WHERE s.plan_id = ? ORDER BY coalesce(s.supplier, '~'), p.sku`,
    )
    .all(plan.plan_id) as (Omit<SuggestionRow, 'detail'> & { detail: string })[];
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

/** Replaces all suggestions with a new plan's, keeping quantities the user edited for SKUs still suggested. Call inside a transaction. */
export function replaceSuggestions(db: Database.Database, planId: string, rows: Omit<SuggestionRow, 'id' | 'planId' | 'sku' | 'title' | 'status'>[]): void {
  const edited = new Map(
    (db.prepare(`SELECT product_id, quantity FROM purchase_suggestions WHERE status = 'edited'`).all() as { product_id: number; quantity: number }[]).map((r) => [r.product_id, r.quantity]),
  );
  db.prepare('DELETE FROM purchase_suggestions').run();
  const ins = db.prepare(
    `INSERT INTO purchase_suggestions (plan_id, product_id, supplier, suggested_qty, quantity, unit_cost, order_date, arrival_date, status, detail, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  for (const r of rows) {
    const e = edited.get(r.productId);
    ins.run(planId, r.productId, r.supplier, r.suggestedQty, e ?? r.quantity, r.unitCost, r.orderDate, r.arrivalDate, e !== undefined ? 'edited' : 'open', JSON.stringify(r.detail), now, now);
  }
}

/** Sets the quantity (and status) of one suggestion; false when there is none with that id. */
export function updateSuggestion(db: Database.Database, id: number, quantity: number, status: 'open' | 'edited' | 'dismissed'): boolean {
  return db.prepare('UPDATE purchase_suggestions SET quantity = ?, status = ?, updated_at = ? WHERE id = ?').run(quantity, status, new Date().toISOString(), id).changes > 0;
}
