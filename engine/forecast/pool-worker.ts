/** Worker-thread entry of the forecasting pool: chooses and forecasts a slice of the series. */
import { parentPort, workerData } from 'node:worker_threads';
import { chooseAndForecast, type ChooseOptions } from './choose';
import { evaluateAutoFolds } from './evaluate';
import type { Series } from './types';

interface PoolInput {
  series: Series[];
  opts: ChooseOptions;
  mode: 'choose' | 'auto';
  cancelFlag: SharedArrayBuffer;
}

const input = workerData as PoolInput;
const flag = new Int32Array(input.cancelFlag);
const port = parentPort;
if (!port) throw new Error('pool-worker.ts must run in a worker thread');
try {
  for (let i = 0; i < input.series.length; i++) {
    if (Atomics.load(flag, 0) === 1) break;
    const s = input.series[i];
    // Structured clone turns NaN into NaN but null values (from JSON) must be unobserved too.
    s.values = s.values.map((v) => (v === null ? NaN : v));
    const choice = input.mode === 'auto' ? evaluateAutoFolds(s, { horizon: input.opts.backtestHorizon ?? input.opts.horizon, folds: input.opts.folds ?? 3, choose: input.opts }) : chooseAndForecast(s, input.opts);
    port.postMessage({ type: 'choice', index: i, choice });
  }
  port.postMessage({ type: 'end' });
} catch (e) {
  port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
