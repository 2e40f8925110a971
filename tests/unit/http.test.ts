import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Engine } from '../../engine/engine';
import type { RunningServer } from '../../engine/http/server';
import { servedEngineOnFreshStore } from './helpers';

let served: Awaited<ReturnType<typeof servedEngineOnFreshStore>>;
let engine: Engine;
let srv: RunningServer;

beforeAll(async () => {
  served = await servedEngineOnFreshStore();
  ({ engine, srv } = served);
});
afterAll(() => served.close());

function post(op: string, body: unknown, token: string | null = srv.token): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return fetch(`${srv.baseUrl}/api/op/${op}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('loopback HTTP transport', () => {
  it('listens on 127.0.0.1 only', () => {
    const addr = srv.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
  });

  it('answers a valid call with the result', async () => {
    const res = await post('store.info', { backend: false });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; result: { schemaVersion: number; counts: Record<string, number> } };
    expect(body.ok).toBe(true);
    expect(body.result.counts.products).toBe(0);
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await post('store.info', {}, null)).status).toBe(401);
    const wrong = await post('store.info', {}, 'x'.repeat(srv.token.length));
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('answers an unknown operation with 404', async () => {
    const res = await post('nope.nothing', {});
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Unknown operation 'nope.nothing'/);
  });

  it('answers a bad payload with 400 naming the field', async () => {
    const res = await post('jobs.list', { limit: 'lots' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { issues: { field: string }[] } } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details.issues[0].field).toBe('limit');
    expect(body.error.message).toMatch(/limit/);
  });

  it('answers malformed JSON with 400 and keeps serving', async () => {
    const res = await post('store.info', '{not json');
    expect(res.status).toBe(400);
    expect((await post('store.info', { backend: false })).status).toBe(200);
  });

  it('survives an engine exception and keeps serving', async () => {
    // Restoring from a file that is not a store makes the handler throw; the server must answer and live on.
    const res = await post('store.restore', { path: join(served.dir, 'missing.db') });
    expect(res.status).toBe(404);
    expect((await post('store.info', { backend: false })).status).toBe(200);
  });

  it('streams job progress over server-sent events', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${srv.baseUrl}/api/events`, { signal: ctrl.signal, headers: { authorization: `Bearer ${srv.token}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const job = engine.jobs.start('sleep', { steps: 3, stepMs: 20 });
    let text = '';
    while (!text.includes('"status":"succeeded"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    ctrl.abort();
    expect(text).toContain(`"jobId":"${job.jobId}"`);
    expect(text).toContain('"status":"succeeded"');
  });

  it('does not serve files outside its folders (path traversal)', async () => {
    const res = await fetch(`${srv.baseUrl}/api/download?path=${encodeURIComponent('../../etc/passwd')}`, { headers: { authorization: `Bearer ${srv.token}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden_path');
  });
});
