/** Fuzzed import files (CSV, XLSX, ZIP) for every import kind, and a harness that imports one and checks the store; shared by the test and the benchmark. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import type Database from 'better-sqlite3';
import { toErrorPayload } from '../../engine/errors';
import { sniffDelimiter } from '../../engine/import/csv';
import { createDecoder, detectEncoding } from '../../engine/import/encoding';
import { runImport } from '../../engine/import/runner';

/** A valid file per import kind (SKUs AP-1..AP-3 must exist as products first). */
export const SAMPLES: Record<string, string> = {
  products: 'SKU,Title,Price,Cost,Brand,MOQ\nAP-1,Oxford shirt,"$1,299.00",500,Acme,10\nAP-2,Jeans,"99,5",,Acme,\nAP-3,Hat,12,3,,1\n',
  inventory: 'sku\twarehouse\tdate\ton hand\tin transit\nAP-1\tSH\t2024-03-01\t12\t4\nAP-2\t\t2024-03-01\t7\t\n',
  orders: 'order_no,line_no,date,sku,quantity,unit_price,discount,customer\nO1,1,2024-03-05 10:00,AP-1,2,100,10,C1\nO1,2,2024-03-05 10:00,AP-2,1,50,,C1\nO2,1,2024-03-06 09:00,AP-1,3,100,0,C2\n',
  'daily-sales': '货号,日期,销量,销售额,缺货\nAP-1,2024/03/05,4,"¥400",否\nAP-2,2024/03/05,0,0,是\n',
  'competitor-prices': 'sku,competitor,date,price,in stock,url\nAP-1,ShopA,05/03/2024,"1.234,50",yes,https://a.example/1\nAP-1,ShopA,13/03/2024,99,,\nAP-2,ShopB,01/04/2024,12.5,no,\n',
  'browsing-events': 'session,time,行为,sku,user id,query\nS1,2024-03-05 10:00:00,浏览,AP-1,U1,\nS1,2024-03-05 10:01:00,加购,AP-1,U1,\nS1,2024-03-05 10:02:00,搜索,,U1,linen shirt\n',
  signals: '日期,类型,数值,说明\n2024-03-05,天气,21.5,晴\n2024-03-08,促销,1,三八节\n',
};

/** One change to a file's text or bytes; positions are fractions of the length so a case is reproducible. */
export type Mutation =
  | { t: 'flip'; at: number; byte: number }
  | { t: 'insert'; at: number; bytes: number[] }
  | { t: 'delete'; at: number; len: number }
  | { t: 'truncate'; at: number }
  | { t: 'quote'; at: number }
  | { t: 'openQuote'; row: number; cell: number }
  | { t: 'delim'; at: number; ch: string }
  | { t: 'bom'; bytes: number[] }
  | { t: 'huge'; at: number; len: number }
  | { t: 'extraCells'; n: number }
  | { t: 'repeat'; n: number }
  | { t: 'gb18030' };

/** What container the mutated content goes in. */
export type Container = 'csv' | 'xlsx' | 'random-zip' | 'random-bytes';

/** One fuzz case. */
export interface FuzzCase {
  kind: string;
  container: Container;
  mutations: Mutation[];
  skipInvalid: boolean;
  lang: 'en' | 'zh';
  /** For random-zip / random-bytes. */
  entries: { name: string; data: number[] }[];
}

const at = fc.double({ min: 0, max: 1, noNaN: true });

/** The mutation generator; `maxHuge` bounds the length of an inserted huge cell. */
export function mutationArb(maxHuge: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ t: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ t: fc.constant('insert' as const), at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 16 }) }),
    fc.record({ t: fc.constant('delete' as const), at, len: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ t: fc.constant('truncate' as const), at }),
    // Quotes opening a cell are the classic silent-loss case: drawn four times as often.
    ...Array.from({ length: 2 }, () => fc.record({ t: fc.constant('quote' as const), at })),
    ...Array.from({ length: 2 }, () => fc.record({ t: fc.constant('openQuote' as const), row: at, cell: at })),
    fc.record({ t: fc.constant('delim' as const), at, ch: fc.constantFrom(',', ';', '\t', '|', '\n', '\r', '\r\n', '""') }),
    fc.record({ t: fc.constant('bom' as const), bytes: fc.constantFrom<number[]>([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb]) }),
    fc.record({ t: fc.constant('huge' as const), at, len: fc.integer({ min: 1000, max: maxHuge }) }),
    fc.record({ t: fc.constant('extraCells' as const), n: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ t: fc.constant('repeat' as const), n: fc.integer({ min: 2, max: 50 }) }),
    fc.record({ t: fc.constant('gb18030' as const) }),
  );
}

