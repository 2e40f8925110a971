import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { Engine } from '../../engine/engine';
import { agentsDir, saveAgent } from '../../engine/pricing/agent-store';
import { ACTIONS, N_FEATURES } from '../../engine/pricing/state';
import { buildDqn } from '../../models/pricing/dqn';
import { removeThreadPending } from '../../engine/fs/leftovers';
import { engineOnFreshStore } from './helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function fresh(): Promise<{ engine: Engine; dir: string; path: string }> {
  const e = await engineOnFreshStore();
  cleanups.push(e.close);
  return { engine: e.engine, dir: e.dir, path: e.engine.store.path };
}

describe('crash bookkeeping on open', () => {
  it('marks an import, a job and a pricing run left running by a killed app as failed, with the reason in both languages', async () => {
    const { engine, path } = await fresh();
    const db = engine.store.db;
    const t = '2026-01-01T00:00:00.000Z';
    // What a process killed mid-import leaves behind: rows that say 'running' and nobody to finish them.
    db.prepare(`INSERT INTO jobs (id, kind, status, params, created_at, started_at) VALUES ('J1', 'import', 'running', '{}', ?, ?)`).run(t, t);
    db.prepare(`INSERT INTO jobs (id, kind, status, params, created_at) VALUES ('J2', 'forecast', 'queued', '{}', ?)`).run(t);
    db.prepare(`INSERT INTO jobs (id, kind, status, params, created_at, finished_at) VALUES ('J3', 'import', 'succeeded', '{}', ?, ?)`).run(t, t);
    db.prepare(`INSERT INTO import_runs (job_id, kind, file, status, started_at) VALUES ('J1', 'orders', 'orders.csv', 'running', ?)`).run(t);
    db.prepare(`INSERT INTO pricing_runs (id, kind, status, created_at) VALUES ('P1', 'train', 'running', ?)`).run(t);
    await engine.open(path);

    const jobs = await engine.invoke('jobs.list', {});
    const byId = new Map(jobs.map((j) => [j.jobId, j]));
    expect(byId.get('J1')?.status).toBe('failed');
    expect(byId.get('J2')?.status).toBe('failed');
    expect(byId.get('J1')?.error?.message).toBe('Interrupted: the app stopped while this was running');
    expect(byId.get('J1')?.finishedAt).not.toBeNull();
    expect(byId.get('J3')?.status).toBe('succeeded');
    const zhJob = await engine.call('jobs.get', { jobId: 'J1' }, 'zh');
    expect(zhJob.ok && (zhJob.result as { error: { message: string } }).error.message).toBe('已中断：运行期间应用已停止');

    const history = await engine.invoke('import.history', {});
    expect(history[0].status).toBe('failed');
    expect(history[0].finishedAt).not.toBeNull();
    expect((history[0].report as { error: { message: string } }).error.message).toMatch(/^Interrupted/);
    const zhHistory = await engine.call('import.history', {}, 'zh');
    expect(zhHistory.ok && (zhHistory.result as { report: { error: { message: string } } }[])[0].report.error.message).toMatch(/已中断/);

    const p = engine.store.db.prepare(`SELECT status, finished_at FROM pricing_runs WHERE id = 'P1'`).get() as { status: string; finished_at: string | null };
    expect(p.status).toBe('failed');
    expect(p.finished_at).not.toBeNull();
  });
});

