/** How many worker threads pricing training uses by default (kept apart from train-pool.ts, which loads the models). */
import { availableParallelism } from 'node:os';

/**
 * Default worker threads on a machine with `cores` logical cores: one per core but one left for the app from 4 cores
 * up, at least two where there are two, at most four (a demo store has six categories; 2 cores: 2, 4: 3, 8+: 4).
 * Until 2026-12-03 it was min(2, cores), from the TensorFlow.js network, whose wasm kernels shared the cores; the
 * plain-math network's threads share nothing but the progress counter.
 */
export function trainWorkersFor(cores: number): number {
  return Math.max(1, Math.min(4, cores, Math.max(2, cores - 1)));
}

/** Default worker threads on this machine (trainWorkersFor its available parallelism). */
export function defaultTrainWorkers(): number {
  return trainWorkersFor(availableParallelism());
}
