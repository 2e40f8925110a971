/**
 * Incremental refresh after new events are imported: customers with events newer than the latest run get their list
 * rebuilt without retraining. When the run's lists came from the Transformer (or its hybrid) and its saved weights
 * load, their new history is scored by it; otherwise (no weights, a missing or damaged file: logged) the list is
 * rebuilt from the run's stored similar-item lists (item-to-item, latest events weigh most).
 */
import type Database from 'better-sqlite3';
import { latestRecsRun } from '../db/queries/recs';
import { candidatesOf, type ReasonCode } from './lists';
import { logNormaliser, standardise } from './tail';
import type { History, RecModel } from './types';
import type { SavedTransformer } from './weights';

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
const KIND_REASON: ReasonCode[] = ['viewed', 'viewed', 'carted', 'bought', 'viewed'];

/** One rebuilt list entry (product ids, standardised score). */
interface Entry {
  productId: number;
  score: number;
  popularity: number;
  reason: ReasonCode;
  because: number | null;
  /** The customer's softmax normaliser at the run's temperature (scored by the Transformer; tail.ts logNormaliser). */
  logNorm?: number | null;
}

/** What a refresh did: customers rebuilt, and from what (null when nothing needed it). */
export interface RefreshResult {
  refreshed: number;
  /** 'transformer': scored by the run's saved Transformer (or hybrid); 'similar': from the stored similar-item lists. */
  source: 'transformer' | 'similar' | null;
}

// The Transformer's lists for the given customers from their whole current history, or null when its weights are not
// usable (the loader logs why). Items added after the run are unknown to it and left out of the history it sees.
async function transformerLists(db: Database.Database, runId: string, saved: SavedTransformer, tailCut: number, customers: number[], k: number, temperature?: number): Promise<Map<number, Entry[]> | null> {
  const { loadTransformer } = await import('./weights');
  const loaded = await loadTransformer(saved.path);
  if (!loaded) return null;
  const { fromStore } = await import('./data');
  let cooc: RecModel | null = null;
  try {
    const all = fromStore(db);
    const ids = loaded.meta.productDbIds;
    const n = ids.length;
    const runIx = new Map(ids.map((p, i) => [p, i]));
    const toRun = Int32Array.from(all.productDbIds, (p) => runIx.get(p) ?? -1);
    const mapped = all.seqs.map((s, u) => {
      const keep = [...s.keys()].filter((p) => toRun[s[p]] >= 0);
      return { items: Int32Array.from(keep, (p) => toRun[s[p]]), kinds: all.kinds ? Uint8Array.from(keep, (p) => all.kinds![u][p]) : undefined, times: all.times ? Float64Array.from(keep, (p) => all.times![u][p]) : undefined };
    });
    let model: RecModel = loaded.seq;
    if (saved.hybridWeight !== null) {
      // The hybrid's co-occurrence part is counted again on today's sequences (seconds, no learning), as at training.
      const { CooccurrenceModel } = await import('./baselines/cooccurrence');
      const { HybridModel } = await import('./hybrid');
      const c = new CooccurrenceModel();
      await c.fit({ nItems: n, seqs: mapped.map((m) => m.items) });
      cooc = c;
      model = new HybridModel(loaded.seq, c, saved.hybridWeight, saved.hybridForm ?? 'z');
    }
    const userIx = new Map(all.customerDbIds.map((c, i) => [c, i]));
    const similar = db.prepare("SELECT product_id AS p, score FROM rec_items WHERE run_id = ? AND list = 'similar' AND subject_id = ?");
    const simCache = new Map<number, Map<number, number>>();
    const simOf = (pid: number): Map<number, number> => {
      let m = simCache.get(pid);
      if (!m) simCache.set(pid, (m = new Map((similar.all(runId, pid) as { p: number; score: number }[]).map((r) => [r.p, r.score]))));
      return m;
    };
    const out = new Map<number, Entry[]>();
    const todo = customers.filter((c) => (mapped[userIx.get(c) ?? -1]?.items.length ?? 0) > 0);
    for (let b = 0; b < todo.length; b += 128) {
      const part = todo.slice(b, b + 128);
      const hs: History[] = part.map((c) => ({ user: userIx.get(c) as number, ...mapped[userIx.get(c) as number] }));
      const scores = model.score(hs);
      hs.forEach((h, j) => {
        const off = j * n;
        for (const i of h.items) scores[off + i] = -Infinity;
        standardise(scores, off, n);
        const logNorm = temperature === undefined ? null : logNormaliser(scores, off, n, temperature);
        const recent = Array.from(h.items.subarray(Math.max(0, h.items.length - 20))).reverse();
        const kinds = h.kinds ? Array.from(h.kinds.subarray(Math.max(0, h.items.length - 20))).reverse() : [];
        out.set(part[j], candidatesOf(scores, off, n, loaded.popularity, tailCut, k).map((i) => {
          // The reason: the recent event whose similar-item list holds this item most strongly (newer events weigh more).
          let best = 0;
          let because: number | null = null;
          let reason: ReasonCode = loaded.popularity[i] === 0 ? 'new_like' : 'popular';
          recent.forEach((x, age) => {
            const w = Math.pow(0.8, age) * (simOf(ids[x]).get(ids[i]) ?? 0);
            if (w > best) {
              best = w;
              because = ids[x];
              if (loaded.popularity[i] > 0) reason = KIND_REASON[kinds[age] ?? 1] ?? 'viewed';
            }
          });
          return { productId: ids[i], score: scores[off + i], popularity: loaded.popularity[i], reason, because, logNorm };
        }));
      });
    }
    return out;
  } finally {
    cooc?.dispose();
    loaded.seq.dispose();
  }
}

