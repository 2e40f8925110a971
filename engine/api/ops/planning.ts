/** Inventory planning operations: plan rows, purchase suggestions by supplier, edits, export. */
import { z } from 'zod';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import { latestSuggestions, updateSuggestion, type SuggestionRow } from '../../db/queries/planning';
import { exportSuggestions } from '../../planning/export';
import { planningCatalog } from '../../planning/messages';
import { forecastFreshness } from '../../planning/freshness';
import { buildPlan, planAndSuggest, planDates } from '../../planning/plan';
import { defineOp } from '../contract';

/** Suggestions grouped by supplier with order totals. */
export function groupBySupplier(rows: SuggestionRow[]): { supplier: string | null; lines: SuggestionRow[]; units: number; cost: number; arrivalDate: string | null }[] {
  const groups = new Map<string, { supplier: string | null; lines: SuggestionRow[]; units: number; cost: number; arrivalDate: string | null }>();
  for (const r of rows) {
    const key = r.supplier ?? '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { supplier: r.supplier, lines: [], units: 0, cost: 0, arrivalDate: null }));
    g.lines.push(r);
    if (r.status !== 'dismissed') {
      g.units += r.quantity;
      g.cost += r.quantity * (r.unitCost ?? 0);
      if (!g.arrivalDate || r.arrivalDate > g.arrivalDate) g.arrivalDate = r.arrivalDate;
    }
  }
  return [...groups.values()];
}

/** Planning operations. */
export const planningOps = {
  'planning.plan': defineOp({
    summary: 'Per-SKU plan (safety stock, reorder point, order-up-to, EOQ, cover, stockout date, lost sales) and fresh purchase suggestions; forecastStale and forecast (origin, salesEnd, newerDays, uncovered) say when the forecast it plans with is older than the sales',
    input: z.object({ serviceLevel: z.number().min(0.5).max(0.999).default(0.95), reviewDays: z.number().min(0).max(180).default(7), today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
    run: (input, { engine }) => {
      const { planId, rows } = planAndSuggest(engine.store.db, input);
      const counts = { stockout: 0, reorder: 0, ok: 0, overstock: 0, unknown: 0 };
      for (const r of rows) counts[r.status]++;
      // The forecast planned with, and whether it is older than the sales (still planned with: the best estimate until redone).
      const forecast = forecastFreshness(engine.store.db);
      return { planId, serviceLevel: input.serviceLevel, reviewDays: input.reviewDays, ...planDates(engine.store.db, input), forecastStale: forecast?.stale ?? false, forecast, counts, rows };
    },
  }),
  'planning.status': defineOp({
    summary: 'Read-only stock status per SKU for the Inventory table: forecast demand, stock, days of cover, reorder badge',
    input: z.object({ serviceLevel: z.number().min(0.5).max(0.999).default(0.95), reviewDays: z.number().min(0).max(180).default(7) }),
    run: (input, { engine }) =>
      buildPlan(engine.store.db, input).map((r) => ({
        sku: r.sku,
        forecast28: r.dailyDemand * 28,
        dailyDemand: r.dailyDemand,
        demandSource: r.demandSource,
        onHand: r.onHand,
        daysOfCover: r.daysOfCover,
        reorderPoint: r.reorderPoint,
        stockoutDate: r.stockoutDate,
        status: r.status,
      })),
  }),
  'planning.suggestions': defineOp({
    summary: 'Purchase suggestions of the latest plan, grouped by supplier',
    input: z.object({}),
    run: (_i, { engine, lang }) => {
      const rows = latestSuggestions(engine.store.db, lang);
      return { planId: rows[0]?.planId ?? null, ...planDates(engine.store.db), suppliers: groupBySupplier(rows) };
    },
  }),
  'planning.updateSuggestion': defineOp({
    summary: "Change a suggestion's quantity, or dismiss it",
    input: z.object({ id: z.number().int().positive(), quantity: z.number().min(0).optional(), dismissed: z.boolean().optional() }),
    run: (input, { engine, lang }) => {
      const db = engine.store.db;
      const cur = db.prepare('SELECT quantity FROM purchase_suggestions WHERE id = ?').get(input.id) as { quantity: number } | undefined;
      if (!cur) throw new EngineError('not_found', tr(planningCatalog, lang, 'suggestion.unknown', { id: input.id }), { id: input.id });
      const quantity = input.quantity ?? cur.quantity;
      updateSuggestion(db, input.id, quantity, input.dismissed ? 'dismissed' : 'edited');
      return latestSuggestions(db).find((r) => r.id === input.id) ?? null;
    },
  }),
  'planning.export': defineOp({
    summary: 'Write the purchase suggestions to exports/ as CSV or XLSX (headers in your language)',
    input: z.object({ format: z.enum(['csv', 'xlsx']).default('csv'), path: z.string().min(1).max(200).optional() }),
    run: async (input, { engine, lang }) => {
      // Titles in the file's language (title_zh for a Chinese export), as its headers are.
      const rows = latestSuggestions(engine.store.db, lang);
      if (!rows.length) throw new EngineError('user_error', tr(planningCatalog, lang, 'no.plan'));
      return exportSuggestions(rows, { dataDir: engine.options.dataDir, format: input.format, name: input.path, lang });
    },
  }),
};
