/** Reads any long-format table (id, date, value[, covariates]; CSV in any encoding or XLSX) into series aggregated to a day, week or month. */
import { basename } from 'node:path';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { detectDateFormat, parseDateValue, parseNumber, readTable, type DateFormat } from '../io/reader';
import { addDays, dayMs } from './dates';
import { forecastCatalog } from './messages';
import type { Covariates, Series } from './types';

/** Aggregation frequency. */
export type Freq = 'D' | 'W' | 'M';

/** Season length per frequency. */
export const SEASON: Record<Freq, number> = { D: 7, W: 52, M: 12 };

/** Options of readLongCsv. */
export interface LongCsvOptions {
  id: string;
  date: string;
  value: string;
  covariates?: string[];
  /** iso|ymd|dmy|mdy|excel, or a pattern like DD/MM/YYYY; detected when absent. */
  dateFormat?: string;
  freq: Freq;
  lang: Lang;
}

/** Maps a pattern like 'DD/MM/YYYY' to the importer's date formats. */
export function dateFormatOf(f: string | undefined): DateFormat | undefined {
  if (!f) return undefined;
  const u = f.toUpperCase();
  if (['ISO', 'YMD', 'DMY', 'MDY', 'EXCEL'].includes(u)) return u.toLowerCase() as DateFormat;
  const order = u.replace(/[^DMY]/g, '').replace(/(.)\1+/g, '$1');
  return order === 'DMY' ? 'dmy' : order === 'MDY' ? 'mdy' : order === 'YMD' ? 'ymd' : undefined;
}

/** The start date of the period a day falls in (Monday-based weeks, first of the month). */
export function bucketOf(date: string, freq: Freq): string {
  if (freq === 'D') return date;
  if (freq === 'M') return `${date.slice(0, 7)}-01`;
  const dow = (new Date(dayMs(date)).getUTCDay() + 6) % 7;
  return addDays(date, -dow);
}

/** Next period start. */
export function nextBucket(b: string, freq: Freq): string {
  if (freq === 'D') return addDays(b, 1);
  if (freq === 'W') return addDays(b, 7);
  const y = Number(b.slice(0, 4));
  const m = Number(b.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Series (sum of value per id and period; periods with no row are 0) and mean covariates per period. */
export async function readLongCsv(file: string, o: LongCsvOptions): Promise<{ series: Series[]; covariates: Map<string, Covariates> }> {
  const name = basename(file);
  const table = await readTable(file, { lang: o.lang });
  const header = table.header;
  const records = table.rows;
  const col = (c: string): number => {
    const i = header.indexOf(c);
    if (i < 0) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'csv.missingColumn', { file: name, column: c, columns: header.join(', ') }), { file, column: c });
    return i;
  };
  const ci = col(o.id);
  const cd = col(o.date);
  const cv = col(o.value);
  const cc = (o.covariates ?? []).map(col);
  const fmt = dateFormatOf(o.dateFormat) ?? detectDateFormat(records.slice(0, 500).map((r) => r[cd] ?? '').filter((v) => v !== '')).format;
  const sums = new Map<string, Map<string, { v: number; c: number[]; n: number }>>();
  for (let r = 0; r < records.length; r++) {
    const row = records[r];
    const rowNo = table.rowNumbers?.[r] ?? r + 2;
    const rawDate = (row[cd] ?? '').trim();
    const rawVal = (row[cv] ?? '').trim();
    if (!rawDate || !rawVal) continue;
    const date = parseDateValue(rawDate, fmt ?? null, false);
    if (!date) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'csv.badDate', { file: name, row: rowNo, column: o.date, value: rawDate, format: o.dateFormat ?? fmt ?? 'auto' }), { file, row: rowNo, column: o.date });
    // Numbers are read as the importer reads them ('12,5' is 12.5, '¥1,234' is 1234).
    const v = parseNumber(rawVal);
    if (v === null) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'csv.badValue', { file: name, row: rowNo, column: o.value, value: rawVal }), { file, row: rowNo, column: o.value });
    const id = row[ci] ?? '';
    let m = sums.get(id);
    if (!m) sums.set(id, (m = new Map()));
    const b = bucketOf(date.slice(0, 10), o.freq);
    let cell = m.get(b);
    if (!cell) m.set(b, (cell = { v: 0, c: cc.map(() => 0), n: 0 }));
    cell.v += v;
    cc.forEach((k, j) => {
      cell!.c[j] += parseNumber(row[k] ?? '') ?? 0;
    });
    cell.n++;
  }
  if (!sums.size) throw new EngineError('user_error', tr(forecastCatalog, o.lang, 'csv.empty', { file: name }), { file });
  const series: Series[] = [];
  const covariates = new Map<string, Covariates>();
  for (const [id, m] of [...sums].sort((a, b) => a[0].localeCompare(b[0]))) {
    const keys = [...m.keys()].sort();
    const values: number[] = [];
    const cov: Covariates = Object.fromEntries((o.covariates ?? []).map((c) => [c, [] as number[]]));
    for (let b = keys[0]; b <= keys[keys.length - 1]; b = nextBucket(b, o.freq)) {
      const cell = m.get(b);
      values.push(cell ? cell.v : 0);
      (o.covariates ?? []).forEach((c, j) => cov[c].push(cell ? cell.c[j] / cell.n : NaN));
    }
    series.push({ id, start: keys[0], values, seasonLength: SEASON[o.freq] });
    if (o.covariates?.length) covariates.set(id, cov);
  }
  return { series, covariates };
}
