/**
 * Shapes of the import operations as the renderer reads them. The import ops are read defensively
 * (field by field) so the wizard keeps working while their result types evolve.
 */

/** A field a kind accepts. */
export interface KindField {
  name: string;
  label: string;
  required: boolean;
}

/** An import kind. */
export interface ImportKind {
  name: string;
  label: string;
  fields: KindField[];
}

/** What the wizard shows before running. */
export interface Preview {
  headers: string[];
  rows: string[][];
  /** Column -> field as detected. */
  mapping: Record<string, string>;
  rowsTotal: number | null;
  /** Columns whose dates could be day/month or month/day (no day above 12 in the first rows), and one such date. */
  ambiguousDates: string[];
  dateExample: string;
}

/** One rejected cell. */
export interface RejectRow {
  row: number;
  column: string;
  value: string;
  reason: string;
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

function text(v: unknown, lang: string): string {
  if (typeof v === 'string') return v;
  const o = obj(v);
  return typeof o[lang] === 'string' ? (o[lang] as string) : typeof o.en === 'string' ? (o.en as string) : '';
}

/** Reads `import.kinds`. */
export function readKinds(v: unknown, lang: string): ImportKind[] {
  const list = Array.isArray(v) ? v : (obj(v).kinds as unknown[] | undefined) ?? [];
  return list.map((k) => {
    const o = obj(k);
    const fields = (Array.isArray(o.fields) ? o.fields : []).map((f) => {
      const fo = obj(f);
      return { name: String(fo.name ?? ''), label: text(fo.label, lang) || String(fo.name ?? ''), required: fo.required === true };
    });
    return { name: String(o.name ?? ''), label: text(o.label, lang) || String(o.name ?? ''), fields };
  });
}

/** Reads `import.preview`. */
export function readPreview(v: unknown): Preview {
  const o = obj(v);
  const headers = (Array.isArray(o.headers) ? o.headers : Array.isArray(o.columns) ? o.columns : []).map(String);
  const rawRows = Array.isArray(o.rows) ? o.rows : Array.isArray(o.sample) ? o.sample : [];
  const rows = rawRows.map((r) => (Array.isArray(r) ? r.map((c) => (c === null || c === undefined ? '' : String(c))) : headers.map((h) => String(obj(r)[h] ?? ''))));
  const m = o.mapping;
  const list = Array.isArray(m) ? m : Array.isArray(obj(m).mapping) ? (obj(m).mapping as unknown[]) : [];
  const mapping: Record<string, string> = {};
  for (const e of list) {
    const eo = obj(e);
    if (typeof eo.column === 'string' && typeof eo.field === 'string') mapping[eo.column] = eo.field;
  }
  const total = o.rowsTotal ?? o.totalRows ?? null;
  const fieldColumn = Object.fromEntries(Object.entries(mapping).map(([column, field]) => [field, column]));
  const ambiguousDates = Object.entries(obj(o.dateFormats)).filter(([, d]) => obj(d).ambiguous === true).map(([field]) => fieldColumn[field] ?? field);
  const at = headers.indexOf(ambiguousDates[0] ?? '');
  const dateExample = at < 0 ? '' : (rows.map((r) => r[at]).find((v) => /\d/.test(v ?? '')) ?? '');
  return { headers, rows, mapping, rowsTotal: typeof total === 'number' ? total : null, ambiguousDates, dateExample };
}

/** Reads rejected rows from a job result or an error's details. */
export function readRejects(v: unknown): RejectRow[] {
  const o = obj(v);
  const list = Array.isArray(o.rejects) ? o.rejects : Array.isArray(obj(o.details).rejects) ? (obj(o.details).rejects as unknown[]) : [];
  return list.map((r) => {
    const ro = obj(r);
    return { row: Number(ro.row ?? 0), column: String(ro.column ?? ''), value: String(ro.value ?? ''), reason: String(ro.reason ?? '') };
  });
}

/**
 * The currency a finished products or orders import gave its new rows for want of a currency column and of one the
 * store's products share (CNY), with the store's currencies; null when there is nothing to say.
 */
export function readCurrencyDefault(v: unknown): { currency: string; storeCurrencies: string[] } | null {
  const c = obj(obj(v).newRowsCurrency);
  if (typeof c.currency !== 'string' || typeof c.note !== 'string') return null;
  return { currency: c.currency, storeCurrencies: Array.isArray(c.storeCurrencies) ? c.storeCurrencies.map(String) : [] };
}

/** Reads the counts of a finished import. */
export function readCounts(v: unknown): { rowsTotal: number; inserted: number; updated: number; unchanged: number; rejected: number; duplicates: number } {
  const o = obj(v);
  const n = (k: string): number => (typeof o[k] === 'number' ? (o[k] as number) : 0);
  return { rowsTotal: n('rowsTotal'), inserted: n('inserted'), updated: n('updated'), unchanged: n('unchanged'), rejected: n('rejected'), duplicates: n('duplicates') };
}

