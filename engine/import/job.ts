/** Placeholder until the importers land. */
import type { JobRunner } from '../jobs/types';
import { EngineError } from '../errors';

/** Runs one import (replaced by the importer framework). */
export const runImportJob: JobRunner = async () => {
  throw new EngineError('internal', 'Importers are not built yet');
};
