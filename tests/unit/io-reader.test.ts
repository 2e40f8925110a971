import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLongCsv } from '../../engine/forecast/csv-series';
import { readRows } from '../../engine/import/source';
import { readTable } from '../../engine/io/reader';
import { csvSeries } from '../../engine/pricing/elasticity-csv';
import { loadScenarioFile } from '../../engine/pricing/scenario';
import { tempDir } from './helpers';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir('desk-reader-');
});
afterEach(() => t.cleanup());

function file(name: string, content: string | Buffer): string {
  const p = join(t.dir, name);
  writeFileSync(p, content);
  return p;
}

describe('one reader for every user file', () => {
  it('desk backtest --csv reads a GB18030 file with Chinese column names and decimal-comma values', async () => {
    const text = '商品;日期;销量\n衬衫;2024-03-01;12,5\n衬衫;2024-03-02;3\n裤子;2024-03-01;1\n';
    const path = file('销量.csv', iconv.encode(text, 'gb18030'));
    const { series } = await readLongCsv(path, { id: '商品', date: '日期', value: '销量', freq: 'D', lang: 'en' });
    expect(series.map((s) => [s.id, s.values])).toEqual([['衬衫', [12.5, 3]], ['裤子', [1]]]);
  });

  it('desk elasticity --csv reads "12,5" as 12.5, as the importer does', async () => {
    const path = file('sales.csv', 'price;qty\n12,5;3\n13,0;2\n');
    const { series } = csvSeries(await readTable(path), { price: 'price', qty: 'qty' }, path);
    expect(series[0].obs.map((o) => o.price)).toEqual([12.5, 13]);
  });

  it('an unclosed quote in an analysis file is a user error naming file, row and column, in the user language', async () => {
    const path = file('bad.csv', 'id,date,value\nA,2024-03-01,1\nB,"2024-03-02,2\nC,2024-03-03,3\n');
    await expect(readLongCsv(path, { id: 'id', date: 'date', value: 'value', freq: 'D', lang: 'en' })).rejects.toMatchObject({
      code: 'user_error',
      message: expect.stringMatching(/^bad\.csv row 3, column date: a quote opened in this cell is never closed/),
    });
    await expect(readTable(path, { lang: 'zh' })).rejects.toMatchObject({ message: expect.stringMatching(/^bad\.csv 第 3 行，列“date”：/) });
  });

  it('reads an XLSX workbook for analysis like a CSV', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['price', 'qty']);
    ws.addRow([10, 3]);
    ws.addRow([11, 2]);
    const path = join(t.dir, 'sales.xlsx');
    await wb.xlsx.writeFile(path);
    const table = await readTable(path);
    expect([table.format, table.header, table.rows]).toEqual(['xlsx', ['price', 'qty'], [['10', '3'], ['11', '2']]]);
  });

  it('a workbook of several sheets: the first is read every time (full or stopped early) and no temporary copy is left behind', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    for (const name of ['orders', 'notes', 'old']) {
      const ws = wb.addWorksheet(name);
      ws.addRow(['sku', 'qty']);
      for (let i = 0; i < 40; i++) ws.addRow([`${name}-${i}`, i]);
    }
    const path = join(t.dir, 'three.xlsx');
    await wb.xlsx.writeFile(path);
    // exceljs copies worksheets that come before the shared strings (as Excel orders them) to tmp-PID-* files.
    const mine = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
    const before = mine().length;
    const failures: string[] = [];
    let firstSheetRows = 0;
    for (let k = 0; k < 60; k++) {
      const rows: string[][] = [];
      try {
        // Alternately the whole sheet (an import) and its first rows (a preview stops early).
        await readRows(path, {}, (fields) => (rows.push(fields), k % 2 === 0 || rows.length < 3));
      } catch (e) {
        failures.push((e as Error).message);
      }
      if (k % 2 === 0 && rows.length === 41 && rows[1][0] === 'orders-0') firstSheetRows++;
    }
    // About 1 read in 100 failed ("Cannot read properties of undefined (reading 'sheets')") when the reader was left
    // part-way, and each such read left its copies behind.
    expect(failures).toEqual([]);
    expect(firstSheetRows).toBe(30);
    await new Promise((r) => setTimeout(r, 300));
    expect(mine().length).toBeLessThanOrEqual(before);
  });

  it('a scenario file saved with a byte-order mark (Windows Notepad) loads', () => {
    const path = file('market.json', '\ufeff{ "horizon": 30 }');
    expect(loadScenarioFile(path).horizon).toBe(30);
  });
});
