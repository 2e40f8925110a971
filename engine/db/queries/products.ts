/** Product list queries for the Inventory table: search in both languages, filters, sort, latest stock. */
import type Database from 'better-sqlite3';
import { categoryLabel } from '../../demo/categories';
import { lowCover, type CoverBasis } from '../../planning/cover';
import { lastSalesDate } from './dashboard';
import { STOCK_NOW_SQL } from './inventory';
import { holds, searchParams } from './text-search';

/** Columns the product list can be sorted by (mapped to SQL below, never interpolated from input). */
export const PRODUCT_SORTS = ['sku', 'title', 'category', 'supplier', 'price', 'cost', 'onHand', 'units28'] as const;
/** A sort column. */
export type ProductSort = (typeof PRODUCT_SORTS)[number];

const SORT_SQL: Record<ProductSort, string> = {
  sku: 'p.sku',
  title: 'coalesce(p.title_en, p.title_zh)',
  category: 'p.category',
  supplier: 'p.supplier',
  price: 'p.price',
  cost: 'p.cost',
  onHand: 'inv.on_hand',
  units28: 'units28',
};

/** One row of the product table. */
export interface ProductRow {
  id: number;
  sku: string;
  titleZh: string | null;
  titleEn: string | null;
  category: string | null;
  supplier: string | null;
  price: number | null;
  cost: number | null;
  currency: string;
  status: string;
  onHand: number | null;
  units28: number;
  imageId: number | null;
  /** The supplier's name in the reader's language where the store has it in both ('广州白云服饰' of 'Guangzhou Baiyun Garment Co. 广州白云服饰'), else the name as stored. */
  supplierShown: string | null;
}

/** Filters and paging of the product list. */
export interface ProductQuery {
  q?: string;
  category?: string;
  supplier?: string;
  /** Only products that have at least one image (what visual search can start from). */
  withImage?: boolean;
  /** Only products with fewer days of stock than this, as the Dashboard counts them (planning/cover.ts): its low-cover alert, all of it. */
  coverBelow?: number;
  sort: ProductSort;
  dir: 'asc' | 'desc';
  /** The reader's language: the title column shows, and so sorts by, the title in it (Chinese in pinyin order). */
  lang?: 'zh' | 'en';
  offset: number;
  limit: number;
}

/**
 * Products matching the query (substring of SKU or either title, in any case and width, see text-search.ts). With
 * `coverBelow`, `coverBasis` says what the days of cover were counted from (the forecast, or the last 28 days' sales),
 * as the Dashboard's alert says it; else null.
 */
