/**
 * Currency signs in money cells against the currency the row is in: '$9.99' in a row (or for a product) in CNY was
 * stored as 9.99 CNY with nothing said. A sign that fits the row's currency ('¥', '￥', 'CN¥', 'RMB', '元' for CNY) is
 * read as before; another is refused by the import, naming file, row and column.
 */
import type Database from 'better-sqlite3';
import { halfWidth } from './values';
import type { Cell, FieldDef } from './types';

/** Signs and codes a money cell may carry, longest first, with the currencies each can mean ('$' is many dollars). */
const SIGNS: readonly (readonly [string, readonly string[]])[] = [
  ['CN¥', ['CNY']], ['RMB', ['CNY']], ['CNY', ['CNY']], ['元', ['CNY']], ['US$', ['USD']], ['USD', ['USD']], ['EUR', ['EUR']], ['GBP', ['GBP']],
  ['¥', ['CNY', 'JPY']], ['$', ['USD', 'HKD', 'TWD', 'SGD', 'CAD', 'AUD', 'NZD', 'MXN']], ['€', ['EUR']], ['£', ['GBP']],
];

/** The currency sign or code written before or after a money cell's amount ('$9.99', '9.99 USD', '１２元'), or null. */
export function currencySign(text: string): { sign: string; currencies: readonly string[] } | null {
  // The common cell, '12.50', at the cost of two comparisons.
  const a = text.charCodeAt(0);
  const z = text.charCodeAt(text.length - 1);
  if (a >= 48 && a <= 57 && z >= 48 && z <= 57) return null;
  const t = halfWidth(text).trim().replace(/^[-(]\s*/, '').replace(/\s*\)$/, '');
  const upper = t.toUpperCase();
  for (const [sign, currencies] of SIGNS) {
    if (upper.startsWith(sign) || upper.endsWith(sign)) return { sign, currencies };
  }
  return null;
}

/** Names a currency column may hold for a code ('人民币', 'rmb', '¥' are CNY); anything else is its upper-case text. */
const NAMES: Record<string, string> = {
  RMB: 'CNY', '人民币': 'CNY', '元': 'CNY', '¥': 'CNY', 'CN¥': 'CNY', '美元': 'USD', 'US$': 'USD', '$': 'USD', '欧元': 'EUR', '€': 'EUR',
  '英镑': 'GBP', '£': 'GBP', '日元': 'JPY', '港币': 'HKD', '港元': 'HKD',
};

/** A currency as an ISO code ('rmb', '人民币' -> 'CNY'). */
export function currencyCode(text: string): string {
  const t = halfWidth(text).trim().toUpperCase();
  return NAMES[t] ?? t;
}

/** Where a row's currency comes from: its own currency cell (or that field's default), or its product's. */
export type CurrencySource = { kind: 'row' } | { kind: 'product'; sku: string };

/** A money cell whose sign names another currency than its row's: which column, the sign and both currencies. */
export interface CurrencyMismatch {
  column: number;
  sign: string;
  named: string;
  currency: string;
  source: CurrencySource;
}

/** The currency new products and orders take when their file has no currency column, and the store's currencies. */
export interface NewRowsCurrency {
  currency: string;
  /** True when every product in the store is in `currency`; false when the store has none or several (then CNY). */
  fromStore: boolean;
  /** The currencies the store's products are in (at most 6), before the import. */
  storeCurrencies: string[];
}

/**
 * The currency of a products or orders file without a currency column: the one every product in the store is in (a
 * USD store's new products were CNY, the database default); else CNY.
 */
export function storeCurrency(db: Database.Database): NewRowsCurrency {
  const found = [...new Set((db.prepare('SELECT DISTINCT currency FROM products').pluck().all() as string[]).map(currencyCode))].sort();
  const storeCurrencies = found.slice(0, 6);
  return found.length === 1 ? { currency: found[0], fromStore: true, storeCurrencies } : { currency: 'CNY', fromStore: false, storeCurrencies };
}

/**
 * The check for one import: the money fields it maps and how a row's currency is found (a mapped currency column; an
 * existing product's currency when a products file has none; the product a row's SKU names; else the store's currency
 * (storeCurrency), which new rows take).
 */
export function currencyCheck(db: Database.Database, kindName: string, kindFields: readonly FieldDef[], fields: readonly FieldDef[]): ((out: readonly Cell[], texts: (j: number) => string) => CurrencyMismatch | null) | null {
  const money = fields.flatMap((f, j) => (f.type === 'money' ? [j] : []));
  if (money.length === 0) return null;
  const currencyJ = fields.findIndex((f) => f.name === 'currency');
  const skuRefJ = fields.findIndex((f) => f.type === 'sku');
  const ownSkuJ = kindName === 'products' ? fields.findIndex((f) => f.name === 'sku') : -1;
  const products = db.prepare('SELECT id, sku, currency FROM products').raw().all() as [number, string, string][];
  const byId = new Map(products.map(([id, sku, currency]) => [id, { sku, currency }]));
  const bySku = new Map(products.map(([, sku, currency]) => [sku, currency]));
  // The row's currency when something says it: its currency cell, its product's stored currency (an existing product,
  // or the product an order line or competitor price names). A new product in a file without a currency column says nothing: a sign there is read as before (the store's currency),
  // as issue 2's importers accept '$' and '€' amounts; only a sign against a currency the store knows is refused.
  const rowCurrency = (out: readonly Cell[]): { currency: string; source: CurrencySource } | null => {
    if (currencyJ >= 0 && typeof out[currencyJ] === 'string') return { currency: currencyCode(out[currencyJ]), source: { kind: 'row' } };
    // A products file without a currency column leaves an existing product's currency as it is.
    if (ownSkuJ >= 0) {
      const stored = bySku.get(String(out[ownSkuJ]));
      return stored ? { currency: currencyCode(stored), source: { kind: 'row' } } : null;
    }
    const p = skuRefJ >= 0 ? byId.get(out[skuRefJ] as number) : undefined;
    return p ? { currency: currencyCode(p.currency), source: { kind: 'product', sku: p.sku } } : null;
  };
  return (out, texts) => {
    let row: { currency: string; source: CurrencySource } | null | undefined;
    for (const j of money) {
      if (out[j] === null) continue;
      const s = currencySign(texts(j));
      if (!s) continue;
      if (row === undefined) row = rowCurrency(out);
      if (row && !s.currencies.includes(row.currency)) return { column: j, sign: s.sign, named: s.currencies[0], currency: row.currency, source: row.source };
    }
    return null;
  };
}