/** The fuzz case generator. */
export function caseArb(maxHuge = 80_000): fc.Arbitrary<FuzzCase> {
  return fc.record({
    kind: fc.constantFrom(...Object.keys(SAMPLES)),
    container: fc.constantFrom<Container>('csv', 'csv', 'csv', 'xlsx', 'xlsx', 'random-zip', 'random-bytes'),
    mutations: fc.array(mutationArb(maxHuge), { minLength: 1, maxLength: 4 }),
    skipInvalid: fc.boolean(),
    lang: fc.constantFrom<'en' | 'zh'>('en', 'zh'),
    entries: fc.array(
      fc.record({
        name: fc.oneof(fc.constantFrom('[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels'), fc.string({ maxLength: 20 })),
        data: fc.oneof(
          fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }),
          fc.constantFrom('<?xml version="1.0"?><workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>', '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>9</v></c></row></sheetData></worksheet>', '<').map((s) => [...Buffer.from(s)]),
        ),
      }),
      { maxLength: 6 },
    ),
  });
}

const idx = (f: number, len: number): number => Math.min(len, Math.floor(f * (len + 1)));

function mutateText(text: string, m: Mutation): string {
  switch (m.t) {
    case 'quote': {
      // At the start of a cell, where a quote opens a quoted cell (a stray quote inside a cell is only text).
      const head = text.indexOf('\n') + 1;
      const from = head + idx(m.at, text.length - head);
      const k = text.slice(from).search(/[,\t\n]/);
      const i = k === -1 ? text.length : from + k + 1;
      return text.slice(0, i) + '"' + text.slice(i);
    }
    case 'openQuote': {
      // A quote at the start of one cell of one data row.
      const lines = text.split('\n');
      const li = 1 + Math.min(lines.length - 2, Math.floor(m.row * (lines.length - 1)));
      const d = lines[0].includes('\t') ? '\t' : ',';
      const cells = lines[li].split(d);
      const ci = Math.min(cells.length - 1, Math.floor(m.cell * cells.length));
      cells[ci] = '"' + cells[ci];
      lines[li] = cells.join(d);
      return lines.join('\n');
    }
    case 'delim':
      return text.slice(0, idx(m.at, text.length)) + m.ch + text.slice(idx(m.at, text.length));
    case 'huge': {
      const i = idx(m.at, text.length);
      return text.slice(0, i) + 'x'.repeat(m.len) + text.slice(i);
    }
    case 'extraCells':
      return text.replace(/\n(?=.)/, `,${'extra,'.repeat(m.n)}\n`).replace(/\n([^\n]*)\n/, (_, l: string) => `\n${l}${',x'.repeat(m.n)}\n`);
    case 'repeat': {
      const [head, ...rest] = text.split('\n');
      return [head, ...Array.from({ length: m.n }, () => rest.join('\n'))].join('\n');
    }
    default:
      return text;
  }
}

