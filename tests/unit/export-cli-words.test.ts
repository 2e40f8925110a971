// What `desk export` says, read by a merchant: real processes on a real store, in English and 中文.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const t = tempDir('desk-export-words-');
const store = join(t.dir, 'shop.db');

function desk(args: string[], lang: 'en' | 'zh' = 'en'): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/desk.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DESK_DATA_DIR: t.dir, DESK_LANG: lang }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  expect(desk(['init', '--store', store]).status).toBe(0);
  const products = join(t.dir, 'products.csv');
  writeFileSync(products, 'sku,title_zh,title_en,category,price,cost,currency\nTB-1,纯棉短袖T恤,Cotton tee,apparel,99.00,40,CNY\nTB-2,亚麻衬衫,Linen shirt,apparel,150.00,60,CNY\n');
  const imp = desk(['import', 'products', products, '--store', store]);
  expect(imp.status, imp.stderr).toBe(0);
});

afterAll(() => t.cleanup());

describe('desk export in words', () => {
  it('--only-changed with nothing to send writes no file and says why, with what to do (English and 中文)', () => {
    const out = join(t.dir, 'nothing.txt');
    const en = desk(['export', 'amazon', '--store', store, '--out', out, '--only-changed']);
    expect(en.status, en.stderr).toBe(0);
    // It said "0 rows written to … (marketplace: amazon)" and left an empty file to upload.
    expect(en.stdout).toBe(
      'No file written: nothing to send. This marketplace has not been sent a price list yet, and none of the 2 products have a price other than the one the shop lists now (no recommendation applied, no new price imported).\n' +
        'To write every product as it is, leave out --only-changed.\n',
    );
    expect(existsSync(out)).toBe(false);
    const zh = desk(['export', 'amazon', '--store', store, '--out', out, '--only-changed'], 'zh');
    expect(zh.stdout).toMatch(/^未写入文件：没有需要发送的内容。此前从未向该平台导出过价格文件，且 2 个商品的价格都与店铺当前标价相同.*\n如需按现状写出全部商品，请去掉 --only-changed。\n$/);
    expect(existsSync(out)).toBe(false);
  });
});
