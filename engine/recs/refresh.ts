/**
 * Incremental refresh after new events are imported: customers with events newer than the latest run get their list
 * rebuilt from the run's stored similar-item lists (item-to-item, latest events weigh most), without retraining.
 */
import type Database from 'better-sqlite3';
import { latestRecsRun } from '../db/queries/recs';
import type { ReasonCode } from './lists';

/** Highest event ids a run has seen (stored in its metrics as `seen`). */
export interface SeenIds {
  browsing: number;
  orderLines: number;
}

/** The highest browsing-event and order-line ids now in the store. */
export function currentSeen(db: Database.Database): SeenIds {
  const b = db.prepare('SELECT coalesce(max(id), 0) AS n FROM browsing_events').get() as { n: number };
  const o = db.prepare('SELECT coalesce(max(id), 0) AS n FROM order_lines').get() as { n: number };
  return { browsing: b.n, orderLines: o.n };
}

const REASON: Record<string, ReasonCode> = { view: 'viewed', cart: 'carted', purchase: 'bought' };

/** Rebuilds the lists of customers with new events; returns how many were refreshed (0 when no run exists). */
export function refreshRecs(db: Database.Database, k = 20): { refreshed: number } {
  const run = latestRecsRun(db);
  if (!run) return { refreshed: 0 };
  const metrics = JSON.parse(run.metrics) as { seen?: SeenIds };
  const seen = metrics.seen ?? { browsing: 0, orderLines: 0 };
  const now = currentSeen(db);
  const customers = (db.prepare(`
    SELECT DISTINCT customer_id AS c FROM browsing_events WHERE id > ? AND customer_id IS NOT NULL AND product_id IS NOT NULL
    UNION SELECT DISTINCT o.customer_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.id > ? AND o.customer_id IS NOT NULL`).all(seen.browsing, seen.orderLines) as { c: number }[]).map((r) => r.c);
  const history = db.prepare(`
    SELECT product_id AS p, kind FROM (
      SELECT product_id, kind, ts FROM browsing_events WHERE customer_id = ? AND kind IN ('view', 'cart') AND product_id IS NOT NULL
      UNION ALL SELECT l.product_id, 'purchase', o.ordered_at FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id = ? AND o.status != 'cancelled'
    ) ORDER BY ts DESC LIMIT 200`);
  const similar = db.prepare("SELECT product_id AS p, score FROM rec_items WHERE run_id = ? AND list = 'similar' AND subject_id = ?");
  const pop = new Map((db.prepare("SELECT product_id AS p, max(popularity) AS n FROM rec_items WHERE run_id = ? AND list = 'customer' GROUP BY product_id").all(run.id) as { p: number; n: number }[]).map((r) => [r.p, r.n]));
  const del = db.prepare("DELETE FROM rec_items WHERE run_id = ? AND list = 'customer' AND subject_id = ?");
  const ins = db.prepare("INSERT INTO rec_items (run_id, list, subject_id, rank, product_id, score, popularity, reason, reason_product_id) VALUES (?, 'customer', ?, ?, ?, ?, ?, ?, ?)");
  db.transaction(() => {
    for (const c of customers) {
      const h = history.all(c, c) as { p: number; kind: string }[];
      const done = new Set(h.map((x) => x.p));
      const score = new Map<number, { s: number; because: number; kind: string; best: number }>();
      h.slice(0, 20).forEach((x, age) => {
        const w = Math.pow(0.8, age);
        for (const n of similar.all(run.id, x.p) as { p: number; score: number }[]) {
          if (done.has(n.p)) continue;
          const cur = score.get(n.p) ?? { s: 0, because: x.p, kind: x.kind, best: 0 };
          cur.s += w * n.score;
          if (w * n.score > cur.best) Object.assign(cur, { best: w * n.score, because: x.p, kind: x.kind });
          score.set(n.p, cur);
        }
      });
      const ranked = [...score].sort((a, b) => b[1].s - a[1].s || a[0] - b[0]).slice(0, k);
      if (!ranked.length) continue;
      // Standardise like the trained lists, so the tail control means the same.
      const vals = ranked.map(([, v]) => v.s);
      const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
      const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / vals.length) || 1;
      del.run(run.id, c);
      ranked.forEach(([p, v], r) => ins.run(run.id, c, r + 1, p, (v.s - mean) / sd, pop.get(p) ?? 0, REASON[v.kind] ?? 'viewed', v.because));
    }
    db.prepare('UPDATE model_runs SET metrics = ? WHERE id = ?').run(JSON.stringify({ ...metrics, seen: now }), run.id);
  })();
  return { refreshed: customers.length };
}
