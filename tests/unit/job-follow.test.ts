// The page's connections while jobs run (renderer/src/api, browser mode): one event stream for the whole page, one
// jobs.wait long poll per job however many screens follow it, and nothing left open once the screens that followed it
// close. A stream and a poll per screen visit used up Chromium's six connections to the server: Settings then took
// 12 s to load and Cancel 39 s to answer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as ClientModule from '../../renderer/src/api/client';
import type * as JobsModule from '../../renderer/src/api/jobs';

type Client = typeof ClientModule;
type Jobs = typeof JobsModule;

/** A stand-in for the browser: EventSource and fetch that count what is open, and a job the test ends. */
class FakeBrowser {
  streams = new Set<FakeEventSource>();
  streamsEverOpened = 0;
  polls = new Set<{ resolve: (status: string) => void }>();
  maxPolls = 0;
  status = 'running';

  event(p: object): void {
    for (const s of this.streams) s.emit(JSON.stringify({ kind: 'sleep', done: 1, total: 2, phase: null, etaSeconds: null, ...p }));
  }

  endJob(status: string): void {
    this.status = status;
    for (const p of [...this.polls]) p.resolve(status);
  }

  fetch = (url: string, init: { body: string; signal?: AbortSignal }): Promise<{ status: number; json: () => Promise<unknown> }> => {
    const input = JSON.parse(init.body) as { jobId: string };
    const answer = (status: string): { status: number; json: () => Promise<unknown> } => ({
      status: 200,
      json: async () => ({ ok: true, result: { jobId: input.jobId, kind: 'sleep', status, done: 2, total: 2, phase: null, etaSeconds: null, result: null, error: null } }),
    });
    if (!url.endsWith('/jobs.wait')) return Promise.resolve(answer(this.status));
    if (this.status !== 'running') return Promise.resolve(answer(this.status));
    return new Promise((resolve, reject) => {
      const poll = {
        resolve: (status: string): void => {
          this.polls.delete(poll);
          resolve(answer(status));
        },
      };
      this.polls.add(poll);
      this.maxPolls = Math.max(this.maxPolls, this.polls.size);
      init.signal?.addEventListener('abort', () => {
        this.polls.delete(poll);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  };
}

let browser: FakeBrowser;

class FakeEventSource {
  private listeners = new Set<(e: { data: string }) => void>();
  constructor(public url: string) {
    browser.streams.add(this);
    browser.streamsEverOpened++;
  }
  addEventListener(_type: string, l: (e: { data: string }) => void): void {
    this.listeners.add(l);
  }
  removeEventListener(_type: string, l: (e: { data: string }) => void): void {
    this.listeners.delete(l);
  }
  close(): void {
    browser.streams.delete(this);
  }
  emit(data: string): void {
    for (const l of this.listeners) l({ data });
  }
}

async function load(): Promise<{ client: Client; jobs: Jobs }> {
  vi.resetModules();
  return { client: await import('../../renderer/src/api/client'), jobs: await import('../../renderer/src/api/jobs') };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  browser = new FakeBrowser();
  vi.stubGlobal('window', {});
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('fetch', browser.fetch);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

// A follow that never stops would hang: each test ends in seconds or fails.
describe('following jobs in the browser', { timeout: 10_000 }, () => {
  it('a screen opened and left ten times during a job leaves one stream and one long poll open at most, none after', async () => {
    const { jobs, client } = await load();
    for (let visit = 0; visit < 10; visit++) {
      const screen = new AbortController();
      const follow = jobs.followJob('J1', () => undefined, screen.signal);
      await tick();
      expect(browser.streams.size).toBe(1);
      expect(browser.polls.size).toBe(1);
      screen.abort();
      await expect(follow).rejects.toSatisfy(client.isAborted);
    }
    await tick();
    expect(browser.maxPolls).toBe(1);
    expect(browser.polls.size).toBe(0);
    expect(browser.streams.size).toBe(0);
  });

  it('screens following the same job share one stream and one poll, and each gets the events and the end', async () => {
    const { jobs } = await load();
    const seen: string[][] = [[], [], []];
    const follows = seen.map((s) => jobs.followJob('J1', (p) => s.push(`${p.jobId} ${p.status}`)));
    const other: string[] = [];
    const otherFollow = jobs.followJob('J2', (p) => other.push(p.status));
    await tick();
    expect(browser.streamsEverOpened).toBe(1);
    // One poll per job: J1 and J2.
    expect(browser.polls.size).toBe(2);
    browser.event({ jobId: 'J1', status: 'running' });
    browser.endJob('succeeded');
    const ends = await Promise.all([...follows, otherFollow]);
    expect(ends.map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    for (const s of seen) expect(s).toEqual(['J1 running', 'J1 succeeded']);
    expect(other).toEqual(['succeeded']);
    expect(browser.streams.size).toBe(0);
  });

  it('a screen that leaves does not stop another one following the same job', async () => {
    const { jobs } = await load();
    const leaving = new AbortController();
    const left = jobs.followJob('J1', () => undefined, leaving.signal);
    const staying = jobs.followJob('J1', () => undefined);
    await tick();
    leaving.abort();
    await expect(left).rejects.toThrow();
    await tick();
    expect(browser.polls.size).toBe(1);
    expect(browser.streams.size).toBe(1);
    browser.endJob('cancelled');
    expect((await staying).status).toBe('cancelled');
  });

  it('subscribers of job events share one stream, closed with the last of them', async () => {
    const { client } = await load();
    const got: string[] = [];
    const offA = client.onJob((p) => got.push(`a ${p.jobId}`));
    const offB = client.onJob((p) => got.push(`b ${p.jobId}`));
    expect(browser.streams.size).toBe(1);
    browser.event({ jobId: 'J9', status: 'running' });
    offA();
    offA();
    expect(browser.streams.size).toBe(1);
    offB();
    expect(browser.streams.size).toBe(0);
    expect(got).toEqual(['a J9', 'b J9']);
  });

  it('the end of a job is announced once, however many times a screen asks', async () => {
    const { jobs } = await load();
    const ends: string[] = [];
    for (let i = 0; i < 4; i++) jobs.announceJobEnd('J1', (j) => ends.push(j.status), () => ends.push('error'));
    await tick();
    expect(browser.polls.size).toBe(1);
    browser.endJob('succeeded');
    await vi.waitFor(() => expect(ends).toEqual(['succeeded']));
  });
});
