import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import type { GraphTuneResult } from '../../engine/vision/graph/tune';
import { mulberry32 } from '../../models/rng';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let close: () => Promise<void>;
const ids: number[] = [];
const PAIRS = 24;

/** A seeded unit vector in 16-d, or one leaning toward `toward`. */
function unit(r: () => number, toward?: Float32Array): Float32Array {
  const v = Float32Array.from({ length: 16 }, (_, i) => r() * 2 - 1 + (toward ? 0.6 * toward[i] : 0));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

beforeEach(async () => {
  ({ engine, close } = await engineOnFreshStore());
  const db = engine.store.db;
  const r = mulberry32(11);
  const prod = db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES (?, ?, 10, 'x', 'x')");
  const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/png', 1, 1, x'00', 'test', 'x')");
  const emb = db.prepare("INSERT INTO image_embeddings (image_id, backbone, dim, vector, created_at) VALUES (?, 'colour', 16, ?, 'x')");
  ids.length = 0;
  // Products 2i and 2i+1 are a pair customers buy together; the partner looks somewhat alike, rarely the closest.
  for (let i = 0; i < PAIRS; i++) {
    const a = unit(r);
    for (const [k, v] of [[0, a], [1, unit(r, a)]] as const) {
      const id = Number(prod.run(`P${i}-${k}`, `Product ${i}-${k}`).lastInsertRowid);
      ids.push(id);
      emb.run(Number(img.run(id, `h${i}-${k}`).lastInsertRowid), Buffer.from(v.buffer));
    }
  }
  // Older history (September): every pair bought together three times.
  order('2026-09-10', (i) => [ids[2 * i], ids[2 * i + 1]], 3);
});
afterEach(() => close());

let seq = 0;
/** Orders on `day` of two products each, `times` per pair index. */
function order(day: string, lines: (i: number) => [number, number], times = 1, pairs = PAIRS): void {
  const db = engine.store.db;
  const o = db.prepare('INSERT INTO orders (order_no, ordered_at) VALUES (?, ?)');
  const l = db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, 1, 10)');
  for (let t = 0; t < times; t++) for (let i = 0; i < pairs; i++) {
    const id = Number(o.run(`O${seq++}`, `${day}T10:00:00Z`).lastInsertRowid);
    lines(i).forEach((p, n) => l.run(id, n + 1, p));
  }
}

async function tune(input: { save?: boolean } = {}): Promise<GraphTuneResult> {
  const job = await engine.invoke('images.graphWeight.tune', input);
  const done = await engine.jobs.wait(job.jobId);
  expect(done.status).toBe('succeeded');
  return done.result as GraphTuneResult;
}

describe('choosing the graph weight from the store\'s own last 30 days', () => {
  it('takes a weight when the last month\'s baskets follow the older graph, and stores it as the default', async () => {
    order('2026-11-20', (i) => [ids[2 * i], ids[2 * i + 1]]);
    const r = await tune();
    expect(r.window).toEqual({ graphBefore: '2026-10-22', from: '2026-10-22', to: '2026-11-21' });
    expect(r.anchors).toBe(2 * PAIRS);
    expect(r.reason).toBe('helps');
    expect(r.weight).toBeGreaterThan(0);
    const chosen = r.rows.find((x) => x.weight === r.weight)!;
    expect(chosen.gain).toBeGreaterThan(2 * chosen.gainSe);
    expect((await engine.invoke('images.graphWeight', {})).weight).toBe(r.weight);
  });

  it('keeps the visual order when the last month\'s baskets ignore the graph, or when too few products were bought together', async () => {
    await engine.invoke('images.graphWeight', { weight: 0.5 });
    // Each product bought with a product of another pair, chosen with a fixed shift: nothing the graph knows.
    order('2026-11-20', (i) => [ids[2 * i], ids[(2 * i + 7) % (2 * PAIRS)]]);
    const r = await tune();
    expect(r.reason).toBe('no_clear_gain');
    expect(r.weight).toBe(0);
    expect((await engine.invoke('images.graphWeight', {})).weight).toBe(0);

    engine.store.db.prepare("DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE ordered_at >= '2026-11-01')").run();
    engine.store.db.prepare("DELETE FROM orders WHERE ordered_at >= '2026-11-01'").run();
    order('2026-11-20', (i) => [ids[2 * i], ids[2 * i + 1]], 1, 5);
    const few = await tune();
    expect(few).toMatchObject({ reason: 'too_little_history', weight: 0, anchors: 10 });
  });

  it('with save: false measures and answers the same weight but leaves the store\'s default as it was', async () => {
    await engine.invoke('images.graphWeight', { weight: 0.35 });
    order('2026-11-20', (i) => [ids[2 * i], ids[2 * i + 1]]);
    const dry = await tune({ save: false });
    expect(dry).toMatchObject({ reason: 'helps', saved: false, previous: 0.35 });
    expect(dry.weight).toBeGreaterThan(0);
    expect(dry.weight).not.toBe(0.35);
    expect((await engine.invoke('images.graphWeight', {})).weight).toBe(0.35);
    // Saving (the op's default, the screen's button) stores the same measurement's weight and says what it replaced.
    const saved = await tune();
    expect(saved).toMatchObject({ weight: dry.weight, saved: true, previous: 0.35 });
    expect((await engine.invoke('images.graphWeight', {})).weight).toBe(dry.weight);
  });

  it('says in the caller\'s language that the store has no image index yet, with both languages for a screen that follows a switch', async () => {
    engine.store.db.prepare('DELETE FROM image_embeddings').run();
    const texts = {
      en: 'No image index yet: build it first (Visual search › Build image index, or `desk images index`)',
      zh: '还没有图片索引：请先建立索引（以图搜货 › 建立图片索引，或运行 `desk images index`）',
    };
    for (const lang of ['en', 'zh'] as const) {
      const res = await engine.call('images.graphWeight.tune', {}, lang);
      expect(res.ok).toBe(false);
      if (res.ok) return;
      expect(res.error).toMatchObject({ code: 'user_error', message: texts[lang], texts });
    }
  });
});
