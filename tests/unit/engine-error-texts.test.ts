// An engine refusal given in both languages carries both (texts { en, zh }) whoever threw it, so a screen that keeps
// it follows a language switch: 'no_store', a job that does not exist, a store file that is missing or no store, a
// cancelled job and the HTTP transport's own refusals came in the caller's language only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../engine/engine';
import { both, EngineError } from '../../engine/errors';
import type { RunningServer } from '../../engine/http/server';
import { storeMessages } from '../../engine/db/messages';
import { jobReaches, servedEngineOnFreshStore } from './helpers';

let served: Awaited<ReturnType<typeof servedEngineOnFreshStore>>;
let bare: Engine;
let engine: Engine;
let srv: RunningServer;

beforeAll(async () => {
  served = await servedEngineOnFreshStore();
  ({ engine, srv } = served);
  bare = new Engine({ dataDir: join(served.dir, 'bare'), lang: 'en' });
});
afterAll(async () => {
  await bare.close();
  await served.close();
});

describe('an engine refusal worded in both languages carries both', () => {
  it('EngineError given both keeps both as texts, without being told the language too', () => {
    const texts = both(storeMessages, 'no_store');
    expect(new EngineError('no_store', texts).toPayload('zh')).toEqual({ code: 'no_store', message: texts.zh, details: undefined, texts });
    // One text: still one text.
    expect(new EngineError('user_error', 'Only this').toPayload('zh')).toEqual({ code: 'user_error', message: 'Only this', details: undefined });
  });

  it('no store open, a job that does not exist, a missing file and a file that is no store', async () => {
    const noStore = await bare.call('store.info', {}, 'zh');
    expect(noStore.ok ? null : noStore.error).toMatchObject({ code: 'no_store', texts: { en: expect.stringMatching(/[a-z]/), zh: expect.stringMatching(/[\u4e00-\u9fff]/) } });
    expect(noStore.ok ? null : noStore.error.message).toBe(noStore.ok ? '' : noStore.error.texts?.zh);

    const noJob = await engine.call('jobs.get', { jobId: 'nope' }, 'zh');
    expect(noJob.ok ? null : noJob.error.texts).toEqual({ en: expect.stringContaining('nope'), zh: expect.stringMatching(/[\u4e00-\u9fff].*nope|nope.*[\u4e00-\u9fff]/) });

    const missing = join(served.dir, 'gone.db');
    const notFound = await bare.call('store.open', { path: missing }, 'en');
    expect(notFound.ok ? null : notFound.error).toMatchObject({ code: 'not_found', texts: { en: expect.stringContaining(missing), zh: expect.stringContaining(missing) } });

    const junk = join(served.dir, 'junk.db');
    writeFileSync(junk, 'this is not a database, just some text that is long enough to have a header '.repeat(20));
    const notAStore = await bare.call('store.open', { path: junk }, 'en');
    expect(notAStore.ok ? null : notAStore.error.texts).toEqual({ en: expect.stringContaining('is not a Merchant Desk store'), zh: expect.stringContaining('不是 Merchant Desk 店铺文件') });
  });

  it('a cancelled job records both languages', async () => {
    const job = engine.jobs.start('sleep', { steps: 200, stepMs: 20 }, { lang: 'zh' });
    await jobReaches(engine, job.jobId, (p) => p.done >= 2);
    await engine.invoke('jobs.cancel', { jobId: job.jobId });
    const done = await engine.jobs.wait(job.jobId);
    expect(done.status).toBe('cancelled');
    expect(done.error).toMatchObject({ code: 'cancelled', texts: { en: expect.stringMatching(/cancel/i), zh: expect.stringMatching(/[\u4e00-\u9fff]/) } });
    expect(done.error?.message).toBe(done.error?.texts?.zh);
  });

  it('the HTTP transport\'s refusals of a request (GET, bad JSON, a malformed operation name) carry both', async () => {
    const headers = { authorization: `Bearer ${srv.token}`, 'content-type': 'application/json', 'x-desk-lang': 'zh' };
    const asked = async (path: string, init: RequestInit): Promise<{ message: string; texts?: { en: string; zh: string } }> =>
      ((await (await fetch(`${srv.baseUrl}${path}`, { headers, ...init })).json()) as { error: { message: string; texts?: { en: string; zh: string } } }).error;
    for (const e of [
      await asked('/api/op/store.info', { method: 'GET' }),
      await asked('/api/op/store.info', { method: 'POST', body: '{not json' }),
      await asked('/api/op/%E0%A4%A', { method: 'POST', body: '{}' }),
    ]) {
      expect(e.texts).toEqual({ en: expect.stringMatching(/^[A-Z][a-z]/), zh: expect.stringMatching(/[\u4e00-\u9fff]/) });
      expect(e.message).toBe(e.texts?.zh);
    }
  });
});
