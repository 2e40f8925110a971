/**
 * Near-duplicate listings: image pairs of different products whose perceptual hashes are close or whose embeddings
 * nearly coincide, and whose object colours agree (nearly identical colours when the products' categories differ).
 */
import type Database from 'better-sqlite3';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { colourAgreement, colourSignature, coloursAgree, type ColourAgreement, type ColourSignature } from './duplicate-colour';
import { visionMessages } from './messages';
import { makeThumbnail } from './decode';
import { activeBackbone, loadStoredVectors } from './embeddings';
import { VectorIndex } from './index/ann';
import { hamming, phash } from './phash';

/** Most differing pHash bits for a pair to count as a near duplicate (of 64). */
export const PHASH_MAX_DISTANCE = 6;
/** Least cosine similarity of embeddings for a pair to count as a near duplicate. */
export const EMBEDDING_MIN_SIMILARITY = 0.97;

/** One likely duplicate pair. */
export interface DuplicatePair {
  imageA: number;
  imageB: number;
  productA: number;
  productB: number;
  skuA: string;
  skuB: string;
  /** The two products' titles (either may be missing), so a card can name them in the reader's language. */
  titleEnA: string | null;
  titleZhA: string | null;
  titleEnB: string | null;
  titleZhB: string | null;
  phashDistance: number;
  similarity: number | null;
  reason: 'phash' | 'embedding' | 'both';
  /** How alike the two pictures' object colours are (a pair is listed only when they agree). */
  colour: ColourAgreement;
}

/**
 * Adds a thumbnail and pHash to images that have none (the demo writes images without them), reporting each one done
 * (the demo's 903 photos take half a minute, which the index build showed as 'starting') and stopping when cancelled.
 */
