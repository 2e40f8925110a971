// `desk export csv --preset/--mapping` without --encoding writes the encoding the preset or mapping remembers, as the
// Export dialog does (Taobao: GB18030; Other: UTF-8 with a BOM); it wrote plain UTF-8, which Chinese Excel and Taobao's
// seller tools show as mojibake. A given --encoding still wins. Real processes on a real store.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { saveMapping } from '../../engine/export/mappings';
import { tempDir } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const t = tempDir('desk-export-enc-');
const store = join(t.dir, 'shop.db');
const TITLE = '纯棉短袖T恤 白色';

function desk(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/desk.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DESK_DATA_DIR: t.dir, DESK_LANG: 'en' }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exports with --json and returns the reported encoding and the file's bytes. */
function exportCsv(name: string, extra: string[]): { encoding: string; bytes: Buffer } {
  const out = join(t.dir, name);
  const r = desk(['export', 'csv', '--store', store, '--out', out, '--json', ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return { encoding: (JSON.parse(r.stdout) as { encoding: string }).encoding, bytes: readFileSync(out) };
}

const hasBom = (b: Buffer): boolean => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

beforeAll(() => {
  expect(desk(['init', '--store', store]).status).toBe(0);
  const products = join(t.dir, 'products.csv');
  writeFileSync(products, `sku,title_zh,title_en,category,price,cost,currency\nTB-1,${TITLE},Cotton tee,apparel,99.00,40,CNY\n`);
  const imp = desk(['import', 'products', products, '--store', store]);
  expect(imp.status, imp.stderr).toBe(0);
  const s = openStore(store);
  saveMapping(s.db, { name: 'My Tmall', format: 'csv', preset: null, columns: [{ column: '标题', field: 'title_zh' }, { column: '价格', field: 'price' }], encoding: 'utf8-bom' });
  s.close();
}, 120_000);
afterAll(() => t.cleanup());

describe('desk export csv: the encoding a preset or mapping remembers', () => {
  it('--preset taobao writes GB18030 (the Chinese title reads back from it), --preset other UTF-8 with a BOM', () => {
    const taobao = exportCsv('taobao.csv', ['--preset', 'taobao']);
    expect(taobao.encoding).toBe('gb18030');
    expect(iconv.decode(taobao.bytes, 'gb18030').split('\r\n')[1]).toBe(`${TITLE},TB-1,99.00,`);
    expect(taobao.bytes.includes(Buffer.from(TITLE, 'utf8'))).toBe(false);
    const other = exportCsv('other.csv', ['--preset', 'other']);
    expect(other.encoding).toBe('utf8-bom');
    expect(hasBom(other.bytes)).toBe(true);
  });

  it('--mapping ID writes the mapping’s encoding; --encoding overrides it; a csv without a mapping stays UTF-8', () => {
    const mine = exportCsv('mine.csv', ['--mapping', '1']);
    expect(mine.encoding).toBe('utf8-bom');
    expect(hasBom(mine.bytes)).toBe(true);
    expect(mine.bytes.subarray(3).toString('utf8').split('\r\n')[1]).toBe(`${TITLE},99.00`);
    const asked = exportCsv('asked.csv', ['--preset', 'taobao', '--encoding', 'utf8']);
    expect(asked.encoding).toBe('utf8');
    expect(asked.bytes.toString('utf8').split('\r\n')[1]).toBe(`${TITLE},TB-1,99.00,`);
    const plain = exportCsv('plain.csv', []);
    expect(plain.encoding).toBe('utf8');
    expect(hasBom(plain.bytes)).toBe(false);
  });
});