describe('leftovers of a killed writer', () => {
  it('removes temporary files of dead processes around the store on open, and keeps a live process\'s', async () => {
    const { engine, dir, path } = await fresh();
    const dead = 999_999_999; // above any pid_max: no such process
    mkdirSync(join(dir, 'shop.models', 'pricing'), { recursive: true });
    const stale = [join(dir, `.shop.db.${dead}.1.tmp`), join(dir, 'shop.models', 'pricing', `.mugs.json.${dead}.4.tmp`)];
    const live = join(dir, 'shop.models', 'pricing', `.mugs.json.${process.pid}.5.tmp`);
    for (const f of [...stale, live]) writeFileSync(f, 'half');
    mkdirSync(join(dir, 'shop.db.models', `.neural-x.${dead}.tmp`), { recursive: true });
    await engine.open(path);
    for (const f of stale) expect(existsSync(f), f).toBe(false);
    expect(existsSync(join(dir, 'shop.db.models', `.neural-x.${dead}.tmp`))).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});

describe('a file being written outside the store when the app was killed', () => {
  it('is removed at the next open (an export to another folder killed mid-write leaves no hidden half file)', async () => {
    const { engine, dir, path } = await fresh();
    await engine.close();
    const outDir = join(dir, 'Downloads');
    mkdirSync(outDir);
    const out = join(outDir, 'prices.csv');
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/crash/hold-write.ts'), path, out], { cwd: ROOT, env: { ...process.env, DESK_LOG: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const tmp = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('\n')) resolve(buf.trim());
      });
      child.on('exit', (code) => reject(new Error(`child ended (${code}) before writing`)));
    });
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    // What the kill left: a hidden half-written file in the merchant's folder, which no sweep of the store's folder finds.
    expect(readdirSync(outDir)).toEqual([basename(tmp)]);
    await engine.open(path);
    expect(readdirSync(outDir)).toEqual([]);
    expect(existsSync(out)).toBe(false);
    // The next export to the same place writes the whole file and leaves nothing else there (a product to write: an
    // export with no row writes no file).
    engine.store.db.prepare(`INSERT INTO products (sku, title_en, price, currency, status, created_at, updated_at) VALUES ('P-1', 'Mug', 10, 'CNY', 'active', '2026-01-01', '2026-01-01')`).run();
    await engine.invoke('export.run', { format: 'csv', path: out });
    expect(readdirSync(outDir)).toEqual(['prices.csv']);
  }, 60_000);

  it("keeps a running process's file, and never removes a path that is not one of the engine's temporary names", async () => {
    const { engine, dir, path } = await fresh();
    await engine.close();
    const notes = join(dir, '.shop.pending');
    mkdirSync(notes, { recursive: true });
    const dead = 999_999_999;
    const precious = join(dir, 'Documents');
    mkdirSync(precious);
    writeFileSync(join(precious, 'ledger.xlsx'), 'keep');
    const live = join(dir, `.prices.csv.${process.pid}.7.tmp`);
    writeFileSync(live, 'half');
    // A damaged or forged note naming a real folder, and a live process's note.
    writeFileSync(join(notes, `${dead}.0.1.note`), JSON.stringify({ path: precious, pid: dead }));
    writeFileSync(join(notes, `${process.pid}.0.2.note`), JSON.stringify({ path: live, pid: process.pid }));
    await engine.open(path);
    expect(readFileSync(join(precious, 'ledger.xlsx'), 'utf8')).toBe('keep');
    expect(existsSync(live)).toBe(true);
    expect(readdirSync(notes)).toEqual([`${process.pid}.0.2.note`]);
  });

  it("removes what one stopped job thread left, never another thread's file or a dead process's note it does not own", async () => {
    const { dir, path } = await fresh();
    const notes = join(dir, '.shop.pending');
    mkdirSync(notes, { recursive: true });
    const dead = 999_999_999;
    const file = (name: string, pid: number, n: number): string => join(dir, `.${name}.${pid}.${n}.tmp`);
    const stopped = file('a.csv', process.pid, 1);
    const otherThread = file('b.csv', process.pid, 2);
    const deadProcess = file('c.csv', dead, 3);
    for (const f of [stopped, otherThread, deadProcess]) writeFileSync(f, 'half');
    writeFileSync(join(notes, `${process.pid}.7.1.note`), JSON.stringify({ path: stopped, pid: process.pid }));
    writeFileSync(join(notes, `${process.pid}.8.2.note`), JSON.stringify({ path: otherThread, pid: process.pid }));
    writeFileSync(join(notes, `${dead}.7.3.note`), JSON.stringify({ path: deadProcess, pid: dead }));
    // A note thread 7 was making when it stopped.
    writeFileSync(join(notes, `.${process.pid}.7.4.note.${process.pid}.tmp`), '{');
    expect(removeThreadPending(path, 7)).toEqual([stopped]);
    expect([stopped, otherThread, deadProcess].map(existsSync)).toEqual([false, true, true]);
    expect(readdirSync(notes).sort()).toEqual([`${dead}.7.3.note`, `${process.pid}.8.2.note`].sort());
  });

  it('notes a file only while it is written: after an export no notes folder is left beside the store', async () => {
    const { engine, dir } = await fresh();
    await engine.invoke('export.run', { format: 'csv', path: join(dir, 'out', 'prices.csv') });
    expect(existsSync(join(dir, '.shop.pending'))).toBe(false);
  });

  it('removes an empty notes folder an earlier version left beside the store when the store opens', async () => {
    const { engine, dir, path } = await fresh();
    await engine.close();
    mkdirSync(join(dir, '.shop.pending'));
    await engine.open(path);
    expect(existsSync(join(dir, '.shop.pending'))).toBe(false);
  });
});

