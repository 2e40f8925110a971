/** 'auto' forecasts keep the neural model exactly for the SKUs where it won its holdout, from the saved model, and only when it matches. */
import { statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choiceOf, forecastOf, latestNeuralHoldout } from '../../engine/db/queries/forecast';
import { Engine } from '../../engine/engine';
import { addDays } from '../../engine/forecast/dates';
import { MetricAcc, type MetricSums } from '../../engine/forecast/metrics';
import { predictFromArtefact } from '../../engine/forecast/neural';
import { HOLDOUT_KEYS } from '../../engine/forecast/neural-auto';
import { poisson, rng } from './forecast-fixtures';
import { tempDir } from './helpers';

const H = 14;
const DAYS = 150;
const START = '2025-01-01';
const PROMO = ['P-1', 'P-2', 'P-3', 'P-4'];
const FLAT = ['F-1', 'F-2', 'F-3', 'F-4'];
/** Tiny model settings: two trainings (holdout + final) in a few seconds each. */
const TINY = { horizon: H, window: 28, epochs: 6, windowsPerEpoch: 192, batchSize: 64, seed: 3 };

interface RunResult {
  runId: string;
  chosen: Record<string, number>;
  neural: { runId: string; considered: number; neural: number; blend: number } | null;
}

const t = tempDir('desk-neural-auto-');
let engine: Engine;
let before: Map<string, string>;
let after: RunResult;
let trainedRunId = '';

/**
 * Planted pattern: price-cut SKUs sell 5x on the days their price is halved (planned price changes in price_history,
 * also inside the last two weeks and the horizon), which no statistical model reads (they see the event calendar and
 * promotions, not prices); flat SKUs sell exactly the same every day, which every
 * statistical model forecasts without error and the neural model cannot beat.
 */
