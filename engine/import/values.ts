/** Cell value parsing: numbers with currency signs, thousands separators and decimal commas; booleans; enums. */
import { parseDateValue, type DateFormat } from './dates';
import type { Cell, FieldDef } from './types';

/** Returned by a parser when the text is not a valid value; `failure` then says why. */
export const INVALID: unique symbol = Symbol('invalid');

/** Why the last parse returned INVALID: a message key of importMessages and its params. */
export const failure: { key: string; params: Record<string, unknown> } = { key: '', params: {} };

function fail(key: string, params: Record<string, unknown> = {}): typeof INVALID {
  failure.key = key;
  failure.params = params;
  return INVALID;
}

const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const CURRENCY = /^(?:RMB|CNY|USD|EUR|GBP|[¥￥$€£])\s*|\s*(?:RMB|CNY|USD|EUR|GBP|元|[¥￥$€£])$/i;
const THOUSANDS_COMMA = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const THOUSANDS_DOT = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const SPACED = /^[+-]?\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?$/;

/** True for digits with at most one '.' between digits ('12', '10.50'): the common cell, read without a regex. */
function isSimpleDecimal(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 15) return false;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && dot === -1 && i > 0 && i < n - 1) dot = i;
    else if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Parses a number written by a person or a spreadsheet: '¥1,234.50', '1.234,56', '12,5', '15%' (-> 0.15), '(3)' -> -3. */
export function parseNumber(raw: string): number | null {
  let s = raw;
  if (isSimpleDecimal(s) || PLAIN.test(s)) return Number(s);
  s = s.trim();
  let neg = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    neg = true;
    s = s.slice(1, -1).trim();
  }
  let pct = false;
  if (s.endsWith('%') || s.endsWith('％')) {
    pct = true;
    s = s.slice(0, -1).trim();
  }
  for (let i = 0; i < 2; i++) s = s.replace(CURRENCY, '');
  if (s.startsWith('-') && /^-\s*(?:RMB|CNY|USD|EUR|GBP|[¥￥$€£])/i.test(s)) s = '-' + s.slice(1).trim().replace(CURRENCY, '');
  s = s.trim();
  let n: number;
  if (PLAIN.test(s)) n = Number(s);
  else if (THOUSANDS_COMMA.test(s)) n = Number(s.replace(/,/g, ''));
  else if (THOUSANDS_DOT.test(s)) n = Number(s.replace(/\./g, '').replace(',', '.'));
  else if (DECIMAL_COMMA.test(s)) n = Number(s.replace(',', '.'));
  else if (SPACED.test(s)) n = Number(s.replace(/[ \u00a0\u202f']/g, '').replace(',', '.'));
  else return null;
  if (!Number.isFinite(n)) return null;
  if (pct) n /= 100;
  return neg ? -n : n;
}

const TRUE = new Set(['1', 'true', 'yes', 'y', 't', 'x', '是', '有', '有货', '在售', '真', 'instock', 'in stock']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'f', '否', '无', '无货', '缺货', '假', 'outofstock', 'out of stock']);

/** Parses yes/no text in English or Chinese to 1/0, or null when it is neither. */
export function parseBool(raw: string): 0 | 1 | null {
  const s = raw.trim().toLowerCase();
  if (TRUE.has(s)) return 1;
  if (FALSE.has(s)) return 0;
  return null;
}

/** Trims a cell; a blank cell (only spaces) becomes ''. */
export function clean(raw: string): string {
  const c = raw.length > 0 ? raw.charCodeAt(0) : 0;
  const e = raw.length > 0 ? raw.charCodeAt(raw.length - 1) : 0;
  return c <= 32 || e <= 32 || c === 0xa0 || e === 0xa0 || c === 0x3000 || e === 0x3000 ? raw.trim() : raw;
}

/** C0 and C1 control characters and the Unicode line separators: they split a code over lines or cells downstream. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why a code with a control character is refused: a line break and a tab by name, any other by its code point. */
function controlFailure(text: string): typeof INVALID | null {
  const m = CONTROL.exec(text);
  if (!m) return null;
  const c = m[0];
  if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return fail('control_line_break');
  if (c === '\t') return fail('control_tab');
  return fail('control_char', { char: `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` });
}

/** A text with its control characters written out (\n, \t, \u0001) so a message about it stays on one line. */
export function showControls(text: string): string {
  const names: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return text.replace(new RegExp(CONTROL.source, 'g'), (c) => names[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Parses one cell for a field: the stored value, null for a blank optional cell, or INVALID (see `failure`). */
export function parseCell(field: FieldDef, raw: string, dateFormat: DateFormat | null): Cell | typeof INVALID {
  const text = clean(raw);
  if (text === '') {
    if (field.default !== undefined) return field.default;
    return field.required ? fail('required') : null;
  }
  // Leading and trailing ones were trimmed above; one inside a SKU, order number or other id would break every table
  // and file it appears in (and two spellings of one id would look alike on screen).
  if (field.identifier || field.type === 'sku') {
    const bad = controlFailure(text);
    if (bad) return bad;
  }
  switch (field.type) {
    case 'text': {
      // A free-text field may still read known spellings as one stored value (an order's status).
      if (!field.aliases) return text;
      const key = text.toLowerCase();
      return field.aliases[key] ?? field.aliases[key.replace(/[\s_-]+/g, '')] ?? text;
    }
    case 'sku':
      return text;
    case 'number':
    case 'money':
    case 'int': {
      const n = parseNumber(text);
      if (n === null) return fail(field.type === 'int' ? 'bad_int' : 'bad_number');
      if (field.type === 'int' && !Number.isInteger(n)) return fail('bad_int');
      if (field.min !== undefined && n < field.min) return fail('too_small', { min: field.min });
      return n;
    }
    case 'date': {
      const d = parseDateValue(text, dateFormat, false);
      return d ?? fail('bad_date', { format: dateFormat ?? 'YYYY-MM-DD' });
    }
    case 'timestamp': {
      const d = parseDateValue(text, dateFormat, true);
      return d ?? fail('bad_timestamp');
    }
    case 'bool': {
      const b = parseBool(text);
      return b ?? fail('bad_bool');
    }
    case 'enum': {
      const key = text.toLowerCase();
      const values = field.values ?? [];
      if (values.includes(key)) return key;
      const alias = field.aliases?.[key] ?? field.aliases?.[key.replace(/[\s_-]+/g, '')];
      return alias ?? fail('bad_enum', { values: values.join(', ') });
    }
    case 'json': {
      try {
        JSON.parse(text);
        return text;
      } catch {
        return fail('bad_json');
      }
    }
  }
}
