// `desk demo --out PATH [--force]` replaces only a Merchant Desk store: a folder, a device or FIFO, or any other file
// (a spreadsheet given by mistake) is refused untouched, with or without --force. Real processes.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productCount, until } from './helpers';
import { openStore } from '../../engine/db/store';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-demo-cli-'));
  // The commands' own data folder stays in the test's folder, never the home folder.
  env = { ...process.env, DESK_DATA_DIR: join(dir, 'data') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refused(out: string, lang = 'en'): Promise<string> {
  const e = await run(process.execPath, [desk, 'demo', '--out', out, '--skus', '12', '--days', '30', '--force', '--lang', lang], { env }).then(() => null, (x: { code: number; stderr: string }) => x);
  expect(e?.code).toBe(1);
  return (e?.stderr ?? '').trim();
}

describe('desk demo --out … --force', () => {
  it('refuses a folder, a FIFO and a file that is not a store, leaving each as it was', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(await refused(folder)).toBe(`desk: ${folder} is a folder: give a file name for the demo store (e.g. demo.db)`);
    expect(statSync(folder).isDirectory()).toBe(true);
    const fifo = join(dir, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      expect(await refused(fifo, 'zh')).toBe(`desk: ${fifo} 不是普通文件（是设备或套接字）：请为演示店铺给出文件名（如 demo.db）`);
      expect(statSync(fifo).isFIFO()).toBe(true);
    }
    const sheet = join(dir, 'orders.csv');
    writeFileSync(sheet, 'order_no,date\nO1,2026-01-01\n');
    expect(await refused(sheet)).toBe(`desk: ${sheet} is not a Merchant Desk store, so it is not replaced (--force replaces only a store): give another file name (e.g. demo.db)`);
    expect(readFileSync(sheet, 'utf8')).toBe('order_no,date\nO1,2026-01-01\n');
  }, 60_000);

  it('replaces an existing store with --force', async () => {
    const store = join(dir, 'shop.db');
    await run(process.execPath, [desk, 'init', '--store', store], { env });
    const { stdout } = await run(process.execPath, [desk, 'demo', '--out', store, '--skus', '12', '--days', '30', '--force', '--json'], { env });
    expect((JSON.parse(stdout) as { path: string }).path).toBe(store);
    expect(existsSync(store)).toBe(true);
  }, 120_000);
});

/** A store in `dir` with `n` products, written by this process and closed. */
function storeWith(path: string, n: number): void {
  const s = openStore(path);
  for (let i = 0; i < n; i++) s.db.prepare("INSERT INTO products (sku, title_en, created_at, updated_at) VALUES (?, 'x', 'x', 'x')").run(`OLD-${i}`);
  s.close();
}

describe('desk demo --force on a store in use', () => {
  it('refuses a store that `desk serve` has open: the server keeps its file and what is saved through it stays', async () => {
    const store = join(dir, 'live.db');
    storeWith(store, 3);
    const serve = spawn(process.execPath, [desk, 'serve', '--store', store, '--data-dir', join(dir, 'data'), '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      serve.stdout.on('data', (b: Buffer) => (out += b.toString()));
      expect(await until(() => out.includes('"token"'), 60_000)).toBe(true);
      const { baseUrl, token } = JSON.parse(out) as { baseUrl: string; token: string };
      for (const lang of ['en', 'zh']) {
        const e = await run(process.execPath, [desk, 'demo', '--out', store, '--skus', '12', '--days', '30', '--force', '--lang', lang], { env }).then(() => null, (x: { code: number; stderr: string }) => x);
        expect(e?.code).toBe(1);
        expect(e?.stderr.trim()).toBe(lang === 'en'
          ? `desk: The store ${store} is open in another window or program (the app, desk serve or a desk command such as an import); close it there, then try again. It was left as it was.`
          : `desk: 店铺文件 ${store} 正在另一个窗口或程序中打开（应用、desk serve 或导入等 desk 命令）；请先在那里关闭后再试。该文件保持不变。`);
      }
      const saved = await fetch(`${baseUrl}/api/op/settings.set`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'shop.name', value: 'Still here' }),
      });
      expect(saved.ok).toBe(true);
      // The setting reached the file at that path, and the store there is still the old one.
      const db = new Database(store, { readonly: true });
      expect(db.prepare("SELECT value FROM settings WHERE key = 'shop.name'").pluck().get()).toBe(JSON.stringify('Still here'));
      expect(db.prepare('SELECT count(*) FROM products').pluck().get()).toBe(3);
      db.close();
    } finally {
      serve.kill('SIGTERM');
    }
  }, 120_000);

  it('a run killed half-way leaves the old store as it was, or no file where there was none; the retry then succeeds', async () => {
    const sub = join(dir, 'killed');
    mkdirSync(sub);
    const old = join(sub, 'shop.db');
    storeWith(old, 5);
    const fresh = join(sub, 'new.db');
    for (const [out, force] of [[old, true], [fresh, false]] as const) {
      const child = spawn(process.execPath, [desk, 'demo', '--out', out, '--skus', '30', '--days', '200', ...(force ? ['--force'] : [])], { env, stdio: 'ignore' });
      // Killed once the demo is being written (its rows reach a WAL).
      expect(await until(() => readdirSync(sub).some((n) => n.endsWith('-wal') && n.includes(basename(out))), 60_000)).toBe(true);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    expect(productCount(old)).toBe(5);
    expect(existsSync(fresh)).toBe(false);
    // No --force needed: nothing is in the way; the killed run's leftovers are gone after it.
    const { stdout } = await run(process.execPath, [desk, 'demo', '--out', fresh, '--skus', '12', '--days', '30', '--json'], { env });
    expect((JSON.parse(stdout) as { path: string }).path).toBe(fresh);
    expect(productCount(fresh)).toBe(12);
    await run(process.execPath, [desk, 'demo', '--out', old, '--skus', '12', '--days', '30', '--force'], { env });
    expect(productCount(old)).toBe(12);
    expect(readdirSync(sub).filter((n) => n.startsWith('.') && !n.endsWith('.pending')).sort()).toEqual([]);
  }, 180_000);

  it('says --force (not the API’s replace: true) when the file is there', async () => {
    const store = join(dir, 'twice.db');
    storeWith(store, 1);
    const e = await run(process.execPath, [desk, 'demo', '--out', store, '--skus', '12', '--days', '30'], { env }).then(() => null, (x: { code: number; stderr: string }) => x);
    expect(e?.stderr.trim()).toBe(`desk: A file already exists at ${store}; add --force to replace it.`);
    expect(productCount(store)).toBe(1);
  });
});
