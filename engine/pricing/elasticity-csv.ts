/** Turns any sales CSV (price, quantity, optional group/date/controls columns) into elasticity series. */
import { EngineError } from '../errors';
import type { CsvTable } from './csv-table';
import type { PriceObs, PriceSeries } from './elasticity-types';

/** Which columns hold what. */
export interface CsvColumns {
  price: string;
  qty: string;
  group?: string;
  category?: string;
  date?: string;
  controls?: string[];
}

function col(t: CsvTable, name: string, file: string): number {
  const i = t.header.findIndex((h) => h === name) >= 0 ? t.header.findIndex((h) => h === name) : t.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new EngineError('user_error', `${file}: no column '${name}'. Columns: ${t.header.join(', ')}`, { file, column: name });
  return i;
}

function num(v: string | undefined, file: string, row: number, column: string): number {
  const n = Number((v ?? '').replace(/[,¥$￥\s]/g, ''));
  if (v === undefined || v === '' || !Number.isFinite(n)) {
    throw new EngineError('user_error', `${file} row ${row}, column '${column}': '${v ?? ''}' is not a number`, { file, row, column });
  }
  return n;
}

/** Parses dates as YYYY-MM-DD, YYYY/MM/DD, DD/MM/YYYY or MM/DD/YYYY (decided from the whole column) or YYYY-MM. */
export function parseDates(values: string[], file: string, column: string): string[] {
  const slash = values.map((v) => /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})/.exec(v));
  const dayFirst = slash.some((m) => m && Number(m[1]) > 12) || (!slash.some((m) => m && Number(m[2]) > 12) && new Set(slash.map((m) => m?.[1])).size === 1);
  return values.map((v, i) => {
    const iso = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?/.exec(v);
    const m = slash[i];
    let y: string, mo: string, d: string;
    if (iso) [y, mo, d] = [iso[1], iso[2], iso[3] ?? '1'];
    else if (m) [y, mo, d] = dayFirst ? [m[3], m[2], m[1]] : [m[3], m[1], m[2]];
    else throw new EngineError('user_error', `${file} row ${i + 2}, column '${column}': '${v}' is not a date`, { file, row: i + 2, column });
    const out = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
    if (Number.isNaN(Date.parse(out))) throw new EngineError('user_error', `${file} row ${i + 2}, column '${column}': '${v}' is not a date`, { file, row: i + 2, column });
    return out;
  });
}

/** Builds one series per group; strictly positive controls enter as logs (prices), others as they are. */
export function csvSeries(t: CsvTable, c: CsvColumns, file: string): { series: PriceSeries[]; controlNames: string[] } {
  const pi = col(t, c.price, file);
  const qi = col(t, c.qty, file);
  const gi = c.group ? col(t, c.group, file) : -1;
  const ci = c.category ? col(t, c.category, file) : -1;
  const controls = (c.controls ?? []).map((name) => ({ name, i: col(t, name, file) }));
  const dates = c.date ? parseDates(t.rows.map((r) => r[col(t, c.date as string, file)] ?? ''), file, c.date) : null;
  const values = controls.map(({ name, i }) => t.rows.map((r, k) => num(r[i], file, k + 2, name)));
  const logged = values.map((v) => v.every((x) => x > 0));
  const groups = new Map<string, PriceSeries>();
  t.rows.forEach((r, k) => {
    const key = gi >= 0 ? r[gi] ?? '' : 'all';
    const s = groups.get(key) ?? { key, productId: null, category: ci >= 0 ? r[ci] ?? null : null, obs: [] as PriceObs[] };
    s.obs.push({
      date: dates ? dates[k] : null,
      units: num(r[qi], file, k + 2, c.qty),
      price: num(r[pi], file, k + 2, c.price),
      controls: values.map((v, j) => (logged[j] ? Math.log(v[k]) : v[k])),
    });
    groups.set(key, s);
  });
  return { series: [...groups.values()], controlNames: controls.map((x, j) => (logged[j] ? `log(${x.name})` : x.name)) };
}
