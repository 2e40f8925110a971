import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import { coEdges } from '../../engine/vision/graph/cograph';
import { chooseWeight, evaluateGraphRerank, type GraphEvalRow } from '../../engine/vision/graph/evaluate';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let close: () => Promise<void>;
const id: Record<string, number> = {};

/** A unit vector in 3-d at cosine `c` to [1, 0, 0] (the anchor's picture). */
function near(c: number, side = 1): Float32Array {
  return new Float32Array([c, side * Math.sqrt(1 - c * c), 0]);
}

beforeEach(async () => {
  ({ engine, close } = await engineOnFreshStore());
  const db = engine.store.db;
  const prod = db.prepare("INSERT INTO products (sku, title_en, title_zh, price, created_at, updated_at) VALUES (?, ?, ?, 10, 'x', 'x')");
  const img = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/png', 1, 1, x'00', 'test', 'x')");
  const emb = db.prepare("INSERT INTO image_embeddings (image_id, backbone, dim, vector, created_at) VALUES (?, 'colour', 3, ?, 'x')");
  // Pictures: B looks most like the anchor A, then C, then D. The 'colour' backbone is the only one indexed, so it is searched.
  for (const [sku, vecs] of [['A', [near(1)]], ['B', [near(0.95)]], ['C', [near(0.9, -1)]], ['D', [near(0.5)]]] as const) {
    id[sku] = Number(prod.run(sku, `Product ${sku}`, `商品${sku}`).lastInsertRowid);
    vecs.forEach((v, i) => emb.run(Number(img.run(id[sku], `${sku}${i}`).lastInsertRowid), Buffer.from(v.buffer)));
  }
  // Customers viewed A with C in three sessions and bought them together in two orders; B never went with A.
  const ev = db.prepare("INSERT INTO browsing_events (session_id, product_id, kind, ts) VALUES (?, ?, 'view', ?)");
  for (const s of ['s1', 's2', 's3']) {
    ev.run(s, id.A, '2026-11-01T10:00:00Z');
    ev.run(s, id.C, '2026-11-01T10:01:00Z');
  }
  ev.run('s4', id.B, '2026-11-02T10:00:00Z');
  const order = db.prepare("INSERT INTO orders (order_no, ordered_at) VALUES (?, '2026-11-03T10:00:00Z')");
  const line = db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, 1, 10)');
  for (const no of ['O1', 'O2']) {
    const o = Number(order.run(no).lastInsertRowid);
    line.run(o, 1, id.A);
    line.run(o, 2, id.C);
  }
});
afterEach(() => close());

const skus = (r: { matches: { sku: string }[] }): string[] => r.matches.map((m) => m.sku);

describe('co-view / co-purchase re-ranking of a product\'s visual neighbours', () => {
  it('keeps the visual order at weight 0 and moves the product customers view and buy with it up at weight 0.5', async () => {
    const visual = await engine.invoke('images.search', { productId: id.A, k: 3, graphWeight: 0 });
    expect(skus(visual)).toEqual(['B', 'C', 'D']);
    const blended = await engine.invoke('images.search', { productId: id.A, k: 3, graphWeight: 0.5 });
    expect(skus(blended)).toEqual(['C', 'B', 'D']);
    expect(blended.graphWeight).toBe(0.5);
    // The reasons the screen shows: three sessions and two orders with C, nothing with B; the visual score is unchanged.
    const c = blended.matches[0];
    expect(c.together).toMatchObject({ sessions: 3, orders: 2 });
    expect(c.score).toBeCloseTo(0.9, 4);
    expect(blended.matches[1].together).toMatchObject({ sessions: 0, orders: 0, graph: 0 });
  });

  it('uses the weight the merchant stored when a search gives none, and refuses a weight outside 0-1 (a stored non-weight counts as the default)', async () => {
    expect((await engine.invoke('images.graphWeight', {})).weight).toBe(0);
    expect(skus(await engine.invoke('images.search', { productId: id.A, k: 3 }))).toEqual(['B', 'C', 'D']);
    expect((await engine.invoke('images.graphWeight', { weight: 0.5 })).weight).toBe(0.5);
    expect(skus(await engine.invoke('images.search', { productId: id.A, k: 3 }))).toEqual(['C', 'B', 'D']);
    const bad = await engine.call('images.graphWeight', { weight: 3 });
    expect(!bad.ok && bad.error.code).toBe('bad_request');
    // A value written through the generic settings op that is not a weight falls back to the default.
    await engine.invoke('settings.set', { key: 'vision.graphWeight', value: 'lots' });
    expect((await engine.invoke('images.graphWeight', {})).weight).toBe(0);
    expect(skus(await engine.invoke('images.search', { productId: id.A, k: 3 }))).toEqual(['B', 'C', 'D']);
  });

  it('reads only history before a cutoff, so it can be measured on later orders', () => {
    const db = engine.store.db;
    expect(coEdges(db, id.A, [id.C]).get(id.C)).toMatchObject({ sessions: 3, orders: 2 });
    expect(coEdges(db, id.A, [id.C], { before: '2026-11-01T00:00:00Z' }).get(id.C)).toEqual({ sessions: 0, orders: 0, graph: 0 });
    // Graph from before 3 Nov (the sessions), targets: orders of 3 Nov, k = 1. For anchor A the visual first is B,
    // re-ranking puts C (bought with A) first; for anchor C, A is first either way.
    const rows = evaluateGraphRerank(db, 'colour', { graphBefore: '2026-11-03T00:00:00Z', from: '2026-11-03T00:00:00Z', to: '2026-11-04T00:00:00Z' }, [0, 0.5], 1);
    expect(rows.map((r) => r.boughtTogether)).toEqual([0.5, 1]);
  });
});

describe('choosing the default weight on a dev split', () => {
  const row = (weight: number, bought: number, gain: number, se: number): GraphEvalRow => ({
    weight, anchorsBought: 100, anchorsViewed: 100, boughtTogether: bought, viewedTogether: 0, meanVisual: 0.8, keptVisual: 1, boughtGain: gain, boughtGainSe: se, viewedGain: 0, viewedGainSe: 0,
  });
  it('stays at 0 when no weight beats the visual order by two standard errors, and takes the smallest near-best weight when one does', () => {
    expect(chooseWeight([row(0, 0.03, 0, 0), row(0.5, 0.031, 0.001, 0.002), row(1, 0.032, 0.002, 0.0015)], 'bought')).toBe(0);
    expect(chooseWeight([row(0, 0.03, 0, 0), row(0.2, 0.05, 0.02, 0.005), row(0.5, 0.0505, 0.0205, 0.005), row(1, 0.04, 0.01, 0.004)], 'bought')).toBe(0.2);
  });
});
