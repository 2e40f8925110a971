// `desk import` through the operation the app and the CLI share: a knowledge base given as a folder of Markdown
// articles (as the README documents), and a folder given where a file is meant, said as such.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
const KB = join(import.meta.dirname, 'fixtures', 'chats', 'kb-md');
let dir: string;
let store: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'desk-import-cli-'));
  store = join(dir, 'shop.db');
  await run(process.execPath, [desk, 'init', '--store', store]);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('desk import (folders)', () => {
  it('imports a knowledge base from a folder of Markdown articles', async () => {
    const { stdout } = await run(process.execPath, [desk, 'import', 'kb', KB, '--store', store, '--json']);
    const r = JSON.parse(stdout) as { ok: boolean; result: { inserted: number; format: string } };
    expect(r.result.format).toBe('markdown');
    expect(r.result.inserted).toBeGreaterThan(0);
  });

  it('a folder where a file is meant is named as a folder, in both languages', async () => {
    for (const [lang, text] of [['en', `${dir} is a folder; give the file to import`], ['zh', `${dir} 是文件夹，请给出要导入的文件`]] as const) {
      const e = await run(process.execPath, [desk, 'import', 'products', dir, '--store', store, '--lang', lang]).then(() => null, (x: { code: number; stderr: string }) => x);
      expect(e?.code).toBe(1);
      expect(e?.stderr.trim()).toBe(`desk: ${text}`);
    }
  });

  it('dates that read both ways are said to have been read day first, with the flag for month/day; all rows rejected is said too', async () => {
    const products = join(dir, 'p.csv');
    writeFileSync(products, 'sku,title,price\nD-1,Cup,5\n');
    await run(process.execPath, [desk, 'import', 'products', products, '--store', store]);
    const sales = join(dir, 's.csv');
    writeFileSync(sales, 'sku,date,units\nD-1,01/05/2026,3\nD-1,02/05/2026,4\n');
    const { stdout } = await run(process.execPath, [desk, 'import', 'daily-sales', sales, '--store', store, '--lang', 'en']);
    expect(stdout).toContain('dates in date could be day/month or month/day (no day above 12 among the first rows): read as day/month; if they are month/day, import again with --date-format mdy');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'sku,date,units\nNOPE,2026-01-01,3\n');
    const all = await run(process.execPath, [desk, 'import', 'daily-sales', bad, '--store', store, '--skip-invalid', '--lang', 'zh']);
    expect(all.stdout).toContain('没有导入任何数据：全部 1 行都被拒收');
  });
});
