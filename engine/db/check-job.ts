/** The `store.check` job: the app checks the store it opened for damage in a worker thread, off the API thread. */
import { z } from 'zod';
import { both } from '../errors';
import type { JobRunner } from '../jobs/types';
import { checkMessages } from './check-messages';
import { checkDb } from './integrity';

const Params = z.object({ dataDir: z.string().min(1) });

/** Runs the integrity and foreign-key checks on the job's own connection; the result is a StoreCheck. */
export const runStoreCheckJob: JobRunner = async (raw, ctx) => {
  const p = Params.parse(raw);
  const steps = { pages: 0, links: 1 } as const;
  return checkDb(ctx.db, ctx.storePath, {
    lang: ctx.lang,
    dataDir: p.dataDir,
    onPhase: (phase) => ctx.progress(steps[phase], 2, both(checkMessages, `phase_${phase}`)),
  });
};
