/** Placeholder until the demo generator lands: the job kind exists so the registry type-checks. */
import type { JobRunner } from '../jobs/types';
import { EngineError } from '../errors';

/** Generates the demo store (replaced by the generator). */
export const runDemoJob: JobRunner = async () => {
  throw new EngineError('internal', 'The demo generator is not built yet');
};
