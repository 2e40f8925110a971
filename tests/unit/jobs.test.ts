import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import type { JobProgress } from '../../engine/jobs/types';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { engineOnFreshStore, jobReaches, until } from './helpers';

let engine: Engine;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ engine, close } = await engineOnFreshStore());
});
afterEach(() => close());

describe('jobs', () => {
  it('returns an id at once, reports progress from a worker thread, and stores the outcome', async () => {
    const events: JobProgress[] = [];
    engine.on('job', (p: JobProgress) => events.push(p));
    const started = await engine.invoke('jobs.list', {});
    expect(started).toEqual([]);
    const job = engine.jobs.start('sleep', { steps: 5, stepMs: 120 });
    expect(job.status).toBe('running');
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ steps: 5 });
    const running = events.filter((e) => e.status === 'running' && e.total === 5);
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(running.some((e) => e.etaSeconds !== null)).toBe(true);
    // The outcome is in the store, readable after the fact.
    const row = engine.store.db.prepare('SELECT status, done, total FROM jobs WHERE id = ?').get(job.jobId);
    expect(row).toEqual({ status: 'succeeded', done: 5, total: 5 });
  });

  it('counts the time left of a phase from where its count started, not from the start of the job', async () => {
    // Three seconds of warm-up, then four ticks of 0.3 s: from the job's start the second tick said about 4 s were
    // left for a phase with 0.6 s to go (the index build said 'about 52 min left' for a four-minute phase).
    const events: JobProgress[] = [];
    engine.on('job', (p: JobProgress) => events.push(p));
    const job = engine.jobs.start('sleep', { steps: 4, stepMs: 300, warmupMs: 3000 });
    expect((await engine.jobs.wait(job.jobId)).status).toBe('succeeded');
    const ticks = events.filter((e) => e.jobId === job.jobId && e.status === 'running' && e.phase === 'ticking' && e.etaSeconds !== null);
    expect(ticks.length).toBeGreaterThanOrEqual(1);
    for (const e of ticks) expect(e.etaSeconds).toBeLessThanOrEqual(2);
  });

  it('answers a finished job as finished while its outcome cannot be stored yet (another connection holds the write lock)', async () => {
    const job = engine.jobs.start('sleep', { steps: 3, stepMs: 50 });
    // Another program writing to the store: the outcome's UPDATE waits out busy_timeout and is retried later.
    const other = new Database(engine.store.path);
    other.exec('BEGIN IMMEDIATE');
    const ended = new Promise<void>((r) => {
      const on = (p: JobProgress): void => {
        if (p.jobId === job.jobId && p.status !== 'running') {
          engine.off('job', on);
          r();
        }
      };
      engine.on('job', on);
    });
    await ended;
    const answered = await engine.invoke('jobs.get', { jobId: job.jobId });
    expect(answered.status).toBe('succeeded');
    expect(answered.result).toEqual({ steps: 3 });
    expect((await engine.invoke('jobs.wait', { jobId: job.jobId, timeoutMs: 10 })).status).toBe('succeeded');
    other.exec('COMMIT');
    other.close();
    // Stored at the next try.
    const stored = await until(() => (engine.store.db.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(job.jobId) as string) === 'succeeded', 5000);
    expect(stored).toBe(true);
    expect((await engine.invoke('jobs.get', { jobId: job.jobId })).status).toBe('succeeded');
  });

  it('can be cancelled, and records that it was', async () => {
    const job = engine.jobs.start('sleep', { steps: 200, stepMs: 20 });
    await jobReaches(engine, job.jobId, (p) => p.done >= 2);
    await engine.invoke('jobs.cancel', { jobId: job.jobId });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('cancelled');
    expect(done.done).toBeLessThan(200);
    const listed = await engine.invoke('jobs.get', { jobId: job.jobId });
    expect(listed.status).toBe('cancelled');
  });

  it('stopped by force in the middle of a synchronous write, leaves no temporary file beside the destination', async () => {
    // An export to the merchant's folder whose worker is busy writing when Cancel is pressed: it does not stop by
    // itself, the manager ends the worker 5 s later, and the half-written hidden file stayed there until the app restarted.
    const out = join(dirname(engine.store.path), 'Downloads', 'suggestions.csv');
    mkdirSync(dirname(out));
    const job = engine.jobs.start('sleep', { steps: 1, stepMs: 0, holdWrite: { path: out, ms: 60_000 } });
    expect(await until(() => readdirSync(dirname(out)).some((n) => n.endsWith('.tmp')), 30_000)).toBe(true);
    await engine.invoke('jobs.cancel', { jobId: job.jobId });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('cancelled');
    expect(readdirSync(dirname(out))).toEqual([]);
    // Its note beside the store is gone too (nothing hidden stays there once no file is being written).
    expect(existsSync(join(dirname(engine.store.path), '.shop.pending'))).toBe(false);
  }, 60_000);

  it('reports a failing job with its error instead of crashing the engine', async () => {
    const job = engine.jobs.start('sleep', { steps: -1 });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toMatch(/steps/);
    expect((await engine.call('store.info', { backend: false })).ok).toBe(true);
  });

  it('answers not_found for an unknown job id', async () => {
    const out = await engine.call('jobs.get', { jobId: 'no-such-job' });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error.code).toBe('not_found');
  });
});
