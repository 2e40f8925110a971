/**
 * Visual search: crop the photo (picked box, else the main detected object, else the whole image), embed it, rank the
 * catalogue by cosine. Detection and embedding run in the visual-search worker thread (query/client.ts).
 */
import type Database from 'better-sqlite3';
import { both, EngineError } from '../errors';
import type { Lang } from '../i18n';
import { imageError, imageTroubleOf } from '../io/image-file';
import { closeness, REST, sameProductLevel, type Closeness } from './close-match';
import { isPlainImage, probeImage, QUERY_LIMITS, type Box } from './decode';
import type { Detection } from './detect';
import { productStock } from '../db/queries/inventory';
import { getSetting } from '../db/queries/settings';
import { activeBackbone, blobToVector, loadStoredVectors } from './embeddings';
import { coEdges, type CoEdge } from './graph/cograph';
import { activeHead, fillHeadVectors, headTag, type ActiveHead } from './head';
import { GRAPH_WEIGHT_SETTING, POOL_FACTOR, rerank, storedGraphWeight, type Neighbour } from './graph/rerank';
import { VectorIndex } from './index/ann';
import { indexFileFor } from './index/build';
import { visionMessages } from './messages';
import { embedInWorker } from './query/client';
import { embedQuery, UNDECODABLE } from './query/embed';

/** One similar product. */
export interface VisualMatch {
  productId: number;
  sku: string;
  titleEn: string | null;
  titleZh: string | null;
  price: number | null;
  currency: string;
  onHand: number | null;
  imageId: number;
  /** Visual similarity: cosine between the query and the product's closest image. */
  score: number;
  /** Searching by a product: how the store's history links the two (sessions and orders together, graph similarity). */
  together: { sessions: number; orders: number; graph: number } | null;
}

/** What a search returns. */
export interface VisualSearchResult {
  width: number;
  height: number;
  boxes: Detection[];
  crop: Box;
  cropSource: 'picked' | 'detected' | 'whole';
  backbone: string;
  approximate: boolean;
  indexed: number;
  matches: VisualMatch[];
  /** Weight of the co-view / co-purchase graph in the order (0: visual order; searches by photo have no graph). */
  graphWeight: number;
  /** The fine-tuned head the search ran through (its run and mix), or null for the backbone alone. */
  head: { runId: string; mix: number } | null;
  /**
   * A search by photo: false when nothing in the catalogue is close (the matches are only the nearest products), true
   * when the best match is close; null for a search by product (the product itself is in the catalogue).
   */
  closeMatch: boolean | null;
  /** What `closeMatch` was decided on (close-match.ts), or null. */
  closeness: Closeness | null;
  ms: number;
}

interface StoreIndex {
  index: VectorIndex;
  product: Map<number, number | null>;
  /** Most images any one product has (how many hits a product-level search must read). */
  perProduct: number;
  /** How alike two photos of one product of this store are (close-match.ts). */
  level: number;
  /** Products with an indexed photo. */
  products: number;
}

const indexCache = new Map<string, StoreIndex & { stamp: string }>();

function storeIndex(db: Database.Database, storePath: string, backbone: string): StoreIndex {
  const st = db.prepare('SELECT count(*) AS n, max(image_id) AS m FROM image_embeddings WHERE backbone = ?').get(backbone) as { n: number; m: number | null };
  const stamp = `${st.n}:${st.m}`;
  const key = `${storePath}|${backbone}`;
  const hit = indexCache.get(key);
  if (hit && hit.stamp === stamp) return hit;
  const s = loadStoredVectors(db, backbone);
  const { index } = VectorIndex.fromVectors(s.dim || 1, s.imageIds, s.vectors, indexFileFor(storePath, backbone));
  const product = new Map(s.imageIds.map((id, i) => [id, s.productIds[i]]));
  const counts = new Map<number, number>();
  let perProduct = 1;
  for (const p of s.productIds) {
    if (p === null) continue;
    const n = (counts.get(p) ?? 0) + 1;
    counts.set(p, n);
    if (n > perProduct) perProduct = n;
  }
  const entry = { stamp, index, product, perProduct, level: sameProductLevel(s.productIds, s.vectors), products: counts.size };
  indexCache.set(key, entry);
  return entry;
}

