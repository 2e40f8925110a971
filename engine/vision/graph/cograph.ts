/**
 * The store's co-view / co-purchase graph around one product: in how many browsing sessions, and in how many orders,
 * each candidate appears with it, and a similarity from those counts. Read per anchor with indexed queries (no
 * graph is materialised), so a search costs a few milliseconds.
 */
import type Database from 'better-sqlite3';

/** How a candidate relates to the anchor product in the store's history. */
export interface CoEdge {
  /** Browsing sessions (views, carts, purchases) that touched both products. */
  sessions: number;
  /** Orders that hold both products. */
  orders: number;
  /** Co-occurrence similarity in [0, 1]: cosine of the two products' session sets and order sets, combined by noisy-or. */
  graph: number;
}

/** Only history before `before` (an ISO timestamp) counts; used to measure on later data. */
export interface CoGraphOptions {
  before?: string;
}

const FAR = '9999-12-31T23:59:59Z';

function counts(db: Database.Database, sql: string, ids: readonly number[], before: string): Map<number, number> {
  const out = new Map<number, number>();
  if (!ids.length) return out;
  const rows = db.prepare(sql.replace('$IDS', ids.map(() => '?').join(','))).all(...ids, before) as { pid: number; n: number }[];
  for (const r of rows) out.set(r.pid, r.n);
  return out;
}

const SESSION_KINDS = "('view', 'cart', 'purchase')";

/** Co-view and co-purchase edges from `anchor` to each of `candidates` (absent history gives zeros). */
export function coEdges(db: Database.Database, anchor: number, candidates: readonly number[], opts: CoGraphOptions = {}): Map<number, CoEdge> {
  const before = opts.before ?? FAR;
  const ids = [anchor, ...candidates];
  // Sessions and orders each product appears in (the cosine's denominators).
  const sessionsOf = counts(
    db,
    `SELECT product_id AS pid, count(DISTINCT session_id) AS n FROM browsing_events WHERE product_id IN ($IDS) AND kind IN ${SESSION_KINDS} AND ts < ? GROUP BY product_id`,
    ids,
    before,
  );
  const ordersOf = counts(
    db,
    `SELECT l.product_id AS pid, count(DISTINCT l.order_id) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.product_id IN ($IDS) AND o.ordered_at < ? GROUP BY l.product_id`,
    ids,
    before,
  );
  const coView = new Map<number, number>();
  for (const r of db
    .prepare(
      `SELECT b2.product_id AS pid, count(DISTINCT b2.session_id) AS n
         FROM browsing_events b1 JOIN browsing_events b2 ON b2.session_id = b1.session_id
        WHERE b1.product_id = ? AND b1.kind IN ${SESSION_KINDS} AND b1.ts < ?
          AND b2.product_id IS NOT NULL AND b2.product_id <> b1.product_id AND b2.kind IN ${SESSION_KINDS} AND b2.ts < ?
        GROUP BY b2.product_id`,
    )
    .all(anchor, before, before) as { pid: number; n: number }[])
    coView.set(r.pid, r.n);
  const coBuy = new Map<number, number>();
  for (const r of db
    .prepare(
      `SELECT l2.product_id AS pid, count(DISTINCT l2.order_id) AS n
         FROM order_lines l1 JOIN orders o ON o.id = l1.order_id JOIN order_lines l2 ON l2.order_id = l1.order_id
        WHERE l1.product_id = ? AND o.ordered_at < ? AND l2.product_id <> l1.product_id
        GROUP BY l2.product_id`,
    )
    .all(anchor, before) as { pid: number; n: number }[])
    coBuy.set(r.pid, r.n);
  const cos = (n: number, a: number, b: number): number => (n > 0 && a > 0 && b > 0 ? Math.min(1, n / Math.sqrt(a * b)) : 0);
  const out = new Map<number, CoEdge>();
  for (const c of candidates) {
    const sessions = coView.get(c) ?? 0, orders = coBuy.get(c) ?? 0;
    const v = cos(sessions, sessionsOf.get(anchor) ?? 0, sessionsOf.get(c) ?? 0);
    const o = cos(orders, ordersOf.get(anchor) ?? 0, ordersOf.get(c) ?? 0);
    out.set(c, { sessions, orders, graph: 1 - (1 - v) * (1 - o) });
  }
  return out;
}