export async function fillThumbnails(db: Database.Database, hooks: { progress?(done: number, total: number): void; checkCancelled?(): void } = {}): Promise<number> {
  const ids = (db.prepare('SELECT id FROM images WHERE id NOT IN (SELECT image_id FROM image_thumbs) ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  if (!ids.length) return 0;
  const read = db.prepare('SELECT bytes FROM images WHERE id = ?');
  const ins = db.prepare("INSERT OR REPLACE INTO image_thumbs (image_id, mime, bytes, phash) VALUES (?, 'image/jpeg', ?, ?)");
  hooks.progress?.(0, ids.length);
  for (let i = 0; i < ids.length; i++) {
    hooks.checkCancelled?.();
    // One image's bytes at a time: a store of large photos is not held in memory at once.
    const bytes = (read.get(ids[i]) as { bytes: Buffer }).bytes;
    const [t, h] = await Promise.all([makeThumbnail(bytes), phash(bytes)]);
    ins.run(ids[i], t, h);
    hooks.progress?.(i + 1, ids.length);
  }
  return ids.length;
}

/**
 * Likely duplicate listings, most similar first: one entry per pair of different products (their closest pair of
 * images, when each has several), excluding product pairs the merchant dismissed (through any of their images). An
 * image pair counts only when its object colours agree (`coloursAgree`): a close hash or embedding alone lists red and
 * grey versions of one design, or red trousers beside a black phone case of the same outline.
 */
export async function findDuplicates(db: Database.Database, opts: { limit?: number } = {}): Promise<DuplicatePair[]> {
  const rows = db.prepare('SELECT i.id, i.product_id AS pid, p.sku, p.category, t.phash FROM images i JOIN image_thumbs t ON t.image_id = i.id JOIN products p ON p.id = i.product_id ORDER BY i.id').all() as { id: number; pid: number; sku: string; category: string | null; phash: string }[];
  const productKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);
  const dismissed = new Set(
    (db.prepare('SELECT a.product_id AS pa, b.product_id AS pb FROM image_duplicates_dismissed d JOIN images a ON a.id = d.image_a JOIN images b ON b.id = d.image_b').all() as { pa: number | null; pb: number | null }[])
      .filter((d) => d.pa !== null && d.pb !== null)
      .map((d) => productKey(d.pa as number, d.pb as number)),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Candidate image pairs of different, not dismissed products: by hash and by embedding.
  const candidates: { a: number; b: number; dist: number; sim: number | null; reason: 'phash' | 'embedding' }[] = [];
  const consider = (a: number, b: number, dist: number, sim: number | null, reason: 'phash' | 'embedding'): void => {
    const ra = byId.get(a), rb = byId.get(b);
    if (!ra || !rb || ra.pid === rb.pid || dismissed.has(productKey(ra.pid, rb.pid))) return;
    candidates.push({ a: Math.min(a, b), b: Math.max(a, b), dist, sim, reason });
  };
  // pHash: 64-bit hashes as two 32-bit halves; pairwise popcount is fast enough for tens of thousands of images.
  const hi = Uint32Array.from(rows.map((r) => Number.parseInt(r.phash.slice(0, 8), 16)));
  const lo = Uint32Array.from(rows.map((r) => Number.parseInt(r.phash.slice(8), 16)));
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const d = popcount(hi[i] ^ hi[j]) + popcount(lo[i] ^ lo[j]);
      if (d <= PHASH_MAX_DISTANCE) consider(rows[i].id, rows[j].id, d, null, 'phash');
    }
  }
  const s = loadStoredVectors(db, activeBackbone(db));
  if (s.vectors.length > 1) {
    const { index } = VectorIndex.fromVectors(s.dim, s.imageIds, s.vectors);
    s.imageIds.forEach((id, i) => {
      for (const h of index.search(s.vectors[i], 6)) {
        if (h.key !== id && h.score >= EMBEDDING_MIN_SIMILARITY) {
          const ra = byId.get(id), rb = byId.get(h.key);
          consider(id, h.key, ra && rb ? hamming(ra.phash, rb.phash) : 64, h.score, 'embedding');
        }
      }
    });
  }
  // Object colours, read from the thumbnails of the candidates only.
  const thumb = db.prepare('SELECT bytes FROM image_thumbs WHERE image_id = ?').pluck();
  const sigs = new Map<number, ColourSignature | null>();
  for (const id of new Set(candidates.flatMap((c) => [c.a, c.b]))) {
    // A thumbnail that cannot be decoded any more has no colour to agree on: its pairs are not listed.
    sigs.set(id, await colourSignature(thumb.get(id) as Buffer).catch(() => null));
  }
  const pairs = new Map<string, Omit<DuplicatePair, 'titleEnA' | 'titleZhA' | 'titleEnB' | 'titleZhB'>>();
  const closer = (p: Pick<DuplicatePair, 'phashDistance' | 'similarity'>, dist: number, sim: number | null): boolean => dist < p.phashDistance || (dist === p.phashDistance && (sim ?? 0) > (p.similarity ?? 0));
  for (const { a: x, b: y, dist, sim, reason } of candidates) {
    const ra = byId.get(x) as (typeof rows)[number], rb = byId.get(y) as (typeof rows)[number];
    const sa = sigs.get(x), sb = sigs.get(y);
    if (!sa || !sb) continue;
    const colour = colourAgreement(sa, sb);
    if (!coloursAgree(colour, ra.category === rb.category)) continue;
    const key = productKey(ra.pid, rb.pid);
    const old = pairs.get(key);
    if (old) {
      old.reason = old.reason === reason ? reason : 'both';
      if (old.imageA === x && old.imageB === y) old.similarity = sim ?? old.similarity;
      else if (closer(old, dist, sim)) Object.assign(old, { imageA: x, imageB: y, productA: ra.pid, productB: rb.pid, skuA: ra.sku, skuB: rb.sku, phashDistance: dist, similarity: sim, colour });
      continue;
    }
    pairs.set(key, { imageA: x, imageB: y, productA: ra.pid, productB: rb.pid, skuA: ra.sku, skuB: rb.sku, phashDistance: dist, similarity: sim, reason, colour });
  }
  const title = db.prepare('SELECT title_en AS en, title_zh AS zh FROM products WHERE id = ?');
  return [...pairs.values()]
    .sort((a, b) => a.phashDistance - b.phashDistance || (b.similarity ?? 0) - (a.similarity ?? 0))
    .slice(0, opts.limit ?? 500)
    .map((p) => {
      const a = title.get(p.productA) as { en: string | null; zh: string | null };
      const b = title.get(p.productB) as { en: string | null; zh: string | null };
      return { ...p, titleEnA: a.en, titleZhA: a.zh, titleEnB: b.en, titleZhB: b.zh };
    });
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Records that a pair is not a duplicate, so neither it nor any other image pair of the same two products is listed. */
export function dismissDuplicate(db: Database.Database, a: number, b: number, lang: Lang = 'en'): void {
  const [x, y] = a < b ? [a, b] : [b, a];
  const has = db.prepare('SELECT 1 FROM images WHERE id = ?').pluck();
  if (x === y) throw new EngineError('user_error', tr(visionMessages, lang, 'same_image', { id: x }), { imageId: x });
  for (const id of [x, y]) if (!has.get(id)) throw new EngineError('not_found', tr(visionMessages, lang, 'no_image', { id }), { imageId: id });
  db.prepare('INSERT OR IGNORE INTO image_duplicates_dismissed (image_a, image_b, dismissed_at) VALUES (?, ?, ?)').run(x, y, new Date().toISOString());
}
