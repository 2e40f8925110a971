import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/db/store';
import { SHOPIFY_HEADER, SHOPIFY_LEGACY_HEADER, WOOCOMMERCE_HEADER } from '../../engine/export/formats';
import { saveMapping } from '../../engine/export/mappings';
import { runExport } from '../../engine/export/run';
import { saveRulesOverride } from '../../engine/pricing/guardrails';
import { seedExportStore as seed, T, TITLE } from './export-fixture';
import { tempDir } from './helpers';

// Header lines copied verbatim (first line only) from ../shared/data/marketplace_templates: Shopify's
// product_template.csv and WooCommerce's sample_products.csv. Tests must not read ../shared.
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'marketplace_templates');
const templateHeader = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8').split(/\r?\n/)[0];
const csvCells = (line: string): string[] => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, ''));

describe('marketplace exports', () => {
  let store: Store;
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = tempDir('desk-export-');
    store = openStore(':memory:');
    seed(store.db);
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });
  const out = (name: string): string => join(tmp.dir, name);
  let r0 = 0;
  const text = (path: string): string => readFileSync(path, 'utf8');

  it('Amazon: tab-delimited sku/price/quantity with the approved price and stock summed over locations', async () => {
    const r = await runExport(store.db, { format: 'amazon', path: out('amazon.txt'), encoding: 'utf8', now: T });
    expect(text(r.path)).toBe('sku\tprice\tquantity\r\nAP-0001\t103.50\t12\r\nAP-0002\t150.00\t0\r\n');
    expect(r.rowsWritten).toBe(2);
    const mm = await runExport(store.db, { format: 'amazon', path: out('amazon2.txt'), encoding: 'utf8', options: { amazonMinMax: true }, now: T });
    expect(text(mm.path).split('\r\n')[0]).toBe('sku\tprice\tminimum-seller-allowed-price\tmaximum-seller-allowed-price\tquantity');
  });

  it('holds back a row whose approved price breaks MAP, in the result and in a .held.csv beside the file', async () => {
    const r = await runExport(store.db, { format: 'amazon', path: out('amazon.txt'), encoding: 'utf8', now: T });
    expect(r.rowsHeld).toBe(1);
    expect(r.held[0].sku).toBe('AP-0003');
    expect(r.held[0].reasons.map((x) => x.code)).toContain('clamped_low');
    // An export does not adjust a price: it says the row is held back and which rule, in both languages.
    expect(r.held[0].reasons[0].message_en).toBe('Not exported: 112.00 is below the lowest price allowed now, 118.00 (minimum advertised price (MAP) 118).');
    expect(r.held[0].reasons[0].message_zh).toBe('未导出：112.00 低于当前允许的最低价 118.00（最低广告价（MAP）118）。');
    expect(r.heldPath).toBe(out('amazon.held.csv'));
    const held = readFileSync(r.heldPath as string).toString('utf8');
    expect(held.charCodeAt(0)).toBe(0xfeff);
    expect(held).toContain('AP-0003,牛仔裤,112,120,clamped_low');
    expect(text(r.path)).not.toContain('AP-0003');
    const row = store.db.prepare('SELECT rows_written, rows_held, held_path FROM export_runs WHERE id = ?').get(r.runId);
    expect(row).toEqual({ rows_written: 2, rows_held: 1, held_path: r.heldPath });
  });

  it('a guardrail override (max change per step) holds back an approved jump', async () => {
    saveRulesOverride(store.db, 'sku', 'AP-0001', { maxChangePctPerStep: 2 });
    const r = await runExport(store.db, { format: 'amazon', path: out('a.txt'), encoding: 'utf8', now: T });
    expect(r.held.map((h) => h.sku).sort()).toEqual(['AP-0001', 'AP-0003']);
    expect(r.held.find((h) => h.sku === 'AP-0001')?.reasons[0].message_en).toContain('max change per step 2%');
  });

  it('our Shopify and WooCommerce columns exist in the official templates, in the templates\' order', () => {
    const shopify = csvCells(templateHeader('shopify_product_template.header.csv'));
    const woo = csvCells(templateHeader('woocommerce_sample_products.header.csv'));
    expect(shopify).toHaveLength(48);
    expect(woo).toContain('Regular price');
    for (const [ours, template] of [[SHOPIFY_HEADER, shopify], [WOOCOMMERCE_HEADER, woo], [SHOPIFY_LEGACY_HEADER, shopify]] as const) {
      const idx = ours.map((c) => template.indexOf(c));
      expect(idx.every((i) => i >= 0), ours.join('|')).toBe(true);
      expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    }
  });

  it('Shopify: current column names from the product template, and the legacy four columns as an option', async () => {
    const r = await runExport(store.db, { format: 'shopify', path: out('s.csv'), encoding: 'utf8', now: T });
    const lines = text(r.path).split('\r\n');
    expect(lines[0]).toBe('Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Inventory Qty,Variant Price,Variant Compare At Price,Cost per item,Status');
    // A product without variants gets Shopify's own default option (its importer requires one).
    expect(lines[1]).toBe('ap-0001,Cotton tee,Title,Default Title,,,AP-0001,12,103.50,129.00,40.00,active');
    const legacy = await runExport(store.db, { format: 'shopify', path: out('l.csv'), encoding: 'utf8', options: { shopifyLegacy: true }, now: T });
    expect(text(legacy.path).split('\r\n')[0]).toBe('Handle,Variant SKU,Variant Price,Variant Compare At Price');
  });

  it('Shopify: the variants of one product (one handle) differ in their options, size and colour from the attributes', async () => {
    const ins = store.db.prepare(`INSERT INTO products (sku, parent_sku, title_en, price, currency, attributes, status, created_at, updated_at) VALUES (?, 'HOOD', 'Hoodie', 50, 'CNY', ?, 'active', ?, ?)`);
    for (const [sku, size, colour] of [['H-BM', 'M', 'Black'], ['H-BL', 'L', 'Black'], ['H-GM', 'M', 'Green']]) ins.run(sku, JSON.stringify({ size, colour, material: 'Fleece' }), T, T);
    const r = await runExport(store.db, { format: 'shopify', path: out('v.csv'), encoding: 'utf8', now: T });
    const rows = text(r.path).split('\r\n').slice(1).filter((l) => l.startsWith('hood,')).map((l) => l.split(','));
    expect(rows.map((c) => c.slice(2, 7))).toEqual([
      ['Size', 'L', 'Color', 'Black', 'H-BL'],
      ['Size', 'M', 'Color', 'Black', 'H-BM'],
      ['Size', 'M', 'Color', 'Green', 'H-GM'],
    ]);
  });

  it('Shopify: every product gets its own non-empty handle, the same on every export; variants share one; a set handle is kept', async () => {
    const ins = store.db.prepare(`INSERT INTO products (sku, parent_sku, title_zh, price, currency, attributes, status, created_at, updated_at) VALUES (?, ?, ?, 20, 'CNY', ?, 'active', ?, ?)`);
    for (const [sku, title] of [['红色-1', '红色短袖'], ['蓝色-1', '蓝色短袖'], ['红色', '红色'], ['AB-1', 'ab'], ['ab_1', 'ab2'], ['中文SKU-1', '中文']]) ins.run(sku, null, title, '{}', T, T);
    ins.run('TEE-S', '红T', '红T恤', JSON.stringify({ size: 'S' }), T, T);
    ins.run('TEE-M', '红T', '红T恤', JSON.stringify({ size: 'M' }), T, T);
    ins.run('MINE', null, '自定', JSON.stringify({ shopify_handle: 'my-own' }), T, T);
    const handles = async (name: string, onlyChanged = false): Promise<Map<string, string>> => {
      const r = await runExport(store.db, { format: 'shopify', path: out(name), encoding: 'utf8', onlyChanged, now: T });
      return new Map(text(r.path).split('\r\n').slice(1).filter(Boolean).map((l) => csvCells(l)).map((c) => [c[6], c[0]]));
    };
    const first = await handles('h1.csv');
    const mine = ['红色-1', '蓝色-1', '红色', 'AB-1', 'ab_1', '中文SKU-1', 'TEE-S', 'MINE'];
    for (const sku of mine) expect(first.get(sku), sku).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    // Eight products (the two tees are one), eight handles: Shopify would otherwise merge them and drop a title.
    expect(new Set(mine.map((sku) => first.get(sku))).size).toBe(mine.length);
    expect(first.get('TEE-M')).toBe(first.get('TEE-S'));
    expect([first.get('AP-0001'), first.get('AB-1'), first.get('MINE')]).toEqual(['ap-0001', 'ab-1', 'my-own']);
    expect(first.get('中文SKU-1')).not.toBe('sku-1');
    // A later export, and one of only the changed rows, name each product as the first did (a re-upload updates it).
    expect(await handles('h2.csv')).toEqual(first);
    store.db.prepare(`UPDATE products SET price = 21 WHERE sku IN ('ab_1', '红色')`).run();
    const changed = await handles('h3.csv', true);
    expect([...changed.keys()].sort()).toEqual(['ab_1', '红色']);
    for (const [sku, h] of changed) expect(h, sku).toBe(first.get(sku));
  });

  it('a price finer than its currency allows (2.675 USD, 1234.5 JPY) is sent rounded to the currency, not held', async () => {
    const ins = store.db.prepare(`INSERT INTO products (sku, title_en, price, currency, attributes, status, created_at, updated_at) VALUES (?, 'x', ?, ?, '{}', 'active', ?, ?)`);
    ins.run('US-1', 2.675, 'USD', T, T);
    ins.run('JP-1', 1234.5, 'JPY', T, T);
    const r = await runExport(store.db, { format: 'amazon', path: out('round.txt'), encoding: 'utf8', now: T });
    const price = (sku: string): string | undefined => text(r.path).split('\r\n').find((l) => l.startsWith(`${sku}\t`))?.split('\t')[1];
    expect([price('US-1'), price('JP-1')]).toEqual(['2.68', '1235']);
    expect(r.held.map((h) => h.sku)).not.toContain('US-1');
  });

  it('eBay: File Exchange Revise rows with a configurable action header, keyed by CustomLabel or ItemID', async () => {
    // The fixture's shop prices in CNY; this one lists on eBay US in dollars (the UK file below is checked the same way).
    store.db.prepare(`UPDATE products SET currency = 'USD'`).run();
    const r = await runExport(store.db, { format: 'ebay', path: out('e.csv'), encoding: 'utf8', now: T });
    const lines = text(r.path).split('\r\n');
    expect(lines[0]).toBe('*Action(SiteID=US|Country=US|Currency=USD|Version=1193),CustomLabel,StartPrice,Quantity');
    expect(lines[1]).toBe('Revise,AP-0001,103.50,12');
    // Prices in USD under Currency=GBP: every row is held back, none written.
    const wrong = await runExport(store.db, { format: 'ebay', path: out('e2.csv'), encoding: 'utf8', options: { ebayKey: 'itemid', ebaySiteId: 'UK', ebayCountry: 'GB', ebayCurrency: 'GBP' }, now: T });
    expect(text(wrong.path).split('\r\n')[1]).toBe('');
    expect(wrong.held.map((h) => h.sku).sort()).toEqual(['AP-0001', 'AP-0002', 'AP-0003']);
    store.db.prepare(`UPDATE products SET currency = 'GBP'`).run();
    const uk = await runExport(store.db, { format: 'ebay', path: out('e3.csv'), encoding: 'utf8', options: { ebayKey: 'itemid', ebaySiteId: 'UK', ebayCountry: 'GB', ebayCurrency: 'GBP' }, now: T });
    const l2 = text(uk.path).split('\r\n');
    expect(l2[0]).toBe('*Action(SiteID=UK|Country=GB|Currency=GBP|Version=1193),ItemID,StartPrice,Quantity');
    expect(l2[1]).toBe('Revise,110012345678,103.50,12');
    // AP-0002 has no ItemID: held with its reason, next to the MAP hold.
    expect(uk.held.map((h) => h.sku).sort()).toEqual(['AP-0002', 'AP-0003']);
    // Each hold by its kind: a missing ItemID is no guardrail's; the MAP hold is.
    expect(Object.fromEntries(uk.held.map((h) => [h.sku, h.kind]))).toEqual({ 'AP-0002': 'no_item_id', 'AP-0003': 'guardrails' });
    expect(uk.targetName).toEqual({ en: 'eBay File Exchange (Revise)', zh: 'eBay File Exchange（修改）' });
  });

  it('eBay: a price in another currency than the file states (CNY under Currency=USD) is held back, never written as dollars', async () => {
    const r = await runExport(store.db, { format: 'ebay', path: out('cny.csv'), encoding: 'utf8', now: T });
    // Every row held: the header alone, and the reason says so.
    expect(text(r.path)).toBe('*Action(SiteID=US|Country=US|Currency=USD|Version=1193),CustomLabel,StartPrice,Quantity\r\n');
    expect(r.rowsWritten).toBe(0);
    expect(r.empty?.code).toBe('all_held');
    expect(r.empty?.message_en).toBe('Only the header row was written: every row to send was held back (3); see the reasons below.');
    const cur = r.held.find((h) => h.sku === 'AP-0001');
    expect(cur?.reasons.map((x) => x.code)).toEqual(['currency_mismatch']);
    expect(cur?.reasons[0].message_en).toBe('Not exported: the price is in CNY but this eBay file is in USD; convert the price, or export for the eBay site that sells in CNY.');
    expect(cur?.reasons[0].message_zh).toBe('未导出：价格以 CNY 计价，而此 eBay 文件的币种为 USD；请先换算价格，或导出到以 CNY 销售的 eBay 站点。');
    expect(readFileSync(r.heldPath as string, 'utf8')).toContain('AP-0001,纯棉短袖T恤 男款·白色,103.5,100,currency_mismatch');
    // Nothing went to eBay, so nothing is recorded as live there: a later export in the right currency sends every row.
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM export_prices').get()).toEqual({ n: 0 });
  });

  it('WooCommerce: importer column names; a compare-at price above the price becomes a sale', async () => {
    const r = await runExport(store.db, { format: 'woocommerce', path: out('w.csv'), encoding: 'utf8', now: T });
    expect(text(r.path)).toBe('SKU,In stock?,Stock,Sale price,Regular price\r\nAP-0001,1,12,103.50,129.00\r\nAP-0002,0,0,,150.00\r\n');
  });

  it('the Chinese title survives utf8, utf8-bom and gb18030 byte for byte', async () => {
    for (const encoding of ['utf8', 'utf8-bom', 'gb18030'] as const) {
      const r = await runExport(store.db, { format: 'csv', preset: 'taobao', path: out(`t-${encoding}.csv`), encoding, now: T });
      const bytes = readFileSync(r.path);
      const decoded = encoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : iconv.decode(bytes, 'utf8', { stripBOM: true });
      expect(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf).toBe(encoding === 'utf8-bom');
      expect(decoded.split('\r\n')[0]).toBe('宝贝标题,商家编码,价格,数量');
      expect(decoded.split('\r\n')[1]).toBe(`${TITLE},AP-0001,103.50,12`);
      if (encoding === 'gb18030') expect(bytes.toString('utf8')).not.toContain(TITLE);
    }
  });

  it('xlsx with a saved mapping keeps the Chinese title and numbers', async () => {
    const m = saveMapping(store.db, { name: 'JD 导出', format: 'xlsx', preset: 'jd', encoding: 'utf8', columns: [{ column: '商品名称', field: 'title_zh' }, { column: '京东价', field: 'price' }, { column: '库存', field: 'quantity' }] });
    const r = await runExport(store.db, { format: 'xlsx', mappingId: m.id ?? undefined, path: out('jd.xlsx'), encoding: 'utf8', now: T });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.path);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, '商品名称', '京东价', '库存']);
    expect(ws.getRow(2).values).toEqual([undefined, TITLE, 103.5, 12]);
  });

  it('xlsx keeps an all-digit SKU and barcode as text with every digit (JD preset and a mapping); prices and stock stay numbers', async () => {
    // 17 digits: as a number a spreadsheet keeps 15 (12345678901234568 in the file, 1.23457E+16 on screen), another SKU.
    store.db.prepare(`INSERT INTO products (id, sku, title_zh, category, cost, price, currency, barcode, attributes, status, created_at, updated_at)
      VALUES (9, '12345678901234567', '长编码商品', 'apparel', 40, 99, 'CNY', '69012345678901234', '{}', 'active', ?, ?)`).run(T, T);
    const m = saveMapping(store.db, { name: 'codes', format: 'xlsx', preset: null, encoding: 'utf8', columns: [{ column: 'barcode', field: 'barcode' }, { column: 'sku', field: 'sku' }, { column: 'price', field: 'price' }] });
    for (const req of [{ preset: 'jd' }, { mappingId: m.id ?? undefined }]) {
      const r = await runExport(store.db, { format: 'xlsx', ...req, path: out(`codes-${r0++}.xlsx`), encoding: 'utf8', now: T });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(r.path);
      const rows = (wb.worksheets[0].getSheetValues() as unknown[][]).slice(2).map((v) => v.slice(1));
      const long = rows.find((v) => v.includes('12345678901234567'));
      expect(long, JSON.stringify(rows)).toEqual(req.preset ? ['12345678901234567', '长编码商品', 99, ''] : ['69012345678901234', '12345678901234567', 99]);
      if (req.preset) expect(rows.find((v) => v[0] === 'AP-0001')).toEqual(['AP-0001', TITLE, 103.5, 12]);
    }
  });

  it('writes atomically: replaces an existing file and leaves no temporary files', async () => {
    await runExport(store.db, { format: 'amazon', path: out('x.txt'), encoding: 'utf8', now: T });
    await runExport(store.db, { format: 'woocommerce', path: out('x.txt'), encoding: 'utf8', now: T });
    expect(text(out('x.txt')).startsWith('SKU,')).toBe(true);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(out('x.held.csv'))).toBe(true);
  });
});
