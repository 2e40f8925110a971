// The desktop shell's relay and policies as plain functions. The Electron binary does not exist on the build
// machines, so the utility process is a test double (an in-memory host); the engine behind it is real.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../engine/engine';
import { createHostDispatcher } from '../../main/src/host-dispatch';
import type { HostMessage, HostRequest } from '../../main/src/ipc';
import { allowedExternalUrl } from '../../main/src/links';
import { engineNoticeText } from '../../main/src/messages';
import { EngineRelay, RestartBudget, type EngineNotice, type HostHandle } from '../../main/src/relay';
import { tempDir } from './helpers';

type Outcome = { ok: boolean; result?: unknown; error?: { code: string; message: string; details?: { errorId?: string } } };

/** An engine host wired to a real engine through the real dispatcher, with the process exit recorded. */
function hostOn(engine: Engine): { send: (m: unknown) => void; replies: Map<number, Outcome>; exits: number[]; reply: (id: number) => Promise<Outcome> } {
  const replies = new Map<number, Outcome>();
  const exits: number[] = [];
  const send = createHostDispatcher(engine, {
    post: (m: HostMessage) => {
      if (m.type === 'reply') replies.set(m.id, m.outcome as Outcome);
    },
    exit: (code) => exits.push(code),
  });
  const reply = async (id: number): Promise<Outcome> => {
    for (let i = 0; i < 500 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 10));
    return replies.get(id) as Outcome;
  };
  return { send, replies, exits, reply };
}

describe('engine host (Electron test double for the utility process)', () => {
  let t: ReturnType<typeof tempDir>;
  let o: ReturnType<typeof tempDir>;
  let engine: Engine;
  beforeEach(async () => {
    t = tempDir();
    o = tempDir('desk-picked-');
    engine = new Engine({ dataDir: t.dir, lang: 'en' });
    await engine.open(join(t.dir, 'shop.db'), { create: true });
  });
  afterEach(async () => {
    await engine.close();
    t.cleanup();
    o.cleanup();
  });

  it('treats a renderer call named __shutdown as an unknown operation: the engine keeps running', async () => {
    const h = hostOn(engine);
    h.send({ type: 'call', id: 1, name: '__shutdown', input: null } satisfies HostRequest);
    expect((await h.reply(1)).error?.code).toBe('not_found');
    expect(h.exits).toEqual([]);
    expect(engine.hasStore).toBe(true);
    // A message without the call/control shape (the old `{ name: '__shutdown' }`) is ignored.
    h.send({ id: 2, name: '__shutdown', input: null });
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.hasStore).toBe(true);
    expect(h.exits).toEqual([]);
  });

  it('shuts down only on a control message, closing the store first', async () => {
    const h = hostOn(engine);
    h.send({ type: 'control', action: 'shutdown' } satisfies HostRequest);
    for (let i = 0; i < 100 && !h.exits.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.exits).toEqual([0]);
    expect(engine.hasStore).toBe(false);
  });

  it('lets the window use a file outside the data folder only after the user picked it in a dialog, for that use', async () => {
    const csv = join(o.dir, 'products.csv');
    writeFileSync(csv, 'sku,title,price\nA,Mug,3\n');
    const out = join(o.dir, 'backup.db');
    const h = hostOn(engine);
    h.send({ type: 'call', id: 1, name: 'import.preview', input: { kind: 'products', path: csv } } satisfies HostRequest);
    expect((await h.reply(1)).error?.code).toBe('forbidden_path');
    h.send({ type: 'control', action: 'grant', path: csv, use: 'read' } satisfies HostRequest);
    h.send({ type: 'call', id: 2, name: 'import.preview', input: { kind: 'products', path: csv } } satisfies HostRequest);
    expect((await h.reply(2)).ok).toBe(true);
    // A file picked to read may not be written over.
    h.send({ type: 'call', id: 3, name: 'store.backup', input: { path: csv } } satisfies HostRequest);
    expect((await h.reply(3)).error?.code).toBe('forbidden_path');
    h.send({ type: 'call', id: 4, name: 'store.backup', input: { path: out } } satisfies HostRequest);
    expect((await h.reply(4)).error?.code).toBe('forbidden_path');
    expect(existsSync(out)).toBe(false);
    h.send({ type: 'control', action: 'grant', path: out, use: 'write' } satisfies HostRequest);
    h.send({ type: 'call', id: 5, name: 'store.backup', input: { path: out } } satisfies HostRequest);
    expect((await h.reply(5)).ok).toBe(true);
    expect(existsSync(out)).toBe(true);
  });

  it('writes the rejects of a picked file into the data folder, not beside it', async () => {
    const csv = join(o.dir, 'bad.csv');
    writeFileSync(csv, 'sku,title,price\nA,Mug,3\nB,Cup,cheap\n');
    const h = hostOn(engine);
    h.send({ type: 'control', action: 'grant', path: csv, use: 'read' } satisfies HostRequest);
    h.send({ type: 'call', id: 1, name: 'import.run', input: { kind: 'products', path: csv, skipInvalid: true } } satisfies HostRequest);
    const job = (await h.reply(1)).result as { jobId: string };
    const done = await engine.jobs.wait(job.jobId, 30_000);
    expect(done.status).toBe('succeeded');
    expect((done.result as { rejectsFile: string | null }).rejectsFile).toBe(join(t.dir, 'rejects', 'bad.csv.rejects.csv'));
    expect(existsSync(join(o.dir, 'bad.csv.rejects.csv'))).toBe(false);
  });

  it('hides an internal exception from the window behind an error id', async () => {
    const h = hostOn(engine);
    engine.store.db.close();
    h.send({ type: 'call', id: 1, name: 'store.info', input: { backend: false }, lang: 'zh' } satisfies HostRequest);
    const r = await h.reply(1);
    expect(r.error?.code).toBe('internal');
    expect(r.error?.message).not.toMatch(/not open/);
    expect(r.error?.message).toContain(r.error?.details?.errorId ?? 'missing');
    await engine.close().catch(() => undefined);
  });
});

