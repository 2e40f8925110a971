/** `desk forecast --store FILE [--horizon 28] [--model auto|...] [--train-neural] [--json]`: forecasts every SKU into the store (a job). */
import { flagError } from '../flag-messages';
import { LOCAL_MODEL_NAMES } from '../../forecast/models/index';
import { num, printJson, runJobWithProgress, str, type Command } from '../io';
import { withStore } from '../store-arg';

// The same list as FORECAST_MODELS in forecast/job.ts, without loading the forecasting job for `desk --help`.
const FORECAST_MODELS = ['auto', ...LOCAL_MODEL_NAMES, 'ensemble', 'neural'] as const;

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
        await runJobWithProgress(engine, () => engine.invoke('forecast.trainNeural', { horizon: input.horizon, holdout: true, writeForecasts: false }), args.lang === 'zh' ? '神经网络训练' : 'neural training');
      }
      const job = await runJobWithProgress(engine, () => engine.invoke('forecast.run', input), args.lang === 'zh' ? '预测' : 'forecast');
      const r = job.result as { skus: number; historyEnd: string; horizon: number; chosen: Record<string, number>; neural?: { considered: number; neural: number; blend: number } | null; seconds: number };
      if (args.json) return printJson(r);
      process.stdout.write(`Forecast ${r.skus} SKUs, ${r.horizon} days after ${r.historyEnd}, in ${r.seconds}s.\nModels chosen: ${Object.entries(r.chosen).sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ')}\n`);
      // 'auto' weighs a trained neural model (same history end and horizon) per SKU on its holdout.
      if (r.neural) process.stdout.write(`Neural model kept for ${r.neural.neural + r.neural.blend} of ${r.neural.considered} SKUs where it won its ${r.horizon}-day holdout (${r.neural.neural} alone, ${r.neural.blend} blended with the statistical choice).\n`);
    }),
};
