import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, rejection, seedProducts, type Bench } from './import-helpers';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

/**
 * Files of every import kind whose second data row has a control character in an identifier column other than
 * the SKU; `stored` lists the identifiers of that column the good rows leave in the store.
 */
interface Case {
  kind: string;
  file: string;
  /** The file's text: CSV, or JSON lines for chats (whose rows are then the file's lines). */
  csv: string;
  /** The bad row as the message names it: 3 (header = row 1) unless said. */
  row?: number;
  column: string;
  /** The value as the message shows it (control characters written out). */
  shown: string;
  reason: { en: string; zh: string };
  /** The identifiers stored once the good rows are imported. */
  stored: string;
  expected: string[];
}

const LINE_BREAK = { en: 'contains a line break; a code must be one line of visible text', zh: '含有换行符；编码只能是一行可见文字' };
const TAB = { en: 'contains a tab; a code must be one line of visible text', zh: '含有制表符；编码只能是一行可见文字' };
const control = (char: string): Case['reason'] => ({ en: `contains the control character ${char}; a code must be one line of visible text`, zh: `含有控制字符 ${char}；编码只能是一行可见文字` });

const CASES: Case[] = [
  {
    kind: 'orders', file: 'orders.csv', column: 'order_no', shown: 'O\\n2', reason: LINE_BREAK,
    csv: 'order_no,date,sku,quantity,unit_price\nO1,2024-03-05,AP-1,1,10\n"O\n2",2024-03-05,AP-2,1,10\nO3,2024-03-06,AP-1,2,10\n',
    stored: 'SELECT order_no FROM orders ORDER BY order_no', expected: ['O1', 'O3'],
  },
  {
    kind: 'orders', file: 'orders-customers.csv', column: 'customer_id', shown: 'C\\t2', reason: TAB,
    csv: 'order_no,date,sku,quantity,unit_price,customer_id\nO1,2024-03-05,AP-1,1,10,C1\nO2,2024-03-05,AP-2,1,10,C\t2\nO3,2024-03-06,AP-1,2,10,C3\n',
    stored: 'SELECT external_id FROM customers ORDER BY external_id', expected: ['C1', 'C3'],
  },
  {
    kind: 'browsing-events', file: 'events.csv', column: 'session_id', shown: 'S\\u00002', reason: control('U+0000'),
    csv: 'session_id,ts,event,sku,customer\nS1,2024-03-05 10:00,view,AP-1,C1\nS\u00002,2024-03-05 10:01,view,AP-2,C2\nS3,2024-03-05 10:02,cart,AP-1,C3\n',
    stored: 'SELECT session_id FROM browsing_events ORDER BY session_id', expected: ['S1', 'S3'],
  },
  {
    kind: 'browsing-events', file: 'events-customers.csv', column: 'customer', shown: 'C\\u001b2', reason: control('U+001B'),
    csv: 'session_id,ts,event,sku,customer\nS1,2024-03-05 10:00,view,AP-1,C1\nS2,2024-03-05 10:01,view,AP-2,C\u001b2\nS3,2024-03-05 10:02,cart,AP-1,C3\n',
    stored: 'SELECT external_id FROM customers ORDER BY external_id', expected: ['C1', 'C3'],
  },
  {
    kind: 'chats', file: 'chats.csv', column: 'conversation_id', shown: 'T\\u20282', reason: LINE_BREAK,
    csv: 'conversation_id,time,sender,message\nT1,2024-03-05 10:00,customer,Hello\nT\u20282,2024-03-05 10:01,customer,Where is my parcel?\nT3,2024-03-05 10:02,agent,Hi there\n',
    stored: 'SELECT external_id FROM conversations ORDER BY external_id', expected: ['T1', 'T3'],
  },
  {
    kind: 'chats', file: 'chats-orders.csv', column: 'order_id', shown: 'O\\r2', reason: LINE_BREAK,
    csv: 'conversation_id,time,sender,message,order_id\nT1,2024-03-05 10:00,customer,Hello,O1\nT2,2024-03-05 10:01,customer,Where is my parcel?,"O\r2"\nT3,2024-03-05 10:02,agent,Hi there,O3\n',
    stored: 'SELECT order_ref FROM messages ORDER BY order_ref', expected: ['O1', 'O3'],
  },
  {
    kind: 'chats', file: 'chats-customers.jsonl', row: 2, column: 'customer', shown: 'C\\u00852', reason: control('U+0085'),
    csv: [
      { conversation: 'T1', time: '2024-03-05 10:00', sender: 'customer', text: 'Hello', customer: 'C1' },
      { conversation: 'T2', time: '2024-03-05 10:01', sender: 'customer', text: 'Hi', customer: 'C\u00852' },
      { conversation: 'T3', time: '2024-03-05 10:02', sender: 'customer', text: 'Hey', customer: 'C3' },
    ].map((m) => JSON.stringify(m)).join('\n'),
    stored: 'SELECT external_id FROM conversations ORDER BY external_id', expected: ['T1', 'T3'],
  },
  {
    kind: 'products', file: 'products.csv', column: 'supplier', shown: 'Acme\\nLtd', reason: LINE_BREAK,
    csv: 'sku,title,supplier\nNP-1,Tee,Acme\nNP-2,Shirt,"Acme\nLtd"\nNP-3,Jeans,Bolt\n',
    stored: "SELECT sku FROM products WHERE sku LIKE 'NP-%' ORDER BY sku", expected: ['NP-1', 'NP-3'],
  },
  {
    kind: 'products', file: 'products-barcodes.csv', column: 'barcode', shown: '690\\t123', reason: TAB,
    csv: 'sku,title,barcode\nNP-1,Tee,690111\nNP-2,Shirt,690\t123\nNP-3,Jeans,690333\n',
    stored: "SELECT sku FROM products WHERE sku LIKE 'NP-%' ORDER BY sku", expected: ['NP-1', 'NP-3'],
  },
  {
    kind: 'inventory', file: 'inventory.csv', column: 'location', shown: 'WH\\n2', reason: LINE_BREAK,
    csv: 'sku,location,date,on_hand\nAP-1,WH1,2024-03-05,5\nAP-2,"WH\n2",2024-03-05,6\nAP-3,WH3,2024-03-05,7\n',
    stored: "SELECT code FROM locations WHERE code <> 'main' ORDER BY code", expected: ['WH1', 'WH3'],
  },
  {
    kind: 'competitor-prices', file: 'rivals.csv', column: 'competitor', shown: 'Shop\\tB', reason: TAB,
    csv: 'sku,competitor,date,price\nAP-1,ShopA,2024-03-05,9\nAP-2,Shop\tB,2024-03-05,9\nAP-3,ShopC,2024-03-05,9\n',
    stored: 'SELECT competitor FROM competitor_prices ORDER BY competitor', expected: ['ShopA', 'ShopC'],
  },
  {
    kind: 'signals', file: 'signals.csv', column: 'key', shown: 'rain\\u00072', reason: control('U+0007'),
    csv: 'date,kind,key,value\n2024-03-05,weather,rain1,1\n2024-03-05,weather,rain\u00072,2\n2024-03-05,weather,rain3,3\n',
    stored: 'SELECT key FROM signals ORDER BY key', expected: ['rain1', 'rain3'],
  },
  {
    kind: 'kb', file: 'kb.csv', column: 'slug', shown: 'returns\\npolicy', reason: LINE_BREAK,
    csv: 'slug,lang,title,body\nshipping,en,Shipping,We ship in 2 days\n"returns\npolicy",en,Returns,30 days\nsizes,en,Sizes,See the chart\n',
    stored: 'SELECT slug FROM kb_articles ORDER BY slug', expected: ['shipping', 'sizes'],
  },
];

