/** `desk plan --store FILE [--service-level 0.95] [--review-days N] [--json]`: per-SKU inventory plan and purchase suggestions. */
import { flagError } from '../flag-messages';
import { num, printJson, type Command } from '../io';
import { withStore } from '../store-arg';

const f1 = (v: number | null): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(1));

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
      const w = (s: string): boolean => process.stdout.write(s + '\n');
      w(`${plan.rows.length} SKUs: ${plan.counts.stockout} out of stock, ${plan.counts.reorder} to reorder, ${plan.counts.ok} ok, ${plan.counts.overstock} overstocked (service level ${serviceLevel}, review every ${plan.reviewDays} days)`);
      w('');
      w(['SKU'.padEnd(16), 'status'.padEnd(9), 'on hand', '  d/day', '     SS', '    ROP', '  order', ' cover', 'stockout'].join(' '));
      for (const r of plan.rows.filter((x) => x.status !== 'ok').slice(0, 40)) {
        w([r.sku.padEnd(16), r.status.padEnd(9), f1(r.onHand).padStart(7), f1(r.dailyDemand).padStart(7), f1(r.safetyStock).padStart(7), f1(r.reorderPoint).padStart(7), String(r.suggestedQty).padStart(7), f1(r.daysOfCover).padStart(6), r.stockoutDate ?? '—'].join(' '));
      }
      w('');
      for (const g of sugg.suppliers) w(`${(g.supplier ?? '(no supplier)').padEnd(24)} ${g.lines.length} lines, ${g.units} units, cost ${g.cost.toFixed(2)}, arrives by ${g.arrivalDate ?? '—'}`);
    }),
};
