/** Store covariates for the neural model and the 'forecast.train-neural' job (worker thread, model_runs, forecasts, cancel). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine';
import { addDays, daysBetween } from '../../engine/forecast/dates';
import { loadStoreFeatures } from '../../engine/forecast/features';
import { loadNeural } from '../../engine/forecast/global';
import type { JobProgress } from '../../engine/jobs/types';
import { seedShop } from './forecast-fixtures';
import { jobReaches, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
let engine: Engine;
let end: string;

beforeEach(async () => {
  t = tempDir('desk-neural-job-');
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(join(t.dir, 'shop.db'), { create: true });
  const db = engine.store.db;
  ({ end } = seedShop(db, { skus: 4, days: 120, start: '2025-01-01', seed: 5 }));
  db.transaction(() => {
    // A promotion on SKU-002 that runs past the end of history (planned), and a category-wide one in the past.
    db.prepare(`INSERT INTO promotions (name, product_id, start_date, end_date, discount_pct) VALUES ('spring', 2, ?, ?, 20)`).run(addDays(end, -2), addDays(end, 3));
    db.prepare(`INSERT INTO promotions (name, category, start_date, end_date, discount_pct) VALUES ('home week', 'home', '2025-02-01', '2025-02-07', 10)`).run();
    db.prepare(`INSERT INTO calendar_events (code, name_zh, name_en, start_date, end_date) VALUES ('618', '618', '618', ?, ?)`).run(addDays(end, 5), addDays(end, 6));
    db.prepare(`INSERT INTO calendar_events (code, name_zh, name_en, start_date, end_date) VALUES ('shop_birthday', '店庆', 'Shop birthday', '2025-03-03', '2025-03-03')`).run();
    db.prepare(`INSERT INTO price_history (product_id, effective_at, price) VALUES (1, '2025-01-01', 50), (1, '2025-03-01', 55)`).run();
    db.prepare(`INSERT INTO competitor_prices (product_id, competitor, date, price) VALUES (1, 'rival', '2025-02-03', 44)`).run();
    const sig = db.prepare('INSERT INTO signals (date, kind, key, value) VALUES (?, ?, ?, ?)');
    for (let d = 0; d < 120; d++) {
      const date = addDays('2025-01-01', d);
      sig.run(date, 'weather', 'temp_c', 5 + d / 10);
      sig.run(date, 'sentiment', 'category:toys', 0.5);
    }
  })();
});

afterEach(async () => {
  await engine.close();
  t.cleanup();
});

describe('store covariates', () => {
  it('marks planned promotions and retail events in the future and keeps stockouts unobserved', () => {
    const H = 7;
    const { items } = loadStoreFeatures(engine.store.db, H);
    const sku2 = items.find((it) => it.sku === 'SKU-002');
    const sku1 = items.find((it) => it.sku === 'SKU-001');
    expect(sku2 && sku1).toBeTruthy();
    const n2 = sku2!.series.values.length;
    expect(sku2!.covariates.promo.length).toBe(n2 + H);
    // Promotion from end-2 to end+3: history and the planned future days.
    expect(sku2!.covariates.promo.slice(n2 - 4, n2 + 4)).toEqual([0, 1, 1, 1, 1, 1, 1, 0]);
    expect(sku2!.covariates.discount[n2]).toBeCloseTo(0.2);
    // SKU-002 is 'toys' (k=1): category sentiment; SKU-001 is 'home' and gets the category-wide promotion.
    expect(sku2!.covariates.sentiment[10]).toBeCloseTo(0.5);
    const i0201 = daysBetween(sku1!.series.start, '2025-02-01');
    expect(sku1!.covariates.promo.slice(i0201 - 1, i0201 + 8)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 0]);
    // 618 on end+5..end+6; the merchant's own event counts as 'other'.
    const n1 = sku1!.series.values.length;
    expect(sku1!.covariates.event_618.slice(n1 + 3, n1 + 6)).toEqual([0, 1, 1]);
    expect(sku1!.covariates.event_other[daysBetween(sku1!.series.start, '2025-03-03')]).toBe(1);
    // Price relative to the median; competitor gap carried forward from the last observation.
    const i0301 = daysBetween(sku1!.series.start, '2025-03-01');
    expect(sku1!.covariates.price_rel[i0301] / sku1!.covariates.price_rel[i0301 - 1]).toBeCloseTo(55 / 50);
    expect(sku1!.covariates.comp_gap[i0201 + 10]).toBeCloseTo(50 / 44 - 1);
    // Future temperature is unknown: filled with a finite climatology, not left empty.
    expect(Number.isFinite(sku1!.covariates.temp[n1 + 2])).toBe(true);
    // Stockout days (day 40 of every 53 in the fixture) are NaN, never zero.
    expect(Number.isNaN(sku1!.series.values[40])).toBe(true);
  });
});

describe('neuralForecaster', { timeout: 120_000 }, () => {
  it('serves the backtest engine as a GlobalForecaster, with or without covariates', async () => {
    const { items } = loadStoreFeatures(engine.store.db, 7);
    const model = await loadNeural('en', { epochs: 1, windowsPerEpoch: 64, batchSize: 32, window: 14 });
    expect(model.name).toBe('neural');
    const ticks: number[] = [];
    const bare = await model.fitPredict(items.map((it) => ({ series: it.series })), 7, { seed: 3, onProgress: (d) => ticks.push(d) });
    const rich = await model.fitPredict(items, 7, { seed: 3 });
    expect(ticks.length).toBe(2);
    for (const preds of [bare, rich]) {
      expect([...preds.keys()].sort()).toEqual(items.map((it) => it.sku).sort());
      for (const q of preds.values()) {
        expect(q.p50).toHaveLength(7);
        q.p50.forEach((v, h) => expect(q.p10[h] <= v && v <= q.p90[h] && v >= 0).toBe(true));
      }
    }
    await expect(model.fitPredict(items, 7, { seed: 3, isCancelled: () => true })).rejects.toThrow(/cancelled/i);
  });
});

describe("job 'forecast.train-neural'", { timeout: 120_000 }, () => {
  const small = { epochs: 2, windowsPerEpoch: 128, batchSize: 64, window: 21, horizon: 7, seed: 1, holdout: false };

  it('trains in a worker, saves the model folder, records model_runs and writes neural forecasts', async () => {
    const events: JobProgress[] = [];
    engine.on('job', (p: JobProgress) => events.push(p));
    const job = await engine.invoke('forecast.trainNeural', small);
    const done = await engine.jobs.wait(job.jobId);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const result = done.result as { runId: string; skus: number; artefactPath: string; lossHistory: number[]; forecastsWritten: number };
    expect(result.skus).toBe(4);
    expect(result.lossHistory).toHaveLength(2);
    expect(existsSync(join(result.artefactPath, 'model.json'))).toBe(true);
    expect(existsSync(join(result.artefactPath, 'weights.bin'))).toBe(true);
    expect(result.artefactPath.startsWith(join(t.dir, 'shop.db.models'))).toBe(true);
    const db = engine.store.db;
    const run = db.prepare('SELECT kind, job_id, artefact_path FROM model_runs WHERE id = ?').get(result.runId);
    expect(run).toEqual({ kind: 'forecast-neural', job_id: job.jobId, artefact_path: result.artefactPath });
    const rows = db.prepare('SELECT date, p10, p50, p90 FROM forecasts WHERE run_id = ? ORDER BY product_id, date').all(result.runId) as { date: string; p10: number; p50: number; p90: number }[];
    expect(rows).toHaveLength(4 * 7);
    expect(rows[0].date).toBe(addDays(end, 1));
    for (const r of rows) expect(r.p10 <= r.p50 && r.p50 <= r.p90).toBe(true);
    expect(db.prepare(`SELECT count(*) AS n FROM forecast_choice WHERE model = 'neural'`).get()).toEqual({ n: 4 });
    expect(events.some((e) => e.jobId === job.jobId && e.status === 'running' && /epoch 1\/2/.test(e.phase ?? ''))).toBe(true);
    const runs = await engine.invoke('forecast.neuralRuns', {});
    expect(runs.map((r) => r.id)).toEqual([result.runId]);
    expect((runs[0].metrics as { lossHistory: number[] }).lossHistory).toEqual(result.lossHistory);
  });

  it('stops when cancelled and records nothing', async () => {
    const job = engine.jobs.start('forecast.train-neural', { ...small, epochs: 200 });
    await jobReaches(engine, job.jobId, (p) => /epoch/.test(p.phase ?? '') && p.done >= 1);
    await engine.invoke('jobs.cancel', { jobId: job.jobId });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('cancelled');
    expect(engine.store.db.prepare('SELECT count(*) AS n FROM model_runs').get()).toEqual({ n: 0 });
  });

  it('refuses bad parameters with the field named', async () => {
    const job = engine.jobs.start('forecast.train-neural', { epochs: 0 });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('failed');
    expect(JSON.stringify(done.error)).toMatch(/epochs/);
  });
});