export function listProducts(db: Database.Database, q: ProductQuery): { rows: ProductRow[]; total: number; coverBasis: CoverBasis | null } {
  const where: string[] = [];
  const params: Record<string, unknown> = { offset: q.offset, limit: q.limit };
  const text = q.q?.trim();
  if (text) {
    where.push(`(${holds('p.sku', 'q')} OR ${holds('p.title_zh', 'q')} OR ${holds('p.title_en', 'q')})`);
    Object.assign(params, searchParams('q', text));
  }
  if (q.category) {
    where.push('p.category = @category');
    params.category = q.category;
  }
  if (q.supplier) {
    where.push('p.supplier = @supplier');
    params.supplier = q.supplier;
  }
  let coverBasis: CoverBasis | null = null;
  if (q.coverBelow !== undefined) {
    // The very products the Dashboard counts under "Under N days of cover" (same query, same last sales day).
    const end = lastSalesDate(db);
    const low = end ? lowCover(db, end, q.coverBelow, Number.MAX_SAFE_INTEGER) : null;
    coverBasis = low?.basis ?? null;
    const ids = low ? low.rows.map((r) => r.productId) : [];
    where.push('p.id IN (SELECT value FROM json_each(@coverIds))');
    params.coverIds = JSON.stringify(ids);
  }
  if (q.withImage) where.push('EXISTS (SELECT 1 FROM images i WHERE i.product_id = p.id)');
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM products p ${whereSql}`).get(params) as { n: number }).n;
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  // Units of the 28 days ending at the last sales date: one primary-key range read per product
  // (a grouped scan over the date index is ~10x slower at 10k SKUs).
  const last = (db.prepare('SELECT max(date) AS d FROM daily_sales').get() as { d: string | null }).d ?? '0000-00-00';
  params.last = last;
  params.from28 = last === '0000-00-00' ? last : new Date(Date.parse(`${last}T00:00:00Z`) - 27 * 86_400_000).toISOString().slice(0, 10);
  const found = db
    .prepare(
      `WITH inv AS (${STOCK_NOW_SQL}),
       img AS (SELECT product_id, min(id) AS image_id FROM images WHERE product_id IS NOT NULL GROUP BY product_id)
       SELECT p.id, p.sku, p.title_zh AS titleZh, p.title_en AS titleEn, p.category, p.supplier, p.price, p.cost,
              p.currency, p.status, inv.on_hand AS onHand,
              coalesce((SELECT sum(s.units) FROM daily_sales s WHERE s.product_id = p.id AND s.date BETWEEN @from28 AND @last), 0) AS units28,
              img.image_id AS imageId
         FROM products p LEFT JOIN inv ON inv.product_id = p.id LEFT JOIN img ON img.product_id = p.id
         ${whereSql}
        ORDER BY ${SORT_SQL[q.sort]} IS NULL, ${SORT_SQL[q.sort]} ${dir}, p.sku ${dir}
        LIMIT @limit OFFSET @offset`,
    )
    .all(SHOWN[q.sort] ? { ...params, limit: -1, offset: 0 } : params) as Omit<ProductRow, 'supplierShown'>[];
  const lang = q.lang === 'zh' ? 'zh' : 'en';
  const rows = found.map((r) => ({ ...r, supplierShown: r.supplier === null ? null : supplierName(r.supplier, lang) }));
  const shown = SHOWN[q.sort];
  return { rows: shown ? byShown(rows, q, shown).slice(q.offset, q.offset + q.limit) : rows, total, coverBasis };
}

/** The words a column shows for a row in the reader's language, for the columns that sort by them rather than by code. */
type Shown = (r: ProductRow, zh: boolean) => string | null;

const SHOWN: Partial<Record<ProductSort, Shown>> = {
  // The Chinese title (else the English) in Chinese, the English (else the Chinese) in English.
  title: (r, zh) => (zh ? (r.titleZh ?? r.titleEn) : (r.titleEn ?? r.titleZh)),
  // The category's name (服装 / Apparel), not its code (apparel): the codes' order is not the names' in Chinese.
  supplier: (r) => r.supplierShown,
  category: (r, zh) => (r.category === null ? null : r.category === 'uncategorised' ? (zh ? '未分类' : 'Uncategorised') : categoryLabel(r.category, zh ? 'zh' : 'en')),
};

/**
 * Rows in the order of the words the reader sees in the sorted column (a title, a category name), in pinyin order for
 * 'zh' and English order for 'en'; SQLite compares code points, which put 雪纺 before 白色, 饰品 before 服装 (their codes
 * jewellery / apparel aside) and "iPhone" after "Zip". Rows without a value last, ties by SKU.
 */
function byShown(rows: ProductRow[], q: ProductQuery, shown: Shown): ProductRow[] {
  const zh = q.lang === 'zh';
  const collator = new Intl.Collator(zh ? 'zh-CN' : 'en', { numeric: true, sensitivity: 'base' });
  const sign = q.dir === 'desc' ? -1 : 1;
  return rows
    .map((r) => ({ r, t: shown(r, zh) }))
    .sort((a, b) => {
      if (a.t === null || b.t === null) return a.t === b.t ? sign * collator.compare(a.r.sku, b.r.sku) : a.t === null ? 1 : -1;
      return sign * (collator.compare(a.t, b.t) || collator.compare(a.r.sku, b.r.sku));
    })
    .map((x) => x.r);
}

// Han characters with the punctuation and digits written among them ('东莞配件厂', '广州（白云）服饰2厂').
const HAN_PART = String.raw`\d*[\p{Script=Han}][\p{Script=Han}\d\s（）()·、&-]*`;
// A name without Han characters ('Guangzhou Baiyun Garment Co.', 'Silk & Knit (HK) Ltd').
const LATIN_PART = String.raw`[^\p{Script=Han}]*[A-Za-z][^\p{Script=Han}]*`;
const SEP = String.raw`\s*(?:[/|｜／]\s*)?`;
const LATIN_HAN = new RegExp(`^(${LATIN_PART}?)${SEP}(${HAN_PART})$`, 'u');
const HAN_LATIN = new RegExp(`^(${HAN_PART}?)${SEP}(${LATIN_PART})$`, 'u');

/**
 * A bilingual name ('Guangzhou Baiyun Garment Co. 广州白云服饰', '杭州丝织 / Hangzhou Silk & Knit') in one language: the
 * Han part for 'zh', the Latin part for 'en'. A name in one language only, or one that does not split cleanly into the
 * two, is kept whole.
 */
export function supplierName(name: string, lang: 'zh' | 'en'): string {
  const a = LATIN_HAN.exec(name.trim());
  const b = a ? null : HAN_LATIN.exec(name.trim());
  const [latin, han] = a ? [a[1], a[2]] : b ? [b[2], b[1]] : [null, null];
  if (!latin?.trim() || !han?.trim()) return name;
  return (lang === 'zh' ? han : latin).trim().replace(/\s*[(（]$/u, '');
}

/** Distinct categories and suppliers, for the filter menus; each supplier with its name in the reader's language (supplierName). */
export function productFacets(db: Database.Database, lang: 'zh' | 'en' = 'en'): { categories: string[]; suppliers: string[]; supplierNames: { value: string; label: string }[] } {
  const col = (c: 'category' | 'supplier'): string[] =>
    (db.prepare(`SELECT DISTINCT ${c} AS v FROM products WHERE ${c} IS NOT NULL ORDER BY ${c}`).all() as { v: string }[]).map((r) => r.v);
  const suppliers = col('supplier');
  return { categories: col('category'), suppliers, supplierNames: suppliers.map((value) => ({ value, label: supplierName(value, lang) })) };
}

/** Every product's SKU, variant group and raw attributes JSON (all statuses): what Shopify handles are derived from. */
export function productHandleKeys(db: Database.Database): { sku: string; parentSku: string | null; attributes: string }[] {
  return db.prepare('SELECT sku, parent_sku AS parentSku, attributes FROM products ORDER BY sku').all() as { sku: string; parentSku: string | null; attributes: string }[];
}
