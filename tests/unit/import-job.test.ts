import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { Engine } from '../../engine/engine';
import type { ImportResult } from '../../engine/import/runner';
import type { JobProgress } from '../../engine/jobs/types';
import { tempDir } from './helpers';

const ROOT = resolve(__dirname, '..', '..');
let t: { dir: string; cleanup: () => void };
let engine: Engine;
let storePath: string;

beforeEach(async () => {
  t = tempDir('desk-import-job-');
  storePath = join(t.dir, 'shop.db');
  openStore(storePath).close();
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(storePath);
});
afterEach(async () => {
  await engine.close();
  t.cleanup();
});

function file(name: string, content: string): string {
  const p = join(t.dir, name);
  writeFileSync(p, content);
  return p;
}

const count = (table: string): number => (engine.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('import as a job', () => {
  it('runs in the worker, reports byte progress with phases, and is listed in the history', async () => {
    const phases = new Set<string>();
    engine.on('job', (p: JobProgress) => p.phase && phases.add(p.phase));
    const job = await engine.invoke('import.run', { kind: 'products', path: file('p.csv', 'sku,title,price\nA,Mug,3\nB,Cup,4\n') });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('succeeded');
    expect((done.result as ImportResult).inserted).toBe(2);
    expect(phases.has('reading')).toBe(true);
    expect(count('products')).toBe(2);
    const history = await engine.invoke('import.history', {});
    expect(history[0]).toMatchObject({ jobId: job.jobId, kind: 'products', status: 'succeeded', inserted: 2 });
    const kinds = await engine.invoke('import.kinds', {});
    expect(kinds.map((k) => k.name)).toEqual(['products', 'inventory', 'orders', 'daily-sales', 'competitor-prices', 'browsing-events', 'signals', 'chats', 'kb']);
    expect(kinds[0].fields.find((f) => f.name === 'sku')).toMatchObject({ required: true, label: { en: 'SKU', zh: '商品编码' } });
  });

  it('can be cancelled while reading and leaves nothing written', async () => {
    let csv = 'sku,title,price\n';
    for (let i = 0; i < 300_000; i++) csv += `SKU-${i},Product ${i},${i % 100}\n`;
    const job = await engine.invoke('import.run', { kind: 'products', path: file('big.csv', csv) });
    engine.on('job', (p: JobProgress) => {
      if (p.jobId === job.jobId && p.status === 'running' && p.phase === 'reading') engine.jobs.cancel(job.jobId);
    });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('cancelled');
    expect(count('products')).toBe(0);
    const runs = await engine.invoke('import.history', {});
    expect(runs[0]).toMatchObject({ status: 'cancelled', inserted: 0 });
  });
});

describe('desk import', () => {
  it('exits 1 with one line naming file, row and column on a validation failure, and 0 with --json on success', async () => {
    await engine.close();
    const bad = file('bad.csv', 'sku,title,price\nA,Mug,3\nB,Cup,cheap\n');
    const fail = spawnSync('node', ['bin/desk.js', 'import', 'products', bad, '--store', storePath], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DESK_LANG: 'en' } });
    expect(fail.status).toBe(1);
    const lastLine = fail.stderr.trim().split('\n').pop();
    expect(lastLine).toBe("desk: bad.csv row 3, column price: not a number (value 'cheap'); 1 invalid row, nothing was imported");
    const good = spawnSync('node', ['bin/desk.js', 'import', 'products', file('good.csv', 'sku,title,price\nA,Mug,3\n'), '--store', storePath, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(good.status).toBe(0);
    const doc = JSON.parse(good.stdout) as { ok: boolean; result: ImportResult };
    expect([doc.ok, doc.result.inserted]).toEqual([true, 1]);
    await engine.open(storePath);
    expect(count('products')).toBe(1);
  });
});
