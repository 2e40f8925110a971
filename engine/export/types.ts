/** Types shared by the marketplace price-list exports. */
import type { GuardrailReason } from '../pricing/guardrails';

/** Marketplace formats the app writes. */
export const EXPORT_FORMATS = ['amazon', 'shopify', 'ebay', 'woocommerce', 'csv', 'xlsx'] as const;
/** One export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Text encodings of written files (xlsx is always UTF-8 inside). */
export const EXPORT_ENCODINGS = ['utf8', 'utf8-bom', 'gb18030'] as const;
/** One export encoding. */
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

/** Fields a saved column mapping can take values from. */
export const EXPORT_FIELDS = [
  'sku', 'parent_sku', 'title_zh', 'title_en', 'price', 'compare_at_price', 'quantity', 'currency', 'cost', 'barcode', 'category', 'brand', 'min_price', 'max_price',
] as const;
/** One mappable field. */
export type ExportField = (typeof EXPORT_FIELDS)[number];

/** A target column and the field it is filled from. */
export interface MappedColumn {
  column: string;
  field: ExportField;
}

/** One product ready to export. */
export interface ExportRow {
  productId: number;
  sku: string;
  parentSku: string | null;
  titleZh: string | null;
  titleEn: string | null;
  category: string | null;
  brand: string | null;
  barcode: string | null;
  currency: string;
  cost: number | null;
  /** The price to publish (latest approved/applied, else price history outside promotions, else products.price). */
  price: number;
  /** The price live on the marketplace: what this export's target last received, else products.price. */
  livePrice: number | null;
  /** When the live price last changed there (ISO), if known. */
  liveSince: string | null;
  compareAtPrice: number | null;
  minPrice: number | null;
  maxPrice: number | null;
  /** Latest on-hand summed over locations; null when the store has no inventory for it. */
  quantity: number | null;
  attributes: Record<string, unknown>;
}

/** A row the guardrails held back. */
export interface HeldRow {
  sku: string;
  title: string;
  /** ISO currency of the prices below. */
  currency: string;
  proposedPrice: number | null;
  livePrice: number | null;
  reasons: GuardrailReason[];
  /** Why, by kind (set by the export): a guardrail rule, or a hold that is no guardrail's (no ItemID, currency, no price). */
  kind?: HeldKind;
}

/** Why a row was held back, by kind: a guardrail rule, no eBay ItemID, a price in another currency than the file's, no price. */
export type HeldKind = 'guardrails' | 'no_item_id' | 'currency_mismatch' | 'no_price';

/** Per-format options. */
export interface FormatOptions {
  /** Shopify: write the legacy 4-column file (Handle, Variant SKU, Variant Price, Variant Compare At Price). */
  shopifyLegacy?: boolean;
  /** Amazon: add minimum/maximum-seller-allowed-price from the guardrails. */
  amazonMinMax?: boolean;
  ebaySiteId?: string;
  ebayCountry?: string;
  ebayCurrency?: string;
  /** eBay: key rows by ItemID (product attribute) or CustomLabel (= SKU); auto picks ItemID when every row has one. */
  ebayKey?: 'auto' | 'itemid' | 'customlabel';
  /** csv/xlsx: the columns to write. */
  columns?: MappedColumn[];
}

/** A table to write: header, rows of cells, delimiter. */
export interface OutputTable {
  header: string[];
  rows: (string | number | null)[][];
  delimiter: ',' | '\t';
  /** eBay writes its own first line before the header. */
  preamble?: string;
  held: HeldRow[];
}
