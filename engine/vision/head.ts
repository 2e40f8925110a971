/**
 * The fine-tuned projection head a store's visual search uses: set by the fine-tuning job only when the head beat the
 * backbone on the merchant's own held-out product photos (never on augmented views alone, which flatter it), cleared
 * when a later run does not. Search-only: duplicates and the product vectors recommendations read stay on the backbone.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { getSetting, setSetting } from '../db/queries/settings';
import { log } from '../log';
import { blobToVector } from './embeddings';

/** Settings key of the active head. */
export const HEAD_SETTING = 'images.head';

/** The head search uses: its run, the backbone it was trained for, its shape, mix and weights file. */
export interface ActiveHead {
  runId: string;
  backbone: string;
  inDim: number;
  outDim: number;
  mix: number;
  file: string;
}

/** The name stored vectors of a head are tagged with (migration 007: '+ft<run>'). */
export function headTag(h: Pick<ActiveHead, 'backbone' | 'runId'>): string {
  return `${h.backbone}+ft${h.runId.slice(0, 8)}`;
}

function valid(v: unknown): v is ActiveHead {
  const h = v as ActiveHead | null;
  return !!h && typeof h.runId === 'string' && typeof h.backbone === 'string' && typeof h.file === 'string'
    && Number.isInteger(h.inDim) && Number.isInteger(h.outDim) && h.inDim > 0 && h.outDim > 0 && typeof h.mix === 'number' && h.mix > 0 && h.mix <= 1;
}

/**
 * The store's active head for `backbone`, or null. A missing or damaged weights file is reported in the log and
 * ignored (search falls back to the backbone), never fatal.
 */
export function activeHead(db: Database.Database, backbone: string): ActiveHead | null {
  const h = getSetting<unknown>(db, HEAD_SETTING, null);
  if (!valid(h) || h.backbone !== backbone) return null;
  const bytes = h.inDim * h.outDim * 4;
  if (!existsSync(h.file) || statSync(h.file).size !== bytes) {
    log.warn({ file: h.file, expectedBytes: bytes }, 'fine-tuned head file missing or damaged; search uses the backbone');
    return null;
  }
  return h;
}

/** Makes `h` the head search uses (or clears it), and drops vectors stored for any other head. */
export function setActiveHead(db: Database.Database, h: ActiveHead | null): void {
  db.transaction(() => {
    setSetting(db, HEAD_SETTING, h);
    db.prepare("DELETE FROM image_embeddings WHERE backbone LIKE '%+ft%' AND backbone <> ?").run(h ? headTag(h) : '');
  })();
}

const heads = new Map<string, { w: Float32Array; at: number }>();

/** The head's weights (read once per file and modification time). */
function weightsOf(h: ActiveHead): Float32Array {
  const at = statSync(h.file).mtimeMs;
  const hit = heads.get(h.file);
  if (hit && hit.at === at) return hit.w;
  const b = readFileSync(h.file);
  const w = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  heads.set(h.file, { w, at });
  return w;
}

/**
 * Projects vectors through the head: the backbone vector scaled by √(1 − mix) beside its L2-normalised projection
 * scaled by √mix, normalised (what ProjectionHead.apply computes, in plain arithmetic: no tensor library on this thread).
 */
export function projectThroughHead(h: ActiveHead, vectors: readonly Float32Array[]): Float32Array[] {
  const W = weightsOf(h);
  const { inDim, outDim } = h;
  const a = Math.sqrt(1 - h.mix);
  const b = Math.sqrt(h.mix);
  return vectors.map((v) => {
    const z = new Float64Array(outDim);
    for (let i = 0; i < inDim; i++) {
      const x = v[i];
      if (x === 0) continue;
      const row = i * outDim;
      for (let j = 0; j < outDim; j++) z[j] += x * W[row + j];
    }
    let zn = 0;
    for (let j = 0; j < outDim; j++) zn += z[j] * z[j];
    zn = Math.sqrt(zn) + 1e-12;
    const out = new Float32Array(inDim + outDim);
    let n = 0;
    for (let i = 0; i < inDim; i++) n += (out[i] = a * v[i]) ** 2;
    for (let j = 0; j < outDim; j++) n += (out[inDim + j] = (b * z[j]) / zn) ** 2;
    const k = 1 / (Math.sqrt(n) || 1);
    for (let i = 0; i < out.length; i++) out[i] *= k;
    return out;
  });
}

/**
 * Stores the head's vector of every image that has a backbone vector but none under the head's tag yet (images
 * imported or re-indexed since), so the head's index covers what the backbone's does. Returns how many were added.
 */
export function fillHeadVectors(db: Database.Database, h: ActiveHead): number {
  const tag = headTag(h);
  const missing = db.prepare(
    'SELECT e.image_id AS id, e.vector AS v FROM image_embeddings e WHERE e.backbone = ? AND e.image_id NOT IN (SELECT image_id FROM image_embeddings WHERE backbone = ?) ORDER BY e.image_id',
  ).all(h.backbone, tag) as { id: number; v: Buffer }[];
  if (!missing.length) return 0;
  const ins = db.prepare('INSERT OR REPLACE INTO image_embeddings (image_id, backbone, dim, vector, created_at) VALUES (?, ?, ?, ?, ?)');
  const now = new Date().toISOString();
  for (let i = 0; i < missing.length; i += 512) {
    const part = missing.slice(i, i + 512);
    const out = projectThroughHead(h, part.map((r) => blobToVector(r.v)));
    db.transaction(() => part.forEach((r, k) => ins.run(r.id, tag, out[k].length, Buffer.from(out[k].buffer, out[k].byteOffset, out[k].byteLength), now)))();
  }
  return missing.length;
}
