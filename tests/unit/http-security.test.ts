// Security of the loopback HTTP transport: what the browser page may name on disk, uploads, how it
// authenticates, and what answers reveal. Real engine, real SQLite file, real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Engine } from '../../engine/engine';
import { serve, type RunningServer } from '../../engine/http/server';
import { Uploads } from '../../engine/http/uploads';
import { tempDir } from './helpers';

const LIMIT = 4 * 1024 * 1024;
let t: ReturnType<typeof tempDir>;
let o: ReturnType<typeof tempDir>;
let engine: Engine;
let srv: RunningServer;

beforeAll(async () => {
  t = tempDir();
  o = tempDir('desk-outside-');
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(join(t.dir, 'shop.db'), { create: true });
  srv = await serve({ engine, maxUploadBytes: LIMIT });
});
afterAll(async () => {
  await srv.close();
  await engine.close();
  t.cleanup();
  o.cleanup();
});

interface Answer {
  status: number;
  headers: Headers;
  body: { ok: boolean; result?: unknown; error?: { code: string; message: string; details?: Record<string, unknown> } };
}

async function op(name: string, input: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${srv.baseUrl}/api/op/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${srv.token}`, ...headers },
    body: JSON.stringify(input),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

/** A raw request, for headers fetch will not let a test set (Host). */
function raw(path: string, headers: Record<string, string>, method = 'POST', body = '{}'): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, path, method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? body : undefined);
  });
}

async function upload(name: string, body: BodyInit, extra: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${srv.baseUrl}/api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${srv.token}`, 'content-type': 'application/octet-stream' },
    body,
    ...extra,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