describe('damaged pricing agent file', () => {
  async function shopWithAgent(): Promise<{ engine: Engine; file: string }> {
    const { engine, path } = await fresh();
    const db = engine.store.db;
    const now = '2026-01-01T00:00:00Z';
    db.prepare("INSERT INTO locations (id, code) VALUES (1, 'main')").run();
    const id = Number(db.prepare("INSERT INTO products (sku, title_en, category, cost, price, created_at, updated_at, lead_time_days) VALUES ('MUG-1', 'Mug', 'mugs', 30, 50, ?, ?, 7)").run(now, now).lastInsertRowid);
    const sales = db.prepare("INSERT INTO daily_sales (product_id, date, units, revenue, source) VALUES (?, ?, ?, ?, 'import')");
    for (let d = 0; d < 60; d++) sales.run(id, new Date(Date.parse('2025-11-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10), 5 + (d % 3), 50 * (5 + (d % 3)));
    db.prepare("INSERT INTO inventory (product_id, location_id, date, on_hand, on_order) VALUES (?, 1, '2025-12-30', 200, 0)").run(id);
    const dqn = await buildDqn({ inputs: N_FEATURES, actions: ACTIONS.length, hidden: [8], learningRate: 1e-3, gamma: 0.95, huberDelta: 1, seed: 3 });
    const weights = dqn.weights();
    dqn.dispose();
    const stats = { steps: 1, episodes: 1, gradientSteps: 0, prefilled: 0, meanLoss: 0, validation: null, keptStep: 0, seconds: 0 };
    const file = saveAgent(path, { category: 'mugs', createdAt: now, stats, skus: 1, weights });
    return { engine, file };
  }

  it('a truncated agent file is ignored with a warning in both languages and recommendations still come (myopic fallback)', async () => {
    const { engine, file } = await shopWithAgent();
    const tensorsBefore = tf.memory().numTensors;
    const good = await engine.invoke('pricing.recommend', { draws: 20 });
    expect(good.agents).toEqual(['mugs']);
    expect(good.warnings).toEqual([]);
    // What a process killed while writing the file used to leave: the first half of the JSON.
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    const out = await engine.call('pricing.recommend', { draws: 20 });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const r = out.result as { count: number; agents: string[]; missingAgents: string[]; warnings: { code: string; category: string; message: string }[] };
    expect(r.count).toBe(1);
    expect(r.agents).toEqual([]);
    expect(r.missingAgents).toEqual(['mugs']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ code: 'artefact_ignored', category: 'mugs' });
    expect(r.warnings[0].message).toMatch(/pricing agent .* is damaged and was ignored/);
    const zh = await engine.call('pricing.recommend', { draws: 20 }, 'zh');
    expect(zh.ok && (zh.result as typeof r).warnings[0].message).toMatch(/定价智能体已损坏，已忽略/);
    const recs = await engine.invoke('pricing.recommendations', {});
    expect(recs).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('weights that parse but do not fit the network are ignored the same way', async () => {
    const { engine, file } = await shopWithAgent();
    const a = JSON.parse(readFileSync(file, 'utf8')) as { weights: { tensors: unknown[] } };
    a.weights.tensors = a.weights.tensors.slice(0, 1);
    writeFileSync(file, JSON.stringify(a));
    const out = await engine.call('pricing.recommend', { draws: 20 });
    expect(out.ok).toBe(true);
    if (out.ok) expect((out.result as { warnings: unknown[] }).warnings).toHaveLength(1);
  });

  it('saving an agent leaves exactly one complete file and no temporary name behind', async () => {
    const { file } = await shopWithAgent();
    expect(readdirSync(agentsDir(join(file, '..', '..', '..', 'shop.db')))).toEqual(['mugs.json']);
    expect(() => JSON.parse(readFileSync(file, 'utf8')) as unknown).not.toThrow();
  });
});
