/**
 * Reads the M4 competition's wide format (a header row, then one row per series: the id, then its values in
 * columns, right-padded with empty cells) through the one table reader, so encodings and limits are the usual ones.
 */
import { basename } from 'node:path';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { parseNumber, readTable } from '../io/reader';
import { SEASON, type Freq } from './csv-series';
import { forecastCatalog } from './messages';
import type { Series } from './types';

/** Reads an M4 train or test file: series in file order, each with its values up to its last non-empty cell. */
export async function readM4(file: string, o: { freq: Freq; lang: Lang }): Promise<Series[]> {
  const name = basename(file);
  const table = await readTable(file, { lang: o.lang });
  const out: Series[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r];
    const rowNo = table.rowNumbers?.[r] ?? r + 2;
    const id = (row[0] ?? '').trim();
    if (!id) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'm4.noId', { file: name, row: rowNo, column: table.header[0] ?? 'V1' }), { file, row: rowNo, column: table.header[0] });
    if (seen.has(id)) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'm4.duplicate', { file: name, row: rowNo, id }), { file, row: rowNo });
    seen.add(id);
    let last = row.length - 1;
    while (last >= 1 && (row[last] ?? '').trim() === '') last--;
    const values: number[] = [];
    for (let c = 1; c <= last; c++) {
      const raw = (row[c] ?? '').trim();
      const column = table.header[c] ?? `V${c + 1}`;
      // Padding is only allowed at the end of a row: a gap inside it is a broken file, not a missing week.
      const v = raw === '' ? null : parseNumber(raw);
      if (v === null) throw new EngineError('user_error', tr(forecastCatalog, o.lang, raw === '' ? 'm4.gap' : 'csv.badValue', { file: name, row: rowNo, column, value: raw }), { file, row: rowNo, column });
      values.push(v);
    }
    if (!values.length) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'm4.noValues', { file: name, row: rowNo, id }), { file, row: rowNo });
    out.push({ id, start: '2000-01-03', values, seasonLength: SEASON[o.freq] });
  }
  if (!out.length) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'csv.empty', { file: name }), { file });
  return out;
}

/** Pairs every training series with its test row; a missing or short test row is an error naming the id. */
export function pairM4(train: Series[], test: Series[], horizon: number, o: { testFile: string; lang: Lang }): number[][] {
  const byId = new Map(test.map((s) => [s.id, s.values]));
  const name = basename(o.testFile);
  return train.map((s) => {
    const v = byId.get(s.id);
    if (!v) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'm4.noTest', { file: name, id: s.id }), { file: o.testFile, id: s.id });
    if (v.length < horizon) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'm4.shortTest', { file: name, id: s.id, n: v.length, horizon }), { file: o.testFile, id: s.id });
    return v.slice(0, horizon);
  });
}