function mutateBytes(buf: Buffer, m: Mutation): Buffer {
  const n = buf.length;
  switch (m.t) {
    case 'flip': {
      if (!n) return buf;
      const out = Buffer.from(buf);
      out[Math.min(n - 1, idx(m.at, n - 1))] = m.byte;
      return out;
    }
    case 'insert':
      return Buffer.concat([buf.subarray(0, idx(m.at, n)), Buffer.from(m.bytes), buf.subarray(idx(m.at, n))]);
    case 'delete':
      return Buffer.concat([buf.subarray(0, idx(m.at, n)), buf.subarray(Math.min(n, idx(m.at, n) + m.len))]);
    case 'truncate':
      return buf.subarray(0, idx(m.at, n));
    case 'bom':
      return Buffer.concat([Buffer.from(m.bytes), buf]);
    default:
      return buf;
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP archive of stored (uncompressed) entries. */
export function makeZip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const crc = crc32(e.data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(e.data.length, 18);
    h.writeUInt32LE(e.data.length, 22);
    h.writeUInt16LE(name.length, 26);
    locals.push(h, name, e.data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(e.data.length, 20);
    c.writeUInt32LE(e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function xlsxOf(text: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  const delim = text.split('\n')[0].includes('\t') ? '\t' : ',';
  for (const line of text.split('\n')) if (line) ws.addRow(line.split(delim).map((c) => c.replace(/^"|"$/g, '')));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The bytes and file name of a case. */
export async function buildFile(c: FuzzCase): Promise<{ name: string; bytes: Buffer }> {
  if (c.container === 'random-bytes') return { name: 'random.csv', bytes: Buffer.from(c.entries.flatMap((e) => e.data)) };
  if (c.container === 'random-zip') return { name: c.entries.length % 2 ? 'random.xlsx' : 'random.zip', bytes: makeZip(c.entries.map((e) => ({ name: e.name || 'x', data: Buffer.from(e.data) }))) };
  let text = SAMPLES[c.kind];
  for (const m of c.mutations) text = mutateText(text, m);
  let bytes = c.mutations.some((m) => m.t === 'gb18030') ? iconv.encode(text, 'gb18030') : Buffer.from(text);
  if (c.container === 'xlsx') bytes = await xlsxOf(text);
  for (const m of c.mutations) bytes = mutateBytes(bytes, m);
  return { name: c.container === 'xlsx' ? 'data.xlsx' : c.kind === 'inventory' ? 'data.tsv' : 'data.csv', bytes };
}

/** Row counts and a content hash of every table a user's data lives in (run bookkeeping excluded: a failed run is recorded on purpose). */
export function storeFingerprint(db: Database.Database): string {
  const h = createHash('sha256');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('import_runs', 'sqlite_sequence', 'jobs') ORDER BY name").pluck().all() as string[];
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}"`).raw().all();
    h.update(`${t}:${rows.length}:${JSON.stringify(rows)}\n`);
  }
  return h.digest('hex');
}

/**
 * What an independent parser (csv-parse, strict about quotes) finds in a CSV: its number of data rows, 'unclosed' when a
 * quote is never closed, or null when it refuses the file for another reason (then it says nothing).
 */
export function referenceRows(bytes: Buffer, name: string): number | 'unclosed' | null {
  const dec = createDecoder(detectEncoding(bytes.subarray(0, 65_536)).encoding);
  const text = (dec.write(bytes) + dec.end()).replace(/^\ufeff/, '');
  const delimiter = name.endsWith('.tsv') ? '\t' : sniffDelimiter(text.slice(0, 65_536));
  try {
    const records = parse(text, { delimiter, record_delimiter: '\n', relax_column_count: true }) as string[][];
    const rows = records.filter((r) => !(r.length === 1 && r[0].replace(/\r$/, '') === ''));
    return Math.max(0, rows.length - 1);
  } catch (e) {
    return (e as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED' ? 'unclosed' : null;
  }
}

/** How one fuzzed import ended. */
export interface FuzzOutcome {
  /** A successful import that lost rows in silence: it read fewer rows than the file has, or accepted an unclosed quote. */
  silentLoss?: string;
  /** For a CSV imported without skipInvalid: what the independent parser found. */
  reference?: number | 'unclosed' | null;
  result: 'ok' | 'user_error' | 'internal' | 'hang';
  code?: string;
  message?: string;
  storeChangedOnError: boolean;
  integrityOk: boolean;
  ms: number;
}

/** Writes the case's file into `dir`, imports it into `db` and checks what a user relies on. */
export async function tryCase(db: Database.Database, dir: string, c: FuzzCase, n: number, timeoutMs = 20_000): Promise<FuzzOutcome> {
  const { name, bytes } = await buildFile(c);
  const path = join(dir, `${n}-${name}`);
  writeFileSync(path, bytes);
  const before = storeFingerprint(db);
  const reference = c.container === 'csv' && !c.skipInvalid ? referenceRows(bytes, name) : undefined;
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), timeoutMs)));
  const out: FuzzOutcome = { result: 'ok', reference, storeChangedOnError: false, integrityOk: true, ms: 0 };
  try {
    const r = await Promise.race([runImport(db, { kind: c.kind, path, skipInvalid: c.skipInvalid }, { lang: c.lang }), hang]);
    if (r === 'hang') out.result = 'hang';
    else if (reference === 'unclosed') out.silentLoss = 'an unclosed quote was accepted';
    else if (typeof reference === 'number' && reference !== r.rowsTotal) out.silentLoss = `read ${r.rowsTotal} rows of ${reference}`;
  } catch (e) {
    const p = toErrorPayload(e);
    Object.assign(out, { result: p.code === 'internal' ? 'internal' : 'user_error', code: p.code, message: p.message, storeChangedOnError: storeFingerprint(db) !== before });
  } finally {
    clearTimeout(timer);
  }
  out.ms = performance.now() - t0;
  out.integrityOk = db.pragma('integrity_check', { simple: true }) === 'ok';
  return out;
}
