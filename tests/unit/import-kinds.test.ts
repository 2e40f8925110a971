import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, seedProducts, type Bench } from './import-helpers';

const FIXTURES = join(__dirname, 'fixtures', 'import');
let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

type Row = Record<string, unknown>;
const all = (sql: string, ...p: unknown[]): Row[] => b.store.db.prepare(sql).all(...p) as Row[];

describe('each kind imports a good file', () => {
  it('products: values, defaults and money formats', async () => {
    const r = await b.imp({ kind: 'products', path: b.file('p.csv', 'SKU,Title,Price,Cost,Brand,MOQ,Currency\nAP-1,Oxford shirt,"$1,299.00",500,Acme,10,USD\nAP-2,Jeans,"99,5",,Acme,,\n') });
    expect([r.inserted, r.updated, r.unchanged, r.rejected]).toEqual([2, 0, 0, 0]);
    expect(all('SELECT sku, title_en, price, cost, brand, moq, status, currency FROM products ORDER BY sku')).toEqual([
      { sku: 'AP-1', title_en: 'Oxford shirt', price: 1299, cost: 500, brand: 'Acme', moq: 10, status: 'active', currency: 'USD' },
      { sku: 'AP-2', title_en: 'Jeans', price: 99.5, cost: null, brand: 'Acme', moq: null, status: 'active', currency: 'CNY' },
    ]);
  });

  it('inventory: creates locations as they appear and defaults the location to main', async () => {
    await seedProducts(b);
    await b.imp({ kind: 'inventory', path: b.file('i.tsv', 'sku\twarehouse\tdate\ton hand\tin transit\nAP-1\tSH\t2024-03-01\t12\t4\nAP-2\t\t2024-03-01\t7\t\n') });
    expect(all('SELECT code FROM locations ORDER BY code').map((x) => x.code)).toEqual(['SH', 'main']);
    expect(all('SELECT p.sku, l.code, i.date, i.on_hand, i.on_order FROM inventory i JOIN products p ON p.id = i.product_id JOIN locations l ON l.id = i.location_id ORDER BY p.sku')).toEqual([
      { sku: 'AP-1', code: 'SH', date: '2024-03-01', on_hand: 12, on_order: 4 },
      { sku: 'AP-2', code: 'main', date: '2024-03-01', on_hand: 7, on_order: 0 },
    ]);
  });

  it('orders: creates orders, lines and customers; daily sales follow the lines', async () => {
    await seedProducts(b);
    const csv = 'order_no,line_no,date,sku,quantity,unit_price,discount,customer\nO1,1,2024-03-05 10:00,AP-1,2,100,10,C1\nO1,2,2024-03-05 10:00,AP-2,1,50,,C1\nO2,1,2024-03-06 09:00,AP-1,3,100,0,C2\n';
    const r = await b.imp({ kind: 'orders', path: b.file('o.csv', csv) });
    expect([r.inserted, b.count('orders'), b.count('order_lines'), b.count('customers')]).toEqual([3, 2, 3, 2]);
    const fromLines = all(`SELECT l.product_id, substr(o.ordered_at, 1, 10) AS date, sum(l.quantity) AS units, sum(l.quantity * l.unit_price - l.discount) AS revenue
      FROM order_lines l JOIN orders o ON o.id = l.order_id GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(all('SELECT product_id, date, units, revenue FROM daily_sales ORDER BY 1, 2')).toEqual(fromLines);
    expect(all("SELECT units, revenue FROM daily_sales WHERE date = '2024-03-05' AND product_id = 1")).toEqual([{ units: 2, revenue: 190 }]);
  });

  it('daily sales: writes rows with source import', async () => {
    await seedProducts(b);
    await b.imp({ kind: 'daily-sales', path: b.file('d.csv', '货号,日期,销量,销售额,缺货\nAP-1,2024/03/05,4,"¥400",否\nAP-2,2024/03/05,0,0,是\n') });
    expect(all('SELECT product_id, date, units, revenue, stockout, source FROM daily_sales ORDER BY product_id')).toEqual([
      { product_id: 1, date: '2024-03-05', units: 4, revenue: 400, stockout: 0, source: 'import' },
      { product_id: 2, date: '2024-03-05', units: 0, revenue: 0, stockout: 1, source: 'import' },
    ]);
  });

  it('competitor prices: dd/mm/yyyy dates with blank optional cells become NULL', async () => {
    await seedProducts(b);
    const csv = 'sku,competitor,date,price,in stock,url\nAP-1,ShopA,05/03/2024,"1.234,50",yes,https://a.example/1\nAP-1,ShopA,13/03/2024,99,,\nAP-2,ShopB,01/04/2024,12.5,no,\n';
    const r = await b.imp({ kind: 'competitor-prices', path: b.file('c.csv', csv) });
    expect(r.dateFormats.date).toEqual({ format: 'dmy', ambiguous: false });
    expect(all('SELECT product_id, competitor, date, price, in_stock, url FROM competitor_prices ORDER BY product_id, date')).toEqual([
      { product_id: 1, competitor: 'ShopA', date: '2024-03-05', price: 1234.5, in_stock: 1, url: 'https://a.example/1' },
      { product_id: 1, competitor: 'ShopA', date: '2024-03-13', price: 99, in_stock: null, url: null },
      { product_id: 2, competitor: 'ShopB', date: '2024-04-01', price: 12.5, in_stock: 0, url: null },
    ]);
  });

  it('browsing events: Chinese event names, searches without a SKU, customers on the fly, idempotent', async () => {
    await seedProducts(b);
    const path = b.file('e.csv', 'session,time,行为,sku,user id,query\nS1,2024-03-05 10:00:00,浏览,AP-1,U1,\nS1,2024-03-05 10:01:00,加购,AP-1,U1,\nS1,2024-03-05 10:02:00,搜索,,U1,linen shirt\n');
    await b.imp({ kind: 'browsing-events', path });
    expect(all('SELECT kind, product_id, query FROM browsing_events ORDER BY ts')).toEqual([
      { kind: 'view', product_id: 1, query: null },
      { kind: 'cart', product_id: 1, query: null },
      { kind: 'search', product_id: null, query: 'linen shirt' },
    ]);
    expect(b.count('customers')).toBe(1);
    const again = await b.imp({ kind: 'browsing-events', path });
    expect([again.inserted, again.updated, again.unchanged, b.count('browsing_events')]).toEqual([0, 0, 3, 3]);
  });

  it('signals: Chinese kinds, default key all', async () => {
    await b.imp({ kind: 'signals', path: b.file('s.csv', '日期,类型,数值,说明\n2024-03-05,天气,21.5,晴\n2024-03-08,促销,1,三八节\n') });
    expect(all('SELECT date, kind, key, value, label FROM signals ORDER BY date')).toEqual([
      { date: '2024-03-05', kind: 'weather', key: 'all', value: 21.5, label: '晴' },
      { date: '2024-03-08', kind: 'promotion', key: 'all', value: 1, label: '三八节' },
    ]);
  });
});

describe('file formats and encodings', () => {
  it('reads a GBK file with Chinese headers and a semicolon delimiter', async () => {
    const text = '商品编码;商品名称;售价;类目\r\nAP-1;纯棉衬衫;"￥1.299,00";服装\r\nAP-2;牛仔裤;199;服装\r\n';
    const r = await b.imp({ kind: 'products', path: b.file('gbk.csv', iconv.encode(text, 'gbk')) });
    expect([r.encoding, r.delimiter]).toEqual(['gb18030', ';']);
    expect(all('SELECT sku, title_zh, price, category FROM products ORDER BY sku')).toEqual([
      { sku: 'AP-1', title_zh: '纯棉衬衫', price: 1299, category: '服装' },
      { sku: 'AP-2', title_zh: '牛仔裤', price: 199, category: '服装' },
    ]);
  });

  it('takes an explicit encoding and names an unknown one', async () => {
    const path = b.file('gbk.txt', iconv.encode('sku,标题\nAP-5,茶杯\n', 'gbk'));
    await b.imp({ kind: 'products', path, encoding: 'GBK' });
    expect(all('SELECT sku, title_zh FROM products')).toEqual([{ sku: 'AP-5', title_zh: '茶杯' }]);
    await expect(b.imp({ kind: 'products', path, encoding: 'klingon-8' })).rejects.toThrow("Unknown encoding 'klingon-8'");
  });

  it('strips a UTF-8 BOM so the first header still maps', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('sku,标题\nAP-9,围巾\n')]);
    const r = await b.imp({ kind: 'products', path: b.file('bom.csv', bytes) });
    expect(r.mapping.map((m) => m.field)).toEqual(['sku', 'title_zh']);
    expect(all('SELECT sku, title_zh FROM products')).toEqual([{ sku: 'AP-9', title_zh: '围巾' }]);
  });

  it('reads an XLSX workbook with date cells and numbers', async () => {
    await seedProducts(b);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Orders');
    ws.addRow(['订单号', '下单时间', '商品编码', '数量', '单价']);
    ws.addRow(['X1', new Date(Date.UTC(2024, 2, 5)), 'AP-1', 2, 19.9]);
    ws.addRow(['X2', new Date(Date.UTC(2024, 2, 6, 15, 30)), 'AP-2', 1, 5]);
    const path = join(b.dir, 'orders.xlsx');
    await wb.xlsx.writeFile(path);
    const r = await b.imp({ kind: 'orders', path });
    expect([r.format, r.inserted]).toEqual(['xlsx', 2]);
    expect(all('SELECT order_no, ordered_at FROM orders ORDER BY order_no')).toEqual([
      { order_no: 'X1', ordered_at: '2024-03-05T00:00:00' },
      { order_no: 'X2', ordered_at: '2024-03-06T15:30:00' },
    ]);
  });

  it('rows of empty cells under the data (",,", a cell of spaces) are skipped, not rejected', async () => {
    const r = await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,title_en,price\r\nAP-1,Shirt,50\r\n,,\r\n , ,\r\nAP-2,Jeans,80\r\n,,\r\n') });
    expect([r.inserted, r.rejected]).toEqual([2, 0]);
    expect(all('SELECT sku FROM products ORDER BY sku')).toEqual([{ sku: 'AP-1' }, { sku: 'AP-2' }]);
  });

  it('an XLSX error cell (#N/A, a formula giving #DIV/0!) in a price rejects its row by name and keeps the stored price', async () => {
    await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,title_en,price\nAP-1,Shirt,50\nAP-2,Jeans,80\n') });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Products');
    ws.addRow(['SKU', '售价']);
    ws.addRow(['AP-1', { error: '#N/A' }]);
    ws.addRow(['AP-2', { formula: '1/0', result: { error: '#DIV/0!' } }]);
    const path = join(b.dir, 'prices.xlsx');
    await wb.xlsx.writeFile(path);
    await expect(b.imp({ kind: 'products', path })).rejects.toThrow(/prices\.xlsx.*row 2, column 售价.*#N\/A/);
    const r = await b.imp({ kind: 'products', path, skipInvalid: true });
    expect([r.updated, r.rejected]).toEqual([0, 2]);
    expect(all('SELECT sku, price FROM products ORDER BY sku')).toEqual([{ sku: 'AP-1', price: 50 }, { sku: 'AP-2', price: 80 }]);
  });

  it('recognises a Shopify product export: one product per variant, parent = handle, title from the first row', async () => {
    const r = await b.imp({ kind: 'products', path: join(FIXTURES, 'shopify_products.csv') });
    expect(r.format).toBe('shopify');
    expect(all('SELECT sku, parent_sku, title_en, brand, category, price, cost, status, attributes FROM products ORDER BY id')).toEqual([
      { sku: 'MUG-WHT-S', parent_sku: 'tea-mug', title_en: 'Ceramic Tea Mug', brand: 'Hill Pottery', category: 'Mugs', price: 12.5, cost: 4.1, status: 'active', attributes: '{"Colour":"White","Size":"S"}' },
      { sku: 'MUG-WHT-L', parent_sku: 'tea-mug', title_en: 'Ceramic Tea Mug', brand: 'Hill Pottery', category: 'Mugs', price: 14, cost: 4.6, status: 'active', attributes: '{"Colour":"White","Size":"L"}' },
      { sku: 'tea-mug-3', parent_sku: 'tea-mug', title_en: 'Ceramic Tea Mug', brand: 'Hill Pottery', category: 'Mugs', price: 14, cost: null, status: 'active', attributes: '{"Colour":"Blue","Size":"L"}' },
      { sku: 'APR-001', parent_sku: 'linen-apron', title_en: 'Linen Apron', brand: 'Hill Pottery', category: 'Kitchen', price: 29, cost: null, status: 'draft', attributes: '{}' },
    ]);
  });

  it('recognises a WooCommerce export: variations point at their parent, unpublished is draft', async () => {
    const r = await b.imp({ kind: 'products', path: join(FIXTURES, 'woocommerce_products.csv') });
    expect(r.format).toBe('woocommerce');
    expect(all('SELECT sku, parent_sku, title_en, price, status FROM products ORDER BY id')).toEqual([
      { sku: 'tee-basic', parent_sku: null, title_en: 'Basic Tee', price: null, status: 'active' },
      { sku: 'tee-basic-red', parent_sku: 'tee-basic', title_en: 'Basic Tee - Red', price: 18, status: 'active' },
      { sku: 'woo-103', parent_sku: 'tee-basic', title_en: 'Basic Tee - Blue', price: 19.5, status: 'active' },
      { sku: 'ebook-care', parent_sku: null, title_en: 'Garment Care eBook', price: 5, status: 'draft' },
    ]);
    expect(JSON.parse(String(all("SELECT attributes FROM products WHERE sku = 'tee-basic-red'")[0].attributes))).toEqual({ Color: 'Red', woocommerce_type: 'variation' });
    expect(readFileSync(join(FIXTURES, 'woocommerce_products.csv'), 'utf8').split('\n')[0]).toContain('"Attribute 1 value(s)"');
  });
});
