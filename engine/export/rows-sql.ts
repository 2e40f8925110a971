/** The query behind an export: each active product's publishable price (and the price before a date), stock and last change. */
import { STOCK_NOW_SQL } from '../db/queries/inventory';

/** Named parameters: :since (YYYY-MM-DD or NULL), :today (YYYY-MM-DD). */
export const EXPORT_ROWS_SQL = `
WITH promo AS MATERIALIZED (
  -- Promotion windows per product (category-wide ones expanded); split so each side can use an index.
  SELECT product_id, start_date, end_date FROM promotions WHERE product_id IS NOT NULL
  UNION ALL
  SELECT p.id, pr.start_date, pr.end_date FROM promotions pr JOIN products p ON p.category = pr.category WHERE pr.product_id IS NULL
), hist AS MATERIALIZED (
  -- Prices inside a promotion window are temporary (run by the marketplace's promotion tools): skip them, except the
  -- prices the merchant set here (a products file, an applied recommendation, an edit), which are list prices.
  SELECT ph.product_id, ph.price, ph.effective_at
  FROM price_history ph
  WHERE ph.source IN ('products', 'pricing', 'manual') OR NOT EXISTS (
    SELECT 1 FROM promo w WHERE w.product_id = ph.product_id AND substr(ph.effective_at, 1, 10) BETWEEN w.start_date AND w.end_date)
), recs AS (
  SELECT id, product_id, COALESCE(final_price, recommended_price) AS price, COALESCE(applied_at, decided_at, created_at) AS at
  FROM price_recommendations
  WHERE status IN ('approved', 'edited', 'applied') AND COALESCE(final_price, recommended_price) IS NOT NULL
), latest_hist AS (
  SELECT product_id, price, effective_at, ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY effective_at DESC) AS rn FROM hist
), latest_rec AS (
  SELECT product_id, price, at, ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY at DESC, id DESC) AS rn FROM recs
), before_hist AS (
  -- The same two sources as they stood before :since (a date counts from its first second).
  SELECT product_id, price, effective_at, ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY effective_at DESC) AS rn
  FROM hist WHERE :since IS NOT NULL AND effective_at < :since
), before_rec AS (
  SELECT product_id, price, at, ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY at DESC, id DESC) AS rn
  FROM recs WHERE :since IS NOT NULL AND at < :since
), stock AS (
  -- Stock as Inventory shows it: each location's latest count, summed.
  ${STOCK_NOW_SQL}
)
SELECT p.id, p.sku, p.parent_sku, p.title_zh, p.title_en, p.category, p.brand, p.barcode, p.currency, p.cost, p.price,
       p.min_price, p.max_price, p.attributes,
       h.price AS hist_price, h.effective_at AS hist_at, r.price AS rec_price, r.at AS rec_at,
       bh.price AS before_hist_price, bh.effective_at AS before_hist_at, br.price AS before_rec_price, br.at AS before_rec_at,
       (SELECT COUNT(*) FROM price_history t WHERE t.product_id = p.id AND substr(t.effective_at, 1, 10) = :today) AS changes_today,
       s.on_hand AS qty
FROM products p
LEFT JOIN latest_hist h ON h.product_id = p.id AND h.rn = 1
LEFT JOIN latest_rec r ON r.product_id = p.id AND r.rn = 1
LEFT JOIN before_hist bh ON bh.product_id = p.id AND bh.rn = 1
LEFT JOIN before_rec br ON br.product_id = p.id AND br.rn = 1
LEFT JOIN stock s ON s.product_id = p.id
WHERE p.status = 'active'
ORDER BY p.sku`;

/** One row of EXPORT_ROWS_SQL. */
export interface ExportProductRow {
  id: number;
  sku: string;
  parent_sku: string | null;
  title_zh: string | null;
  title_en: string | null;
  category: string | null;
  brand: string | null;
  barcode: string | null;
  currency: string;
  cost: number | null;
  price: number | null;
  min_price: number | null;
  max_price: number | null;
  attributes: string;
  hist_price: number | null;
  hist_at: string | null;
  rec_price: number | null;
  rec_at: string | null;
  before_hist_price: number | null;
  before_hist_at: string | null;
  before_rec_price: number | null;
  before_rec_at: string | null;
  changes_today: number;
  qty: number | null;
}