describe('identifier columns refuse control characters in every import kind, as the SKU does', () => {
  it.each(CASES.map((c) => [`${c.kind} ${c.column}`, c] as const))('%s: the import fails naming file, row and column in both languages; --skip-invalid rejects only that row', async (_, c) => {
    await seedProducts(b);
    const path = b.file(c.file, c.csv);
    const before = (b.store.db.prepare(c.stored).pluck().all() as string[]);
    const err = await rejection(b.imp({ kind: c.kind, path }));
    expect(err.code).toBe('validation_failed');
    const row = c.row ?? 3;
    expect(err.message).toBe(`${c.file} row ${row}, column ${c.column}: ${c.reason.en} (value '${c.shown}'); 1 invalid row, nothing was imported`);
    const zh = await rejection(b.imp({ kind: c.kind, path }, 'zh'));
    expect(zh.message).toBe(`${c.file} 第 ${row} 行，列“${c.column}”：${c.reason.zh}（值“${c.shown}”）；共 1 行无效，未导入任何数据`);
    expect(b.store.db.prepare(c.stored).pluck().all()).toEqual(before);

    const r = await b.imp({ kind: c.kind, path, skipInvalid: true });
    expect(r.rejected).toBe(1);
    expect(b.store.db.prepare(c.stored).pluck().all()).toEqual(c.expected);
    const rejects = readFileSync(r.rejectsFile as string, 'utf8').replace(/^\ufeff/, '');
    expect(rejects.startsWith('row,column,value,reason,')).toBe(true);
    expect(rejects).toContain(`${row},${c.column},`);
    expect(rejects).toContain(`,${c.reason.en},`);
  });
});
