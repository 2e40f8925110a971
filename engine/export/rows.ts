/** Collects the products to export with their publishable price and quantity, re-checked against the guardrails. */
import type Database from 'better-sqlite3';
import { tr } from '../i18n';
import { applyGuardrails, minorUnits, rulesFor, type GuardrailReason } from '../pricing/guardrails';
import { exportCatalog } from './messages';
import type { ExportRow, HeldRow } from './types';

/** Which products to include. */
export interface RowFilter {
  /** Only rows whose price differs from the price live on the marketplace (products.price). */
  onlyChanged?: boolean;
  /** Only rows whose price or stock changed on or after this date. */
  since?: string | null;
  /** Clock for the guardrail check (ISO). */
  now?: string;
}

interface ProductRow {
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
  qty: number | null;
  inv_at: string | null;
}

const SQL = `
WITH latest_hist AS (
  -- Prices inside a promotion window are temporary (run by the marketplace's promotion tools): skip them.
  SELECT ph.product_id, ph.price, ph.effective_at,
         ROW_NUMBER() OVER (PARTITION BY ph.product_id ORDER BY ph.effective_at DESC) AS rn
  FROM price_history ph JOIN products pp ON pp.id = ph.product_id
  WHERE NOT EXISTS (
    SELECT 1 FROM promotions pr
    WHERE (pr.product_id = ph.product_id OR (pr.product_id IS NULL AND pr.category = pp.category))
      AND substr(ph.effective_at, 1, 10) BETWEEN pr.start_date AND pr.end_date)
), latest_rec AS (
  SELECT product_id, COALESCE(final_price, recommended_price) AS price,
         COALESCE(applied_at, decided_at, created_at) AS at,
         ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY COALESCE(applied_at, decided_at, created_at) DESC, id DESC) AS rn
  FROM price_recommendations
  WHERE status IN ('approved', 'edited', 'applied') AND COALESCE(final_price, recommended_price) IS NOT NULL
), stock AS (
  SELECT i.product_id, SUM(i.on_hand) AS qty, MAX(i.date) AS at
  FROM inventory i
  JOIN (SELECT product_id, location_id, MAX(date) AS d FROM inventory GROUP BY product_id, location_id) m
    ON m.product_id = i.product_id AND m.location_id = i.location_id AND m.d = i.date
  GROUP BY i.product_id
)
SELECT p.id, p.sku, p.parent_sku, p.title_zh, p.title_en, p.category, p.brand, p.barcode, p.currency, p.cost, p.price,
       p.min_price, p.max_price, p.attributes,
       h.price AS hist_price, h.effective_at AS hist_at, r.price AS rec_price, r.at AS rec_at, s.qty, s.at AS inv_at
FROM products p
LEFT JOIN latest_hist h ON h.product_id = p.id AND h.rn = 1
LEFT JOIN latest_rec r ON r.product_id = p.id AND r.rn = 1
LEFT JOIN stock s ON s.product_id = p.id
WHERE p.status = 'active'
ORDER BY p.sku`;

function reason(key: string, params: Record<string, unknown> = {}): GuardrailReason {
  return { code: key, message_en: tr(exportCatalog, 'en', key, params), message_zh: tr(exportCatalog, 'zh', key, params) };
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** The rows to export and the rows held back with their reasons. */
export function collectRows(db: Database.Database, filter: RowFilter = {}): { rows: ExportRow[]; held: HeldRow[] } {
  const now = filter.now ?? new Date().toISOString();
  const rows: ExportRow[] = [];
  const held: HeldRow[] = [];
  for (const p of db.prepare(SQL).all() as ProductRow[]) {
    // The most recent of an approved recommendation and the price history wins.
    const fromRec = p.rec_price !== null && (p.hist_at === null || (p.rec_at ?? '') >= p.hist_at);
    const price = fromRec ? p.rec_price : p.hist_price ?? p.price;
    const title = p.title_zh ?? p.title_en ?? '';
    const unit = minorUnits(p.currency);
    const changed = price !== null && (p.price === null || Math.round(price * unit) !== Math.round(p.price * unit));
    if (filter.onlyChanged && !changed) continue;
    if (filter.since) {
      const since = filter.since;
      const touched = [p.rec_at, p.hist_at, p.inv_at].some((t) => t !== null && t.slice(0, 10) >= since);
      if (!touched) continue;
    }
    if (price === null) {
      held.push({ sku: p.sku, title, proposedPrice: null, livePrice: p.price, reasons: [reason('no_price')] });
      continue;
    }
    // For an export the step and day limits compare with the price live on the marketplace.
    const live = p.price ?? 0;
    const rules = rulesFor(db, p.id);
    const g = applyGuardrails(price, rules, { cost: p.cost ?? 0, currentPrice: live, changesToday: 0, priceAtStartOfDay: live, lastChangeAt: null, now });
    if (g.price === null || Math.abs(g.price - price) * unit >= 0.5) {
      const reasons = g.reasons.filter((r) => r.code !== 'no_change');
      held.push({ sku: p.sku, title, proposedPrice: price, livePrice: p.price, reasons: reasons.length ? reasons : [reason('guardrail', { price })] });
      continue;
    }
    let attributes: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(p.attributes);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) attributes = parsed as Record<string, unknown>;
    } catch {
      // A malformed attributes cell only loses the optional fields (compare-at price, eBay ItemID).
    }
    rows.push({
      productId: p.id,
      sku: p.sku,
      parentSku: p.parent_sku,
      titleZh: p.title_zh,
      titleEn: p.title_en,
      category: p.category,
      brand: p.brand,
      barcode: p.barcode,
      currency: p.currency,
      cost: p.cost,
      price: g.price,
      livePrice: p.price,
      compareAtPrice: num(attributes.compare_at_price),
      minPrice: rules.minPrice ?? null,
      maxPrice: rules.maxPrice ?? null,
      quantity: p.qty,
      attributes,
    });
  }
  return { rows, held };
}