/** A utility process double: records what main sends, and can be made to exit. */
class FakeHost implements HostHandle {
  sent: HostRequest[] = [];
  private onMsg: ((m: HostMessage) => void) | null = null;
  private onExit: ((code: number) => void) | null = null;
  postMessage(m: HostRequest): void {
    this.sent.push(m);
  }
  on(event: 'message' | 'exit', cb: ((m: HostMessage) => void) | ((code: number) => void)): void {
    if (event === 'message') this.onMsg = cb as (m: HostMessage) => void;
    else this.onExit = cb as (code: number) => void;
  }
  kill(): boolean {
    return true;
  }
  emit(m: HostMessage): void {
    this.onMsg?.(m);
  }
  crash(code = 1): void {
    this.onExit?.(code);
  }
}

describe('main relay (Electron test double for the utility process)', () => {
  function relay(now: () => number): { r: EngineRelay; hosts: FakeHost[]; notices: EngineNotice[] } {
    const hosts: FakeHost[] = [];
    const notices: EngineNotice[] = [];
    const r = new EngineRelay({
      fork: () => {
        const h = new FakeHost();
        hosts.push(h);
        return h;
      },
      notify: (n) => notices.push(n),
      now,
    });
    r.start();
    return { r, hosts, notices };
  }

  it('relays every window call as a call message, whatever its name; only main sends control messages', async () => {
    const { r, hosts } = relay(() => 0);
    const answer = r.call('__shutdown', null, 'en');
    const sent = hosts[0].sent[0];
    expect(sent).toMatchObject({ type: 'call', name: '__shutdown' });
    hosts[0].emit({ type: 'reply', id: (sent as { id: number }).id, outcome: { ok: false, error: { code: 'not_found', message: 'x' } } });
    expect(await answer).toMatchObject({ ok: false });
    r.shutdown();
    expect(hosts[0].sent.at(-1)).toEqual({ type: 'control', action: 'shutdown' });
  });

  it('restarts a host that died, answers the calls it left pending, tells the user, and replays the picked files', async () => {
    const { r, hosts, notices } = relay(() => 1000);
    r.grant('/home/me/orders.csv', 'read');
    const pending = r.call('store.info', {}, 'zh');
    hosts[0].crash(9);
    const outcome = (await pending) as Outcome;
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.message).toMatch(/引擎未在运行/);
    expect(hosts).toHaveLength(2);
    expect(r.running).toBe(true);
    expect(hosts[1].sent[0]).toEqual({ type: 'control', action: 'grant', path: '/home/me/orders.csv', use: 'read' });
    expect(notices).toEqual([{ kind: 'restarted', attempt: 1, max: 3, reason: 'exit code 9' }]);
  });

  it('gives up after 3 restarts within 60 s and says so; later calls are answered, never left waiting', async () => {
    let now = 0;
    const { r, hosts, notices } = relay(() => now);
    for (let i = 0; i < 4; i++) {
      now += 1000;
      hosts.at(-1)!.crash();
    }
    expect(hosts).toHaveLength(4);
    expect(notices.map((n) => n.kind)).toEqual(['restarted', 'restarted', 'restarted', 'failed']);
    expect(r.running).toBe(false);
    expect(((await r.call('store.info', {}, 'en')) as Outcome).error?.message).toMatch(/not running/);
  });

  it('does not restart a host it shut down itself', () => {
    const { r, hosts, notices } = relay(() => 0);
    r.shutdown();
    hosts[0].crash(0);
    expect(hosts).toHaveLength(1);
    expect(notices).toEqual([]);
  });

  it('restart budget: the window slides (a crash a minute later may be restarted again)', () => {
    const b = new RestartBudget(3, 60_000);
    expect([b.take(0), b.take(1), b.take(2), b.take(3)]).toEqual([true, true, true, false]);
    expect(b.take(60_001)).toBe(true);
  });

  it('tells the user about restarts in both languages', () => {
    const n: EngineNotice = { kind: 'failed', reason: 'exit code 1' };
    expect(engineNoticeText(n, 'en').message).toMatch(/not restarted/);
    expect(engineNoticeText(n, 'zh').message).toMatch(/不再重新启动/);
  });
});

describe('external links (Electron test double for shell.openExternal)', () => {
  it('opens only https links to the hosts the app links to', () => {
    expect(allowedExternalUrl('https://help.shopify.com/en/manual/products/import-export')).toBe('https://help.shopify.com/en/manual/products/import-export');
    for (const bad of [
      'http://help.shopify.com/',
      'https://evil.example/',
      'https://help.shopify.com.evil.example/',
      'https://user:pw@help.shopify.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-settings:',
      'not a url',
    ]) {
      expect({ bad, url: allowedExternalUrl(bad) }).toEqual({ bad, url: null });
    }
  });
});