/**
 * What a search reads: the backbone named by the caller as is, else the store's active backbone, through its
 * fine-tuned head when the fine-tuning job kept one (its vectors filled for images indexed since).
 */
function searchSpace(db: Database.Database, named: string | undefined): { base: string; space: string; head: ActiveHead | null } {
  const base = named ?? activeBackbone(db);
  const head = named ? null : activeHead(db, base);
  if (head) fillHeadVectors(db, head);
  return { base, space: head ? headTag(head) : base, head };
}

const headInfo = (h: ActiveHead | null): VisualSearchResult['head'] => (h ? { runId: h.runId, mix: h.mix } : null);

/** A visual neighbour with the image of it that matched best. */
type ImageNeighbour = Neighbour & { imageId: number };

/** Products closest to any of the query vectors (each product scored by its best image), best first, without `exclude`. */
function nearestProducts(ix: StoreIndex, queries: readonly Float32Array[], n: number, exclude?: number): ImageNeighbour[] {
  const best = new Map<number, { imageId: number; score: number }>();
  // Enough image hits that `n` products survive even when every product has several images.
  const want = Math.min(ix.index.size, (n + 1) * ix.perProduct + n);
  for (const q of queries) {
    for (const h of ix.index.search(q, want)) {
      const pid = ix.product.get(h.key);
      if (pid === null || pid === undefined || pid === exclude) continue;
      const had = best.get(pid);
      if (!had || h.score > had.score) best.set(pid, { imageId: h.key, score: h.score });
    }
  }
  return [...best.entries()].map(([productId, b]) => ({ productId, score: b.score, imageId: b.imageId })).sort((a, b) => b.score - a.score || a.productId - b.productId).slice(0, n);
}

function describe(db: Database.Database, shown: readonly (ImageNeighbour & { edge?: CoEdge })[]): VisualMatch[] {
  const info = db.prepare(
    'SELECT p.id, p.sku, p.title_en AS titleEn, p.title_zh AS titleZh, p.price, p.currency FROM products p WHERE p.id = ?',
  );
  return shown.map((m) => {
    const r = info.get(m.productId) as Omit<VisualMatch, 'productId' | 'imageId' | 'score' | 'together' | 'onHand'> & { id: number };
    // The stock Inventory shows: each warehouse's latest count, summed.
    const onHand = productStock(db, m.productId)?.onHand ?? null;
    const together = m.edge ? { sessions: m.edge.sessions, orders: m.edge.orders, graph: Math.round(m.edge.graph * 1e4) / 1e4 } : null;
    return { productId: m.productId, sku: r.sku, titleEn: r.titleEn, titleZh: r.titleZh, price: r.price, currency: r.currency, onHand, imageId: m.imageId, score: Math.round(m.score * 1e4) / 1e4, together };
  });
}

