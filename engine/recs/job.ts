/** Job kind 'recs.train': trains and compares the models on the store in a worker thread and saves a model run. */
import type { JobRunner } from '../jobs/types';
import { recsPhase } from './messages';
import { trainOnStore } from './store-run';

/** Runs 'recs.train': progress per training step (its phase in the job's language), cancellable between steps. */
export const runRecsTrainJob: JobRunner = async (raw, ctx) => {
  const { runId, metrics } = await trainOnStore(ctx.db, raw, { jobId: ctx.jobId, progress: (d, t, ph) => ctx.progress(d, t, { en: recsPhase('en', ph), zh: recsPhase('zh', ph) }), checkCancelled: () => ctx.checkCancelled() });
  return { runId, primary: metrics.primary, primaryBy: metrics.primaryBy, fallback: metrics.fallback, comparison: metrics.comparison, tailEffect: metrics.tailEffect, tailForm: metrics.tailForm, tailChoice: metrics.tailChoice ?? null, seconds: metrics.seconds };
};
