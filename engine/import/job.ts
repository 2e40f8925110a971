/** The 'import' job kind: runs one import in the job's worker thread with byte progress and cancellation. */
import type { JobRunner } from '../jobs/types';
import { runImport } from './runner';

/** Runs one import (params: ImportParams) and returns its ImportResult. */
export const runImportJob: JobRunner = async (params, ctx) =>
  runImport(ctx.db, params, {
    lang: ctx.lang,
    jobId: ctx.jobId,
    progress: (done, total, phase) => ctx.progress(done, total, phase),
    checkCancelled: () => ctx.checkCancelled(),
  });