/** Nothing indexed: no photos to index at all, or photos not indexed yet. */
function noIndex(db: Database.Database, lang: Lang): EngineError {
  const photos = (db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n;
  // Both languages: the search screen keeps the refusal across a language switch.
  return new EngineError('user_error', both(visionMessages, photos === 0 ? 'no_photos' : 'no_index'), undefined, lang);
}

/** Searches the store's indexed images for products that look like `image`. */
export async function visualSearch(db: Database.Database, storePath: string, image: Buffer, opts: { k: number; box?: Box; detect?: boolean; backbone?: string; lang: Lang; file?: string; inline?: boolean }): Promise<VisualSearchResult> {
  const t0 = performance.now();
  const { base, space: backbone, head } = searchSpace(db, opts.backbone);
  let meta: { width: number; height: number };
  const file = opts.file ?? 'image';
  try {
    meta = await probeImage(image);
  } catch (e) {
    throw imageError(await imageTroubleOf(e, image, QUERY_LIMITS), file, opts.lang);
  }
  const ix = storeIndex(db, storePath, backbone);
  if (ix.index.size === 0) throw noIndex(db, opts.lang);
  // A blank photo found a dozen products '68% alike' (more alike than a real photo's best match): said instead. Pixels
  // that do not decode are left to the embedding below, which names them damaged.
  if (!opts.box && (await isPlainImage(image).catch(() => false))) throw imageError({ kind: 'plain' }, file, opts.lang);
  // The CNNs run for hundreds of milliseconds per photo: off this thread, unless a caller asks for it here (tests).
  let q: Awaited<ReturnType<typeof embedQuery>>;
  try {
    q = opts.inline
      ? await embedQuery(image, { backbone: base, box: opts.box, detect: opts.detect, ...(head ? { head } : {}) })
      : await embedInWorker(image, { backbone: base, box: opts.box, detect: opts.detect, ...(head ? { head } : {}) }, opts.lang);
  } catch (e) {
    const d = e instanceof EngineError ? (e.details as { problem?: string; reason?: string } | undefined) : undefined;
    // The header read but the pixels did not (a truncated JPEG).
    if (d?.problem === UNDECODABLE) throw imageError(await imageTroubleOf(new Error(d.reason ?? ''), image, QUERY_LIMITS), file, opts.lang);
    throw e;
  }
  const { boxes, crop, cropSource } = q;
  // The next REST products after the best tell whether it stands out, however few are shown.
  const near = nearestProducts(ix, [q.vector], Math.max(opts.k, REST + 1));
  const close = closeness(near.map((n) => n.score), ix.level, ix.products);
  const matches = describe(db, near.slice(0, opts.k));
  return { width: meta.width, height: meta.height, boxes, crop, cropSource, backbone, approximate: ix.index.approximate, indexed: ix.index.size, matches, graphWeight: 0, head: headInfo(head), closeMatch: close ? close.close : null, closeness: close, ms: Math.round(performance.now() - t0) };
}

/**
 * Products that look like a product: every stored vector of its images is searched (each candidate scored by its best
 * pair of images), then the POOL_FACTOR × k visual neighbours are re-ranked by `visual + weight × graph` over the
 * store's co-view and co-purchase history. A product whose images have no vector yet is embedded on the fly.
 */
export async function productSearch(db: Database.Database, storePath: string, productId: number, opts: { k: number; lang: Lang; graphWeight?: number; backbone?: string }): Promise<VisualSearchResult> {
  const t0 = performance.now();
  const { base, space: backbone, head } = searchSpace(db, opts.backbone);
  const images = db.prepare('SELECT id, width, height FROM images WHERE product_id = ? ORDER BY id').all(productId) as { id: number; width: number | null; height: number | null }[];
  if (!images.length) throw new EngineError('not_found', both(visionMessages, 'no_product_image', { id: productId }), { productId }, opts.lang);
  const ix = storeIndex(db, storePath, backbone);
  if (ix.index.size === 0) throw noIndex(db, opts.lang);
  const stored = db.prepare('SELECT e.vector AS v FROM image_embeddings e JOIN images i ON i.id = e.image_id WHERE i.product_id = ? AND e.backbone = ? ORDER BY e.image_id').all(productId, backbone) as { v: Buffer }[];
  const firstBytes = (): Buffer => (db.prepare('SELECT bytes FROM images WHERE id = ?').get(images[0].id) as { bytes: Buffer }).bytes;
  const queries = stored.length ? stored.map((r) => blobToVector(r.v)) : [(await embedInWorker(firstBytes(), { backbone: base, detect: false, ...(head ? { head } : {}) }, opts.lang)).vector];
  const weight = opts.graphWeight ?? storedGraphWeight(getSetting<unknown>(db, GRAPH_WEIGHT_SETTING, null));
  const pool = nearestProducts(ix, queries, POOL_FACTOR * opts.k, productId);
  const edges = coEdges(db, productId, pool.map((p) => p.productId));
  const imageOf = new Map(pool.map((p) => [p.productId, p.imageId]));
  const shown = rerank(pool, edges, weight, opts.k).map((r) => ({ ...r, imageId: imageOf.get(r.productId) ?? 0 }));
  const first = images[0];
  const w = first.width ?? 0, h = first.height ?? 0;
  return { width: w, height: h, boxes: [], crop: { x: 0, y: 0, w, h }, cropSource: 'whole', backbone, approximate: ix.index.approximate, indexed: ix.index.size, matches: describe(db, shown), graphWeight: weight, head: headInfo(head), closeMatch: null, closeness: null, ms: Math.round(performance.now() - t0) };
}
