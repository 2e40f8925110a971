// `desk demo --out PATH [--force]` replaces only a Merchant Desk store: a folder, a device or FIFO, or any other file
// (a spreadsheet given by mistake) is refused untouched, with or without --force. Real processes.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-demo-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refused(out: string, lang = 'en'): Promise<string> {
  const e = await run(process.execPath, [desk, 'demo', '--out', out, '--skus', '12', '--days', '30', '--force', '--lang', lang]).then(() => null, (x: { code: number; stderr: string }) => x);
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
    await run(process.execPath, [desk, 'init', '--store', store]);
    const { stdout } = await run(process.execPath, [desk, 'demo', '--out', store, '--skus', '12', '--days', '30', '--force', '--json']);
    expect((JSON.parse(stdout) as { path: string }).path).toBe(store);
    expect(existsSync(store)).toBe(true);
  }, 120_000);
});
