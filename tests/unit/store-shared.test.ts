import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../engine/engine';
import { makeWorld } from '../crash/world';
import { tempDir } from './helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A store with sales history (the crash harness's world), in a folder removed after the test. */
function world(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return makeWorld(t.dir, { newLines: 10, seed: 2 }).base;
}

function engineOn(dir: string): Engine {
  const e = new Engine({ dataDir: dir, lang: 'en' });
  cleanups.push(() => e.close());
  return e;
}

/** A second process (the app, say) working on the store: a pricing training it has started and reports progress on. */
async function otherProcessTraining(store: string): Promise<{ child: ChildProcessByStdio<null, Readable, null>; jobId: string; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/crash/hold-job.ts'), store], { cwd: ROOT, env: { ...process.env, DESK_LOG: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.on('exit', r));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  cleanups.push(kill);
  const jobId = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /running (\S+)\n/.exec(buf);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`child ended (${code}) before its job ran`)));
  });
  return { child, jobId, kill };
}

const statusOf = (store: string, jobId: string): string => {
  const db = new Database(store, { readonly: true });
  try {
    return (db.prepare('SELECT status FROM jobs WHERE id = ?').get(jobId) as { status: string }).status;
  } finally {
    db.close();
  }
};

describe('a store another process is working on', () => {
  it("opening it leaves the other process's running job alone; once that process is gone, the next open marks the job interrupted", async () => {
    const store = world();
    const other = await otherProcessTraining(store);
    const engine = engineOn(join(store, '..'));
    await engine.open(store);
    // Before jobs named their process, this open marked the training failed ("the app stopped") while it ran on.
    expect(statusOf(store, other.jobId)).toBe('running');
    await engine.close();
    await other.kill();
    await engine.open(store);
    const job = await engine.invoke('jobs.get', { jobId: other.jobId });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/^Interrupted/);
  }, 120_000);

  it('keeps a Transformer file no run points to yet while a recommendation training runs, and removes it once that training is gone', async () => {
    const store = world();
    const other = await otherProcessTraining(store);
    // The other process's recommendation training has saved its weights but not yet recorded its run.
    const db = new Database(store);
    const t = new Date().toISOString();
    db.prepare(`INSERT INTO jobs (id, kind, status, params, created_at, started_at, owner_pid) VALUES ('R1', 'recs.train', 'running', '{}', ?, ?, ?)`).run(t, t, other.child.pid);
    db.close();
    mkdirSync(`${store}.models`, { recursive: true });
    const weights = `${store}.models/recs-R1run.sasrec`;
    writeFileSync(weights, 'saved, run not recorded yet');
    const engine = engineOn(join(store, '..'));
    await engine.open(store);
    expect(existsSync(weights)).toBe(true);
    await engine.close();
    await other.kill();
    await engine.open(store);
    expect(existsSync(weights)).toBe(false);
  }, 120_000);

  it('opens while another connection holds the write lock (a long import elsewhere), instead of waiting and failing as busy', async () => {
    const store = world();
    const writer = new Database(store);
    writer.pragma('busy_timeout = 0');
    writer.prepare('BEGIN IMMEDIATE').run();
    cleanups.push(() => {
      if (writer.inTransaction) writer.prepare('ROLLBACK').run();
      writer.close();
    });
    const engine = engineOn(join(store, '..'));
    // Before, the open's bookkeeping asked for the write lock even with nothing to mark: 5 s of waiting, then "busy".
    await engine.open(store);
    const info = await engine.invoke('store.info', {});
    expect(info.path).toBe(store);
  }, 60_000);

  it("leaves a live process's import run alone, but takes a day-old 'running' job of a live pid as orphaned (the pid was reused)", async () => {
    const store = world();
    const db = new Database(store);
    const now = Date.now();
    const iso = (ms: number): string => new Date(ms).toISOString();
    db.prepare(`INSERT INTO jobs (id, kind, status, params, created_at, started_at, owner_pid) VALUES ('OLD', 'import', 'running', '{}', ?, ?, ?)`).run(iso(now - 25 * 3_600_000), iso(now - 25 * 3_600_000), process.pid);
    db.prepare(`INSERT INTO jobs (id, kind, status, params, created_at, started_at, owner_pid) VALUES ('NEW', 'import', 'running', '{}', ?, ?, ?)`).run(iso(now - 60_000), iso(now - 60_000), process.pid);
    db.prepare(`INSERT INTO import_runs (job_id, kind, file, status, started_at, owner_pid) VALUES ('NEW', 'orders', 'orders.csv', 'running', ?, ?)`).run(iso(now - 60_000), process.pid);
    db.close();
    const engine = engineOn(join(store, '..'));
    await engine.open(store);
    expect(statusOf(store, 'OLD')).toBe('failed');
    expect(statusOf(store, 'NEW')).toBe('running');
    const history = await engine.invoke('import.history', {});
    expect(history.find((r) => r.jobId === 'NEW')?.status).toBe('running');
  });

  it('a job records the process that runs it', async () => {
    const store = world();
    const engine = engineOn(join(store, '..'));
    await engine.open(store);
    const j = (await engine.invoke('forecast.run', { model: 'ma', horizon: 7, folds: 1, workers: 1 })) as { jobId: string };
    expect((await engine.jobs.wait(j.jobId, 0)).status).toBe('succeeded');
    const row = engine.store.db.prepare('SELECT owner_pid FROM jobs WHERE id = ?').get(j.jobId) as { owner_pid: number };
    expect(row.owner_pid).toBe(process.pid);
  }, 60_000);
});
