import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine';
import { chooseAmong } from '../../engine/recs/tail-choice';
import { tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
let engine: Engine;

beforeAll(async () => {
  t = tempDir();
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  const demo = await engine.invoke('demo.create', { skus: 80, days: 45, seed: 5, end: '2026-12-02' }); // a fixed end: the store does not change with the calendar
  expect((await engine.jobs.wait(demo.jobId)).status).toBe('succeeded');
}, 120_000);
afterAll(async () => {
  await engine.close();
  t.cleanup();
});

describe('recommendations on a store', () => {
  it('before training, the lists say to train first (both languages)', async () => {
    expect(await engine.invoke('recs.status', {})).toBeNull();
    const zh = await engine.call('recs.forCustomer', { customer: 1 }, 'zh');
    expect(zh.ok).toBe(false);
    expect(JSON.stringify(zh)).toContain('尚无推荐结果');
  });

  it('trains in a job, compares every model, and serves lists with reasons in the UI language', async () => {
    // Started from the Chinese UI: the progress line under the Train button is in Chinese.
    const phases: string[] = [];
    const bar: number[] = [];
    const onJob = (p: { phase?: string | null; done?: number; total?: number; status?: string }): void => {
      if (p.phase) phases.push(p.phase);
      if (p.status === 'running' && p.total) bar.push((p.done ?? 0) / p.total);
    };
    engine.on('job', onJob);
    const started = await engine.call('recs.train.start', { models: ['pop', 'cooc', 'sasrec'], epochs: 2, maxSeconds: 30 }, 'zh');
    const job = (started.ok ? started.result : { jobId: '' }) as { jobId: string };
    const done = await engine.jobs.wait(job.jobId);
    engine.off('job', onJob);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect(phases.some((p) => /^序列 Transformer.*第 \d+\/2 轮$/.test(p)), phases.slice(-5).join(' | ')).toBe(true);
    // One bar for the whole run, each model named as it starts: it never moves back (it filled once per model before).
    expect(phases).toContain('畅销榜：训练中（第 1/3 个模型）');
    expect(bar.length).toBeGreaterThan(3);
    for (let i = 1; i < bar.length; i++) expect(bar[i], `step ${i}`).toBeGreaterThanOrEqual(bar[i - 1]);
    const status = await engine.invoke('recs.status', {});
    expect(status?.metrics.comparison.map((r) => r.model)).toEqual(['pop', 'cooc', 'sasrec']);
    expect(status?.metrics.tailEffect.length).toBeGreaterThan(3);
    // The control the run applies is chosen among all three measured forms, the personal lift included (as
    // `desk recs evaluate` chooses it); until 2026-12-04 store training left the personal lift out of the choice.
    // Since 2026-12-04 the probability lift is the fourth form, with the temperature fitted on the validation item.
    const te = status!.metrics.tailEffects!;
    expect(te.personal.length).toBeGreaterThan(3);
    expect(te.prob.length).toBeGreaterThan(3);
    const temperature = status?.metrics.tailChoice?.temperature ?? 0;
    expect(temperature).toBeGreaterThan(0);
    expect(status?.metrics.tailChoice).toEqual(chooseAmong({ ...te, temperature }));
    expect(status?.metrics.tailChoice?.picks.personal).toBeDefined();
    expect(status?.metrics.tailChoice?.picks.prob).toBeDefined();
    const [c] = await engine.invoke('recs.customers', { limit: 1 });
    const en = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 5 });
    expect(en.items).toHaveLength(5);
    expect(en.history.length).toBeGreaterThan(0);
    // Nothing the customer already did is recommended.
    const seen = new Set(en.history.map((h) => h.sku));
    expect(en.items.every((i) => !seen.has(i.sku))).toBe(true);
    const zh = await engine.call('recs.forCustomer', { customer: c.externalId, k: 5 }, 'zh');
    const zhItems = zh.ok ? (zh.result as typeof en).items : [];
    expect(zhItems.length).toBe(5);
    expect(zhItems.every((i) => /[\u4e00-\u9fff]/.test(i.reason))).toBe(true);
    const sku = en.items[0].sku;
    const p = await engine.invoke('recs.forProduct', { sku, k: 5 });
    expect(p.similar.length).toBeGreaterThan(0);
    expect(p.similar.every((s) => s.sku !== sku)).toBe(true);
  }, 180_000);

  it('keeps each customer\'s personal tail-lift weight with their list: one per customer, above 1 for long-tail-minded ones, 1 on average', async () => {
    const db = engine.store.db;
    const run = db.prepare("SELECT id FROM model_runs WHERE kind = 'recsys' ORDER BY created_at DESC LIMIT 1").get() as { id: string };
    const rows = db.prepare("SELECT subject_id AS c, min(lift_weight) AS lo, max(lift_weight) AS hi FROM rec_items WHERE run_id = ? AND list = 'customer' GROUP BY subject_id").all(run.id) as { c: number; lo: number; hi: number }[];
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((r) => r.lo === r.hi)).toBe(true);
    const ws = rows.map((r) => r.lo);
    expect(Math.min(...ws)).toBeLessThan(1);
    expect(Math.max(...ws)).toBeGreaterThan(1);
    expect(ws.reduce((a, w) => a + w, 0) / ws.length).toBeCloseTo(1, 4);
    // Product lists carry no personal weight.
    expect(db.prepare("SELECT count(*) AS n FROM rec_items WHERE run_id = ? AND list != 'customer' AND lift_weight != 1").get(run.id)).toEqual({ n: 0 });
    // Each customer's softmax normaliser (the probability lift's) is stored with their list, one per customer; the
    // probabilities of their stored candidates then sum to at most 1 (the candidates are part of the catalogue).
    const norms = db.prepare("SELECT subject_id AS c, min(log_norm) AS lo, max(log_norm) AS hi, count(log_norm) AS k, count(*) AS n FROM rec_items WHERE run_id = ? AND list = 'customer' GROUP BY subject_id").all(run.id) as { c: number; lo: number; hi: number; k: number; n: number }[];
    expect(norms.every((r) => r.k === r.n && r.lo === r.hi)).toBe(true);
    const metrics = JSON.parse((db.prepare('SELECT metrics FROM model_runs WHERE id = ?').get(run.id) as { metrics: string }).metrics) as { tailChoice: { temperature: number } };
    const rowsOf = db.prepare("SELECT score, log_norm AS z FROM rec_items WHERE run_id = ? AND list = 'customer' AND subject_id = ?");
    for (const r of norms.slice(0, 20)) {
      const mass = (rowsOf.all(run.id, r.c) as { score: number; z: number }[]).reduce((a, x) => a + Math.exp(x.score / metrics.tailChoice.temperature - x.z), 0);
      expect(mass).toBeGreaterThan(0);
      expect(mass).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(db.prepare("SELECT count(*) AS n FROM rec_items WHERE run_id = ? AND list != 'customer' AND log_norm IS NOT NULL").get(run.id)).toEqual({ n: 0 });
  });

  it('the tail control moves long-tail items up the list', async () => {
    const [c] = await engine.invoke('recs.customers', { limit: 1 });
    const plain = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10, tail: 0 });
    const tail = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10, tail: 1 });
    const share = (xs: { longTail: boolean }[]): number => xs.filter((x) => x.longTail).length;
    expect(share(tail.items)).toBeGreaterThanOrEqual(share(plain.items));
  });

  it('new events refresh a customer\'s list without retraining: what they just viewed leaves it, a reason names it', async () => {
    const [c] = await engine.invoke('recs.customers', { limit: 1 });
    const before = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 5 });
    const viewed = before.items[0].sku;
    const db = engine.store.db;
    const pid = (db.prepare('SELECT id FROM products WHERE sku = ?').get(viewed) as { id: number }).id;
    db.prepare("INSERT INTO browsing_events (customer_id, session_id, product_id, kind, ts) VALUES (?, 'new-session', ?, 'view', '2030-01-01 10:00:00')").run(c.id, pid);
    const weight = (): unknown => db.prepare("SELECT DISTINCT lift_weight AS w FROM rec_items WHERE list = 'customer' AND subject_id = ? AND run_id = (SELECT id FROM model_runs WHERE kind = 'recsys' ORDER BY created_at DESC LIMIT 1)").all(c.id);
    const w0 = weight();
    const refreshed = await engine.invoke('recs.refresh', {});
    expect(refreshed.refreshed).toBe(1);
    // The refreshed list keeps the customer's personal tail-lift weight from training.
    expect(weight()).toEqual(w0);
    // Scored by the saved Transformer, the new list has its normaliser; rebuilt from the similar-item lists, none
    // (the probability lift then falls back to the personal lift for that customer).
    const norms = db.prepare("SELECT count(log_norm) AS k, count(*) AS n FROM rec_items WHERE list = 'customer' AND subject_id = ? AND run_id = (SELECT id FROM model_runs WHERE kind = 'recsys' ORDER BY created_at DESC LIMIT 1)").get(c.id) as { k: number; n: number };
    expect(norms.n).toBeGreaterThan(0);
    expect(norms.k).toBe(refreshed.source === 'transformer' ? norms.n : 0);
    const after = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 5 });
    expect(after.items.map((i) => i.sku)).not.toContain(viewed);
    // The newest event weighs most: some of the new list is there because of it.
    expect(after.items.some((i) => i.reason === `Viewed ${before.items[0].title}`)).toBe(true);
    // Nothing new since: nothing to refresh.
    expect((await engine.invoke('recs.refresh', {})).refreshed).toBe(0);
  });

  it('exports CSV and JSON with customer id, email, rank, SKU, title and reason', async () => {
    const csv = await engine.invoke('recs.export', { path: join(t.dir, 'recs.csv'), k: 3 });
    expect(csv.rows).toBeGreaterThan(0);
    const text = readFileSync(csv.path, 'utf8').replace(/^\uFEFF/, '');
    expect(text.split('\n')[0].trim()).toBe('customer_id,email,rank,sku,title,reason');
    const json = await engine.invoke('recs.export', { path: join(t.dir, 'recs.json'), format: 'json', k: 3 });
    const rows = JSON.parse(readFileSync(json.path, 'utf8')) as Record<string, unknown>[];
    expect(Object.keys(rows[0])).toEqual(['customer_id', 'email', 'rank', 'sku', 'title', 'reason']);
    expect(rows.length).toBe(csv.rows);
    // The other list, for browse- and cart-abandonment emails: same columns, reasons that say what is still open.
    const revisit = await engine.invoke('recs.export', { path: join(t.dir, 'revisit.csv'), k: 3, list: 'revisit' });
    expect(revisit.list).toBe('revisit');
    expect(revisit.rows).toBeGreaterThan(0);
    const lines = readFileSync(revisit.path, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0].trim()).toBe('customer_id,email,rank,sku,title,reason');
    expect(lines.length - 1).toBe(revisit.rows);
    for (const l of lines.slice(1)) expect(l).toMatch(/not bought yet|Bought before; (viewed|in the cart) again on/);
  });
  it('lists what a customer viewed or carted and has not bought since, newest first, with reasons in both languages', async () => {
    const [, c] = await engine.invoke('recs.customers', { limit: 2 });
    const db = engine.store.db;
    // Five products this customer never touched: A viewed twice, B carted, C viewed then bought, D viewed but archived,
    // E bought and then viewed again.
    const fresh = db.prepare(`SELECT id, sku FROM products WHERE status = 'active' AND id NOT IN (SELECT product_id FROM browsing_events WHERE customer_id = ? AND product_id IS NOT NULL)
      AND id NOT IN (SELECT l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id = ?) ORDER BY id LIMIT 5`).all(c.id, c.id) as { id: number; sku: string }[];
    expect(fresh).toHaveLength(5);
    const [a, b, cc, d, e] = fresh;
    const ev = db.prepare("INSERT INTO browsing_events (customer_id, session_id, product_id, kind, ts) VALUES (?, 'revisit', ?, ?, ?)");
    ev.run(c.id, a.id, 'view', '2031-01-01 09:00:00');
    ev.run(c.id, a.id, 'view', '2031-01-02 09:00:00');
    ev.run(c.id, b.id, 'cart', '2031-01-03 09:00:00');
    ev.run(c.id, cc.id, 'view', '2031-01-04 09:00:00');
    const order = Number(db.prepare("INSERT INTO orders (order_no, ordered_at, customer_id) VALUES ('REVISIT-1', '2031-01-05 09:00:00', ?)").run(c.id).lastInsertRowid);
    db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, 1, ?, 1, 10)').run(order, cc.id);
    ev.run(c.id, d.id, 'view', '2031-01-06 09:00:00');
    const again = Number(db.prepare("INSERT INTO orders (order_no, ordered_at, customer_id) VALUES ('REVISIT-2', '2031-01-07 09:00:00', ?)").run(c.id).lastInsertRowid);
    db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, 1, ?, 1, 10)').run(again, e.id);
    ev.run(c.id, e.id, 'view', '2031-01-08 09:00:00');
    db.prepare("UPDATE products SET status = 'archived' WHERE id = ?").run(d.id);
    try {
      const en = await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 10 });
      const skus = en.revisit.map((r) => r.sku);
      expect(skus.slice(0, 3)).toEqual([e.sku, b.sku, a.sku]);
      expect(skus).not.toContain(cc.sku);
      expect(skus).not.toContain(d.sku);
      expect(en.revisit[0]).toMatchObject({ rank: 1, boughtBefore: true, reason: 'Bought before; viewed again on Jan 8, 2031' });
      expect(en.revisit[1]).toMatchObject({ rank: 2, carted: true, boughtBefore: false, reason: 'In the cart on Jan 3, 2031, not bought yet' });
      expect(en.revisit[2]).toMatchObject({ rank: 3, carted: false, views: 2, reason: 'Viewed 2 times, last on Jan 2, 2031; not bought yet' });
      expect(en.revisit.length).toBeLessThanOrEqual(10);
      const zh = await engine.call('recs.forCustomer', { customer: c.externalId, k: 10 }, 'zh');
      const zr = (zh.ok ? zh.result : null) as { revisit: { reason: string }[] } | null;
      expect(zr?.revisit.slice(0, 3).map((r) => r.reason)).toEqual(['以前买过，2031年1月8日 又浏览了', '2031年1月3日 加入购物车，尚未购买', '浏览 2 次，最近一次 2031年1月2日，尚未购买']);
    } finally {
      db.prepare("UPDATE products SET status = 'active' WHERE id = ?").run(d.id);
    }
  });

  it('a weights file no run points to (a training killed after saving it) is removed at the next open; the served one stays', async () => {
    const db = engine.store.db;
    const served = (db.prepare("SELECT artefact_path AS p FROM model_runs WHERE kind = 'recsys' AND artefact_path IS NOT NULL").get() as { p: string } | undefined)?.p;
    expect(served && existsSync(served)).toBe(true);
    const orphan = `${engine.store.path}.models/recs-killed-run.sasrec`;
    writeFileSync(orphan, 'weights of a run that never recorded itself');
    await engine.open(engine.store.path);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(served as string)).toBe(true);
    // Lists are still served after the reopen.
    const [c] = await engine.invoke('recs.customers', { limit: 1 });
    expect((await engine.invoke('recs.forCustomer', { customer: c.externalId, k: 3 })).items).toHaveLength(3);
  }, 60_000);

  it("retraining removes the store's own older weights file, never one a copied store's rows point at in the original's folder", async () => {
    const db = engine.store.db;
    // This store as a copy of another: its latest run's weights file lives beside the original store, and an older
    // run's file lies in this store's own models folder.
    const theirs = join(t.dir, 'original.db.models', 'recs-theirs.sasrec');
    const ours = `${engine.store.path}.models/recs-older.sasrec`;
    for (const f of [theirs, ours]) {
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, 'weights');
    }
    const run = db.prepare("INSERT INTO model_runs (id, kind, params, metrics, artefact_path, created_at) VALUES (?, 'recsys', '{}', '{}', ?, ?)");
    run.run('older-run', ours, '2026-01-01T00:00:00Z');
    run.run('copied-run', theirs, '2026-01-02T00:00:00Z');
    const job = await engine.invoke('recs.train.start', { models: ['pop'] });
    expect((await engine.jobs.wait(job.jobId)).status).toBe('succeeded');
    expect(existsSync(theirs)).toBe(true);
    expect(existsSync(ours)).toBe(false);
    // Neither is listed as a served file any more.
    expect(db.prepare("SELECT COUNT(*) AS n FROM model_runs WHERE kind = 'recsys' AND artefact_path IS NOT NULL").get()).toEqual({ n: 0 });
  }, 60_000);

  it('the lists come from the model best at items new to the customer, not one that wins by re-ranking what they already viewed', async () => {
    // On this store most held-out items were viewed before they were bought: ALS ranks those first and wins over all
    // items, yet the lists never show them.
    const started = await engine.invoke('recs.train.start', { models: ['pop', 'als', 'cooc'] });
    expect((await engine.jobs.wait(started.jobId)).status).toBe('succeeded');
    const m = (await engine.invoke('recs.status', {}))!.metrics;
    const rows = m.comparison;
    const best = (key: 'validNdcg' | 'validNdcgNew'): string => [...rows].sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0))[0].model;
    expect(best('validNdcg')).toBe('als');
    expect(m.primaryBy).toBe('new');
    expect(m.primary).toBe(best('validNdcgNew'));
    expect(m.primary).not.toBe('als');
    // And on the later held-out item too, the chosen model is better than ALS at the items new to the customer.
    const ndcgNew = (name: string): number => rows.find((r) => r.model === name)!.ndcgNew;
    expect(ndcgNew(m.primary)).toBeGreaterThan(ndcgNew('als'));
  }, 120_000);
});
