import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../engine/engine';
import { httpStatus } from '../../engine/errors';
import { serve, type RunningServer } from '../../engine/http/server';
import { confine, makeFuzzStore, runApiFuzz } from './api-fuzz-harness';
import { tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
let template: string;

beforeAll(async () => {
  t = tempDir('desk-fuzz-');
  template = join(t.dir, 'template.db');
  await makeFuzzStore(template);
}, 60_000);
afterAll(() => t.cleanup());

describe('API fuzzing through the HTTP transport', () => {
  it('300 random and mutated payloads over every operation: no 500, every refusal typed, the store unchanged by refusals, integrity ok', async () => {
    const dir = join(t.dir, 'run');
    mkdirSync(dir);
    const r = await runApiFuzz({ dir, template, payloads: 300, seed: 20261202 });
    expect(r.findings).toEqual([]);
    expect(r.integrity).toBe('ok');
    expect(r.sent).toBeGreaterThan(250);
    expect(r.typedErrors).toBeGreaterThan(100);
    expect(r.ok).toBeGreaterThan(30);
    expect(r.opsCovered).toBeGreaterThanOrEqual(45);
  }, 180_000);

  it('keeps the files the fuzzer makes inside its own folder', () => {
    expect(confine('store.backup', JSON.stringify({ path: '/etc/x.db' }), '/tmp/f')).toBe(JSON.stringify({ path: '/tmp/f/confined/_etc_x.db' }));
    expect(confine('store.backup', JSON.stringify({ path: 'inside.db' }), '/tmp/f')).toBe(JSON.stringify({ path: 'inside.db' }));
    expect(confine('store.info', JSON.stringify({ path: '/etc/x.db' }), '/tmp/f')).toBe(JSON.stringify({ path: '/etc/x.db' }));
  });
});

describe('file names the operating system refuses are user errors, not crashes (found by the fuzzer)', () => {
  let dir: string;
  let engine: Engine;
  let srv: RunningServer;
  const post = async (op: string, body: unknown, lang = 'en'): Promise<{ status: number; error?: { code: string; message: string } }> => {
    const res = await fetch(`${srv.baseUrl}/api/op/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${srv.token}`, 'x-desk-lang': lang },
      body: JSON.stringify(body),
    });
    return { status: res.status, ...((await res.json()) as { error?: { code: string; message: string } }) };
  };

  /** The same call as the owner makes it (CLI, full paths): the app window's path policy does not stand in front. */
  const owner = async (op: string, body: unknown, lang: 'en' | 'zh' = 'en'): Promise<{ status: number; error?: { code: string; message: string } }> => {
    const out = await engine.call(op, body, lang);
    return out.ok ? { status: 200 } : { status: httpStatus(out.error.code), error: out.error };
  };

  /** A typed refusal: a 4xx status with a code and a message. */
  const refused = (r: { status: number; error?: { code: string; message: string } }): boolean =>
    r.status >= 400 && r.status < 500 && typeof r.error?.code === 'string' && (r.error.message ?? '').length > 0;

  beforeAll(async () => {
    dir = join(t.dir, 'regress');
    mkdirSync(join(dir, 'a-folder.csv'), { recursive: true });
    copyFileSync(template, join(dir, 'shop.db'));
    engine = new Engine({ dataDir: dir, lang: 'en' });
    await engine.open(join(dir, 'shop.db'));
    srv = await serve({ engine });
  });
  afterAll(async () => {
    await srv.close();
    await engine.close();
  });

  it('store.backup, store.create and demo.create with a name too long or with a NUL answer a typed refusal and leave no file', async () => {
    for (const path of ['中'.repeat(300), 'a\u0000b.db', ','.repeat(400)]) {
      const r = await post('store.backup', { path });
      expect(r.status, path.slice(0, 10)).toBe(422);
      expect(r.error?.code).toBe('user_error');
    }
    // SQLite would cut a name at the NUL and create another file ('a'): refused before it gets there.
    for (const op of ['store.create', 'demo.create']) {
      expect(refused(await owner(op, { path: 'a\u0000b.db' })), op).toBe(true);
      expect(refused(await post(op, { path: 'a\u0000b.db' })), op).toBe(true);
    }
    expect(engine.store.path).toBe(join(dir, 'shop.db'));
    // The store's notes folder (engine/fs/pending.ts, made by the backups' atomic writes) may be there, with no note left.
    expect(readdirSync(dir).filter((f) => !['shop.db', 'shop.db-wal', 'shop.db-shm', 'a-folder.csv', '.shop.pending'].includes(f))).toEqual([]);
    expect(existsSync(join(dir, '.shop.pending')) ? readdirSync(join(dir, '.shop.pending')) : []).toEqual([]);
  });

  it('import.preview and import.run on a folder answer "is a folder" at once (no job is started)', async () => {
    const jobsBefore = (await engine.invoke('jobs.list', {})).length;
    for (const op of ['import.preview', 'import.run']) {
      const r = await post(op, { kind: 'products', path: join(dir, 'a-folder.csv') });
      expect(r.status, op).toBe(422);
      expect(r.error?.message).toMatch(/^.*a-folder\.csv is a folder; give the file to import$/);
    }
    expect((await engine.invoke('jobs.list', {})).length).toBe(jobsBefore);
  });

  it('export.run to a folder, a NUL name or a name too long answers a typed refusal in the caller’s language and records no export', async () => {
    const ledger = (): unknown => engine.store.db.prepare('SELECT (SELECT count(*) FROM export_runs) + (SELECT count(*) FROM export_prices)').pluck().get();
    const before = ledger();
    const folder = await post('export.run', { format: 'csv', path: join(dir, 'a-folder.csv') });
    expect(folder).toMatchObject({ status: 422, error: { code: 'user_error' } });
    expect(folder.error?.message).toMatch(/is a folder; give a file/);
    const nul = await owner('export.run', { format: 'csv', path: 'a\u0000b.csv' }, 'zh');
    expect(refused(nul)).toBe(true);
    expect(nul.error?.message).toMatch(/[\u4e00-\u9fff]/);
    const long = await owner('export.run', { format: 'csv', path: `${'x'.repeat(300)}.csv` }, 'zh');
    expect(long.status).toBe(422);
    expect(long.error?.message).toMatch(/名称过长/);
    expect(ledger()).toBe(before);
  });

  it('the transport’s own refusals (no token, a body that is not JSON) are worded in the caller’s language', async () => {
    const noToken = await fetch(`${srv.baseUrl}/api/op/store.info`, { method: 'POST', headers: { 'x-desk-lang': 'zh' }, body: '{}' });
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as { error: { message: string } }).error.message).toBe('缺少令牌或令牌错误');
    const res = await fetch(`${srv.baseUrl}/api/op/store.info`, { method: 'POST', headers: { authorization: `Bearer ${srv.token}`, 'x-desk-lang': 'zh' }, body: '{"a":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('请求正文不是有效的 JSON');
  });

  it('store.open of a device (/dev/null) is refused as an unreadable store and the open store stays open', async () => {
    if (!existsSync('/dev/null')) return; // Windows has no /dev/null
    const r = await owner('store.open', { path: '/dev/null' });
    expect(r).toMatchObject({ status: 422, error: { code: 'user_error' } });
    expect(engine.store.path).toBe(join(dir, 'shop.db'));
  });
});
