/** Product list queries for the Inventory table: search in both languages, filters, sort, latest stock. */
import type Database from 'better-sqlite3';
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
}

/** Filters and paging of the product list. */
export interface ProductQuery {
  q?: string;
  category?: string;
  supplier?: string;
  /** Only products that have at least one image (what visual search can start from). */
  withImage?: boolean;
  sort: ProductSort;
  dir: 'asc' | 'desc';
  /** The reader's language: the title column shows, and so sorts by, the title in it (Chinese in pinyin order). */
  lang?: 'zh' | 'en';
  offset: number;
  limit: number;
}

/** Products matching the query (substring of SKU or either title, in any case and width, see text-search.ts). */
export function listProducts(db: Database.Database, q: ProductQuery): { rows: ProductRow[]; total: number } {
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
  if (q.withImage) where.push('EXISTS (SELECT 1 FROM images i WHERE i.product_id = p.id)');
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM products p ${whereSql}`).get(params) as { n: number }).n;
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  // Units of the 28 days ending at the last sales date: one primary-key range read per product
  // (a grouped scan over the date index is ~10x slower at 10k SKUs).
  const last = (db.prepare('SELECT max(date) AS d FROM daily_sales').get() as { d: string | null }).d ?? '0000-00-00';
  params.last = last;
  params.from28 = last === '0000-00-00' ? last : new Date(Date.parse(`${last}T00:00:00Z`) - 27 * 86_400_000).toISOString().slice(0, 10);
  const rows = db
    .prepare(
      `WITH inv AS (
         SELECT i.product_id, sum(i.on_hand) AS on_hand FROM inventory i
           JOIN (SELECT product_id, location_id, max(date) AS d FROM inventory GROUP BY product_id, location_id) l
             ON l.product_id = i.product_id AND l.location_id = i.location_id AND l.d = i.date
          GROUP BY i.product_id),
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
    .all(q.sort === 'title' ? { ...params, limit: -1, offset: 0 } : params) as ProductRow[];
  return { rows: q.sort === 'title' ? byTitle(rows, q).slice(q.offset, q.offset + q.limit) : rows, total };
}

/**
 * Rows in the order of the title the reader sees: the Chinese title (else the English) in pinyin order for 'zh', the
 * English (else the Chinese) for 'en'; SQLite compares code points, which put 雪纺 before 白色 and "iPhone" after "Zip".
 * Products without any title last, ties by SKU.
 */
function byTitle(rows: ProductRow[], q: ProductQuery): ProductRow[] {
  const zh = q.lang === 'zh';
  const collator = new Intl.Collator(zh ? 'zh-CN' : 'en', { numeric: true, sensitivity: 'base' });
  const title = (r: ProductRow): string | null => (zh ? (r.titleZh ?? r.titleEn) : (r.titleEn ?? r.titleZh));
  const sign = q.dir === 'desc' ? -1 : 1;
  return rows
    .map((r) => ({ r, t: title(r) }))
    .sort((a, b) => {
      if (a.t === null || b.t === null) return a.t === b.t ? sign * collator.compare(a.r.sku, b.r.sku) : a.t === null ? 1 : -1;
      return sign * (collator.compare(a.t, b.t) || collator.compare(a.r.sku, b.r.sku));
    })
    .map((x) => x.r);
}

/** Distinct categories and suppliers, for the filter menus. */
export function productFacets(db: Database.Database): { categories: string[]; suppliers: string[] } {
  const col = (c: 'category' | 'supplier'): string[] =>
    (db.prepare(`SELECT DISTINCT ${c} AS v FROM products WHERE ${c} IS NOT NULL ORDER BY ${c}`).all() as { v: string }[]).map((r) => r.v);
  return { categories: col('category'), suppliers: col('supplier') };
}

/** Every product's SKU, variant group and raw attributes JSON (all statuses): what Shopify handles are derived from. */
export function productHandleKeys(db: Database.Database): { sku: string; parentSku: string | null; attributes: string }[] {
  return db.prepare('SELECT sku, parent_sku AS parentSku, attributes FROM products ORDER BY sku').all() as { sku: string; parentSku: string | null; attributes: string }[];
}
