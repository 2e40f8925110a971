/** Turns any sales table (price, quantity, optional group/date/controls columns) read by engine/io/reader into elasticity series. */
import { basename } from 'node:path';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { ioMessages } from '../io/messages';
import { detectDateFormat, parseDateValue, parseNumber, type Table } from '../io/reader';
import type { PriceObs, PriceSeries } from './elasticity-types';

type CsvTable = Pick<Table, 'header' | 'rows' | 'rowNumbers'>;

/** Which columns hold what. */
export interface CsvColumns {
  price: string;
  qty: string;
  group?: string;
  category?: string;
  date?: string;
  controls?: string[];
}

function col(t: CsvTable, name: string, file: string, lang: Lang): number {
  const exact = t.header.findIndex((h) => h === name);
  const i = exact >= 0 ? exact : t.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new EngineError('user_error', tr(ioMessages, lang, 'no_column', { file: basename(file), column: name, columns: t.header.join(', ') }), { file, column: name });
  return i;
}

// Numbers are read as the importer reads them: '12,5' is 12.5, '¥1,234.50' is 1234.5.
function num(v: string | undefined, file: string, row: number, column: string, lang: Lang): number {
  const n = v === undefined || v === '' ? null : parseNumber(v);
  if (n === null) throw new EngineError('user_error', tr(ioMessages, lang, 'bad_number', { file: basename(file), row, column, value: v ?? '' }), { file, row, column });
  return n;
}

/** Parses a date column as the importer does (y-m-d, d/m/y or m/d/y decided from the whole column, Excel serials), plus YYYY-MM months. */
export function parseDates(values: string[], file: string, column: string, lang: Lang = 'en', rowNumbers?: number[]): string[] {
  const full = values.map((v) => (/^\d{4}[-/.]\d{1,2}$/.test(v) ? `${v}-01` : v));
  const { format } = detectDateFormat(full.filter((v) => v !== ''));
  return full.map((v, i) => {
    const d = parseDateValue(v, format, false);
    const row = rowNumbers?.[i] ?? i + 2;
    if (!d) throw new EngineError('user_error', tr(ioMessages, lang, 'bad_date', { file: basename(file), row, column, value: values[i] }), { file, row, column });
    return d;
  });
}

/** Builds one series per group; strictly positive controls enter as logs (prices), others as they are. */
export function csvSeries(t: CsvTable, c: CsvColumns, file: string, lang: Lang = 'en'): { series: PriceSeries[]; controlNames: string[] } {
  const at = (k: number): number => t.rowNumbers?.[k] ?? k + 2;
  const pi = col(t, c.price, file, lang);
  const qi = col(t, c.qty, file, lang);
  const gi = c.group ? col(t, c.group, file, lang) : -1;
  const ci = c.category ? col(t, c.category, file, lang) : -1;
  const controls = (c.controls ?? []).map((name) => ({ name, i: col(t, name, file, lang) }));
  const dates = c.date ? parseDates(t.rows.map((r) => r[col(t, c.date as string, file, lang)] ?? ''), file, c.date, lang, t.rowNumbers) : null;
  const values = controls.map(({ name, i }) => t.rows.map((r, k) => num(r[i], file, at(k), name, lang)));
  const logged = values.map((v) => v.every((x) => x > 0));
  const groups = new Map<string, PriceSeries>();
  t.rows.forEach((r, k) => {
    const key = gi >= 0 ? r[gi] ?? '' : 'all';
    const s = groups.get(key) ?? { key, productId: null, category: ci >= 0 ? r[ci] ?? null : null, obs: [] as PriceObs[] };
    s.obs.push({
      date: dates ? dates[k] : null,
      units: num(r[qi], file, at(k), c.qty, lang),
      price: num(r[pi], file, at(k), c.price, lang),
      controls: values.map((v, j) => (logged[j] ? Math.log(v[k]) : v[k])),
    });
    groups.set(key, s);
  });
  return { series: [...groups.values()], controlNames: controls.map((x, j) => (logged[j] ? `log(${x.name})` : x.name)) };
}
