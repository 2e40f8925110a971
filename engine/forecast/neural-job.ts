/** Job kind 'forecast.train-neural': trains the hybrid neural model on the whole store in a worker thread. */
import type { JobRunner } from '../jobs/types';
import { trainOnStore } from './neural';
import { TrainNeuralParams } from './neural-params';

export { TrainNeuralParams };


/** Runs 'forecast.train-neural': progress per batch (epoch in the phase), cancellable between batches. */
export const runTrainNeuralJob: JobRunner = async (raw, ctx) => {
  const p = TrainNeuralParams.parse(raw ?? {});
  return trainOnStore(ctx.db, ctx.storePath, p, { jobId: ctx.jobId, lang: ctx.lang, progress: (d, t, ph) => ctx.progress(d, t, ph), checkCancelled: () => ctx.checkCancelled() });
};
