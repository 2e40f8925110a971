/** The marketplace layouts: header names and one line of cells per product. */
import { tr } from '../i18n';
import { minorUnits } from '../pricing/guardrails';
import { exportCatalog } from './messages';
import { shopifyHandles, type HandleSource } from './handles';
import { safeId, safeText } from '../io/writer';
import type { ExportField, ExportFormat, ExportRow, FormatOptions, HeldRow, MappedColumn, OutputTable } from './types';

/** Amazon Price & Quantity (tab-delimited) columns. */
export const AMAZON_HEADER = ['sku', 'price', 'quantity'];
/** Amazon columns with the seller-allowed price band. */
export const AMAZON_HEADER_MINMAX = ['sku', 'price', 'minimum-seller-allowed-price', 'maximum-seller-allowed-price', 'quantity'];
/** Shopify product CSV columns we fill, named and ordered as in Shopify's product template. */
export const SHOPIFY_HEADER = ['Handle', 'Title', 'Option1 Name', 'Option1 Value', 'Option2 Name', 'Option2 Value', 'Variant SKU', 'Variant Inventory Qty', 'Variant Price', 'Variant Compare At Price', 'Cost per item', 'Status'];
/** Shopify's legacy price-update columns. */
export const SHOPIFY_LEGACY_HEADER = ['Handle', 'Variant SKU', 'Variant Price', 'Variant Compare At Price'];
/** WooCommerce product importer columns (names as in WooCommerce's sample_products.csv). */
export const WOOCOMMERCE_HEADER = ['SKU', 'In stock?', 'Stock', 'Sale price', 'Regular price'];

function money(v: number | null, currency: string): string {
  if (v === null || !Number.isFinite(v)) return '';
  return v.toFixed(minorUnits(currency) === 1 ? 0 : 2);
}

function qty(v: number | null): string {
  return v === null ? '' : String(Math.max(0, Math.floor(v)));
}

/** Attributes that tell a product's variants apart in Shopify's options, most common first, with Shopify's names. */
const OPTION_KEYS: readonly (readonly [key: string, name: string])[] = [['size', 'Size'], ['colour', 'Color'], ['color', 'Color'], ['style', 'Style'], ['material', 'Material']];

/** Option1 and Option2 (name, value) of one row; empty strings where unused. */
type ShopifyOptions = [string, string, string, string];

/**
 * Shopify's options per row. A product's variants (rows sharing a handle) must differ in them or Shopify cannot tell
 * them apart: the options imported from Shopify when present, else the one attribute, or the two, whose values tell
 * the variants apart (size; size and colour), else the SKU; a product without variants gets Shopify's own "Title" /
 * "Default Title".
 */
function shopifyOptions(rows: readonly ExportRow[], handle: (r: ExportRow) => string): ShopifyOptions[] {
  const groups = new Map<string, ExportRow[]>();
  for (const r of rows) {
    const h = handle(r);
    groups.set(h, [...(groups.get(h) ?? []), r]);
  }
  const chosen = new Map<string, (readonly [string, string])[] | null>();
  for (const [h, g] of groups) {
    if (g.length < 2) continue;
    const keys = OPTION_KEYS.filter(([key]) => g.every((r) => str(r.attributes[key])) && new Set(g.map((r) => str(r.attributes[key]))).size > 1);
    const unique = (ks: (readonly [string, string])[]): boolean => new Set(g.map((r) => ks.map(([k]) => str(r.attributes[k])).join('\u0000'))).size === g.length;
    const pairs = keys.flatMap((a, i) => keys.slice(i + 1).map((b) => [a, b]));
    chosen.set(h, [...keys.map((k) => [k]), ...pairs].find(unique) ?? null);
  }
  return rows.map((r): ShopifyOptions => {
    const own = str(r.attributes.option1_name);
    if (own) return [own, str(r.attributes.option1_value), str(r.attributes.option2_name), str(r.attributes.option2_value)];
    if ((groups.get(handle(r)) ?? []).length < 2) return ['Title', 'Default Title', '', ''];
    const opts = chosen.get(handle(r));
    if (!opts) return ['Title', r.sku, '', ''];
    const [a, b] = opts;
    return [a[1], str(r.attributes[a[0]]), b ? b[1] : '', b ? str(r.attributes[b[0]]) : ''];
  });
}

function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** The value of one mappable field for a row. */
export function fieldValue(r: ExportRow, f: ExportField): string {
  switch (f) {
    case 'sku':
      return safeId(r.sku);
    case 'parent_sku':
      return safeId(r.parentSku ?? '');
    case 'title_zh':
      return safeText(r.titleZh ?? '');
    case 'title_en':
      return safeText(r.titleEn ?? '');
    case 'price':
      return money(r.price, r.currency);
    case 'compare_at_price':
      return money(r.compareAtPrice, r.currency);
    case 'quantity':
      return qty(r.quantity);
    case 'currency':
      return safeText(r.currency);
    case 'cost':
      return money(r.cost, r.currency);
    case 'barcode':
      return safeText(r.barcode ?? '');
    case 'category':
      return safeText(r.category ?? '');
    case 'brand':
      return safeText(r.brand ?? '');
    case 'min_price':
      return money(r.minPrice, r.currency);
    case 'max_price':
      return money(r.maxPrice, r.currency);
  }
}

function ebayItemId(r: ExportRow): string {
  return str(r.attributes.ebay_item_id ?? r.attributes.ebayItemId ?? r.attributes.ItemID);
}

