// What `desk export` says, read by a merchant: real processes on a real store, in English and 中文.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
  it('--only-changed with nothing to send writes the header alone and says why, with what to do (English and 中文)', () => {
    const out = join(t.dir, 'nothing.txt');
    const en = desk(['export', 'amazon', '--store', store, '--out', out, '--only-changed']);
    expect(en.status, en.stderr).toBe(0);
    // It said "0 rows written to … (marketplace: amazon)" and no more.
    expect(en.stdout).toBe(
      `0 rows written to ${out} (marketplace: Amazon Price & Quantity (tab-delimited))\n` +
        'Only the header row was written: nothing to send. This marketplace has not been sent a price list yet, and none of the 2 products have a price other than the one the shop lists now (no recommendation applied, no new price imported).\n' +
        'To write every product as it is, leave out --only-changed.\n',
    );
    expect(readFileSync(out, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(1);
    const zh = desk(['export', 'amazon', '--store', store, '--out', out, '--only-changed'], 'zh');
    expect(zh.stdout).toMatch(/\n只写入了表头：没有需要发送的内容。此前从未向该平台导出过价格文件，且 2 个商品的价格都与店铺当前标价相同.*\n如需按现状写出全部商品，请去掉 --only-changed。\n$/);
  });

  it('a refused eBay option says what is expected in words, named by its flag (it printed the pattern and export.run\'s field)', () => {
    const out = join(t.dir, 'e.csv');
    const cur = desk(['export', 'ebay', '--store', store, '--out', out, '--ebay-currency', 'usd']);
    // It said "desk: Invalid input for export.run: options.ebayCurrency: Invalid string: must match pattern /^[A-Z]{3}$/".
    expect([cur.status, cur.stderr]).toEqual([1, "desk export ebay: --ebay-currency 'usd': must be a 3-letter currency code in capitals, e.g. USD\n"]);
    const zh = desk(['export', 'ebay', '--store', store, '--out', out, '--ebay-currency', 'usd'], 'zh');
    expect([zh.status, zh.stderr]).toEqual([1, 'desk export ebay：--ebay-currency “usd”：必须是 3 个大写字母的币种代码，例如 USD\n']);
    const country = desk(['export', 'ebay', '--store', store, '--out', out, '--ebay-country', 'us']);
    expect(country.stderr).toBe("desk export ebay: --ebay-country 'us': must be a 2-letter country code in capitals, e.g. US\n");
    const site = desk(['export', 'ebay', '--store', store, '--out', out, '--ebay-site', 'U_S'], 'zh');
    expect(site.stderr).toBe('desk export ebay：--ebay-site “U_S”：必须是只含字母和数字的 eBay 站点代码，例如 US、UK 或 0\n');
    expect(existsSync(out)).toBe(false);
  });

  it('--mapping with --preset, or either with a format that has its own columns, is refused naming them (it was silently ignored)', () => {
    const out = join(t.dir, 'p.csv');
    const both = desk(['export', 'csv', '--store', store, '--out', out, '--preset', 'taobao', '--mapping', '3']);
    expect([both.status, both.stderr]).toEqual([1, 'desk export: give --mapping or --preset, not both (got --mapping 3 and --preset taobao): a file has one column layout\n']);
    const bothZh = desk(['export', 'xlsx', '--store', store, '--out', join(t.dir, 'p.xlsx'), '--preset', 'jd', '--mapping', '1'], 'zh');
    expect(bothZh.stderr).toBe('desk export：--mapping 和 --preset 只能给一个（收到 --mapping 1 和 --preset jd）：一个文件只有一种列布局\n');
    const amazon = desk(['export', 'amazon', '--store', store, '--out', join(t.dir, 'a.txt'), '--preset', 'taobao']);
    expect([amazon.status, amazon.stderr]).toEqual([1, 'desk export amazon: --preset applies to csv and xlsx only: the amazon file has its marketplace’s own columns. Leave out --preset, or export csv or xlsx\n']);
    const shopify = desk(['export', 'shopify', '--store', store, '--out', out, '--mapping', '2'], 'zh');
    expect(shopify.stderr).toBe('desk export shopify：--mapping 只适用于 csv 和 xlsx；shopify 文件使用该平台自己的列。请去掉 --mapping，或导出 csv 或 xlsx\n');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(t.dir, 'a.txt'))).toBe(false);
  });

  it('names the marketplace in words, and each hold by its real reason: no ItemID and another currency are no guardrail\'s (English and 中文)', () => {
    // It said "(marketplace: csv#p:taobao)".
    const tb = desk(['export', 'csv', '--store', store, '--out', join(t.dir, 'tb.csv'), '--preset', 'taobao']);
    expect(tb.stdout).toBe(`2 rows written to ${join(t.dir, 'tb.csv')} (marketplace: CSV with a column mapping, Taobao preset)\n`);
    const jd = desk(['export', 'xlsx', '--store', store, '--out', join(t.dir, 'jd.xlsx'), '--preset', 'jd'], 'zh');
    expect(jd.stdout).toBe(`已写入 2 行到 ${join(t.dir, 'jd.xlsx')}（平台：按列映射的 Excel，京东预设）\n`);
    // It said "2 rows held back by the guardrails" for prices in CNY under an eBay USD file, and for missing ItemIDs.
    const usd = desk(['export', 'ebay', '--store', store, '--out', join(t.dir, 'usd.csv')]);
    expect(usd.stdout.split('\n')[2]).toBe(`2 rows held back (see ${join(t.dir, 'usd.held.csv')}): 2 priced in another currency than the file:`);
    const ids = desk(['export', 'ebay', '--store', store, '--out', join(t.dir, 'ids.csv'), '--ebay-currency', 'CNY', '--ebay-key', 'itemid'], 'zh');
    expect(ids.stdout.split('\n')[2]).toBe(`2 行暂不导出（见 ${join(t.dir, 'ids.held.csv')}）：2 行缺少 eBay ItemID：`);
    expect(`${usd.stdout}${ids.stdout}`).not.toMatch(/guardrail|护栏/);
  });
});
