/**
 * Measures graph re-ranking on a store's own later history: the graph is read from data before a cutoff, and each
 * product's re-ranked visual neighbours are scored against the products bought (or viewed) with it after the cutoff.
 */
import type Database from 'better-sqlite3';
import { loadStoredVectors } from '../embeddings';
import { productNeighbours, vectorsByProduct } from '../product-neighbours';
import { coEdges } from './cograph';
import { POOL_FACTOR, rerank } from './rerank';

/** A time split: the graph sees history before `graphBefore`; targets are pairs from [`from`, `to`). */
export interface GraphWindow {
  graphBefore: string;
  from: string;
  to: string;
}

/** One weight's result on one window. */
export interface GraphEvalRow {
  weight: number;
  /** Anchor products with at least one product bought with them in the window / viewed with them. */
  anchorsBought: number;
  anchorsViewed: number;
  /** Share of the k shown neighbours that were bought in one order with the anchor in the window. */
  boughtTogether: number;
  /** Share of the k shown neighbours viewed in one session with the anchor in the window. */
  viewedTogether: number;
  /** Mean visual cosine of the k shown neighbours (what re-ranking gives up). */
  meanVisual: number;
  /** Share of the pure visual top k still shown. */
  keptVisual: number;
  /** Mean per-anchor change of boughtTogether / viewedTogether against weight 0, and its standard error. */
  boughtGain: number;
  boughtGainSe: number;
  viewedGain: number;
  viewedGainSe: number;
}

function meanSe(xs: readonly number[]): [number, number] {
  if (!xs.length) return [0, 0];
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1);
  return [m, Math.sqrt(v / xs.length)];
}

function pairs(db: Database.Database, sql: string, from: string, to: string): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const r of db.prepare(sql).all(from, to) as { a: number; b: number }[]) {
    const s = out.get(r.a) ?? new Set<number>();
    s.add(r.b);
    out.set(r.a, s);
  }
  return out;
}

/** Products bought in one order with each product, in [from, to). */
export function boughtPairs(db: Database.Database, from: string, to: string): Map<number, Set<number>> {
  return pairs(
    db,
    `SELECT DISTINCT l1.product_id AS a, l2.product_id AS b FROM orders o JOIN order_lines l1 ON l1.order_id = o.id JOIN order_lines l2 ON l2.order_id = o.id
      WHERE o.ordered_at >= ? AND o.ordered_at < ? AND l1.product_id <> l2.product_id`,
    from,
    to,
  );
}

/** Products viewed in one session with each product, in [from, to). */
export function viewedPairs(db: Database.Database, from: string, to: string): Map<number, Set<number>> {
  return pairs(
    db,
    `SELECT DISTINCT b1.product_id AS a, b2.product_id AS b FROM browsing_events b1 JOIN browsing_events b2 ON b2.session_id = b1.session_id
      WHERE b1.ts >= ? AND b1.ts < ? AND b1.product_id IS NOT NULL AND b2.product_id IS NOT NULL AND b1.product_id <> b2.product_id
        AND b1.kind IN ('view', 'cart', 'purchase') AND b2.kind IN ('view', 'cart', 'purchase')`,
    from,
    to,
  );
}

/** Scores each weight (the first must be 0) on one window: k neighbours shown per anchor product, re-ranked from POOL_FACTOR × k. */
export function evaluateGraphRerank(db: Database.Database, backbone: string, win: GraphWindow, weights: readonly number[], k = 10, onAnchor?: (done: number, total: number) => void): GraphEvalRow[] {
  const byProduct = vectorsByProduct(loadStoredVectors(db, backbone));
  const bought = boughtPairs(db, win.from, win.to);
  const viewed = viewedPairs(db, win.from, win.to);
  const anchors = [...byProduct.keys()].filter((p) => bought.has(p) || viewed.has(p));
  const sums = weights.map(() => ({ bought: [] as number[], viewed: [] as number[], visual: 0, kept: 0 }));
  for (const [n, a] of anchors.entries()) {
    if (n % 10 === 0) onAnchor?.(n, anchors.length);
    const pool = productNeighbours(byProduct, a, POOL_FACTOR * k);
    const edges = coEdges(db, a, pool.map((n) => n.productId), { before: win.graphBefore });
    const pureTop = new Set(pool.slice(0, k).map((n) => n.productId));
    const b = bought.get(a), v = viewed.get(a);
    weights.forEach((w, i) => {
      const shown = rerank(pool, edges, w, k);
      const n = Math.max(1, shown.length);
      if (b) sums[i].bought.push(shown.filter((s) => b.has(s.productId)).length / n);
      if (v) sums[i].viewed.push(shown.filter((s) => v.has(s.productId)).length / n);
      sums[i].visual += shown.reduce((t, s) => t + s.score, 0) / n;
      sums[i].kept += shown.filter((s) => pureTop.has(s.productId)).length / n;
    });
  }
  const nb = sums[0]?.bought.length ?? 0, nv = sums[0]?.viewed.length ?? 0;
  const gain = (xs: number[], base: number[]): [number, number] => meanSe(xs.map((x, j) => x - base[j]));
  return weights.map((w, i) => {
    const [boughtGain, boughtGainSe] = gain(sums[i].bought, sums[0].bought);
    const [viewedGain, viewedGainSe] = gain(sums[i].viewed, sums[0].viewed);
    return {
      weight: w,
      anchorsBought: nb,
      anchorsViewed: nv,
      boughtTogether: meanSe(sums[i].bought)[0],
      viewedTogether: meanSe(sums[i].viewed)[0],
      meanVisual: sums[i].visual / Math.max(1, anchors.length),
      keptVisual: sums[i].kept / Math.max(1, anchors.length),
      boughtGain, boughtGainSe, viewedGain, viewedGainSe,
    };
  });
}

/**
 * The weight a dev window supports: among weights whose gain over the visual order is more than two standard errors
 * (paired over anchor products), the best by `metric`, a smaller weight within 2 % (relative) of it winning; 0 when no
 * weight clearly helps, so the graph only reorders results where it was measured to help.
 */
export function chooseWeight(rows: readonly GraphEvalRow[], metric: 'bought' | 'viewed'): number {
  const val = (r: GraphEvalRow): number => (metric === 'bought' ? r.boughtTogether : r.viewedTogether);
  const helps = rows.filter((r) => r.weight > 0 && (metric === 'bought' ? r.boughtGain > 2 * r.boughtGainSe && r.boughtGain > 0 : r.viewedGain > 2 * r.viewedGainSe && r.viewedGain > 0));
  if (!helps.length) return 0;
  const best = Math.max(...helps.map(val));
  return [...helps].sort((a, b) => a.weight - b.weight).find((r) => val(r) >= best * 0.98)?.weight ?? 0;
}
