/** The 'import' job kind: runs one import in the job's worker thread with byte progress and cancellation. */
import { parentPort } from 'node:worker_threads';
import type { JobRunner } from '../jobs/types';
import { tr } from '../i18n';
import { importMessages } from './messages';
import { runImport } from './runner';

/** Runs one import (params: ImportParams) and returns its ImportResult. */
export const runImportJob: JobRunner = async (params, ctx) => {
  try {
    return await runImport(ctx.db, params, {
      lang: ctx.lang,
      jobId: ctx.jobId,
      progress: (done, total, phase) => ctx.progress(done, total, tr(importMessages, ctx.lang, `phase_${phase}`)),
      checkCancelled: () => ctx.checkCancelled(),
    });
  } finally {
    // The worker's 'message' listener keeps its thread (and so a CLI process) alive after the job ends;
    // unref lets the thread exit once its result is posted.
    parentPort?.unref();
  }
};
