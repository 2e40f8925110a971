/** Cell value parsing: numbers with currency signs, thousands separators and decimal commas; booleans; enums. */
import { parseDateValue, type DateFormat } from './dates';
import type { Cell, FieldDef } from './types';

/** A date as a column of each format writes it: the 25th, so day and month cannot be taken for each other. */
const DATE_EXAMPLE: Record<DateFormat, string> = { iso: '2026-12-25', ymd: '2026-12-25', dmy: '25/12/2026', mdy: '12/25/2026', excel: '46381' };

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
const CURRENCY = /^(?:RMB|CNY|USD|EUR|GBP|CN¥|US\$|[¥￥$€£])\s*|\s*(?:RMB|CNY|USD|EUR|GBP|元|[¥￥$€£])$/i;
const THOUSANDS_COMMA = /^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;
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

/** How a column writes its decimals: '.' (1,299.00) or ',' (1.299,00); see detectDecimalMark. */
export type DecimalMark = '.' | ',';

// One group of three after a single separator ('2.499', '1,299'): a decimal or a thousands separator, as the column has it.
// ('0.125' and '0,125' are decimals: no thousands group follows a lone 0.)
const AMBIGUOUS_DOT = /^[+-]?[1-9]\d{0,2}\.\d{3}$/;
const AMBIGUOUS_COMMA = /^[+-]?[1-9]\d{0,2},\d{3}$/;

/**
 * Full-width digits, signs and marks as Chinese input methods type them ('１２．５', '－３', '１，２９９', '￥９．９') read as
 * the ordinary ones (NFKC); other text is returned as it is, without the cost of normalising.
 */
export function halfWidth(s: string): string {
  return /[\u3000\uff01-\uff5e\uffe0-\uffee]/.test(s) ? s.normalize('NFKC') : s;
}

/** A cell's number text without currency signs, percent sign or accounting brackets ('1.299,00 €' -> '1.299,00'). */
function bareNumber(raw: string): string {
  let s = halfWidth(raw).trim();
  if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
  if (s.endsWith('%') || s.endsWith('％')) s = s.slice(0, -1).trim();
  for (let i = 0; i < 2; i++) s = s.replace(CURRENCY, '');
  return s.trim();
}

/** Which decimal mark one value shows beyond doubt, or null ('12', '2.499', '1,299' show none). */
function decimalMarkOf(raw: string): DecimalMark | null {
  const s = bareNumber(raw).replace(/^[+-]/, '');
  if (AMBIGUOUS_DOT.test(s) || AMBIGUOUS_COMMA.test(s)) return null;
  if (/^\d{1,3}(?:\.\d{3})+,\d+$/.test(s) || /^\d+,\d+$/.test(s)) return ',';
  if (/^\d{1,3}(?:,\d{3})+\.\d+$/.test(s) || /^\d*\.\d+$/.test(s)) return '.';
  return null;
}

/**
 * The decimal mark of a column from sample values: the one its unambiguous values ('1.299,00', '12,50' or '1,299.00',
 * '12.5') agree on, else null. With ',' a value such as '2.499' is read as 2499, as the rest of its column is.
 */
export function detectDecimalMark(samples: readonly string[]): DecimalMark | null {
  let comma = 0;
  let dot = 0;
  for (const v of samples) {
    const m = decimalMarkOf(v);
    if (m === ',') comma++;
    else if (m === '.') dot++;
  }
  if (comma > 0 && dot === 0) return ',';
  if (dot > 0 && comma === 0) return '.';
  return null;
}

/**
 * parseNumber in a column whose decimal mark is known: with ',' a single group of three after one separator is read
 * as the column writes it ('2.499' -> 2499, '1,299' -> 1.299); otherwise as parseNumber reads it.
 */
export function parseNumberIn(text: string, decimal: DecimalMark | null): number | null {
  if (decimal !== ',') return parseNumber(text);
  const raw = halfWidth(text);
  const b = bareNumber(raw);
  if (!AMBIGUOUS_DOT.test(b) && !AMBIGUOUS_COMMA.test(b)) return parseNumber(raw);
  return parseNumber(raw.replace(b, b.includes('.') ? b.replace('.', '') : b.replace(',', '.')));
}

/**
 * Parses a number written by a person or a spreadsheet: '¥1,234.50', '1.234,56', '12,5', '15%' (-> 0.15), '(3)' -> -3.
 * A single group of three after one separator reads '.' as the decimal point and ',' as the thousands separator
 * ('2.499' -> 2.499, '1,299' -> 1299); an import reads it by its column (parseNumberIn).
 */
export function parseNumber(raw: string): number | null {
  let s = raw;
  if (isSimpleDecimal(s) || PLAIN.test(s)) return Number(s);
  // '４' and '１２．５' typed with a Chinese input method are 4 and 12.5, not 'not a number'.
  s = halfWidth(s).trim();
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
  if (s.startsWith('-') && /^-\s*(?:RMB|CNY|USD|EUR|GBP|CN¥|US\$|[¥￥$€£])/i.test(s)) s = '-' + s.slice(1).trim().replace(CURRENCY, '');
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

/**
 * A long number as a spreadsheet shows it once it has taken a code for a number ('2.02312E+18' for an 18-digit order
 * number, '6.92346E+12' for a barcode): Excel writes a digit, decimals, then 'E+' and two or more digits.
 */
const SCIENTIFIC_CODE = /^\d(?:\.\d+)?E\+\d{2,}$/i;

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

/**
 * Parses one cell for a field: the stored value, null for a blank optional cell, or INVALID (see `failure`); `decimal`
 * is the column's decimal mark for number fields (detectDecimalMark).
 */
export function parseCell(field: FieldDef, raw: string, dateFormat: DateFormat | null, decimal: DecimalMark | null = null): Cell | typeof INVALID {
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
    // Its digits are gone: stored as it is, the orders 2023120112345678 and 2023120187654321 would be one order.
    if (SCIENTIFIC_CODE.test(text)) return fail('sci_code');
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
      // '12.5%' reads as 0.125 (a rate); a price, cost or discount stored so is 100 times off, with nothing said.
      if (field.type === 'money' && /[%％]\)?$/.test(text)) return fail('money_percent');
      const n = parseNumberIn(text, decimal);
      if (n === null) return fail(field.type === 'int' ? 'bad_int' : 'bad_number');
      if (field.type === 'int' && !Number.isInteger(n)) return fail('bad_int');
      if (field.min !== undefined && n < field.min) return fail('too_small', { min: field.min });
      return n;
    }
    case 'date': {
      const d = parseDateValue(text, dateFormat, false);
      if (d) return d;
      // The column's way of writing dates, by an example the reader can compare with ('ymd' meant nothing to a
      // merchant); a date that reads in another way ('12/13/2026' among '2026-12-05') is said to be written otherwise.
      const example = DATE_EXAMPLE[dateFormat ?? 'iso'];
      const otherWay = parseDateValue(text, null, false) ?? parseDateValue(text, 'mdy', false);
      return fail(otherWay ? 'date_other_way' : 'bad_date', { example });
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
