/** Reads of the recommendation lists (rec_items) of the latest 'recsys' model run. */
import type Database from 'better-sqlite3';
import type { ReasonCode } from '../../recs/lists';
import { folded, holds, searchParams } from './text-search';

/** The latest run's id, time and metrics JSON, or null. */
export function latestRecsRun(db: Database.Database): { id: string; createdAt: string; metrics: string; params: string } | null {
  return (db.prepare("SELECT id, created_at AS createdAt, metrics, params FROM model_runs WHERE kind = 'recsys' ORDER BY created_at DESC, rowid DESC LIMIT 1").get() as
    | { id: string; createdAt: string; metrics: string; params: string }
    | undefined) ?? null;
}

/** A stored list entry joined with its product and the product its reason names. */
export interface RecItemRow {
  rank: number;
  productId: number;
  sku: string;
  titleZh: string | null;
  titleEn: string | null;
  score: number;
  popularity: number;
  reason: ReasonCode;
  reasonSku: string | null;
  reasonTitleZh: string | null;
  reasonTitleEn: string | null;
  /** The customer's personal tail-lift weight (1 on other lists and on rows stored before schema v12). */
  liftWeight: number;
  /** The customer's softmax normaliser at the run's temperature (schema v13; null where not stored: tail.ts logNormaliser). */
  logNorm: number | null;
}

/** Entries of one list for one subject, in stored rank order. */
export function recItems(db: Database.Database, runId: string, list: 'customer' | 'similar' | 'together', subjectId: number): RecItemRow[] {
  return db.prepare(`
    SELECT r.rank, r.product_id AS productId, p.sku, p.title_zh AS titleZh, p.title_en AS titleEn, r.score, r.popularity, r.reason, r.lift_weight AS liftWeight, r.log_norm AS logNorm,
           q.sku AS reasonSku, q.title_zh AS reasonTitleZh, q.title_en AS reasonTitleEn
    FROM rec_items r JOIN products p ON p.id = r.product_id LEFT JOIN products q ON q.id = r.reason_product_id
    WHERE r.run_id = ? AND r.list = ? AND r.subject_id = ? ORDER BY r.rank`).all(runId, list, subjectId) as RecItemRow[];
}

/**
 * Every customer's stored list of a run, customer by customer (in customer id order, each in rank order), read by one
 * statement without joins (products are looked up in memory): an export of the demo's 4,911 customers read them one
 * joined query each, 388,043 candidate rows with their titles, in ~4 s.
 */
export function* customerRecItems(db: Database.Database, runId: string): Generator<{ customerId: number; rows: RecItemRow[] }> {
  const products = new Map<number, { sku: string; titleZh: string | null; titleEn: string | null }>();
  for (const p of db.prepare('SELECT id, sku, title_zh AS titleZh, title_en AS titleEn FROM products').all() as { id: number; sku: string; titleZh: string | null; titleEn: string | null }[]) products.set(p.id, p);
  const stmt = db.prepare(`SELECT subject_id, rank, product_id, score, popularity, reason, reason_product_id, lift_weight, log_norm
    FROM rec_items WHERE run_id = ? AND list = 'customer' ORDER BY subject_id, rank`).raw();
  let current: number | null = null;
  let rows: RecItemRow[] = [];
  for (const raw of stmt.iterate(runId) as Iterable<[number, number, number, number, number, ReasonCode, number | null, number, number | null]>) {
    const [subjectId, rank, productId, score, popularity, reason, reasonId, liftWeight, logNorm] = raw;
    const p = products.get(productId);
    // A row whose product is gone is left out, as the joined read left it out.
    if (!p) continue;
    if (subjectId !== current) {
      if (current !== null) yield { customerId: current, rows };
      current = subjectId;
      rows = [];
    }
    const q = reasonId === null ? undefined : products.get(reasonId);
    rows.push({ rank, productId, sku: p.sku, titleZh: p.titleZh, titleEn: p.titleEn, score, popularity, reason, liftWeight, logNorm, reasonSku: q?.sku ?? null, reasonTitleZh: q?.titleZh ?? null, reasonTitleEn: q?.titleEn ?? null });
  }
  if (current !== null) yield { customerId: current, rows };
}

/** A customer as the picker and exports know them. */
export interface RecCustomer {
  id: number;
  externalId: string;
  name: string | null;
  email: string | null;
}

// Customers with a list in the run whose id, name or email holds the text (any case and width, any script; the text
// is matched as typed, `%` and `_` included).
const MATCHING = `FROM customers c
  WHERE c.id IN (SELECT DISTINCT subject_id FROM rec_items WHERE run_id = @runId AND list = 'customer')
    AND (@q = '' OR ${holds('c.external_id', 'q')} OR ${holds('c.name', 'q')} OR ${holds('c.email', 'q')})`;

