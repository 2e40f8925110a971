import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderImages } from '../../engine/demo/images';
import { generateProducts } from '../../engine/demo/products';
import type { Engine } from '../../engine/engine';
import { activeHead, HEAD_SETTING, projectThroughHead, setActiveHead, type ActiveHead } from '../../engine/vision/head';
import type { FinetuneJobResult } from '../../engine/vision/jobs/finetune';
import type { VisualSearchResult } from '../../engine/vision/search';
import { headFromWeights } from '../../models/vision/projection-head';
import { mulberry32 } from '../../models/rng';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let close: () => Promise<void>;
let catalogue: Buffer[];

async function store(withSecondPhotos: boolean): Promise<void> {
  const db = engine.store.db;
  const demo = generateProducts(5, 12, 30);
  const rendered = await renderImages(demo, () => undefined, () => false);
  catalogue = rendered.map((r) => r.png);
  const prod = db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES (?, ?, 10, 'x', 'x')");
  const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, ?, 256, 256, ?, 'demo', 'x')");
  demo.forEach((p, i) => {
    const id = Number(prod.run(p.sku, p.titleEn).lastInsertRowid);
    img.run(id, rendered[i].sha256, 'image/png', rendered[i].png);
    if (withSecondPhotos) rendered[i].views.forEach((v) => img.run(id, `${v.sha256}-view`, 'image/jpeg', v.jpeg));
  });
  const job = await engine.invoke('images.index', { backbone: 'colour' });
  expect((await engine.jobs.wait(job.jobId)).status).toBe('succeeded');
}

/** Folders a test writes (heads, query photos), removed after it. */
const headDirs: string[] = [];

/** A head for the colour backbone with seeded random weights, written where a fine-tuning run would put it. */
function randomHead(inDim: number): ActiveHead {
  const outDim = 8;
  const r = mulberry32(5);
  const w = Float32Array.from({ length: inDim * outDim }, () => r() * 2 - 1);
  const dir = mkdtempSync(join(tmpdir(), 'desk-head-'));
  headDirs.push(dir);
  const file = join(dir, 'head.f32');
  writeFileSync(file, Buffer.from(w.buffer));
  return { runId: '0123abcd-0000-4000-8000-000000000000', backbone: 'colour', inDim, outDim, mix: 0.5, file };
}

beforeEach(async () => {
  ({ engine, close } = await engineOnFreshStore());
});
afterEach(() => {
  close();
  for (const dir of headDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('visual search through a fine-tuned head (colour backbone: seconds)', () => {
  it('runs search through the store\'s active head (index and query projected alike) and falls back when its file is damaged', async () => {
    await store(false);
    const db = engine.store.db;
    const dim = (db.prepare("SELECT dim FROM image_embeddings WHERE backbone = 'colour' LIMIT 1").get() as { dim: number }).dim;
    const head = randomHead(dim);
    // The plain-arithmetic projection used on the search thread equals the tensor head the job trains.
    const v = Float32Array.from({ length: dim }, (_, i) => Math.sin(i));
    const tensorHead = headFromWeights(dim, 8, new Float32Array(new Uint8Array(readFileSync(head.file)).buffer), 0.5);
    const a = projectThroughHead(head, [v])[0];
    const b = tensorHead.apply([v])[0];
    tensorHead.dispose();
    expect(Math.max(...a.map((x, i) => Math.abs(x - b[i])))).toBeLessThan(1e-5);

    setActiveHead(db, head);
    const qDir = mkdtempSync(join(tmpdir(), 'desk-q-'));
    headDirs.push(qDir);
    const photo = join(qDir, 'q.png');
    writeFileSync(photo, catalogue[3]);
    const tuned = (await engine.invoke('images.search', { path: photo, k: 3, detect: false })) as VisualSearchResult;
    expect(tuned.head).toEqual({ runId: head.runId, mix: 0.5 });
    expect(tuned.backbone).toBe('colour+ft0123abcd');
    // Every indexed image got its projected vector, and the query went through the same head: the product's own
    // photo scores 1 (a query left unprojected would score about √(1 − mix) ≈ 0.71 against it).
    expect(db.prepare("SELECT count(*) AS n FROM image_embeddings WHERE backbone = 'colour+ft0123abcd'").get()).toEqual({ n: 12 });
    expect(tuned.matches[0].productId).toBe(4);
    expect(tuned.matches[0].score).toBeGreaterThan(0.999);
    const byProduct = (await engine.invoke('images.search', { productId: 4, k: 3 })) as VisualSearchResult;
    expect(byProduct.head).toEqual({ runId: head.runId, mix: 0.5 });

    // A damaged weights file is ignored: search answers through the backbone alone.
    writeFileSync(head.file, Buffer.alloc(10));
    expect(activeHead(db, 'colour')).toBeNull();
    const plain = (await engine.invoke('images.search', { path: photo, k: 3, detect: false })) as VisualSearchResult;
    expect(plain.head).toBeNull();
    expect(plain.backbone).toBe('colour');
    expect(plain.matches[0].productId).toBe(4);
  }, 60_000);

  it('the job puts a head into search only when it beat the backbone on the products\' own held-out photos', async () => {
    // One photo per product: the check can only use augmented views, which flatter the head — never used.
    await store(false);
    const db = engine.store.db;
    const views = (await engine.jobs.wait((await engine.invoke('images.finetune', { backbone: 'colour', views: 2, steps: 20 })).jobId)).result as FinetuneJobResult;
    expect(views.heldOutKind).toBe('views');
    expect(views.usedInSearch).toBe(false);
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').get(HEAD_SETTING)).toBeUndefined();
  }, 60_000);

  it('with several photos per product the held-out photos decide, and search follows the decision', async () => {
    await store(true);
    const db = engine.store.db;
    const r = (await engine.jobs.wait((await engine.invoke('images.finetune', { backbone: 'colour', views: 2, steps: 20 })).jobId)).result as FinetuneJobResult;
    expect(r.heldOutKind).toBe('photos');
    expect(r.usedInSearch).toBe(r.kept);
    expect(r.kept).toBe(r.heldOutTuned > r.heldOutBase);
    const found = (await engine.invoke('images.search', { productId: 2, k: 3 })) as VisualSearchResult;
    expect(found.head).toEqual(r.usedInSearch ? { runId: r.runId, mix: r.mix } : null);
    expect(db.prepare("SELECT count(*) AS n FROM image_embeddings WHERE backbone LIKE 'colour+ft%'").get()).toEqual({ n: r.usedInSearch ? 36 : 0 });
  }, 90_000);
});
