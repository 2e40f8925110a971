/** Re-ranks a product's visual neighbours by blending visual similarity with the co-view / co-purchase graph. */
import type { CoEdge } from './cograph';

/** Default weight of the graph in `visual + weight × graph`, chosen on a dev split of the demo store (README "Visual search"). */
export const DEFAULT_GRAPH_WEIGHT = 0;
/** Settings key of the merchant's own weight. */
export const GRAPH_WEIGHT_SETTING = 'vision.graphWeight';
/** How many visual neighbours (a multiple of the results asked for) the graph may reorder. */
export const POOL_FACTOR = 3;

/** A visual neighbour: product and its cosine similarity to the query. */
export interface Neighbour {
  productId: number;
  score: number;
}

/** A neighbour after re-ranking: visual score, graph edge and the blended rank score. */
export interface Reranked extends Neighbour {
  edge: CoEdge;
  rankScore: number;
}

const NONE: CoEdge = { sessions: 0, orders: 0, graph: 0 };

/** Orders `pool` by `score + weight × graph` (ties keep the visual order) and keeps the first `k`. */
export function rerank(pool: readonly Neighbour[], edges: ReadonlyMap<number, CoEdge>, weight: number, k: number): Reranked[] {
  return pool
    .map((n, i) => {
      const edge = edges.get(n.productId) ?? NONE;
      return { ...n, edge, rankScore: n.score + weight * edge.graph, i };
    })
    .sort((a, b) => b.rankScore - a.rankScore || a.i - b.i)
    .slice(0, k)
    .map(({ i: _i, ...r }) => r);
}

/** The weight stored in settings, or the default when unset or not a number from 0 to 1 (settings.set takes any value). */
export function storedGraphWeight(value: unknown): number {
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : DEFAULT_GRAPH_WEIGHT;
}
