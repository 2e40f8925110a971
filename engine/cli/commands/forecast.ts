/** `desk forecast --store FILE [--horizon 28] [--model auto|...] [--train-neural] [--json]`: forecasts every SKU into the store (a job). */
import { flagError } from '../flag-messages';
import { LOCAL_MODEL_NAMES } from '../../forecast/models/index';
import { modelName } from '../model-name';
import { dayText, durationText, tr, type Lang } from '../../i18n';
import { analysisCliMessages } from '../analysis-messages';
import { num, printJson, runJobWithProgress, str, type Command } from '../io';
import { withStore } from '../store-arg';
import { staleForecastLines } from '../forecast-stale';
import type { ForecastFreshness } from '../../planning/freshness';

// The same list as FORECAST_MODELS in forecast/job.ts, without loading the forecasting job for `desk --help`.
const FORECAST_MODELS = ['auto', ...LOCAL_MODEL_NAMES, 'ensemble', 'neural'] as const;

/**
 * The models chosen, one a line with its number of SKUs, most used first: the names hold commas and parentheses, so a
 * one-line list ('anchor 57, ensemble 2') would not read; --json keeps `chosen` by id.
 */
function chosenLines(chosen: Record<string, number>, lang: Lang): string[] {
  const rows = Object.entries(chosen).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const width = Math.max(0, ...rows.map(([, n]) => String(n).length));
  return [tr(analysisCliMessages, lang, 'forecast_chosen'), ...rows.map(([id, n]) => `  ${String(n).padStart(width)}  ${modelName(id, lang)}`)];
}

/** What forecast.run returns (the fields the CLI reads). */
export interface ForecastRunResult {
  skus: number;
  historyEnd: string;
  horizon: number;
  chosen: Record<string, number>;
  neural?: { considered: number; neural: number; blend: number } | null;
  seconds: number;
  warnings?: { message: string }[];
  forecast?: ForecastFreshness | null;
}

/**
 * The summary `desk forecast` prints: what it forecast (the last sales day as `desk plan` writes its dates, the time as
 * the screen writes it: 'in 4.2 s', 'in 13 min 4 s'), the models chosen and the neural model's share; --json keeps
 * historyEnd ISO and seconds a number.
 */
export function forecastSummaryLines(r: ForecastRunResult, lang: Lang): string[] {
  const t = (key: string, params: Record<string, unknown> = {}): string => tr(analysisCliMessages, lang, key, params);
  const lines = [t('forecast_done', { skus: r.skus, horizon: r.horizon, end: dayText(r.historyEnd, lang), time: durationText(r.seconds, lang) }), ...chosenLines(r.chosen, lang)];
  // 'auto' weighs a trained neural model (same history end and horizon) per SKU on its holdout.
  if (r.neural) lines.push(t('forecast_neural', { kept: r.neural.neural + r.neural.blend, considered: r.neural.considered, horizon: r.horizon, neural: r.neural.neural, blend: r.neural.blend }));
  return lines;
}

/** The forecast command. */
export const forecastCommand: Command = {
  name: 'forecast',
  usage: `desk forecast --store FILE [--horizon 28] [--model ${FORECAST_MODELS.join('|')}] [--folds 3] [--train-neural] [--json]`,
  summary: {
    en: 'Forecast P10/P50/P90 per SKU and day with per-SKU model choice, and store it',
    zh: '为每个 SKU 逐日预测 P10/P50/P90（按 SKU 选择模型），并存入店铺文件',
  },
  flags: { store: 'string', horizon: 'string', model: 'string', folds: 'string', 'train-neural': 'boolean' },
  run: (args) =>
    withStore(args, 'forecast', async (engine) => {
      const model = str(args, 'model') ?? 'auto';
      if (!(FORECAST_MODELS as readonly string[]).includes(model)) {
        throw flagError(args.lang, 'forecast_model', { valid: FORECAST_MODELS.join(', '), value: model });
      }
      const input = { horizon: num(args, 'horizon', 28), model, folds: num(args, 'folds', 3) };
      if (args.flags['train-neural']) {
        if (model !== 'auto') throw flagError(args.lang, 'forecast_neural_model', { value: model });
        if (input.horizon > 56) throw flagError(args.lang, 'forecast_neural_horizon', { value: input.horizon });
        // Trains (with the per-SKU holdout) first; the auto run below then weighs it per SKU.
        await runJobWithProgress(engine, () => engine.invoke('forecast.trainNeural', { horizon: input.horizon, holdout: true, writeForecasts: false }), tr(analysisCliMessages, args.lang, 'forecast_label_neural'));
      }
      const job = await runJobWithProgress(engine, () => engine.invoke('forecast.run', input), tr(analysisCliMessages, args.lang, 'forecast_label'));
      const r = job.result as ForecastRunResult;
      if (args.json) return printJson(r);
      for (const line of forecastSummaryLines(r, args.lang)) process.stdout.write(`${line}\n`);
      for (const w of r.warnings ?? []) process.stderr.write(`${w.message}\n`);
      // Sales imported while it ran leave the new forecast older than them already (--json: forecastStale, forecast).
      for (const line of staleForecastLines(r.forecast ?? null, args.lang)) process.stderr.write(`${line}\n`);
    }),
};
