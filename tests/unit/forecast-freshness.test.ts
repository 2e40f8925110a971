// A forecast older than the store's sales is not used silently, on a real SQLite file: forecast, then import newer daily
// sales through the real import job (as Data › Import and `desk import` do), and every op that counts from the forecast
// says it is out of date with its origin and the sales' new end; a new forecast is current again. Products with sales
// that the forecast leaves out (imported after it) make it out of date too. Before, the plan, Inventory's columns and
// the Dashboard's days of cover kept counting from the older forecast with nothing saying so, and the plan's old-data
// note dated the sales by the forecast ("Sales data end on" its origin).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine';
import type { OpResult } from '../../engine/api/ops/index';
import { addDays } from '../../engine/db/queries/dashboard';
import { fillStore, type FilledStore } from './dashboard-fixture';
import { tempDir } from './helpers';

type Summary = Extract<OpResult<'dashboard.summary'>, { empty: false }>;

const t = tempDir('desk-freshness-');
let engine: Engine;
let data: FilledStore;

async function job(name: 'forecast.run' | 'import.run', input: Record<string, unknown>): Promise<void> {
  const started = (await engine.invoke(name, input)) as { jobId: string };
  const done = await engine.jobs.wait(started.jobId, 120_000);
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
}

const forecast = (): Promise<void> => job('forecast.run', { horizon: 28, model: 'ma', folds: 1 });

/** Imports a CSV file through the import job, as `desk import` and the Data screen do. */
async function importFile(kind: string, name: string, csv: string): Promise<void> {
  const path = join(t.dir, name);
  writeFileSync(path, csv);
  await job('import.run', { kind, path });
}

const freshness = async (): Promise<OpResult<'forecast.latest'>['freshness']> => (await engine.invoke('forecast.latest', {})).freshness;
const summary = async (): Promise<Summary> => (await engine.invoke('dashboard.summary', { days: 28, coverDays: 14, limit: 100 })) as Summary;

beforeAll(async () => {
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(join(t.dir, 'shop.db'), { create: true });
  data = fillStore(engine.store.db, { skus: 12, days: 120, seed: 5 });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  t.cleanup();
});

describe('a forecast older than the sales', () => {
  it('is current right after it is made: its origin is the last day of sales', async () => {
    await forecast();
    // Sales that ended months before today: the run says so, counted to today.
    expect((await engine.invoke('forecast.latest', {})).warnings.map((w) => w.code)).toContain('stale_history');
    expect(await freshness()).toMatchObject({ origin: data.end, salesEnd: data.end, newerDays: 0, uncovered: 0, stale: false });
    const plan = await engine.invoke('planning.plan', {});
    expect(plan.forecastStale).toBe(false);
    expect(plan.asOf).toBe(addDays(data.end, 1));
    expect((await summary()).alerts.lowCover.forecast?.stale).toBe(false);
  }, 120_000);

  it('is out of date once newer daily sales are imported, with both days, and still counted from (with the warning)', async () => {
    const before = new Map((await engine.invoke('planning.status', {})).map((r) => [r.sku, r.daysOfCover]));
    const newEnd = addDays(data.end, 5);
    const rows = data.products.flatMap((p) => [1, 2, 3, 4, 5].map((d) => `${p.sku},${addDays(data.end, d)},${1 + (p.id % 3)}`));
    await importFile('daily-sales', 'newer-sales.csv', `sku,date,units\n${rows.join('\n')}\n`);

    const f = await freshness();
    expect(f).toMatchObject({ origin: data.end, salesEnd: newEnd, newerDays: 5, uncovered: 0, stale: true });
    // The run's own note that the sales ended on its origin no longer holds: it is not repeated.
    expect((await engine.invoke('forecast.latest', {})).warnings.map((w) => w.code)).not.toContain('stale_history');
    expect(f?.madeAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The plan: flagged, with the dates, and taken as of the day after the newest sales (not the older forecast's day).
    const plan = await engine.invoke('planning.plan', {});
    expect(plan.forecastStale).toBe(true);
    expect(plan.forecast).toMatchObject({ origin: data.end, salesEnd: newEnd, newerDays: 5 });
    expect(plan.asOf).toBe(addDays(newEnd, 1));
    expect(plan.rows.every((r) => r.demandSource === 'forecast')).toBe(true);
    // Inventory's column and the Dashboard still count from that forecast (the best estimate until it is redone), and say so.
    const status = await engine.invoke('planning.status', {});
    expect(status.every((r) => r.demandSource === 'forecast')).toBe(true);
    for (const r of status) expect(r.daysOfCover, r.sku).toBe(before.get(r.sku));
    const low = (await summary()).alerts.lowCover;
    expect(low.basis).toBe('forecast');
    expect(low.forecast).toMatchObject({ origin: data.end, salesEnd: newEnd, newerDays: 5, stale: true });
  }, 120_000);

  it('is current again after a new forecast, which starts after the newest sales', async () => {
    const newEnd = addDays(data.end, 5);
    await forecast();
    expect(await freshness()).toMatchObject({ origin: newEnd, salesEnd: newEnd, newerDays: 0, uncovered: 0, stale: false });
    const plan = await engine.invoke('planning.plan', {});
    expect(plan.forecastStale).toBe(false);
    expect(plan.asOf).toBe(addDays(newEnd, 1));
    expect((await summary()).alerts.lowCover.forecast?.stale).toBe(false);
  }, 120_000);

  it('is out of date when a product imported since has sales it does not cover, even with no newer day', async () => {
    const newEnd = addDays(data.end, 5);
    await importFile('products', 'new-product.csv', 'sku,title_en,title_zh,price,cost\nNEW-001,New Teapot,新茶壶,30,12\n');
    // A product without sales is nothing a forecast could cover: still current.
    expect((await freshness())?.stale).toBe(false);
    const rows = [0, 1, 2, 3].map((d) => `NEW-001,${addDays(newEnd, -d)},2`);
    await importFile('daily-sales', 'new-product-sales.csv', `sku,date,units\n${rows.join('\n')}\n`);
    expect(await freshness()).toMatchObject({ origin: newEnd, salesEnd: newEnd, newerDays: 0, uncovered: 1, stale: true });
    expect((await engine.invoke('planning.plan', {})).forecastStale).toBe(true);
    await forecast();
    expect(await freshness()).toMatchObject({ uncovered: 0, stale: false });
  }, 120_000);
});