function uploadsLeft(): string[] {
  const dir = join(t.dir, 'uploads');
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe('browser mode: paths the page may name', () => {
  it('refuses export, backup, restore, open, create, demo, preview and rejects paths outside the data folder (403 forbidden_path) and writes nothing', async () => {
    // The owner (in-process / CLI) may still write anywhere: this backup is the file the page then tries to use.
    const src = join(o.dir, 'src.db');
    expect((await engine.call('store.backup', { path: src })).ok).toBe(true);
    writeFileSync(join(o.dir, 'p.csv'), 'sku,title,price\nA,Mug,3\n');
    mkdirSync(join(t.dir, 'in'), { recursive: true });
    writeFileSync(join(t.dir, 'in', 'bad.csv'), 'sku,title,price\nA,Mug,3\nB,Cup,cheap\n');
    const cases: [string, Record<string, unknown>, string | null][] = [
      ['export.run', { format: 'csv', path: join(o.dir, 'prices.csv') }, join(o.dir, 'prices.csv')],
      ['store.backup', { path: join(o.dir, 'copy.db') }, join(o.dir, 'copy.db')],
      ['store.restore', { path: src }, null],
      ['store.open', { path: src }, null],
      ['store.create', { path: join(o.dir, 'new.db') }, join(o.dir, 'new.db')],
      ['demo.create', { path: join(o.dir, 'demo.db') }, join(o.dir, 'demo.db')],
      ['import.preview', { kind: 'products', path: join(o.dir, 'p.csv') }, null],
      ['import.run', { kind: 'products', path: join(o.dir, 'p.csv') }, null],
      ['import.run', { kind: 'products', path: join(t.dir, 'in', 'bad.csv'), skipInvalid: true, rejectsPath: join(o.dir, 'rejects.csv') }, join(o.dir, 'rejects.csv')],
    ];
    for (const [name, input, written] of cases) {
      const a = await op(name, input);
      expect({ name, status: a.status, code: a.body.error?.code }).toEqual({ name, status: 403, code: 'forbidden_path' });
      if (written) expect(existsSync(written)).toBe(false);
    }
    expect(engine.store.path).toBe(join(t.dir, 'shop.db'));
    expect(readdirSync(o.dir).sort()).toEqual(['p.csv', 'src.db']);
  });

  it('says why in the page language', async () => {
    const en = await op('store.backup', { path: join(o.dir, 'x.db') });
    expect(en.body.error?.message).toMatch(/data folder/);
    const zh = await op('store.backup', { path: join(o.dir, 'x.db') }, { 'x-desk-lang': 'zh' });
    expect(zh.body.error?.message).toMatch(/数据文件夹/);
  });

  it('refuses traversal out of the data folder: `..` and a symlink inside it that leads out', async () => {
    expect((await op('store.backup', { path: '../escape.db' })).body.error?.code).toBe('forbidden_path');
    symlinkSync(o.dir, join(t.dir, 'link'));
    expect((await op('store.backup', { path: 'link/x.db' })).body.error?.code).toBe('forbidden_path');
    expect((await op('store.backup', { path: join(t.dir, 'link', 'y.db') })).body.error?.code).toBe('forbidden_path');
    const dl = await fetch(`${srv.baseUrl}/api/download?path=${encodeURIComponent(join(t.dir, 'link', 'p.csv'))}`, { headers: { authorization: `Bearer ${srv.token}` } });
    expect(dl.status).toBe(403);
    expect(existsSync(join(o.dir, 'x.db')) || existsSync(join(o.dir, 'y.db'))).toBe(false);
  });

  it('accepts the same operations inside the data folder (backups/, exports/, an upload)', async () => {
    const b = await op('store.backup', { path: 'backups/mine.db' });
    expect(b.status).toBe(200);
    expect(existsSync(join(t.dir, 'backups', 'mine.db'))).toBe(true);
    expect((await op('export.run', { format: 'csv', path: 'prices.csv' })).status).toBe(200);
    const up = await upload('p.csv', 'sku,title,price\nA,Mug,3\n');
    const p = (up.body.result as { path: string }).path;
    expect((await op('import.preview', { kind: 'products', path: p })).status).toBe(200);
    expect((await op('store.open', { path: join(t.dir, 'shop.db') })).status).toBe(200);
  });
});

describe('browser mode: uploads', () => {
  it('refuses an upload over the limit with 413, declared or streamed, and keeps no part of it', async () => {
    const before = uploadsLeft();
    const declared = await upload('big.csv', Buffer.alloc(LIMIT + 1, 0x41));
    expect(declared.status).toBe(413);
    expect(declared.body.error?.code).toBe('too_large');
    // Named, in both languages: the Try-on screen keeps a refused photo's message across a language switch.
    const limitMb = Math.round(LIMIT / (1024 * 1024));
    expect((declared.body.error as { texts?: unknown } | undefined)?.texts).toEqual({
      en: `The file big.csv is larger than the upload limit of ${limitMb} MB.`,
      zh: `文件 big.csv 超过了 ${limitMb} MB 的上传上限。`,
    });
    const chunk = new Uint8Array(256 * 1024).fill(0x42);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent > LIMIT * 2) return c.close();
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const streamed = await upload('big2.csv', stream, { duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(uploadsLeft()).toEqual(before);
  });

  it('deletes an upload once the import that read it has succeeded, and a restored backup file', async () => {
    const up = await upload('stock.csv', 'sku,title,price\nU1,Bowl,5\n');
    const p = (up.body.result as { path: string }).path;
    expect(existsSync(p)).toBe(true);
    const job = await op('import.run', { kind: 'products', path: p });
    const jobId = (job.body.result as { jobId: string }).jobId;
    expect(((await op('jobs.wait', { jobId })).body.result as { status: string }).status).toBe('succeeded');
    await until(() => !existsSync(p));
    expect(existsSync(p)).toBe(false);

    await engine.call('store.backup', { path: join(o.dir, 'for-restore.db') });
    const bk = await upload('restore.db', new Uint8Array(readFileSync(join(o.dir, 'for-restore.db'))));
    const bp = (bk.body.result as { path: string }).path;
    expect((await op('store.restore', { path: bp })).status).toBe(200);
    expect(existsSync(bp)).toBe(false);
  });

  it('keeps the upload after a failed import, so the user can fix the mapping and run it again', async () => {
    const up = await upload('bad.csv', 'sku,title,price\nA,Mug,cheap\n');
    const p = (up.body.result as { path: string }).path;
    const job = await op('import.run', { kind: 'products', path: p });
    const jobId = (job.body.result as { jobId: string }).jobId;
    expect(((await op('jobs.wait', { jobId })).body.result as { status: string }).status).toBe('failed');
    expect(existsSync(p)).toBe(true);
  });

  it('removes uploads left by an earlier run when it starts, and unused ones after the time-to-live', async () => {
    const dir = join(t.dir, 'uploads');
    writeFileSync(join(dir, 'left-over.csv'), 'x');
    const second = await serve({ engine });
    await second.close();
    expect(existsSync(join(dir, 'left-over.csv'))).toBe(false);

    const u = new Uploads(dir, LIMIT, 60_000);
    writeFileSync(join(dir, 'old.csv'), 'x');
    writeFileSync(join(dir, 'new.csv'), 'x');
    const old = (Date.now() - 120_000) / 1000;
    utimesSync(join(dir, 'old.csv'), old, old);
    expect(u.sweep()).toBe(1);
    expect(existsSync(join(dir, 'old.csv'))).toBe(false);
    expect(existsSync(join(dir, 'new.csv'))).toBe(true);
  });
});

describe('browser mode: token and session cookie', () => {
  it('refuses the token in a query string (it would land in logs and history)', async () => {
    expect((await fetch(`${srv.baseUrl}/api/op/store.current?token=${srv.token}`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${srv.baseUrl}/api/events?token=${srv.token}`)).status).toBe(401);
    expect((await fetch(`${srv.baseUrl}/api/image/1?token=${srv.token}`)).status).toBe(401);
  });

  it('trades the token once for an HttpOnly SameSite=Strict cookie that authenticates calls, events and downloads', async () => {
    expect((await fetch(`${srv.baseUrl}/api/session`, { method: 'POST' })).status).toBe(401);
    const s = await fetch(`${srv.baseUrl}/api/session`, { method: 'POST', headers: { authorization: `Bearer ${srv.token}` } });
    expect(s.status).toBe(200);
    const setCookie = s.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(srv.token);
    const cookie = setCookie.split(';')[0];
    const call = await fetch(`${srv.baseUrl}/api/op/store.current`, { method: 'POST', headers: { cookie, 'sec-fetch-site': 'same-origin', origin: srv.baseUrl }, body: '{}' });
    expect(call.status).toBe(200);
    const ctrl = new AbortController();
    const ev = await fetch(`${srv.baseUrl}/api/events`, { headers: { cookie }, signal: ctrl.signal });
    expect(ev.status).toBe(200);
    ctrl.abort();
    const dl = await fetch(`${srv.baseUrl}/api/download?path=${encodeURIComponent('backups/mine.db')}`, { headers: { cookie } });
    expect(dl.status).toBe(200);
    await dl.arrayBuffer();
    // The same cookie from another origin (another port on 127.0.0.1 is "same-site"), or a forged one, is refused.
    const other = await fetch(`${srv.baseUrl}/api/op/store.current`, { method: 'POST', headers: { cookie, 'sec-fetch-site': 'same-site' }, body: '{}' });
    expect(other.status).toBe(401);
    const foreign = await fetch(`${srv.baseUrl}/api/op/store.current`, { method: 'POST', headers: { cookie, origin: 'http://127.0.0.1:1' }, body: '{}' });
    expect(foreign.status).toBe(401);
    const forged = await fetch(`${srv.baseUrl}/api/op/store.current`, { method: 'POST', headers: { cookie: `${cookie.split('=')[0]}=${'x'.repeat(43)}` }, body: '{}' });
    expect(forged.status).toBe(401);
  });

  it('refuses a request whose Host is not this server (DNS rebinding), even with the token', async () => {
    expect((await raw('/api/op/store.current', { host: `evil.example:${srv.port}`, authorization: `Bearer ${srv.token}` })).status).toBe(401);
    expect((await raw('/api/op/store.current', { host: `localhost:${srv.port}`, authorization: `Bearer ${srv.token}` })).status).toBe(200);
  });
});

describe('browser mode: what answers reveal', () => {
  it('serves only image types, with nosniff and a CSP; a stored HTML "image" is refused (415)', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const ins = engine.store.db.prepare('INSERT INTO images (sha256, mime, bytes, created_at) VALUES (?, ?, ?, ?)');
    const good = Number(ins.run('h1', 'image/png', png, 'x').lastInsertRowid);
    const bad = Number(ins.run('h2', 'text/html', Buffer.from('<script>alert(1)</script>'), 'x').lastInsertRowid);
    const auth = { authorization: `Bearer ${srv.token}` };
    const ok = await fetch(`${srv.baseUrl}/api/image/${good}`, { headers: auth });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await fetch(`${srv.baseUrl}/api/image/${bad}`, { headers: auth });
    expect(html.status).toBe(415);
    expect(await html.text()).not.toContain('<script>');
    // The desktop app's data URLs follow the same rule.
    expect((await engine.call('products.image', { id: bad })).ok).toBe(false);
  });

  it('puts a CSP and nosniff on every API answer: a result, a 401, a 404', async () => {
    const answers = [
      await fetch(`${srv.baseUrl}/api/op/store.current`, { method: 'POST', headers: { authorization: `Bearer ${srv.token}` }, body: '{}' }),
      await fetch(`${srv.baseUrl}/api/op/store.current`, { method: 'POST', body: '{}' }),
      await fetch(`${srv.baseUrl}/api/nothing`, { headers: { authorization: `Bearer ${srv.token}` } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404]);
    for (const a of answers) {
      expect(a.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it("answers an internal exception with a generic message and an error id, never the exception's text", async () => {
    const t2 = tempDir();
    const e2 = new Engine({ dataDir: t2.dir, lang: 'en' });
    await e2.open(join(t2.dir, 's.db'), { create: true });
    const s2 = await serve({ engine: e2 });
    try {
      e2.store.db.close(); // the next query throws better-sqlite3's own TypeError
      const res = await fetch(`${s2.baseUrl}/api/op/store.info`, { method: 'POST', headers: { authorization: `Bearer ${s2.token}`, 'x-desk-lang': 'zh' }, body: '{"backend":false}' });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toMatch(/database connection is not open/i);
      const body = JSON.parse(text) as Answer['body'];
      const id = String(body.error?.details?.errorId);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.error?.message).toContain(id);
      expect(body.error?.message).toMatch(/引擎内部出错/);
      // In process (the CLI) the owner still sees the detail.
      const cli = await e2.call('store.info', { backend: false });
      expect(!cli.ok && cli.error.message).toMatch(/not open/);
    } finally {
      await s2.close();
      await e2.close().catch(() => undefined);
      t2.cleanup();
    }
  });
});