/** Customers that have recommendations in the run, optionally filtered by text; the one whose id is the text comes first. */
export function recCustomers(db: Database.Database, runId: string, query: string, limit: number): RecCustomer[] {
  return db.prepare(`SELECT c.id, c.external_id AS externalId, c.name, c.email ${MATCHING}
    ORDER BY ${folded('c.external_id')} = @q DESC, c.id LIMIT @limit`).all({ runId, ...searchParams('q', query.trim()), limit }) as RecCustomer[];
}

/** How many customers hold the text but have no list in the run (no views, carts or orders when it was trained or refreshed). */
export function countUnlistedCustomers(db: Database.Database, runId: string, query: string): number {
  const sql = MATCHING.replace('c.id IN (SELECT', 'c.id NOT IN (SELECT');
  return (db.prepare(`SELECT count(*) AS n ${sql}`).get({ runId, ...searchParams('q', query.trim()) }) as { n: number }).n;
}

/** How many customers `recCustomers` would list without a limit. */
export function countRecCustomers(db: Database.Database, runId: string, query: string): number {
  return (db.prepare(`SELECT count(*) AS n ${MATCHING}`).get({ runId, ...searchParams('q', query.trim()) }) as { n: number }).n;
}

/** Every view, cart and purchase of a customer in time order (a purchase after a view or cart at the same moment; purchases from orders and purchase events), with whether the product is on sale. */
export function customerInterest(db: Database.Database, customerId: number): { ts: string; kind: 'view' | 'cart' | 'purchase'; productId: number; sku: string; titleZh: string | null; titleEn: string | null; active: number }[] {
  return db.prepare(`
    SELECT e.ts, e.kind, p.id AS productId, p.sku, p.title_zh AS titleZh, p.title_en AS titleEn, p.status = 'active' AS active,
      CASE e.kind WHEN 'view' THEN 0 WHEN 'cart' THEN 1 ELSE 2 END AS ord
    FROM browsing_events e JOIN products p ON p.id = e.product_id
    WHERE e.customer_id = ? AND e.kind IN ('view', 'cart', 'purchase')
    UNION ALL
    SELECT o.ordered_at, 'purchase', p.id, p.sku, p.title_zh, p.title_en, p.status = 'active', 2
    FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
    WHERE o.customer_id = ? AND o.status != 'cancelled'
    ORDER BY ts, ord`).all(customerId, customerId) as ReturnType<typeof customerInterest>;
}

/** One customer's views, carts and purchases as customerInterest reads them. */
export type InterestEvent = ReturnType<typeof customerInterest>[number];

/**
 * customerInterest of every customer, customer by customer (customer id order), by one statement: an export of the
 * viewed-not-bought lists read them one query per customer (4,835 on the demo store, ~8 s).
 */
export function* everyCustomerInterest(db: Database.Database): Generator<{ customerId: number; events: InterestEvent[] }> {
  const stmt = db.prepare(`
    SELECT e.customer_id AS customerId, e.ts, e.kind, p.id AS productId, p.sku, p.title_zh AS titleZh, p.title_en AS titleEn, p.status = 'active' AS active,
      CASE e.kind WHEN 'view' THEN 0 WHEN 'cart' THEN 1 ELSE 2 END AS ord
    FROM browsing_events e JOIN products p ON p.id = e.product_id
    WHERE e.customer_id IS NOT NULL AND e.kind IN ('view', 'cart', 'purchase')
    UNION ALL
    SELECT o.customer_id, o.ordered_at, 'purchase', p.id, p.sku, p.title_zh, p.title_en, p.status = 'active', 2
    FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
    WHERE o.customer_id IS NOT NULL AND o.status != 'cancelled'
    ORDER BY customerId, ts, ord`);
  let current: number | null = null;
  let events: InterestEvent[] = [];
  for (const { customerId, ord: _o, ...e } of stmt.iterate() as Iterable<InterestEvent & { customerId: number; ord: number }>) {
    if (customerId !== current) {
      if (current !== null) yield { customerId: current, events };
      current = customerId;
      events = [];
    }
    events.push(e);
  }
  if (current !== null) yield { customerId: current, events };
}

/** A customer's recent events (views, carts, purchases) with product titles, newest first. */
export function customerHistory(db: Database.Database, customerId: number, limit: number): { ts: string; kind: string; sku: string; titleZh: string | null; titleEn: string | null }[] {
  return db.prepare(`
    SELECT ts, kind, sku, titleZh, titleEn FROM (
      SELECT e.ts, e.kind, p.sku, p.title_zh AS titleZh, p.title_en AS titleEn FROM browsing_events e JOIN products p ON p.id = e.product_id
      WHERE e.customer_id = ? AND e.kind IN ('view', 'cart')
      UNION ALL
      SELECT o.ordered_at, 'purchase', p.sku, p.title_zh, p.title_en FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
      WHERE o.customer_id = ? AND o.status != 'cancelled'
    ) ORDER BY ts DESC LIMIT ?`).all(customerId, customerId, limit) as { ts: string; kind: string; sku: string; titleZh: string | null; titleEn: string | null }[];
}
