/** What each marketplace was last sent (table export_prices): the reference for --only-changed and for the guardrails at export. */
import type Database from 'better-sqlite3';
import { minorUnits } from '../pricing/guardrails';
import type { ExportFormat, ExportRow } from './types';

/** The price and stock one marketplace last received for a product, with its change counters. */
export interface LedgerEntry {
  price: number;
  quantity: number | null;
  exportedAt: string;
  changedAt: string | null;
  day: string;
  dayStartPrice: number;
  changesOnDay: number;
}

/** The marketplace an export goes to: the format, and for csv/xlsx the mapping or preset it used. */
export function exportTarget(format: ExportFormat, mappingId?: number, preset?: string): string {
  if (format !== 'csv' && format !== 'xlsx') return format;
  if (mappingId !== undefined) return `${format}#m:${mappingId}`;
  return preset ? `${format}#p:${preset}` : format;
}

type Row = { product_id: number; price: number; quantity: number | null; exported_at: string; changed_at: string | null; day: string; day_start_price: number; changes_on_day: number };

/** Every product's last exported entry for a target, by product id. */
export function readLedger(db: Database.Database, target: string): Map<number, LedgerEntry> {
  const rows = db.prepare('SELECT product_id, price, quantity, exported_at, changed_at, day, day_start_price, changes_on_day FROM export_prices WHERE target = ?').all(target) as Row[];
  return new Map(
    rows.map((r) => [r.product_id, { price: r.price, quantity: r.quantity, exportedAt: r.exported_at, changedAt: r.changed_at, day: r.day, dayStartPrice: r.day_start_price, changesOnDay: r.changes_on_day }]),
  );
}

/** Exported quantity as written in the files (whole units, never negative). */
export function exportedQty(q: number | null): number | null {
  return q === null ? null : Math.max(0, Math.floor(q));
}

/**
 * Records the rows just written to a target. A row whose price differs from what the target had
 * (its last export, else products.price) counts as a change today; an unchanged one keeps the time its
 * live price took effect. Call inside the export's transaction.
 */
export function recordExported(db: Database.Database, target: string, rows: ExportRow[], runId: number, now: string): void {
  const prev = readLedger(db, target);
  const day = now.slice(0, 10);
  const up = db.prepare(
    `INSERT INTO export_prices (target, product_id, price, quantity, exported_at, changed_at, day, day_start_price, changes_on_day, run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (target, product_id) DO UPDATE SET price = excluded.price, quantity = excluded.quantity, exported_at = excluded.exported_at,
       changed_at = excluded.changed_at, day = excluded.day, day_start_price = excluded.day_start_price, changes_on_day = excluded.changes_on_day, run_id = excluded.run_id`,
  );
  for (const r of rows) {
    const e = prev.get(r.productId);
    const live = e?.price ?? r.livePrice;
    const unit = minorUnits(r.currency);
    const changed = live === null || Math.round(live * unit) !== Math.round(r.price * unit);
    const sameDay = e?.day === day;
    const dayStart = sameDay && e ? e.dayStartPrice : live ?? r.price;
    const changes = (sameDay && e ? e.changesOnDay : 0) + (changed ? 1 : 0);
    up.run(target, r.productId, r.price, exportedQty(r.quantity), now, changed ? now : r.liveSince, day, dayStart, changes, runId);
  }
}
