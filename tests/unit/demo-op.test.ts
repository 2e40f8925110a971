import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { defaultDemoEnd } from '../../engine/demo/defaults';
import { Engine } from '../../engine/engine';
import type { JobProgress } from '../../engine/jobs/types';
import { productCount, tempDir, until } from './helpers';

let t: ReturnType<typeof tempDir>;
let engine: Engine;

beforeEach(() => {
  t = tempDir();
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
});
afterEach(async () => {
  await engine.close();
  t.cleanup();
});

describe('demo.create', () => {
  it('creates demo.db in the data folder, opens it and fills it in a job with progress by phase', async () => {
    const phases = new Set<string>();
    engine.on('job', (p: JobProgress) => p.phase && phases.add(p.phase));
    const job = await engine.invoke('demo.create', { skus: 12, days: 60, seed: 3 });
    expect(job.kind).toBe('demo.generate');
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('succeeded');
    const path = join(t.dir, 'demo.db');
    expect(engine.store.path).toBe(path);
    const info = await engine.invoke('store.info', { backend: false });
    expect(info.counts.products).toBe(12);
    expect(info.counts.order_lines).toBeGreaterThan(0);
    // By default the demo ends yesterday, so today's plans (arrival dates, stock-outs) lie ahead of its data.
    expect(info.salesDateRange.to).toBe(defaultDemoEnd());
    expect(phases.has('orders')).toBe(true);
    expect(phases.has('browsing')).toBe(true);
    const recent = await engine.invoke('store.recent', {});
    expect(recent[0]?.path).toBe(path);
  });

  it('refuses to overwrite an existing file unless asked to replace it, in the caller’s language', async () => {
    const first = await engine.invoke('demo.create', { path: 'mine.db', skus: 12, days: 30 });
    await engine.jobs.wait(first.jobId);
    const refused = await engine.call('demo.create', { path: 'mine.db', skus: 12, days: 30 }, 'zh');
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict');
      expect(refused.error.message).toContain('已存在');
    }
    const again = await engine.invoke('demo.create', { path: 'mine.db', skus: 14, days: 30, replace: true });
    expect((await engine.jobs.wait(again.jobId)).status).toBe('succeeded');
    expect((await engine.invoke('store.info', { backend: false })).counts.products).toBe(14);
    expect(existsSync(join(t.dir, 'mine.db'))).toBe(true);
    // The old store was set aside while the new one was built, and removed once it was complete.
    await until(() => !readdirSync(t.dir).some((f) => f.includes('.replaced-')), 5000);
    expect(readdirSync(t.dir).filter((f) => f.startsWith('mine.db') && !f.endsWith('-wal') && !f.endsWith('-shm'))).toEqual(['mine.db']);
  });

  it('a replacement cancelled half-way puts the old store back, open and whole', async () => {
    const first = await engine.invoke('demo.create', { path: 'mine.db', skus: 12, days: 30 });
    await engine.jobs.wait(first.jobId);
    const path = join(t.dir, 'mine.db');
    const before = (await engine.invoke('store.info', { backend: false })).counts;
    const again = await engine.invoke('demo.create', { path: 'mine.db', skus: 200, days: 400, replace: true });
    await until(() => (engine.jobs.get(again.jobId)?.done ?? 0) > 0, 30_000);
    engine.jobs.cancel(again.jobId);
    expect((await engine.jobs.wait(again.jobId)).status).toBe('cancelled');
    // Putting it back happens just after the job ends.
    await until(() => engine.hasStore && engine.store.path === path && productCount(path) === 12, 10_000);
    expect(engine.store.path).toBe(path);
    expect((await engine.invoke('store.info', { backend: false })).counts).toEqual(before);
    expect(readdirSync(t.dir).filter((f) => f.startsWith('mine.db') && !f.endsWith('-wal') && !f.endsWith('-shm'))).toEqual(['mine.db']);
  });

  it('a job started in Chinese reports each phase in both languages, so a UI switched to English reads English', async () => {
    const events: JobProgress[] = [];
    engine.on('job', (p: JobProgress) => events.push(p));
    const out = await engine.call('demo.create', { skus: 12, days: 30, seed: 3 }, 'zh');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect((await engine.jobs.wait((out.result as { jobId: string }).jobId)).status).toBe('succeeded');
    const orders = events.find((e) => e.phases?.en === 'orders');
    expect(orders, 'no progress event with the English phase').toBeDefined();
    // The job's own language stays the plain phase; both texts travel with it.
    expect(orders?.phase).toBe(orders?.phases?.zh);
    expect(orders?.phases?.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses to replace a store another window or program has open, keeping it open here and as it was', async () => {
    const first = await engine.invoke('demo.create', { path: 'mine.db', skus: 12, days: 30 });
    await engine.jobs.wait(first.jobId);
    const path = join(t.dir, 'mine.db');
    // A second connection, as `desk serve`, another window or a `desk import` holds it.
    const other = new Database(path, { fileMustExist: true });
    other.prepare('SELECT count(*) FROM products').get();
    try {
      for (const lang of ['en', 'zh'] as const) {
        const refused = await engine.call('demo.create', { path: 'mine.db', skus: 14, days: 30, replace: true }, lang);
        expect(refused.ok).toBe(false);
        if (!refused.ok) {
          expect(refused.error.code).toBe('conflict');
          expect(refused.error.message).toBe(lang === 'en'
            ? `The store ${path} is open in another window or program (the app, desk serve or a desk command such as an import); close it there, then try again. It was left as it was.`
            : `店铺文件 ${path} 正在另一个窗口或程序中打开（应用、desk serve 或导入等 desk 命令）；请先在那里关闭后再试。该文件保持不变。`);
        }
      }
      // The other connection still reads the file at that path, and so does the app.
      other.prepare("INSERT INTO settings (key, value) VALUES ('seen', '1')").run();
      expect(engine.store.path).toBe(path);
      expect((await engine.invoke('store.info', { backend: false })).counts.products).toBe(12);
      expect(engine.store.db.prepare("SELECT value FROM settings WHERE key = 'seen'").pluck().get()).toBe('1');
    } finally {
      other.close();
    }
    const again = await engine.invoke('demo.create', { path: 'mine.db', skus: 14, days: 30, replace: true });
    expect((await engine.jobs.wait(again.jobId)).status).toBe('succeeded');
    expect((await engine.invoke('store.info', { backend: false })).counts.products).toBe(14);
  });

  it('rejects a bad end date before touching any file', async () => {
    const out = await engine.call('demo.create', { end: '2026-02-30' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/end: must be a real date/);
    expect(existsSync(join(t.dir, 'demo.db'))).toBe(false);
  });
});

describe('desk demo', () => {
  it('writes the store, prints one JSON document and exits by itself', () => {
    const out = join(t.dir, 'cli.db');
    const env = { ...process.env, DESK_DATA_DIR: t.dir, DESK_LANG: 'en' };
    const first = spawnSync(process.execPath, ['bin/desk.js', 'demo', '--out', out, '--skus', '12', '--days', '30', '--json'], { encoding: 'utf8', env, timeout: 60_000 });
    expect(first.status).toBe(0);
    const doc = JSON.parse(String(first.stdout)) as { path: string; counts: Record<string, number>; lastDay: string };
    expect(doc.path).toBe(out);
    expect(doc.counts.products).toBe(12);
    expect(doc.lastDay).toBe(defaultDemoEnd());
    expect(existsSync(out)).toBe(true);
  });
});

describe('defaultDemoEnd', () => {
  it('is yesterday on the local calendar, across month and year ends', () => {
    expect(defaultDemoEnd(new Date(2026, 11, 1, 0, 30))).toBe('2026-11-30');
    expect(defaultDemoEnd(new Date(2027, 0, 1, 23, 59))).toBe('2026-12-31');
    expect(defaultDemoEnd(new Date(2028, 2, 1, 12))).toBe('2028-02-29');
  });
});
