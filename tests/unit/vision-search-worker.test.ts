import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderImages } from '../../engine/demo/images';
import { generateProducts } from '../../engine/demo/products';
import { type Engine } from '../../engine/engine';
import { serve, type RunningServer } from '../../engine/http/server';
import { pendingQueries, stopQueryWorker } from '../../engine/vision/query/client';
import { visualSearch, type VisualSearchResult } from '../../engine/vision/search';
import { engineOnFreshStore } from './helpers';

const BANANA = join(__dirname, 'fixtures', 'vision', 'banana-iconic.jpg');
let fresh: Awaited<ReturnType<typeof engineOnFreshStore>>;
let engine: Engine;
let srv: RunningServer;

beforeAll(async () => {
  fresh = await engineOnFreshStore();
  engine = fresh.engine;
  const db = engine.store.db;
  const demo = generateProducts(5, 8, 30);
  const rendered = await renderImages(demo, () => undefined, () => false);
  const ins = db.prepare("INSERT INTO products (sku, title_en, title_zh, price, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'x')");
  const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/png', 256, 256, ?, 'demo', 'x')");
  demo.forEach((p, i) => img.run(Number(ins.run(p.sku, p.titleEn, p.titleZh, p.refPrice).lastInsertRowid), rendered[i].sha256, rendered[i].png));
  const bananaId = Number(ins.run('FRUIT-BANANA', 'Bananas', '香蕉', 9.9).lastInsertRowid);
  img.run(bananaId, 'banana', readFileSync(BANANA));
  // The colour backbone keeps indexing fast; detection (the CenterNet CNN) still runs on every search.
  const job = await engine.invoke('images.index', { backbone: 'colour' });
  expect((await engine.jobs.wait(job.jobId)).status).toBe('succeeded');
  writeFileSync(join(fresh.dir, 'query.jpg'), await sharp(readFileSync(BANANA)).extend({ top: 40, bottom: 40, left: 60, right: 60, background: '#9a9a9a' }).jpeg({ quality: 75 }).toBuffer());
  srv = await serve({ engine });
}, 120_000);

afterAll(async () => {
  await srv?.close();
  await fresh?.close();
  await stopQueryWorker();
});

async function post<T>(op: string, body: unknown): Promise<T> {
  const res = await fetch(`${srv.baseUrl}/api/op/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${srv.token}` }, body: JSON.stringify(body) });
  const out = (await res.json()) as { ok: boolean; result: T; error?: unknown };
  if (!out.ok) throw new Error(JSON.stringify(out.error));
  return out.result;
}

/** Runs `work` while another operation is called over HTTP every 20 ms; returns its result and the longest wait between answers. */
async function whileCalling<T>(work: () => Promise<T>): Promise<{ result: T; answered: number; longestGapMs: number }> {
  let done = false;
  let started = false;
  let answered = 0;
  let longestGapMs = 0;
  let warm: () => void = () => undefined;
  const warmed = new Promise<void>((r) => (warm = r));
  const pinger = (async () => {
    let last = performance.now();
    while (!done) {
      await post('store.info', { backend: false });
      await new Promise((r) => setTimeout(r, 20));
      const now = performance.now();
      // Gaps count from the first answer after the work started (the first HTTP call sets up the connection).
      if (started && !done) {
        answered++;
        longestGapMs = Math.max(longestGapMs, now - last);
      }
      last = now;
      warm();
    }
  })();
  await warmed;
  started = true;
  try {
    return { result: await work(), answered, longestGapMs };
  } finally {
    done = true;
    await pinger;
  }
}

describe('visual search runs in its own worker thread', () => {
  let viaWorker: Awaited<ReturnType<typeof whileCalling<VisualSearchResult>>>;

  it('the engine keeps answering other operations over HTTP while a photo is detected and embedded', async () => {
    viaWorker = await whileCalling(() => post<VisualSearchResult>('images.search', { path: join(fresh.dir, 'query.jpg'), k: 5 }));
    expect(viaWorker.result.cropSource).toBe('detected');
    expect(viaWorker.result.matches[0].sku).toBe('FRUIT-BANANA');
    // Loading the detector and running it takes seconds; the engine answered throughout. The bound is loose because CI
    // shares 2 cores among test files (gaps of ~130 ms quiet; one run beside eight other test files at load ~8 passed 400 ms); on the engine thread the
    // same cold search stalls it for over 2 s (the inline run below).
    expect(viaWorker.answered).toBeGreaterThanOrEqual(5);
    expect(viaWorker.longestGapMs).toBeLessThan(1000);
  }, 90_000);

  it('returns the same boxes, crop and ranked matches as embedding on the engine thread', async () => {
    const inline = await whileCalling(() =>
      visualSearch(engine.store.db, engine.store.path, readFileSync(join(fresh.dir, 'query.jpg')), { k: 5, lang: 'en', inline: true }),
    );
    const strip = (r: VisualSearchResult): VisualSearchResult => ({ ...r, ms: 0 });
    expect(strip(viaWorker.result)).toEqual(strip(inline.result));
    // The same search on the engine thread stalls other calls: what the worker removes.
    expect(inline.longestGapMs).toBeGreaterThan(viaWorker.longestGapMs);
  }, 90_000);

  it('a search whose worker stops fails with a clear error instead of hanging, and the next search starts a fresh worker', async () => {
    await stopQueryWorker();
    // A fresh worker loads the detector first (seconds): stopped meanwhile, the waiting search is refused.
    const waiting = post<VisualSearchResult>('images.search', { path: join(fresh.dir, 'query.jpg'), k: 2 }).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    while (pendingQueries() === 0) await new Promise((r) => setTimeout(r, 5));
    await stopQueryWorker();
    expect(await waiting).toMatch(/The visual search stopped before it finished \(its worker thread ended, exit code \d+\); search again/);
    const again = await post<VisualSearchResult>('images.search', { path: join(fresh.dir, 'query.jpg'), k: 2, detect: false });
    expect(again.cropSource).toBe('whole');
    expect(again.matches).toHaveLength(2);
  }, 60_000);
});