// A customer's list from the run's stored similar-item lists (latest events weigh most), or [] when nothing is similar.
function similarList(db: Database.Database, runId: string, c: number, pop: Map<number, number>, k: number): Entry[] {
  const h = db.prepare(`
    SELECT product_id AS p, kind FROM (
      SELECT product_id, kind, ts FROM browsing_events WHERE customer_id = ? AND kind IN ('view', 'cart') AND product_id IS NOT NULL
      UNION ALL SELECT l.product_id, 'purchase', o.ordered_at FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id = ? AND o.status != 'cancelled'
    ) ORDER BY ts DESC LIMIT 200`).all(c, c) as { p: number; kind: string }[];
  const similar = db.prepare("SELECT product_id AS p, score FROM rec_items WHERE run_id = ? AND list = 'similar' AND subject_id = ?");
  const done = new Set(h.map((x) => x.p));
  const score = new Map<number, { s: number; because: number; kind: string; best: number }>();
  h.slice(0, 20).forEach((x, age) => {
    const w = Math.pow(0.8, age);
    for (const n of similar.all(runId, x.p) as { p: number; score: number }[]) {
      if (done.has(n.p)) continue;
      const cur = score.get(n.p) ?? { s: 0, because: x.p, kind: x.kind, best: 0 };
      cur.s += w * n.score;
      if (w * n.score > cur.best) Object.assign(cur, { best: w * n.score, because: x.p, kind: x.kind });
      score.set(n.p, cur);
    }
  });
  const ranked = [...score].sort((a, b) => b[1].s - a[1].s || a[0] - b[0]).slice(0, k);
  if (!ranked.length) return [];
  // Standardise like the trained lists, so the tail control means the same.
  const vals = ranked.map(([, v]) => v.s);
  const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
  const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / vals.length) || 1;
  return ranked.map(([p, v]) => ({ productId: p, score: (v.s - mean) / sd, popularity: pop.get(p) ?? 0, reason: REASON[v.kind] ?? 'viewed', because: v.because }));
}

/** Rebuilds the lists of customers with new events; returns how many were refreshed and from what (0 when no run exists). */
export async function refreshRecs(db: Database.Database, k = 20): Promise<RefreshResult> {
  const run = latestRecsRun(db);
  if (!run) return { refreshed: 0, source: null };
  const metrics = JSON.parse(run.metrics) as { seen?: SeenIds; transformer?: SavedTransformer | null; tailCut?: number; tailChoice?: { temperature?: number } };
  const seen = metrics.seen ?? { browsing: 0, orderLines: 0 };
  const now = currentSeen(db);
  const customers = (db.prepare(`
    SELECT DISTINCT customer_id AS c FROM browsing_events WHERE id > ? AND customer_id IS NOT NULL AND product_id IS NOT NULL
    UNION SELECT DISTINCT o.customer_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.id > ? AND o.customer_id IS NOT NULL`).all(seen.browsing, seen.orderLines) as { c: number }[]).map((r) => r.c);
  // Scoring (async, TensorFlow.js) happens before the write transaction, which never spans an await.
  const fromSeq = customers.length && metrics.transformer ? await transformerLists(db, run.id, metrics.transformer, metrics.tailCut ?? 0, customers, k, metrics.tailChoice?.temperature) : null;
  const pop = new Map((db.prepare("SELECT product_id AS p, max(popularity) AS n FROM rec_items WHERE run_id = ? AND list = 'customer' GROUP BY product_id").all(run.id) as { p: number; n: number }[]).map((r) => [r.p, r.n]));
  const del = db.prepare("DELETE FROM rec_items WHERE run_id = ? AND list = 'customer' AND subject_id = ?");
  // A refreshed list keeps its customer's personal tail-lift weight from training (1 for a customer new since then).
  const weightOf = db.prepare("SELECT max(lift_weight) AS w FROM rec_items WHERE run_id = ? AND list = 'customer' AND subject_id = ?");
  // The probability form's normaliser comes with the Transformer's lists; the similar-item fallback has none (NULL:
  // read.ts then applies the personal lift to that customer).
  const ins = db.prepare("INSERT INTO rec_items (run_id, list, subject_id, rank, product_id, score, popularity, reason, reason_product_id, lift_weight, log_norm) VALUES (?, 'customer', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  db.transaction(() => {
    for (const c of customers) {
      const list = fromSeq?.get(c) ?? similarList(db, run.id, c, pop, k);
      if (!list.length) continue;
      const w = (weightOf.get(run.id, c) as { w: number | null }).w ?? 1;
      del.run(run.id, c);
      list.forEach((e, r) => ins.run(run.id, c, r + 1, e.productId, e.score, e.popularity, e.reason, e.because, w, e.logNorm ?? null));
    }
    db.prepare('UPDATE model_runs SET metrics = ? WHERE id = ?').run(JSON.stringify({ ...metrics, seen: now }), run.id);
  })();
  return { refreshed: customers.length, source: customers.length ? (fromSeq ? 'transformer' : 'similar') : null };
}