function seed(db: Database.Database): void {
  const r = rng(11);
  const now = '2025-01-01T00:00:00Z';
  const insP = db.prepare('INSERT INTO products (sku, title_en, category, price, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insS = db.prepare(`INSERT INTO daily_sales (product_id, date, units, revenue, order_count, stockout, source) VALUES (?, ?, ?, 0, 1, 0, 'import')`);
  const insPrice = db.prepare(`INSERT INTO price_history (product_id, effective_at, price, source) VALUES (?, ?, ?, 'import')`);
  db.transaction(() => {
    PROMO.forEach((sku, k) => {
      const id = Number(insP.run(sku, sku, 'promo', 20, now, now).lastInsertRowid);
      const on = (d: number): boolean => (d + 3 * k) % 9 < 2;
      // Price cuts are planned into the forecast horizon too.
      insPrice.run(id, START, 20);
      for (let d = 1; d < DAYS + H; d++) if (on(d) !== on(d - 1)) insPrice.run(id, addDays(START, d), on(d) ? 10 : 20);
      for (let d = 0; d < DAYS; d++) insS.run(id, addDays(START, d), poisson(r, (6 + 2 * k) * (on(d) ? 5 : 1)));
    });
    FLAT.forEach((sku, k) => {
      const id = Number(insP.run(sku, sku, 'flat', 20, now, now).lastInsertRowid);
      for (let d = 0; d < DAYS; d++) insS.run(id, addDays(START, d), 6 + k);
    });
  })();
}

async function forecast(input: Record<string, unknown>): Promise<RunResult> {
  const job = await engine.invoke('forecast.run', { model: 'auto', folds: 2, ...input });
  const done = await engine.jobs.wait(job.jobId, 60_000);
  expect(done.error).toBeNull();
  return done.result as RunResult;
}

function models(): Map<string, string> {
  return new Map((engine.store.db.prepare('SELECT p.sku, c.model FROM forecast_choice c JOIN products p ON p.id = c.product_id').all() as { sku: string; model: string }[]).map((r) => [r.sku, r.model]));
}

const mae = (s: MetricSums): number => MetricAcc.from(s).scores().mae;

beforeAll(async () => {
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(join(t.dir, 'shop.db'), { create: true });
  seed(engine.store.db);
  const first = await forecast({ horizon: H });
  expect(first.neural).toBeNull();
  before = models();
  const job = await engine.invoke('forecast.trainNeural', TINY);
  const done = await engine.jobs.wait(job.jobId, 120_000);
  expect(done.error).toBeNull();
  trainedRunId = (done.result as { runId: string }).runId;
  after = await forecast({ horizon: H });
}, 150_000);

afterAll(async () => {
  await engine?.close();
  t.cleanup();
});

describe("forecast.run 'auto' with a trained neural model", () => {
  it('stores per-SKU holdout scores with the training run', () => {
    const run = latestNeuralHoldout(engine.store.db, addDays(START, DAYS - 1), H);
    expect(run?.runId).toBe(trainedRunId);
    expect(run?.bySku.size).toBe(PROMO.length + FLAT.length);
    for (const h of run!.bySku.values()) {
      expect(h.sums.n).toBe(H);
      expect(h.forecast.p50).toHaveLength(H);
    }
  });

  it('keeps the neural model exactly where it beat the statistical choice on the holdout', () => {
    const db = engine.store.db;
    const ids = new Map((db.prepare('SELECT sku, id FROM products').all() as { sku: string; id: number }[]).map((r) => [r.sku, r.id]));
    const now = models();
    let kept = 0;
    for (const sku of [...PROMO, ...FLAT]) {
      const c = choiceOf(db, ids.get(sku)!)!;
      const nSums = c.sums[HOLDOUT_KEYS.neural];
      const sSums = c.sums[HOLDOUT_KEYS.stat];
      expect(nSums && sSums).toBeTruthy();
      const won = mae(nSums) < mae(sSums);
      expect(['neural', 'neural-blend'].includes(now.get(sku)!)).toBe(won);
      if (won) kept++;
      // Where it lost, the statistical choice is what it was without a neural model.
      else expect(now.get(sku)).toBe(before.get(sku));
    }
    // The planted pattern: price cuts are only visible to the neural model; flat demand is exact for the statistical ones.
    for (const sku of PROMO) expect(now.get(sku)).toMatch(/^neural/);
    for (const sku of FLAT) expect(now.get(sku)).not.toMatch(/^neural/);
    expect((after.neural?.neural ?? 0) + (after.neural?.blend ?? 0)).toBe(kept);
    expect(after.neural?.considered).toBe(PROMO.length + FLAT.length);
    expect(after.neural?.runId).toBe(trainedRunId);
  });

  it('forecasts the kept SKUs from the saved model without leaking tensors, and says why in both languages', async () => {
    const db = engine.store.db;
    const run = latestNeuralHoldout(db, addDays(START, DAYS - 1), H)!;
    const ids = new Map((db.prepare('SELECT sku, id FROM products').all() as { sku: string; id: number }[]).map((r) => [r.sku, r.id]));
    const pureNeural = PROMO.filter((sku) => models().get(sku) === 'neural');
    const tensors = tf.memory().numTensors;
    const fc = await predictFromArtefact(db, run.artefactPath!, PROMO.map((s) => ids.get(s)!), H);
    expect(tf.memory().numTensors).toBe(tensors);
    for (const sku of pureNeural) {
      const stored = forecastOf(db, ids.get(sku)!);
      expect(stored.map((r) => r.p50)).toEqual(fc.get(ids.get(sku)!)!.p50.map((v) => expect.closeTo(v, 6)));
    }
    for (const sku of PROMO) {
      const g = await engine.invoke('forecast.get', { sku });
      expect(g.whyDetail).toMatch(/neural model won its holdout on the last 14 days: WAPE \d+\.\d% vs \d+\.\d%/);
      expect(g.why).toMatch(/^The neural network did better than .+ on the last 14 days of sales/);
      const zh = await engine.call('forecast.get', { sku }, 'zh');
      expect(zh.ok && (zh.result as { whyDetail: string }).whyDetail).toMatch(/神经网络模型在最近 14 天的留出检验中胜出/);
      expect(zh.ok && (zh.result as { why: string }).why).toMatch(/^在最近 14 天的销量上，神经网络比.+更准确/);
    }
    // The price-cut lifts show in the kept forecasts: cut days forecast well above the others.
    const sku = PROMO[0];
    const promoDays = new Set<string>();
    for (let d = DAYS; d < DAYS + H; d++) if ((d + 0) % 9 < 2) promoDays.add(addDays(START, d));
    const rows = forecastOf(db, ids.get(sku)!);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const on = mean(rows.filter((r) => promoDays.has(r.date)).map((r) => r.p50));
    const off = mean(rows.filter((r) => !promoDays.has(r.date)).map((r) => r.p50));
    expect(on).toBeGreaterThan(1.5 * off);
  });
});

describe('forecast accuracy screen data', () => {
  it('shows the neural model and the statistical choice on the holdout window, and how many SKUs each model got', async () => {
    const a = await engine.invoke('forecast.accuracy', {});
    const row = (m: string): { wape: number | null; series: number } | undefined => a.all.find((r) => r.model === m);
    expect(row(HOLDOUT_KEYS.neural)?.series).toBe(PROMO.length + FLAT.length);
    expect(row(HOLDOUT_KEYS.stat)?.series).toBe(PROMO.length + FLAT.length);
    const kept = a.chosen.filter((c) => c.model.startsWith('neural')).reduce((n, c) => n + c.n, 0);
    expect(kept).toBe((after.neural?.neural ?? 0) + (after.neural?.blend ?? 0));
  });
});

describe("forecast.run 'auto' without a usable neural model", () => {
  it('stays statistical when the neural model was trained for another horizon', async () => {
    const other = await forecast({ horizon: H + 7 });
    expect(other.neural).toBeNull();
    expect(Object.keys(other.chosen).some((m) => m.startsWith('neural'))).toBe(false);
    const c = choiceOf(engine.store.db, 1)!;
    expect(c.sums[HOLDOUT_KEYS.neural]).toBeUndefined();
  });
  it('ignores a damaged saved model (weights.bin cut short by a crash) with a warning in both languages, and stays statistical', async () => {
    const dir = (engine.store.db.prepare('SELECT artefact_path AS p FROM model_runs WHERE id = ?').get(trainedRunId) as { p: string }).p;
    const weights = join(dir, 'weights.bin');
    truncateSync(weights, Math.floor(statSync(weights).size / 2));
    const res = (await forecast({ horizon: H })) as RunResult & { warnings: { code: string; what: string; message: string }[] };
    expect(res.neural).toBeNull();
    expect(Object.keys(res.chosen).some((m) => m.startsWith('neural'))).toBe(false);
    // (This store's history ended long ago, so the run also warns that its first days are past.)
    const damaged = res.warnings.filter((w) => w.code !== 'stale_history');
    expect(damaged).toHaveLength(1);
    expect(damaged[0]).toMatchObject({ code: 'artefact_ignored', what: 'model' });
    expect(damaged[0].message).toMatch(/forecast model .* is damaged and was ignored/);
    const zh = await engine.call('forecast.run', { model: 'auto', folds: 2, horizon: H }, 'zh');
    const done = await engine.jobs.wait((zh.ok ? (zh.result as { jobId: string }) : { jobId: '' }).jobId, 60_000);
    expect((done.result as typeof res).warnings.find((w) => w.code === 'artefact_ignored')?.message).toMatch(/预测模型已损坏，已忽略/);
  });
});
