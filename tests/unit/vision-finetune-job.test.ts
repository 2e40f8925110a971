import { existsSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderImages } from '../../engine/demo/images';
import { generateProducts } from '../../engine/demo/products';
import type { Engine } from '../../engine/engine';
import type { FinetuneJobResult } from '../../engine/vision/jobs/finetune';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ engine, close } = await engineOnFreshStore());
  const db = engine.store.db;
  const demo = generateProducts(5, 12, 30);
  const rendered = await renderImages(demo, () => undefined, () => false);
  const prod = db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES (?, ?, 10, 'x', 'x')");
  const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/png', 256, 256, ?, 'demo', 'x')");
  demo.forEach((p, i) => img.run(Number(prod.run(p.sku, p.titleEn).lastInsertRowid), rendered[i].sha256, rendered[i].png));
});
afterEach(() => close());

describe('catalogue fine-tuning as a job (colour backbone: seconds)', () => {
  it('reports progress, stores a model run with its held-out check and the head weights, and leaves search vectors alone', async () => {
    const phases = new Set<string>();
    engine.jobs.on('progress', (p: { phase: string | null }) => p.phase && phases.add(p.phase));
    const job = await engine.invoke('images.finetune', { backbone: 'colour', views: 2, steps: 20 });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('succeeded');
    const r = done.result as FinetuneJobResult;
    expect(r).toMatchObject({ backbone: 'colour', images: 12, usedInSearch: false });
    expect(r.heldOutBase).toBeGreaterThan(0);
    expect(r.heldOutTuned).toBeGreaterThanOrEqual(r.heldOutBase);
    expect([...phases]).toEqual(expect.arrayContaining(['embedding augmented views', 'training the projection head']));
    const run = engine.store.db.prepare("SELECT id, job_id, params, metrics, artefact_path FROM model_runs WHERE kind = 'vision-finetune'").get() as { id: string; job_id: string; params: string; metrics: string; artefact_path: string };
    expect(run.id).toBe(r.runId);
    expect(run.job_id).toBe(job.jobId);
    const params = JSON.parse(run.params) as { inDim: number; outDim: number };
    // The weights file holds the inDim × outDim float32 projection.
    expect(existsSync(run.artefact_path)).toBe(true);
    expect(statSync(run.artefact_path).size).toBe(params.inDim * params.outDim * 4);
    expect(engine.store.db.prepare('SELECT count(*) AS n FROM image_embeddings').get()).toEqual({ n: 0 });
    expect(r.heldOutKind).toBe('views');
  }, 60_000);

  it('judges the head on each product\'s own held-out photo when products have several', async () => {
    const db = engine.store.db;
    const demo = generateProducts(5, 12, 30);
    const rendered = await renderImages(demo, () => undefined, () => false);
    const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/jpeg', 256, 256, ?, 'demo', 'x')");
    rendered.forEach((r, i) => r.views.forEach((v) => img.run(i + 1, `${v.sha256}-view`, v.jpeg)));
    const done = await engine.jobs.wait((await engine.invoke('images.finetune', { backbone: 'colour', views: 2, steps: 20 })).jobId);
    const r = done.result as FinetuneJobResult;
    expect(r.heldOutKind).toBe('photos');
    expect(r.images).toBe(12);
    // 12 held-out photos (the closer views) searched among 12 catalogue photos: better than chance (mAP ~0.26).
    expect(r.heldOutBase).toBeGreaterThan(0.3);
  }, 60_000);

  it('stops when cancelled and stores no run', async () => {
    const job = await engine.invoke('images.finetune', { backbone: 'colour', views: 12, steps: 1000 });
    await new Promise<void>((resolve) => engine.jobs.on('progress', (p: { jobId: string; done: number }) => p.jobId === job.jobId && p.done > 0 && resolve()));
    engine.jobs.cancel(job.jobId);
    expect((await engine.jobs.wait(job.jobId)).status).toBe('cancelled');
    expect(engine.store.db.prepare("SELECT count(*) AS n FROM model_runs WHERE kind = 'vision-finetune'").get()).toEqual({ n: 0 });
  }, 60_000);

  it('refuses a store with images of fewer than two products, in the caller\'s language', async () => {
    engine.store.db.prepare('DELETE FROM images WHERE product_id > 1').run();
    for (const [lang, message] of [['en', 'Fine-tuning needs product images of at least 2 products; the store has 1'], ['zh', '微调至少需要 2 个商品的图片；当前店铺有 1 个']] as const) {
      const started = await engine.call('images.finetune', { backbone: 'colour' }, lang);
      if (!started.ok) throw new Error(started.error.message);
      const done = await engine.jobs.wait((started.result as { jobId: string }).jobId);
      expect(done.status).toBe('failed');
      expect(done.error?.message).toBe(message);
    }
  }, 60_000);
});
