/** Runs model choice over many series, split across worker threads (one per core, at most `workers`). */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WORKER_FLAGS, workerEntryUrl } from '../bundle-paths';
import { chooseAndForecast, type ChooseOptions, type SeriesChoice } from './choose';
import { evaluateAutoFolds, scoreAutoFolds, type AutoFold } from './evaluate';
import { applyGroupChoice } from './group';
import type { MetricSums } from './metrics';
import { attachPooled } from './thin';
import type { Series } from './types';

const BOOT_URL = workerEntryUrl('forecast-pool-worker.mjs', 'forecast/pool-boot.mjs');

/** Options of chooseMany. */
export interface PoolOptions {
  /** Worker threads (default: min(2, cores)); 1 runs inline. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

/** Chooses and forecasts every series; results in input order. Resolves with null entries for series skipped by cancellation. */
export async function chooseMany(series: Series[], opts: ChooseOptions, pool: PoolOptions = {}): Promise<(SeriesChoice | null)[]> {
  // With a choice to make and a catalogue to compare against, each series takes its group's winner unless its own backtest disagrees clearly.
  const group = !opts.force && opts.final !== false && !opts.models && series.length >= 2;
  const res = await runPool<SeriesChoice>(series, group ? { ...opts, keepCandidates: true } : opts, 'choose', pool);
  if (group) applyGroupChoice(res, opts.selectMargin);
  return res;
}

/** Honest backtest of the per-series choice ("auto") for every series; see evaluateAuto. */
export async function evaluateAutoMany(series: Series[], opts: ChooseOptions, pool: PoolOptions = {}): Promise<({ sums: MetricSums; chosen: string[] } | null)[]> {
  return scoreAutoFolds(await runPool<AutoFold[]>(series, opts, 'auto', pool), opts.selectMargin);
}

async function runPool<T>(all: Series[], opts: ChooseOptions, mode: 'choose' | 'auto', pool: PoolOptions): Promise<(T | null)[]> {
  // The pooled model needs the whole catalogue: fitted here, before the series are split across workers.
  const series = attachPooled(all, opts, mode);
  const one = (s: Series): T =>
    (mode === 'auto' ? evaluateAutoFolds(s, { horizon: opts.backtestHorizon ?? opts.horizon, folds: opts.folds ?? 3, choose: opts }) : chooseAndForecast(s, opts)) as T;
  const workers = Math.max(1, Math.min(pool.workers ?? Math.min(2, availableParallelism()), Math.ceil(series.length / 20)));
  const out: (T | null)[] = new Array<T | null>(series.length).fill(null);
  let done = 0;
  if (workers === 1) {
    for (let i = 0; i < series.length; i++) {
      if (pool.isCancelled?.()) break;
      out[i] = one(series[i]);
      pool.onProgress?.(++done, series.length);
    }
    return out;
  }
  const flagBuf = new SharedArrayBuffer(4);
  const flag = new Int32Array(flagBuf);
  // Interleave so each worker gets a similar mix of long and short series.
  const slices: number[][] = Array.from({ length: workers }, () => []);
  series.forEach((_, i) => slices[i % workers].push(i));
  const poll = setInterval(() => {
    if (pool.isCancelled?.()) Atomics.store(flag, 0, 1);
  }, 100);
  try {
    await Promise.all(
      slices.map(
        (idx) =>
          new Promise<void>((resolve, reject) => {
            const w = new Worker(BOOT_URL, { ...WORKER_FLAGS, workerData: { series: idx.map((i) => series[i]), opts, mode, cancelFlag: flagBuf } });
            let settled = false;
            w.on('message', (m: { type: 'choice'; index: number; choice: T } | { type: 'end' } | { type: 'error'; message: string }) => {
              if (m.type === 'choice') {
                out[idx[m.index]] = m.choice;
                if (pool.isCancelled?.()) Atomics.store(flag, 0, 1);
                pool.onProgress?.(++done, series.length);
              } else if (m.type === 'end') {
                settled = true;
                void w.terminate();
                resolve();
              } else {
                settled = true;
                void w.terminate();
                reject(new Error(m.message));
              }
            });
            w.on('error', (e) => {
              if (!settled) reject(e);
              settled = true;
            });
            w.on('exit', (code) => {
              if (!settled) reject(new Error(`forecast worker stopped (exit code ${code})`));
              settled = true;
            });
          }),
      ),
    );
  } finally {
    clearInterval(poll);
  }
  return out;
}
