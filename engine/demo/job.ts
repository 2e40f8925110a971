/** The 'demo.generate' job: fills the job's (empty) store with the seeded demo shop. */
import { parentPort } from 'node:worker_threads';
import type { JobRunner } from '../jobs/types';
import { both } from '../errors';
import { generateDemo } from './generate';
import { demoMessages } from './messages';
import { DemoParamsSchema } from './params';

/** Generates the demo store; params are { seed?, skus?, days?, end? }; the result is the DemoSummary plus the store path. */
export const runDemoJob: JobRunner = async (raw, ctx) => {
  // The worker's message listener would keep its thread (and a CLI process) alive after the job;
  // cancellation still arrives through the shared flag that checkCancelled reads.
  parentPort?.unref();
  const params = DemoParamsSchema.parse(raw ?? {});
  const summary = await generateDemo(ctx.db, params, {
    lang: ctx.lang,
    progress: (done, total, phase) => ctx.progress(done, total, both(demoMessages, `phase_${phase}`)),
    checkCancelled: () => ctx.checkCancelled(),
    isCancelled: () => ctx.cancelled,
  });
  // The demo's conversations come analysed (emotion, intent, dialogue state), as an import leaves them.
  const { analyseConversations } = await import('../chats/analysis/run');
  await analyseConversations(ctx.db, { checkCancelled: () => ctx.checkCancelled() });
  return { path: ctx.storePath, ...summary };
};
