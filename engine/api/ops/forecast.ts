/** Forecast operations: run, get one SKU, accuracy, what-if. */
import { z } from 'zod';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import { choiceOf, forecastOf, historyOf, latestBacktests, productBySku } from '../../db/queries/forecast';
import { MAX_FOLDS_ASKED } from '../../forecast/backtest';
import { addDays } from '../../forecast/dates';
import { explainChoice } from '../../forecast/explain';
import { FORECAST_MODELS } from '../../forecast/job';
import { forecastCatalog } from '../../forecast/messages';
import { MetricAcc } from '../../forecast/metrics';
import { whatIf } from '../../forecast/whatif';
import { latestForecastWarnings } from '../../forecast/warnings';
import { defineOp } from '../contract';
import { i18nIssue } from '../validate';

const isoDate = z.string().refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d), i18nIssue('must_be_ymd'));

/** Forecast operations. */
export const forecastOps = {
  'forecast.run': defineOp({
    summary: 'Forecast every SKU (P10/P50/P90 per day) with per-SKU model choice; a job',
    input: z.object({ horizon: z.number().int().min(1).max(365).default(28), model: z.enum(FORECAST_MODELS).default('auto'), folds: z.number().int().min(1).max(MAX_FOLDS_ASKED).default(3) }),
    run: (input, { engine, lang }) => engine.jobs.start('forecast.run', input, { lang }),
  }),
  'forecast.backtest': defineOp({
    summary: 'Backtest the listed models on every SKU and store the scores; a job',
    input: z.object({
      horizon: z.number().int().min(1).max(365).default(28),
      folds: z.number().int().min(1).max(MAX_FOLDS_ASKED).default(3),
      models: z.array(z.enum(['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta', 'neural'])).min(1).optional(),
    }),
    run: (input, { engine, lang }) => engine.jobs.start('backtest.run', input, { lang }),
  }),
  'forecast.get': defineOp({
    summary: "One SKU: recent history with stockouts, prices and events, its latest forecast, the model chosen, its backtest scores and why",
    input: z.object({ sku: z.string().min(1), days: z.number().int().min(7).max(1095).default(120) }),
    run: (input, { engine, lang }) => {
      const db = engine.store.db;
      const p = productBySku(db, input.sku);
      if (!p) throw new EngineError('not_found', tr(forecastCatalog, lang, 'sku.unknown', { sku: input.sku }), { sku: input.sku });
      const forecast = forecastOf(db, p.id);
      const end = (db.prepare('SELECT max(date) AS d FROM daily_sales WHERE product_id = ?').get(p.id) as { d: string | null }).d;
      const from = end ? addDays(end, -input.days + 1) : '9999-12-31';
      const rows = new Map(historyOf(db, p.id, from).map((r) => [r.date, r]));
      const history: { date: string; units: number; stockout: boolean; price: number | null }[] = [];
      if (end) {
        for (let d = from; d <= end; d = addDays(d, 1)) {
          const r = rows.get(d);
          history.push({ date: d, units: r?.units ?? 0, stockout: r?.stockout === 1, price: r && r.units > 0 ? r.revenue / r.units : p.price });
        }
      }
      const lastDay = forecast.length ? forecast[forecast.length - 1].date : end ?? from;
      // The name in the UI's language where the store has one, else the one name it was given.
      const promotions = (
        db
          .prepare('SELECT name, name_zh AS nameZh, name_en AS nameEn, start_date AS start, end_date AS end, discount_pct AS discountPct FROM promotions WHERE (product_id = ? OR (product_id IS NULL AND category IS ?)) AND end_date >= ? AND start_date <= ? ORDER BY start_date')
          .all(p.id, p.category, from, lastDay) as { name: string; nameZh: string | null; nameEn: string | null; start: string; end: string; discountPct: number }[]
      ).map(({ name, nameZh, nameEn, ...r }) => ({ name: (lang === 'zh' ? nameZh : nameEn) ?? name, ...r }));
      const events = db
        .prepare('SELECT code, name_en AS nameEn, name_zh AS nameZh, start_date AS start, end_date AS end FROM calendar_events WHERE end_date >= ? AND start_date <= ? ORDER BY start_date')
        .all(from, lastDay) as { code: string; nameEn: string; nameZh: string; start: string; end: string }[];
      const c = choiceOf(db, p.id);
      const scores = c ? Object.entries(c.sums).map(([model, s]) => ({ model, ...MetricAcc.from(s).scores() })).sort((a, b) => a.mae - b.mae) : [];
      // `why` in plain words for the screen; `whyDetail` keeps the backtest figures (WAPE, runner-up) for a hover.
      const ex = c ? explainChoice(c, lang) : null;
      return { sku: p.sku, category: p.category, price: p.price, history, forecast, promotions, events, model: c?.model ?? null, profile: c?.profile ?? null, weights: c?.weights ?? null, scores, why: ex?.why ?? null, whyDetail: ex?.detail ?? null, updatedAt: c?.updatedAt ?? null };
    },
  }),
  'forecast.accuracy': defineOp({
    summary: 'Backtest scores of the latest run per model, over all SKUs and per category',
    input: z.object({}),
    run: (_i, { engine }) => {
      const { run, rows } = latestBacktests(engine.store.db);
      const chosen = engine.store.db.prepare('SELECT model, count(*) AS n FROM forecast_choice GROUP BY model ORDER BY n DESC').all() as { model: string; n: number }[];
      return { run, all: rows.filter((r) => r.scope === 'all'), byCategory: rows.filter((r) => r.scope === 'category'), chosen };
    },
  }),
  'forecast.latest': defineOp({
    summary: "The latest forecast run and its warnings (sales data that end weeks ago, a saved model that was ignored) in the caller's language, and whether the stored forecast is older than the sales (freshness: origin, salesEnd, newerDays, uncovered, stale)",
    input: z.object({}),
    run: (_i, { engine, lang }) => latestForecastWarnings(engine.store.db, lang),
  }),
  'forecast.whatif': defineOp({
    summary: 'Baseline vs scenario forecast of a SKU for a planned promotion or price change, with the uplift',
    input: z.object({ sku: z.string().min(1), discountPct: z.number().min(0).max(95).optional(), newPrice: z.number().positive().optional(), start: isoDate.optional(), end: isoDate.optional() }),
    run: (input, { engine, lang }) => whatIf(engine.store.db, input, lang),
  }),
};
