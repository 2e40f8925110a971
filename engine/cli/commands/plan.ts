/** `desk plan --store FILE [--service-level 0.95] [--review-days N] [--json]`: per-SKU inventory plan and purchase suggestions. */
import { flagError } from '../flag-messages';
import { dayText, tr } from '../../i18n';
import { analysisCliMessages } from '../analysis-messages';
import { num, printJson, tableLines, type Command } from '../io';
import { withStore } from '../store-arg';
import { addDays } from '../../forecast/dates';
import { staleForecastLines } from '../forecast-stale';

const f1 = (v: number | null): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(1));
/** Days of cover: beyond ten years the exact figure means nothing ("671605.2" for a SKU that hardly sells). */
const cover = (v: number | null): string => (v !== null && v > 3650 ? '>3650' : f1(v));

/** The plan command. */
export const planCommand: Command = {
  name: 'plan',
  usage: 'desk plan --store FILE [--service-level 0.95] [--review-days 7] [--json]',
  summary: {
    en: 'Safety stock, reorder points, order quantities and purchase suggestions by supplier from the stored forecast',
    zh: '根据已存的预测计算安全库存、再订货点、订货量，并按供应商给出采购建议',
  },
  flags: { store: 'string', 'service-level': 'string', 'review-days': 'string' },
  run: (args) =>
    withStore(args, 'plan', async (engine) => {
      const serviceLevel = num(args, 'service-level', 0.95);
      if (!(serviceLevel >= 0.5 && serviceLevel <= 0.999)) throw flagError(args.lang, 'plan_service', { value: serviceLevel });
      const plan = await engine.invoke('planning.plan', { serviceLevel, reviewDays: num(args, 'review-days', 7) });
      const sugg = await engine.invoke('planning.suggestions', {});
      if (args.json) return printJson({ ...plan, suppliers: sugg.suppliers });
      const t = (key: string, params: Record<string, unknown> = {}): string => tr(analysisCliMessages, args.lang, key, params);
      const w = (s: string): boolean => process.stdout.write(s + '\n');
      w(t('plan_summary', { n: plan.rows.length, ...plan.counts, serviceLevel, reviewDays: plan.reviewDays }));
      if (plan.counts.unknown) w(t('plan_unknown', { unknown: plan.counts.unknown }));
      // staleDays runs from the day after the data end (asOf) to today: the data themselves end one day more ago.
      // Days as the rest of the CLI's sentences write them ('Nov 30, 2026', '2026年11月30日'), the table's too; --json keeps ISO days.
      if (plan.staleDays > 2) w(t('plan_stale', { end: dayText(addDays(plan.asOf, -1), args.lang), days: plan.staleDays + 1, orderDate: dayText(plan.orderDate, args.lang) }));
      // A forecast older than the sales is still planned with: said, with what to do (--json: forecastStale, forecast).
      for (const line of staleForecastLines(plan.forecast, args.lang)) w(line);
      w('');
      const head = ['SKU', ...['status', 'onHand', 'onOrder', 'demand', 'ss', 'rop', 'order', 'cover', 'stockout'].map((k) => t(`plan_col_${k}`))];
      const body = plan.rows
        .filter((x) => x.status !== 'ok')
        .slice(0, 40)
        .map((r) => [r.sku, t(`plan_status_${r.status}`), f1(r.onHand), f1(r.onOrder), f1(r.dailyDemand), f1(r.safetyStock), f1(r.reorderPoint), String(r.suggestedQty), cover(r.daysOfCover), r.stockoutDate ? dayText(r.stockoutDate, args.lang) : '—']);
      // On order beside on hand: an out-of-stock SKU with nothing to order is one whose order is already on its way.
      // The widths the English table always had, wider where a Chinese header or a long SKU needs it.
      for (const line of tableLines([head, ...body], { right: [false, false, true, true, true, true, true, true, true, false], minWidths: [16, 9, 7, 8, 7, 7, 7, 7, 6] })) w(line);
      w('');
      const groups = sugg.suppliers.map((g) => [g.supplier ?? t('plan_no_supplier'), t('plan_supplier', { lines: g.lines.length, units: g.units, cost: g.cost.toFixed(2), arrival: g.arrivalDate ? dayText(g.arrivalDate, args.lang) : '—' })]);
      for (const line of tableLines(groups, { right: [false, false], minWidths: [24] })) w(line);
    }),
};
