// store.backup: a backup appears at its name only when complete (a killed one leaves nothing there and its temporary
// file is removed at the next start), and backups taken within the same second get names of their own.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../engine/engine';
import { openStore } from '../../engine/db/store';
import { productCount, tempDirsPerTest, until } from './helpers';

const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
const newDir = tempDirsPerTest();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `desk serve` on `store` with its data folder in `dir`; resolves its URL and token. */
async function serve(store: string, dir: string): Promise<{ child: ChildProcess; call: (op: string, input: unknown) => Promise<{ ok: boolean; result?: { path: string }; error?: { code: string; message: string } }> }> {
  const child = spawn(process.execPath, [desk, 'serve', '--store', store, '--data-dir', dir, '--port', '0', '--json'], {
    env: { ...process.env, DESK_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  cleanups.push(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  expect(await until(() => out.includes('"token"'), 60_000)).toBe(true);
  const { baseUrl, token } = JSON.parse(out) as { baseUrl: string; token: string };
  const call = async (op: string, input: unknown): Promise<{ ok: boolean; result?: { path: string }; error?: { code: string; message: string } }> => {
    const r = await fetch(`${baseUrl}/api/op/${op}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return (await r.json()) as { ok: boolean };
  };
  return { child, call };
}

describe('store.backup', () => {
  it('two backups within the same second both succeed, under two names, and neither is written over', async () => {
    const dir = newDir();
    const engine = new Engine({ dataDir: dir, lang: 'en' });
    cleanups.push(() => engine.close());
    await engine.open(join(dir, 'shop.db'), { create: true });
    engine.store.db.prepare("INSERT INTO products (sku, title_en, created_at, updated_at) VALUES ('A', 'x', 'x', 'x')").run();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T10:20:30.100Z'));
    const first = await engine.invoke('store.backup', {});
    engine.store.db.prepare("INSERT INTO products (sku, title_en, created_at, updated_at) VALUES ('B', 'x', 'x', 'x')").run();
    vi.setSystemTime(new Date('2026-11-30T10:20:30.900Z'));
    const second = await engine.invoke('store.backup', {});
    expect(first.path).toBe(join(dir, 'backups', 'shop-2026-11-30-10-20-30.db'));
    expect(second.path).toBe(join(dir, 'backups', 'shop-2026-11-30-10-20-30-2.db'));
    expect([productCount(first.path), productCount(second.path)]).toEqual([1, 2]);
    // A name the user gives is still never written over.
    const mine = join(dir, 'mine.db');
    writeFileSync(mine, 'keep me');
    const refused = await engine.call('store.backup', { path: mine });
    expect(refused.ok ? null : refused.error.code).toBe('conflict');
  });

  it('a backup killed half-way leaves nothing at its name; the next start removes its temporary file and the retry restores', async () => {
    const dir = newDir();
    const store = join(dir, 'shop.db');
    // A store big enough that copying it takes a while.
    const s = openStore(store);
    const put = s.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    s.db.transaction(() => {
      for (let i = 0; i < 100; i++) put.run(`pad${i}`, JSON.stringify(randomBytes(500_000).toString('hex')));
      s.db.prepare("INSERT INTO products (sku, title_en, created_at, updated_at) VALUES ('A', 'x', 'x', 'x')").run();
    })();
    s.close();
    const target = join(dir, 'kept.db');
    const first = await serve(store, dir);
    void first.call('store.backup', { path: 'kept.db' }).catch(() => undefined);
    // Killed as soon as the copy has begun, wherever it is being written.
    expect(await until(() => readdirSync(dir).some((n) => n.includes('kept.db')), 30_000)).toBe(true);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(existsSync(target)).toBe(false);
    const again = await serve(store, dir);
    expect(readdirSync(dir).filter((n) => n.includes('kept.db'))).toEqual([]);
    const retry = await again.call('store.backup', { path: 'kept.db' });
    expect(retry.ok).toBe(true);
    expect(productCount(target)).toBe(1);
    const restored = await again.call('store.restore', { path: 'kept.db' });
    expect(restored.ok).toBe(true);
  }, 120_000);
});
