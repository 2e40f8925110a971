/**
 * Visual search: crop the photo (picked box, else the main detected object, else the whole image), embed it, rank the
 * catalogue by cosine. Detection and embedding run in the visual-search worker thread (query/client.ts).
 */
import type Database from 'better-sqlite3';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { probeImage, type Box } from './decode';
import type { Detection } from './detect';
import { activeBackbone, loadStoredVectors } from './embeddings';
import { VectorIndex } from './index/ann';
import { indexFileFor } from './index/build';
import { visionMessages } from './messages';
import { embedInWorker } from './query/client';
import { embedQuery } from './query/embed';

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
  score: number;
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
  ms: number;
}

const indexCache = new Map<string, { stamp: string; index: VectorIndex; product: Map<number, number | null> }>();

function storeIndex(db: Database.Database, storePath: string, backbone: string): { index: VectorIndex; product: Map<number, number | null> } {
  const st = db.prepare('SELECT count(*) AS n, max(image_id) AS m FROM image_embeddings WHERE backbone = ?').get(backbone) as { n: number; m: number | null };
  const stamp = `${st.n}:${st.m}`;
  const key = `${storePath}|${backbone}`;
  const hit = indexCache.get(key);
  if (hit && hit.stamp === stamp) return hit;
  const s = loadStoredVectors(db, backbone);
  const { index } = VectorIndex.fromVectors(s.dim || 1, s.imageIds, s.vectors, indexFileFor(storePath, backbone));
  const product = new Map(s.imageIds.map((id, i) => [id, s.productIds[i]]));
  const entry = { stamp, index, product };
  indexCache.set(key, entry);
  return entry;
}

/** Searches the store's indexed images for products that look like `image`. */
export async function visualSearch(db: Database.Database, storePath: string, image: Buffer, opts: { k: number; box?: Box; detect?: boolean; backbone?: string; lang: Lang; file?: string; inline?: boolean }): Promise<VisualSearchResult> {
  const t0 = performance.now();
  const backbone = opts.backbone ?? activeBackbone(db);
  let meta: { width: number; height: number };
  try {
    meta = await probeImage(image);
  } catch (e) {
    throw new EngineError('user_error', tr(visionMessages, opts.lang, 'image_unreadable', { file: opts.file ?? 'image', reason: (e as Error).message.split('\n')[0] }));
  }
  const { index, product } = storeIndex(db, storePath, backbone);
  if (index.size === 0) throw new EngineError('user_error', tr(visionMessages, opts.lang, 'no_index'));
  // The CNNs run for hundreds of milliseconds per photo: off this thread, unless a caller asks for it here (tests).
  const q = opts.inline
    ? await embedQuery(image, { backbone, box: opts.box, detect: opts.detect })
    : await embedInWorker(image, { backbone, box: opts.box, detect: opts.detect }, opts.lang);
  const { boxes, crop, cropSource } = q;
  // Several images may belong to one product: take more neighbours and keep each product's best.
  const hits = index.search(q.vector, Math.min(index.size, opts.k * 4));
  const best = new Map<number, { imageId: number; score: number }>();
  for (const h of hits) {
    const pid = product.get(h.key);
    if (pid === null || pid === undefined || best.has(pid)) continue;
    best.set(pid, { imageId: h.key, score: h.score });
  }
  const top = [...best.entries()].slice(0, opts.k);
  const info = db.prepare(
    `SELECT p.id, p.sku, p.title_en AS titleEn, p.title_zh AS titleZh, p.price, p.currency,
            (SELECT sum(i.on_hand) FROM inventory i WHERE i.product_id = p.id AND i.date = (SELECT max(date) FROM inventory j WHERE j.product_id = p.id AND j.location_id = i.location_id)) AS onHand
       FROM products p WHERE p.id = ?`,
  );
  const matches = top.map(([pid, b]) => {
    const r = info.get(pid) as Omit<VisualMatch, 'productId' | 'imageId' | 'score'> & { id: number };
    return { productId: pid, sku: r.sku, titleEn: r.titleEn, titleZh: r.titleZh, price: r.price, currency: r.currency, onHand: r.onHand, imageId: b.imageId, score: Math.round(b.score * 1e4) / 1e4 };
  });
  return { width: meta.width, height: meta.height, boxes, crop, cropSource, backbone, approximate: index.approximate, indexed: index.size, matches, ms: Math.round(performance.now() - t0) };
}
