/** Dashboard operations (KPIs, trend, movers, alerts) and the compute backend report for Settings. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { addDays, lastSalesDate, onHandAsOf, recentStockouts, type PeriodTotals } from '../../db/queries/dashboard';
import { lowCover } from '../../planning/cover';
import { AREAS, areaOverview } from '../../db/queries/dashboard-areas';
import { periodFigures } from '../../db/queries/dashboard-cube';
import { latestSchemaVersion } from '../../db/store';
import { EngineError } from '../../errors';
import { tr, type Catalog } from '../../i18n';
import { defineOp } from '../contract';
import { engineFileUrl } from '../../bundle-paths';
import { lastMeasure, saveMeasure, type BackendMeasure } from '../../backend-measure';
import { probeBackend } from '../../../models/backend-probe';

const MSG: Catalog = {
  en: { badEnd: "end '{end}' is not a date (YYYY-MM-DD)" },
  zh: { badEnd: '结束日期 “{end}” 不是有效日期（YYYY-MM-DD）' },
};

/** A KPI's value in the chosen period, the previous one, and the relative change (null when undefined). */
export interface Kpi {
  value: number | null;
  previous: number | null;
  changePct: number | null;
}

function kpi(value: number | null, previous: number | null): Kpi {
  const changePct = value !== null && previous !== null && previous !== 0 ? ((value - previous) / Math.abs(previous)) * 100 : null;
  return { value, previous, changePct };
}

function kpis(cur: PeriodTotals, prev: PeriodTotals, onHandEnd: number | null, onHandPrevEnd: number | null) {
  // Sell-through needs a stock count at the period's end: without one it is unknown, not 100 %.
  const sellThrough = (t: PeriodTotals, onHand: number | null): number | null =>
    onHand === null ? null : t.units + Math.max(onHand, 0) > 0 ? (t.units / (t.units + Math.max(onHand, 0))) * 100 : null;
  return {
    revenue: kpi(cur.revenue, prev.revenue),
    units: kpi(cur.units, prev.units),
    grossMargin: kpi(cur.revenue - cur.cogs, prev.revenue - prev.cogs),
    stockoutDays: kpi(cur.stockoutDays, prev.stockoutDays),
    activeSkus: kpi(cur.activeSkus, prev.activeSkus),
    sellThrough: kpi(sellThrough(cur, onHandEnd), sellThrough(prev, onHandPrevEnd)),
  };
}

let appVersion: string | null = null;
function readAppVersion(): string {
  appVersion ??= (JSON.parse(readFileSync(engineFileUrl('../package.json'), 'utf8')) as { version: string }).version;
  return appVersion;
}

/** The measurement under way, if any: a second ask (another window, the button during the first open's) joins it. */
let measuring: Promise<BackendMeasure> | null = null;

/** Starts TensorFlow.js, measures its speed and where training runs, and keeps the result in the data folder. */
async function measureBackend(dataDir: string): Promise<BackendMeasure> {
  // Loaded lazily: TensorFlow.js is heavy and most calls never need it.
  const { measureGflops, selectBackend, trainingSummary } = await import('../../../models/backend');
  const info = await selectBackend();
  const gflops = await measureGflops();
  // Where training loops run (a GPU through WebGPU when there is a fast one); worker threads decide the same way.
  const training = await trainingSummary();
  const m: BackendMeasure = { backend: info.name, tfBackend: info.tfBackend, skipped: info.skipped, override: info.override, gflops, training, measuredAt: new Date().toISOString() };
  saveMeasure(dataDir, m);
  return m;
}

/** Dashboard and system operations. */
export const dashboardOps = {
  'dashboard.summary': defineOp({
    summary: 'KPIs of the last N days ending at the last sales date (or `end`) against the previous N days, with trend, movers and alerts (low cover counted from the forecast when the store has one, as Planning and Inventory count it, else from the last 28 days\' sales: alerts.lowCover.basis; alerts.lowCover.forecast says when that forecast is older than the sales, still counted from)',
    input: z.object({
      days: z.number().int().min(1).max(3660).default(28),
      end: z.string().optional(),
      coverDays: z.number().min(1).max(365).default(14),
      limit: z.number().int().min(1).max(100).default(8),
    }),
    run: (input, { engine, lang }) => {
      const db = engine.store.db;
      if (input.end !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(input.end) || Number.isNaN(Date.parse(input.end)))) {
        throw new EngineError('bad_request', tr(MSG, lang, 'badEnd', { end: input.end }), { field: 'end' });
      }
      const end = input.end ?? lastSalesDate(db);
      if (!end) return { empty: true as const, days: input.days };
      const from = addDays(end, -(input.days - 1));
      const prevEnd = addDays(from, -1);
      const prevFrom = addDays(prevEnd, -(input.days - 1));
      // The reads form one consistent snapshot even while an import job writes through its own connection.
      const read = db.transaction(() => {
        const f = periodFigures(db, { prevFrom, prevEnd, from, end, days: input.days, limit: input.limit });
        return {
          kpis: kpis(f.cur, f.prev, onHandAsOf(db, end), onHandAsOf(db, prevEnd)),
          trend: f.trend,
          movers: f.movers,
          alerts: { lowCover: lowCover(db, end, input.coverDays, input.limit), stockouts: recentStockouts(db, end, input.limit) },
        };
      });
      return { empty: false as const, days: input.days, coverDays: input.coverDays, period: { from, to: end }, previous: { from: prevFrom, to: prevEnd }, ...read() };
    },
  }),
  'dashboard.area': defineOp({
    summary: 'Counts and latest rows the store holds for an area whose feature has not landed yet (pricing, recommendations, visual, chats, tryon)',
    input: z.object({ area: z.enum(AREAS), limit: z.number().int().min(1).max(200).default(12) }),
    run: (input, { engine, lang }) => areaOverview(engine.store.db, input.area, input.limit, lang),
  }),
  'system.backend': defineOp({
    summary: 'Compute backend and the app, schema and runtime versions; the last measurement of its speed and of where training runs (measuredAt), or with measure a new one (seconds: starts TensorFlow.js), kept for next time',
    input: z.object({ measure: z.boolean().default(false) }),
    needsStore: false,
    run: async (input, { engine }) => {
      const versions = {
        app: readAppVersion(),
        schema: engine.hasStore ? engine.store.schemaVersion : null,
        schemaLatest: latestSchemaVersion(),
        node: process.versions.node,
        electron: process.versions.electron ?? null,
      };
      const dataDir = engine.options.dataDir;
      if (!input.measure) {
        // At once, without TensorFlow.js (starting it and measuring take 2.5-7 s): the backend that would start, found
        // from what is installed, and what was measured for it last.
        const probe = probeBackend();
        const last = lastMeasure(dataDir, probe.name);
        if (last) return { ...last, versions, error: null };
        return { backend: probe.name, tfBackend: null, skipped: probe.skipped, override: probe.override, gflops: null, training: null, measuredAt: null, versions, error: null };
      }
      try {
        measuring ??= measureBackend(dataDir).finally(() => {
          measuring = null;
        });
        return { ...(await measuring), versions, error: null };
      } catch (e) {
        return { backend: null, tfBackend: null, skipped: [], override: null, gflops: null, training: null, measuredAt: null, versions, error: (e as Error).message };
      }
    },
  }),
};
