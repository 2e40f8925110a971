import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderImages } from '../../engine/demo/images';
import { generateProducts } from '../../engine/demo/products';
import type { Engine } from '../../engine/engine';
import { stopQueryWorker } from '../../engine/vision/query/client';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let dir: string;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ engine, dir, close } = await engineOnFreshStore());
});
afterEach(() => close());
afterAll(() => stopQueryWorker());

const unit = (...v: number[]): Float32Array => {
  const n = Math.hypot(...v);
  return new Float32Array(v.map((x) => x / n));
};

describe('search uses every image of a product', () => {
  it('searching by a product matches each of its pictures, and scores each candidate by its closest picture', async () => {
    const db = engine.store.db;
    const prod = db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES (?, ?, 10, 'x', 'x')");
    const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/png', 1, 1, x'00', 'test', 'x')");
    const emb = db.prepare("INSERT INTO image_embeddings (image_id, backbone, dim, vector, created_at) VALUES (?, 'colour', 3, ?, 'x')");
    const ids: Record<string, number> = {};
    // A has a front (x) and a back (y) picture. B looks like A's back, C like A's front but less, D's second picture like A's front.
    for (const [sku, vecs] of [
      ['A', [unit(1, 0, 0), unit(0, 1, 0)]],
      ['B', [unit(0.31, 0.95, 0)]],
      ['C', [unit(0.9, 0, 0.436)]],
      ['D', [unit(0, 0, 1), unit(0.97, 0, 0.243)]],
    ] as const) {
      ids[sku] = Number(prod.run(sku, sku).lastInsertRowid);
      vecs.forEach((v, i) => emb.run(Number(img.run(ids[sku], `${sku}${i}`).lastInsertRowid), Buffer.from(v.buffer)));
    }
    const r = await engine.invoke('images.search', { productId: ids.A, k: 3, graphWeight: 0 });
    // With A's first picture alone B would rank last (cosine 0.31); with D's first picture alone D would (0).
    expect(r.matches.map((m) => m.sku)).toEqual(['D', 'B', 'C']);
    expect(r.matches.map((m) => m.score)).toEqual([expect.closeTo(0.97, 2), expect.closeTo(0.95, 2), expect.closeTo(0.9, 2)]);
    expect(r.matches[0].imageId).toBe(Number((db.prepare("SELECT id FROM images WHERE sha256 = 'D1'").get() as { id: number }).id));
  });

  it('indexes every demo view, so a photo like a product\'s closer view finds that product first', async () => {
    const db = engine.store.db;
    const demo = generateProducts(5, 12, 30);
    const rendered = await renderImages(demo, () => undefined, () => false);
    const prod = db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES (?, ?, 10, 'x', 'x')");
    const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, ?, 256, 256, ?, 'demo', 'x')");
    demo.forEach((p, i) => {
      const pid = Number(prod.run(p.sku, p.titleEn).lastInsertRowid);
      img.run(pid, rendered[i].sha256, 'image/png', rendered[i].png);
      for (const v of rendered[i].views) img.run(pid, v.sha256, 'image/jpeg', v.jpeg);
    });
    const job = await engine.invoke('images.index', { backbone: 'colour' });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('succeeded');
    expect((done.result as { vectors: number }).vectors).toBe(demo.length * 3);
    let firsts = 0;
    for (const pick of [0, 3, 6, 9]) {
      // A new photo of the product's closer view: cropped, slightly brighter, re-encoded.
      const q = await sharp(rendered[pick].views[1].jpeg).extract({ left: 12, top: 12, width: 232, height: 232 }).modulate({ brightness: 1.05 }).jpeg({ quality: 70 }).toBuffer();
      const path = join(dir, `q${pick}.jpg`);
      writeFileSync(path, q);
      const r = await engine.invoke('images.search', { path, k: 3, detect: false });
      if (r.matches[0].sku === demo[pick].sku) firsts++;
    }
    expect(firsts).toBe(4);
    // A product added after indexing is searched by embedding its picture on the fly; its own views answer first.
    const late = Number(prod.run('LATE-1', 'Late').lastInsertRowid);
    img.run(late, 'late', 'image/jpeg', await sharp(rendered[2].views[0].jpeg).flop().jpeg({ quality: 80 }).toBuffer());
    const byLate = await engine.invoke('images.search', { productId: late, k: 3 });
    expect(byLate.matches[0].sku).toBe(demo[2].sku);
  }, 60_000);
});
