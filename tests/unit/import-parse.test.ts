import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvParser, sniffDelimiter } from '../../engine/import/csv';
import { detectDateFormat, parseDateValue } from '../../engine/import/dates';
import { createDecoder, detectEncoding } from '../../engine/import/encoding';
import { productsKind } from '../../engine/import/kinds/products';
import { ordersKind } from '../../engine/import/kinds/orders';
import { detectMapping } from '../../engine/import/mapping';
import { parseBool, parseNumber } from '../../engine/import/values';

function parseAll(text: string, delim: string, chunk = 7): [string[], number][] {
  const rows: [string[], number][] = [];
  const p = new CsvParser(delim, (f, r) => {
    rows.push([f, r]);
  });
  for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk));
  p.end();
  return rows;
}

describe('streaming UTF-8 decoding', () => {
  it('reads plain ASCII chunks, then a Chinese title cut between two chunks, then ASCII again, as the whole text', () => {
    const text = 'sku,title\nAP-1,plain\nAP-2,连衣裙 dress\nAP-3,plain again\n';
    const bytes = Buffer.from(text, 'utf8');
    const cut = bytes.indexOf(Buffer.from('衣', 'utf8')) + 1; // inside the 3-byte character
    const d = createDecoder('utf-8');
    const out = [bytes.subarray(0, 10), bytes.subarray(10, cut), bytes.subarray(cut, cut + 4), bytes.subarray(cut + 4)].map((c) => d.write(c)).join('') + d.end();
    expect(out).toBe(text);
  });
  it('drops a BOM and replaces broken bytes as the UTF-8 decoder does', () => {
    const d = createDecoder('utf-8');
    const out = d.write(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62])) + d.write(Buffer.from([0x0a, 0xff, 0x63])) + d.end();
    expect(out).toBe('a,b\n\ufffdc');
    // A chunk ending in half a character, followed by plain ASCII: the half still shows as a replacement character.
    const e = createDecoder('utf-8');
    expect(e.write(Buffer.from([0x61, 0xe8])) + e.write(Buffer.from('bc')) + e.end()).toBe('a\ufffdbc');
  });
});

describe('number and yes/no cells', () => {
  it('reads currency signs, thousands separators, decimal commas and percentages', () => {
    expect(parseNumber('¥1,234.50')).toBe(1234.5);
    expect(parseNumber('￥ 88')).toBe(88);
    expect(parseNumber('RMB 99.9')).toBe(99.9);
    expect(parseNumber('$12')).toBe(12);
    expect(parseNumber('12,50 €')).toBe(12.5);
    expect(parseNumber('1.234,56')).toBe(1234.56);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('15%')).toBeCloseTo(0.15);
    expect(parseNumber('(3)')).toBe(-3);
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('1,2,3')).toBeNull();
  });
  it('reads plain digits (the fast path) exactly as before, and leaves the rest to the full rules', () => {
    expect(['0', '007', '12', '10.50', '3.14159', '123456789012345'].map(parseNumber)).toEqual([0, 7, 12, 10.5, 3.14159, 123456789012345]);
    expect(['1.', '.5', '-2', '+2.5', '1e3', '1234567890123456'].map(parseNumber)).toEqual([1, 0.5, -2, 2.5, 1000, 1234567890123456]);
    expect(['1.2.3', '1..2', '.', '12a', '1 2'].map(parseNumber)).toEqual([null, null, null, null, null]);
  });
  it('reads yes/no in English and Chinese', () => {
    expect([parseBool('Yes'), parseBool('否'), parseBool('有货'), parseBool('0'), parseBool('maybe')]).toEqual([1, 0, 1, 0, null]);
  });
});

describe('dates', () => {
  it('tells d/m/y from m/d/y by a part above 12, and reads y/m/d, Chinese and Excel serial dates', () => {
    expect(detectDateFormat(['05/03/2024', '13/03/2024'])).toEqual({ format: 'dmy', ambiguous: false });
    expect(detectDateFormat(['03/05/2024', '03/13/2024'])).toEqual({ format: 'mdy', ambiguous: false });
    expect(detectDateFormat(['05/03/2024', '06/03/2024']).ambiguous).toBe(true);
    expect(parseDateValue('05/03/2024', 'dmy')).toBe('2024-03-05');
    expect(parseDateValue('05/03/2024', 'mdy')).toBe('2024-05-03');
    expect(parseDateValue('2024/3/5', null)).toBe('2024-03-05');
    expect(parseDateValue('2024年3月5日', null)).toBe('2024-03-05');
    expect(parseDateValue('45356', 'excel')).toBe('2024-03-05');
    expect(parseDateValue('31/02/2024', 'dmy')).toBeNull();
    expect(parseDateValue('2024-03-05 14:30', null, true)).toBe('2024-03-05T14:30:00');
    expect(parseDateValue('2024-03-05T23:30:00+08:00', null, true)).toBe('2024-03-05T15:30:00Z');
  });
});

describe('CSV parsing', () => {
  it('handles quoted delimiters, quotes, embedded newlines and CRLF across chunk borders', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",z\r\n\r\n3,,last';
    const rows = parseAll(text, ',');
    expect(rows.map((r) => r[0])).toEqual([['a', 'b', 'c'], ['1', 'x, y', 'say "hi"'], ['2', 'two\r\nlines', 'z'], ['3', '', 'last']]);
    // Row numbers are what a spreadsheet shows: the blank line still counts.
    expect(rows.map((r) => r[1])).toEqual([1, 2, 3, 5]);
  });
  it('sniffs comma, semicolon, tab and pipe delimiters', () => {
    expect(sniffDelimiter('a;b;c\n1;"2;x";3\n4;5;6\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc\n1\t2,5\t3\n4\t5\t6\n')).toBe('\t');
    expect(sniffDelimiter('a|b\n1|2\n3|4\n')).toBe('|');
    expect(sniffDelimiter('sku,price\nA,"1,5"\nB,2\n')).toBe(',');
  });
});

describe('encoding detection', () => {
  it('recognises GBK bytes, a UTF-8 BOM and plain UTF-8', () => {
    const text = '商品编码,商品名称,售价\nAP-1,纯棉衬衫,99\nAP-2,牛仔裤,199\n';
    expect(detectEncoding(iconv.encode(text, 'gbk')).encoding).toBe('gb18030');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ encoding: 'utf-8', bom: true });
    expect(detectEncoding(Buffer.from(text))).toEqual({ encoding: 'utf-8', bom: false });
  });
});

describe('header mapping', () => {
  it('maps Chinese and English synonyms regardless of case, spaces and punctuation', () => {
    const m = detectMapping(productsKind, ['商品编码', '商品名称', '售价', 'Unit-Cost ']);
    expect(Object.fromEntries(m.mapping.map((x) => [x.field, x.column]))).toEqual({ sku: '商品编码', title_zh: '商品名称', price: '售价', cost: 'Unit-Cost ' });
    const o = detectMapping(ordersKind, ['订单号', '下单时间', '货号', '件数', '单价']);
    expect(o.missing).toEqual([]);
    expect(o.mapping.find((x) => x.field === 'quantity')?.column).toBe('件数');
  });
  it('lets the user override a column and reports missing required fields', () => {
    const m = detectMapping(ordersKind, ['ref', 'when', 'item', 'n', 'each'], { ref: 'order_no', when: 'ordered_at' });
    expect(m.mapping.filter((x) => x.byUser).map((x) => x.field)).toEqual(['order_no', 'ordered_at']);
    expect(m.missing).toEqual(['sku', 'quantity', 'unit_price']);
  });
});
