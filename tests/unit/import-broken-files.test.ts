import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listImportRuns } from '../../engine/db/queries/import_runs';
import { CsvParser, type CsvProblem } from '../../engine/import/csv';
import { bench, rejection, type Bench } from './import-helpers';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

/** A products file whose row 2 opens a quote that never closes, followed by `n` good rows. */
function unclosed(n: number): string {
  const lines = ['sku,title,price', 'P-0,"Broken title,10'];
  for (let i = 1; i <= n; i++) lines.push(`P-${i},Title ${i},${10 + i}`);
  return lines.join('\n') + '\n';
}

function parse(text: string, chunk: number, limits = { fieldChars: 20, rowChars: 60 }): { rows: [string[], number][]; problems: CsvProblem[] } {
  const rows: [string[], number][] = [];
  const problems: CsvProblem[] = [];
  const p = new CsvParser(',', (f, r) => void rows.push([f, r]), (x) => void problems.push(x), limits);
  for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk));
  p.end();
  return { rows, problems };
}

describe('broken CSV files are never half-read in silence', () => {
  it('an unclosed quote in row 2 fails the import naming file, row and column, and imports nothing', async () => {
    const path = b.file('products.csv', unclosed(2000));
    const err = await rejection(b.imp({ kind: 'products', path }));
    expect(err.code).toBe('user_error');
    expect(err.message).toMatch(/^products\.csv row 2, column title: a quote opened in this cell is never closed/);
    expect(b.count('products')).toBe(0);
    expect(listImportRuns(b.store.db, 1)[0]).toMatchObject({ status: 'failed', inserted: 0 });
  });

  it('says the same in Chinese', async () => {
    const err = await rejection(b.imp({ kind: 'products', path: b.file('商品.csv', unclosed(5)) }, 'zh'));
    expect(err.message).toMatch(/^商品\.csv 第 2 行，列“title”：此单元格中的引号没有闭合/);
  });

  it('with skipInvalid the broken row is rejected with its reason and every row after it is imported', async () => {
    const path = b.file('products.csv', unclosed(2000));
    const r = await b.imp({ kind: 'products', path, skipInvalid: true });
    expect([r.rowsTotal, r.inserted, r.rejected]).toEqual([2001, 2000, 1]);
    const lines = readFileSync(r.rejectsFile as string, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(lines[1]).toMatch(/^2,title,,a quote opened in this cell is never closed/);
    expect(b.count('products')).toBe(2000);
  });

  it('a row with more cells than the header fails; trailing empty cells are fine', async () => {
    const ok = await b.imp({ kind: 'products', path: b.file('ok.csv', 'sku,title,price\nA,Shirt,10,,\nB,Hat,5,\n') });
    expect(ok.inserted).toBe(2);
    const err = await rejection(b.imp({ kind: 'products', path: b.file('shifted.csv', 'sku,title,price\nC,Shirt, blue,10\n') }));
    expect(err.code).toBe('user_error');
    expect(err.message).toBe('shifted.csv row 2, column #4: the row has 4 cells but the header has 3');
    expect(b.count('products')).toBe(2);
  });

  it('a cell over 64 KiB fails the import naming its column', async () => {
    const err = await rejection(b.imp({ kind: 'products', path: b.file('big.csv', `sku,title,price\nA,Shirt,10\nB,${'x'.repeat(70_000)},5\n`) }));
    expect(err.message).toBe('big.csv row 3, column title: the cell is longer than 65536 characters');
    expect(b.count('products')).toBe(0);
  });

  it('with skipInvalid a row with a cell over 64 KiB goes to the rejects file with all its cells, so it can be fixed and imported', async () => {
    const x = 'x'.repeat(70_000);
    const y = 'y'.repeat(70_000);
    // Unquoted, quoted with a comma in it, and quoted on a last line without a line break: each reader path.
    const path = b.file('big.csv', `sku,title,price\nA,Shirt,10\nB,${x},5\nC,"Mug, ${y}",7\nD,Hat,3\nE,"${x}",9`);
    const r = await b.imp({ kind: 'products', path, skipInvalid: true });
    expect([r.inserted, r.rejected]).toEqual([2, 3]);
    const rows = parse(readFileSync(r.rejectsFile as string, 'utf8').replace(/^\ufeff/, ''), 1 << 20, { fieldChars: 1 << 20, rowChars: 1 << 22 }).rows.map((e) => e[0]);
    expect(rows[0]).toEqual(['row', 'column', 'value', 'reason', 'sku', 'title', 'price']);
    expect(rows.slice(1).map((c) => c.slice(4))).toEqual([['B', x, '5'], ['C', `Mug, ${y}`, '7'], ['E', x, '9']]);
    expect(rows.slice(1).map((c) => [c[0], c[1], c[3]])).toEqual([['3', 'title', 'the cell is longer than 65536 characters'], ['4', 'title', 'the cell is longer than 65536 characters'], ['6', 'title', 'the cell is longer than 65536 characters']]);
    expect(rows[2][2]).toBe(`Mug, ${'y'.repeat(75)}…`);
    // The merchant shortens the titles in the rejects file and imports it as it is.
    const fixed = rows.map((c, i) => (i === 0 ? c : [...c.slice(0, 5), `Title ${c[4]}`, c[6]]).map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\n');
    const again = await b.imp({ kind: 'products', path: b.file('big.rejects-fixed.csv', fixed) });
    expect([again.inserted, again.rejected]).toEqual([3, 0]);
    expect(b.count('products')).toBe(5);
  });

  it('a file with no line breaks at all is refused without reading it whole', async () => {
    const err = await rejection(b.imp({ kind: 'products', path: b.file('blob.csv', 'sku,title,price\n' + 'y'.repeat(3_000_000)) }));
    expect(err.message).toMatch(/^blob\.csv row 2, column sku: the row is longer than 1048576 characters/);
  });
});

describe('CSV parser limits', () => {
  it('reports an unclosed quote at the row where it opened and resumes on the next line, at any chunk size', () => {
    const text = 'a,b\n1,2\n3,"open\n5,6\n7,8\n';
    for (const chunk of [1, 3, 7, 100]) {
      const { rows, problems } = parse(text, chunk, { fieldChars: 1000, rowChars: 5000 });
      expect(problems).toEqual([{ kind: 'unclosed_quote', row: 3, column: 2 }]);
      expect(rows.map((r) => r[1])).toEqual([1, 2, 4, 5]);
    }
  });
  it('reports cells and rows over the limits, quoted or not, and keeps reading', () => {
    const long = 'z'.repeat(25);
    const text = `a,b\n${long},1\n"${long}",2\nok,3\n${'q,'.repeat(40)}\nend,4\n`;
    const { rows, problems } = parse(text, 5);
    expect(problems.map((p) => [p.kind, p.row, p.column])).toEqual([['field_too_long', 2, 1], ['field_too_long', 3, 1], ['row_too_long', 5, 31]]);
    expect(rows.map((r) => r[0][0])).toEqual(['a', 'ok', 'end']);
  });
});

describe('found by the file fuzzer', () => {
  it('a browsing-events file that repeats an event imports it once instead of failing with an internal error', async () => {
    await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,title,price\nAP-1,Shirt,10\n') });
    const row = 'S1,2024-03-05 10:00:00,浏览,AP-1,U1,\n';
    const r = await b.imp({ kind: 'browsing-events', path: b.file('e.csv', 'session,time,行为,sku,user id,query\n' + row + row) });
    expect(r.rowsTotal).toBe(2);
    expect(b.count('browsing_events')).toBe(1);
  });
});

describe('an empty file', () => {
  it('a 0-byte file is said to be empty, naming it, for every import kind and in the preview, in en and zh; nothing is written', async () => {
    // Every kind but chats said "products.csv has no header row" (a 0-byte file has no rows at all, header or not).
    const { importKinds } = await import('../../engine/import/kinds');
    const { previewImport } = await import('../../engine/import/preview');
    for (const kind of importKinds.map((k) => k.name)) {
      const path = b.file(`${kind}.csv`, '');
      expect((await rejection(b.imp({ kind, path }))).message).toBe(`${kind}.csv is empty (0 bytes): there is nothing in it to read`);
      expect((await rejection(b.imp({ kind, path }, 'zh'))).message).toBe(`${kind}.csv 是空文件（0 字节），没有可读取的内容`);
      expect((await rejection(previewImport({ kind, path }, 'en'))).message).toBe(`${kind}.csv is empty (0 bytes): there is nothing in it to read`);
      expect(listImportRuns(b.store.db, 1)[0]).toMatchObject({ kind, status: 'failed', inserted: 0 });
    }
    expect(importKinds.length).toBeGreaterThanOrEqual(9);
    expect(b.count('products') + b.count('orders') + b.count('messages')).toBe(0);
    // A file of blank lines does have bytes: it still has no header row.
    expect((await rejection(b.imp({ kind: 'products', path: b.file('blank.csv', '\n\n') }))).message).toBe('blank.csv has no header row');
  });
});
