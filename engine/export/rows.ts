/** Collects the products to export with their publishable price and quantity, re-checked against the guardrails. */
import type Database from 'better-sqlite3';
import { tr } from '../i18n';
import { applyGuardrails, minorUnits, rulesFor, type GuardrailReason } from '../pricing/guardrails';
import { exportedQty, readLedger } from './ledger';
import { exportCatalog } from './messages';
import { EXPORT_ROWS_SQL, type ExportProductRow } from './rows-sql';
import type { ExportRow, HeldRow } from './types';

/** Which products to include. */
export interface RowFilter {
  /** The marketplace (see exportTarget): what it last received is the reference for changes and guardrails. */
  target?: string;
  /** Only rows whose price or stock differs from what the target last received (never exported: price vs products.price). */
  onlyChanged?: boolean;
  /** Only rows whose price changed on or after this date (YYYY-MM-DD): the price now differs from the one in force before it. */
  since?: string | null;
  /** Clock for the guardrail check (ISO). */
  now?: string;
}

function reason(key: string, params: Record<string, unknown> = {}): GuardrailReason {
  return { code: key, message_en: tr(exportCatalog, 'en', key, params), message_zh: tr(exportCatalog, 'zh', key, params) };
}

/**
 * The guardrails say how they would adjust a price ("Lowered from X to Y: rule"); an export does not
 * adjust, it holds the row back, so it says that instead, naming the same rule.
 */
function asHeld(r: GuardrailReason, proposed: number, to: number, ending: string, unit: number): GuardrailReason {
  const price = proposed.toFixed(unit === 1 ? 0 : 2);
  const allowed = to.toFixed(unit === 1 ? 0 : 2);
  if (r.code === 'rounded') return { ...reason('rounded', { price, to: allowed, ending }), code: r.code };
  if (r.code !== 'clamped_low' && r.code !== 'clamped_high') return r;
  const en = /: (.+)\.$/.exec(r.message_en)?.[1];
  const zh = /：(.+)。$/.exec(r.message_zh)?.[1];
  if (!en || !zh) return r;
  const msg = (lang: 'en' | 'zh', by: string): string => tr(exportCatalog, lang, r.code, { price, to: allowed, by });
  return { code: r.code, message_en: msg('en', en), message_zh: msg('zh', zh) };
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** The most recent of an approved recommendation and the price history (either may be missing). */
function newest(recPrice: number | null, recAt: string | null, histPrice: number | null, histAt: string | null): number | null {
  const fromRec = recPrice !== null && (histAt === null || (recAt ?? '') >= histAt);
  return fromRec ? recPrice : histPrice;
}

/** A product's attributes JSON as an object; empty when the cell is malformed. */
export function parseAttributes(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // A malformed attributes cell only loses the optional fields (compare-at price, eBay ItemID).
  }
  return {};
}

/** What collectRows found: the rows to export, the rows held back, and how many were left out as unchanged. */
export interface CollectedRows {
  rows: ExportRow[];
  held: HeldRow[];
  /** Rows left out by `onlyChanged` (price and stock as the marketplace has them). */
  unchanged: number;
  /** The target was never exported to (`onlyChanged` compared against the products' own prices). */
  firstExport: boolean;
}

/** The rows to export and the rows held back with their reasons. */
export function collectRows(db: Database.Database, filter: RowFilter = {}): CollectedRows {
  const now = filter.now ?? new Date().toISOString();
  const today = now.slice(0, 10);
  const ledger = filter.target ? readLedger(db, filter.target) : new Map();
  const rows: ExportRow[] = [];
  const held: HeldRow[] = [];
  let unchanged = 0;
  for (const p of db.prepare(EXPORT_ROWS_SQL).all({ since: filter.since ?? null, today }) as ExportProductRow[]) {
    const unit = minorUnits(p.currency);
    // A price finer than its currency's smallest unit (2.675 USD, 1234.5 JPY) is sent rounded to it, as a marketplace
    // would take it, not held by the guardrails as a change nobody made.
    const stored = newest(p.rec_price, p.rec_at, p.hist_price, p.hist_at) ?? p.price;
    const price = stored === null ? null : Math.round(stored * unit + 1e-9) / unit;
    const title = p.title_zh ?? p.title_en ?? '';
    const same = (a: number | null, b: number | null): boolean => a !== null && b !== null && Math.round(a * unit) === Math.round(b * unit);
    const last = ledger.get(p.id);
    // The price live on the marketplace: what this target last received, else products.price.
    const livePrice = last ? last.price : p.price;
    if (filter.onlyChanged && same(price, livePrice) && (!last || last.quantity === exportedQty(p.qty))) {
      unchanged++;
      continue;
    }
    if (filter.since) {
      const since = filter.since;
      const before = newest(p.before_rec_price, p.before_rec_at, p.before_hist_price, p.before_hist_at);
      const touched = [p.rec_at, p.hist_at].some((t) => t !== null && t.slice(0, 10) >= since);
      if (before === null ? !touched : same(price, before)) continue;
    }
    if (price === null) {
      held.push({ sku: p.sku, title, currency: p.currency, proposedPrice: null, livePrice, reasons: [reason('no_price')] });
      continue;
    }
    // Step, day, changes-per-day and cool-down rules count the changes this marketplace has seen.
    const live = livePrice ?? 0;
    const sameDay = last?.day === today;
    const rules = rulesFor(db, p.id);
    // When the live price last changed there: the last export that changed it, else (never exported)
    // when products.price took effect. Not the newest history entry once exported: that may be the
    // change this export is about to send.
    const liveSince = last ? last.changedAt : p.hist_at;
    const g = applyGuardrails(price, rules, {
      cost: p.cost ?? 0,
      currentPrice: live,
      changesToday: last ? (sameDay ? last.changesOnDay : 0) : p.changes_today,
      priceAtStartOfDay: last && sameDay ? last.dayStartPrice : live,
      lastChangeAt: liveSince,
      now,
    });
    if (g.price === null || Math.abs(g.price - price) * unit >= 0.5) {
      const reasons = g.reasons.filter((r) => r.code !== 'no_change').map((r) => (g.price === null ? r : asHeld(r, price, g.price, rules.ending, unit)));
      held.push({ sku: p.sku, title, currency: p.currency, proposedPrice: price, livePrice, reasons: reasons.length ? reasons : [reason('guardrail', { price })] });
      continue;
    }
    const attributes = parseAttributes(p.attributes);
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
      livePrice,
      liveSince,
      compareAtPrice: num(attributes.compare_at_price),
      minPrice: rules.minPrice ?? null,
      maxPrice: rules.maxPrice ?? null,
      quantity: p.qty,
      attributes,
    });
  }
  return { rows, held, unchanged, firstExport: ledger.size === 0 };
}
