// The trained Transformer's weights are saved with the run and score new history at refresh time (no retraining);
// a damaged or missing weights file is logged and the refresh falls back to the stored similar-item lists.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../engine/engine';
import { log } from '../../engine/log';
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import { fromStore } from '../../engine/recs/data';
import { HybridModel, type HybridForm } from '../../engine/recs/hybrid';
import { topK } from '../../engine/recs/metrics';
import { gapsOf } from '../../engine/recs/sasrec-adapter';
import { standardise } from '../../engine/recs/tail';
import { loadTransformer } from '../../engine/recs/weights';
import { tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
let engine: Engine;

beforeAll(async () => {
  t = tempDir();
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  const demo = await engine.invoke('demo.create', { skus: 60, days: 40, seed: 11, end: '2026-12-02' }); // a fixed end: the store does not change with the calendar
  expect((await engine.jobs.wait(demo.jobId)).status).toBe('succeeded');
  // The Transformer alone, so that its weights are kept whichever model the lists would come from, and both epochs
  // always (a 30 s cap cut a loaded machine's training to one, and the lists then depended on the load).
  const job = await engine.invoke('recs.train.start', { models: ['sasrec'], epochs: 2, maxSeconds: 300 });
  expect((await engine.jobs.wait(job.jobId)).status).toBe('succeeded');
}, 240_000);
afterAll(async () => {
  await engine.close();
  t.cleanup();
});

// A view of a product the customer has not touched and that is not already in their list, stamped after everything else.
function viewSomethingNew(customer: { id: number }, avoid: string[]): string {
  const db = engine.store.db;
  const p = db.prepare(`SELECT id, sku FROM products WHERE sku NOT IN (${avoid.map(() => '?').join(',') || "''"})
    AND id NOT IN (SELECT product_id FROM browsing_events WHERE customer_id = ? AND product_id IS NOT NULL) ORDER BY id DESC LIMIT 1`).get(...avoid, customer.id) as { id: number; sku: string };
  db.prepare("INSERT INTO browsing_events (customer_id, session_id, product_id, kind, ts) VALUES (?, 'later', ?, 'view', '2031-01-01 10:00:00')").run(customer.id, p.id);
  return p.sku;
}

describe('saved Transformer weights', () => {
  it('are saved with the run, and a new view changes that customer\'s Transformer list without retraining', async () => {
    const status = await engine.invoke('recs.status', {});
    // Force the lists to come from the Transformer for this check (the demo's best model varies with the data).
    const metrics = status?.metrics;
    expect(metrics?.transformer?.path, 'weights saved').toBeTruthy();
    const path = metrics?.transformer?.path as string;
    expect(existsSync(path)).toBe(true);
    if (metrics?.primary !== 'sasrec') {
      engine.store.db.prepare('UPDATE model_runs SET metrics = ? WHERE id = ?').run(JSON.stringify({ ...metrics, primary: 'sasrec' }), status?.runId);
    }
    const [c] = await engine.invoke('recs.customers', { limit: 1 });
    const before = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10 });
    const runsBefore = (engine.store.db.prepare("SELECT count(*) AS n FROM model_runs WHERE kind = 'recsys'").get() as { n: number }).n;
    const viewed = viewSomethingNew(c, [...before.items.map((i) => i.sku), ...before.history.map((h) => h.sku)]);
    const tensors = tf.memory().numTensors;
    const r = await engine.invoke('recs.refresh', {});
    expect(tf.memory().numTensors).toBe(tensors);
    expect(r).toEqual({ refreshed: 1, source: 'transformer' });
    const after = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10 });
    expect(after.items.map((i) => i.sku)).not.toEqual(before.items.map((i) => i.sku));
    expect(after.items.map((i) => i.sku)).not.toContain(viewed);
    // No retraining: still one run.
    expect((engine.store.db.prepare("SELECT count(*) AS n FROM model_runs WHERE kind = 'recsys'").get() as { n: number }).n).toBe(runsBefore);
    // The new list is the saved Transformer's own top 10 for the history with the new view.
    const loaded = await loadTransformer(path);
    expect(loaded).not.toBeNull();
    const all = fromStore(engine.store.db);
    const u = all.customerDbIds.indexOf(c.id);
    const s = loaded!.seq.score([{ user: u, items: all.seqs[u], kinds: all.kinds?.[u], times: all.times?.[u] }]);
    for (const i of all.seqs[u]) s[i] = -Infinity;
    const skuOf = new Map((engine.store.db.prepare('SELECT id, sku FROM products').all() as { id: number; sku: string }[]).map((p) => [p.id, p.sku]));
    expect(after.items.map((i) => i.sku)).toEqual(topK(s, 10).map((i) => skuOf.get(loaded!.meta.productDbIds[i])));
    loaded!.seq.dispose();
  }, 120_000);

  it('when the lists came from the hybrid, the refresh mixes the saved Transformer with co-occurrence at the run\'s weight and form (a run saved before the mixture keeps the standardised blend)', async () => {
    const status = await engine.invoke('recs.status', {});
    const metrics = status!.metrics;
    const path = metrics.transformer!.path;
    const customers = await engine.invoke('recs.customers', { limit: 3 });
    const cases: { saved: HybridForm | undefined; c: (typeof customers)[number] }[] = [{ saved: 'mixture', c: customers[1] }, { saved: undefined, c: customers[2] }];
    for (const [k, { saved, c }] of cases.entries()) {
      const transformer = { path, hybridWeight: 0.3, ...(saved ? { hybridForm: saved } : {}) };
      engine.store.db.prepare('UPDATE model_runs SET metrics = ? WHERE id = ?').run(JSON.stringify({ ...metrics, primary: 'hybrid', transformer }), status!.runId);
      const before = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10 });
      viewSomethingNew(c, [...before.items.map((i) => i.sku), ...before.history.map((h) => h.sku)]);
      // Every customer with events since the run is rebuilt: this one and the one before it.
      expect(await engine.invoke('recs.refresh', {})).toEqual({ refreshed: k + 1, source: 'transformer' });
      const after = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10 });
      const loaded = (await loadTransformer(path))!;
      const all = fromStore(engine.store.db);
      const cooc = new CooccurrenceModel();
      await cooc.fit({ nItems: all.itemIds.length, seqs: all.seqs });
      const u = all.customerDbIds.indexOf(c.id);
      const h = [{ user: u, items: all.seqs[u], kinds: all.kinds?.[u], times: all.times?.[u] }];
      const top = (form: HybridForm): number[] => {
        const s = new HybridModel(loaded.seq, cooc, 0.3, form).score(h);
        for (const i of all.seqs[u]) s[i] = -Infinity;
        return topK(s, 10);
      };
      const skuOf = new Map((engine.store.db.prepare('SELECT id, sku FROM products').all() as { id: number; sku: string }[]).map((p) => [p.id, p.sku]));
      expect(after.items.map((i) => i.sku)).toEqual(top(saved ?? 'z').map((i) => skuOf.get(loaded.meta.productDbIds[i])));
      // The two forms rank this customer's items differently, so the list shows which one the refresh used.
      expect(top('mixture')).not.toEqual(top('z'));
      // Not the Transformer alone: the blend changes the list for this customer.
      const alone = loaded.seq.score(h);
      for (const i of all.seqs[u]) alone[i] = -Infinity;
      expect(topK(alone, 10)).not.toEqual(top(saved ?? 'z'));
      cooc.dispose();
      loaded.seq.dispose();
    }
  }, 90_000);

  it('a damaged weights file is logged and the refresh falls back to the similar-item lists, never failing', async () => {
    const path = (await engine.invoke('recs.status', {}))?.metrics.transformer?.path as string;
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(path, bytes);
    const warn = vi.spyOn(log, 'warn');
    const [c] = await engine.invoke('recs.customers', { limit: 1 });
    const before = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10 });
    viewSomethingNew(c, [...before.items.map((i) => i.sku), ...before.history.map((h) => h.sku)]);
    expect(await engine.invoke('recs.refresh', {})).toEqual({ refreshed: 1, source: 'similar' });
    expect(warn.mock.calls.some((a) => /weights unreadable/.test(String(a[1])) && /damaged/.test(JSON.stringify(a[0])))).toBe(true);
    expect((await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10 })).items.length).toBeGreaterThan(0);
    // A missing file: the same fallback.
    rmSync(path);
    warn.mockClear();
    viewSomethingNew(c, []);
    expect(await engine.invoke('recs.refresh', {})).toEqual({ refreshed: 1, source: 'similar' });
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  }, 60_000);

  it('an ensemble run (ensemble: 2) saves both members in its one file, and the refresh scores new history with the mean of their standardised scores', async () => {
    const job = await engine.invoke('recs.train.start', { models: ['sasrec'], epochs: 2, maxSeconds: 30, ensemble: 2 });
    expect((await engine.jobs.wait(job.jobId)).status).toBe('succeeded');
    const status = await engine.invoke('recs.status', {});
    const path = status?.metrics.transformer?.path as string;
    expect(existsSync(path)).toBe(true);
    const [c] = await engine.invoke('recs.customers', { limit: 1 });
    const before = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10 });
    viewSomethingNew(c, [...before.items.map((i) => i.sku), ...before.history.map((h) => h.sku)]);
    const tensors = tf.memory().numTensors;
    expect(await engine.invoke('recs.refresh', {})).toEqual({ refreshed: 1, source: 'transformer' });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10 });
    const loaded = (await loadTransformer(path))!;
    const members = loaded.seq.members();
    expect(members).toHaveLength(2);
    const all = fromStore(engine.store.db);
    const u = all.customerDbIds.indexOf(c.id);
    const h = [{ user: u, items: all.seqs[u], kinds: all.kinds?.[u], times: all.times?.[u] }];
    // The mean of the two members' own scores, each read straight from its model.
    const [a, b] = members.map((m) => m.scoreHistories([h[0].items], [h[0].kinds ?? new Uint8Array(h[0].items.length).fill(1)], [gapsOf(h[0].times, h[0].items.length)]));
    // Standardised per customer, then averaged (the default mix).
    standardise(a, 0, a.length);
    standardise(b, 0, b.length);
    const mean = a.map((x, i) => (x + b[i]) / 2);
    for (const i of all.seqs[u]) mean[i] = -Infinity;
    const skuOf = new Map((engine.store.db.prepare('SELECT id, sku FROM products').all() as { id: number; sku: string }[]).map((p) => [p.id, p.sku]));
    expect(after.items.map((i) => i.sku)).toEqual(topK(mean, 10).map((i) => skuOf.get(loaded.meta.productDbIds[i])));
    loaded.seq.dispose();
  }, 120_000);
});