function ebay(rows: ExportRow[], o: FormatOptions): OutputTable {
  const key = o.ebayKey === 'itemid' || o.ebayKey === 'customlabel' ? o.ebayKey : rows.length && rows.every((r) => ebayItemId(r)) ? 'itemid' : 'customlabel';
  const fileCurrency = o.ebayCurrency ?? 'USD';
  const held: HeldRow[] = [];
  const hold = (r: ExportRow, code: string, params: Record<string, unknown> = {}): false => {
    held.push({ sku: r.sku, title: r.titleZh ?? r.titleEn ?? '', currency: r.currency, proposedPrice: r.price, livePrice: r.livePrice, reasons: [{ code, message_en: tr(exportCatalog, 'en', code, params), message_zh: tr(exportCatalog, 'zh', code, params) }] });
    return false;
  };
  const kept = rows.filter((r) => {
    // The file states its currency: a CNY price written under Currency=USD would go live as that many dollars.
    if (r.currency.toUpperCase() !== fileCurrency) return hold(r, 'currency_mismatch', { currency: r.currency.toUpperCase(), fileCurrency });
    if (key === 'customlabel' || ebayItemId(r)) return true;
    return hold(r, 'no_item_id');
  });
  const action = `*Action(SiteID=${o.ebaySiteId ?? 'US'}|Country=${o.ebayCountry ?? 'US'}|Currency=${fileCurrency}|Version=1193)`;
  return {
    header: [action, key === 'itemid' ? 'ItemID' : 'CustomLabel', 'StartPrice', 'Quantity'],
    rows: kept.map((r) => ['Revise', safeId(key === 'itemid' ? ebayItemId(r) : r.sku), money(r.price, r.currency), qty(r.quantity)]),
    delimiter: ',',
    held,
  };
}

/** Columns of a csv/xlsx without a mapping. */
const PLAIN_COLUMNS: MappedColumn[] = [{ column: 'sku', field: 'sku' }, { column: 'price', field: 'price' }, { column: 'quantity', field: 'quantity' }];

/** The columns a csv/xlsx export writes: its mapping's, else SKU, price and quantity. */
export function mappedColumns(o: FormatOptions): MappedColumn[] {
  return o.columns?.length ? o.columns : PLAIN_COLUMNS;
}

/** Fields that are amounts (money, stock): the only ones a workbook stores as numbers. */
const NUMBER_FIELDS: ReadonlySet<ExportField> = new Set<ExportField>(['price', 'compare_at_price', 'quantity', 'cost', 'min_price', 'max_price']);

/**
 * Indexes of a csv/xlsx export's amount columns. An identifier made of digits (a SKU, a barcode) stays text: as a number
 * a spreadsheet keeps 15 digits and shows 1.23457E+16, so the marketplace would get another SKU.
 */
export function numberColumns(o: FormatOptions): number[] {
  return mappedColumns(o).flatMap((c, i) => (NUMBER_FIELDS.has(c.field) ? [i] : []));
}

/**
 * Lays out the rows for a format (csv/xlsx need `columns`). Shopify handles are made unique over `catalog`, every
 * product in the store, so that an export of some rows names them as a full one would (default: the rows).
 */
export function layout(format: ExportFormat, rows: ExportRow[], o: FormatOptions = {}, catalog: readonly HandleSource[] = rows): OutputTable {
  switch (format) {
    case 'amazon': {
      const header = o.amazonMinMax ? AMAZON_HEADER_MINMAX : AMAZON_HEADER;
      const cells = (r: ExportRow): string[] =>
        o.amazonMinMax
          ? [safeId(r.sku), money(r.price, r.currency), money(r.minPrice, r.currency), money(r.maxPrice, r.currency), qty(r.quantity)]
          : [safeId(r.sku), money(r.price, r.currency), qty(r.quantity)];
      return { header, rows: rows.map(cells), delimiter: '\t', held: [] };
    }
    case 'shopify': {
      const handle = shopifyHandles(catalog);
      if (o.shopifyLegacy) {
        return { header: SHOPIFY_LEGACY_HEADER, rows: rows.map((r) => [safeText(handle(r)), safeId(r.sku), money(r.price, r.currency), money(r.compareAtPrice, r.currency)]), delimiter: ',', held: [] };
      }
      const options = shopifyOptions(rows, handle);
      return {
        header: SHOPIFY_HEADER,
        rows: rows.map((r, i) => [
          safeText(handle(r)),
          safeText(r.titleEn ?? r.titleZh ?? ''),
          ...options[i].map(safeText),
          safeId(r.sku),
          qty(r.quantity),
          money(r.price, r.currency),
          money(r.compareAtPrice, r.currency),
          money(r.cost, r.currency),
          'active',
        ]),
        delimiter: ',',
        held: [],
      };
    }
    case 'ebay':
      return ebay(rows, o);
    case 'woocommerce':
      return {
        header: WOOCOMMERCE_HEADER,
        rows: rows.map((r) => {
          // A compare-at price above the price makes it a sale: Regular price is the old one.
          const onSale = r.compareAtPrice !== null && r.compareAtPrice > r.price;
          const inStock = r.quantity === null ? '' : r.quantity > 0 ? '1' : '0';
          return [safeId(r.sku), inStock, qty(r.quantity), onSale ? money(r.price, r.currency) : '', money(onSale ? r.compareAtPrice : r.price, r.currency)];
        }),
        delimiter: ',',
        held: [],
      };
    case 'csv':
    case 'xlsx': {
      const cols = mappedColumns(o);
      return { header: cols.map((c) => c.column), rows: rows.map((r) => cols.map((c) => fieldValue(r, c.field))), delimiter: ',', held: [] };
    }
  }
}
