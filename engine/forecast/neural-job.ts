/** Job kind 'forecast.train-neural': trains the hybrid neural model on the whole store in a worker thread. */
import { z } from 'zod';
import type { JobRunner } from '../jobs/types';
import { trainOnStore } from './neural';

/** Parameters of 'forecast.train-neural' (defaults train the demo store in a few minutes on one core). */
export const TrainNeuralParams = z.object({
  horizon: z.number().int().min(1).max(56).default(28),
  window: z.number().int().min(7).max(182).default(56),
  epochs: z.number().int().min(1).max(200).default(8),
  windowsPerEpoch: z.number().int().min(64).max(200_000).default(2048),
  batchSize: z.number().int().min(8).max(1024).default(128),
  learningRate: z.number().positive().max(1).default(0.002),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  holdout: z.boolean().default(false),
  writeForecasts: z.boolean().default(true),
});

/** Runs 'forecast.train-neural': progress per batch (epoch in the phase), cancellable between batches. */
export const runTrainNeuralJob: JobRunner = async (raw, ctx) => {
  const p = TrainNeuralParams.parse(raw ?? {});
  return trainOnStore(ctx.db, ctx.storePath, p, { jobId: ctx.jobId, lang: ctx.lang, progress: (d, t, ph) => ctx.progress(d, t, ph), checkCancelled: () => ctx.checkCancelled() });
};
