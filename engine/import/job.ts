/** The 'import' job kind: runs one import in the job's worker thread with byte progress and cancellation. */
import { parentPort } from 'node:worker_threads';
import type { JobRunner } from '../jobs/types';
import { both } from '../errors';
import { log } from '../log';
import { importMessages } from './messages';
import { runImport } from './runner';

/** Runs one import (params: ImportParams) and returns its ImportResult. */
export const runImportJob: JobRunner = async (params, ctx) => {
  try {
    const result = await runImport(ctx.db, params, {
      lang: ctx.lang,
      jobId: ctx.jobId,
      progress: (done, total, phase) => ctx.progress(done, total, both(importMessages, `phase_${phase}`)),
      checkCancelled: () => ctx.checkCancelled(),
    });
    // Imported conversations arrive with their emotion, intent and dialogue state, as the Chats screen shows them.
    if (result.kind === 'chats' && !result.dryRun && result.inserted + result.updated > 0) {
      try {
        const { analyseConversations } = await import('../chats/analysis/run');
        await analyseConversations(ctx.db, { checkCancelled: () => ctx.checkCancelled() });
      } catch (e) {
        // The import stands; the screen's Analyse button (or `desk chats analyze`) runs it again.
        log.warn({ err: e }, 'chat analysis after import failed');
      }
    }
    log.debug({ durationMs: result.durationMs }, 'import job: import returned');
    // New orders or browsing events refresh the customers' recommendation lists (recommendations, issue 12).
    try {
      const { refreshRecs } = await import('../recs/refresh');
      await refreshRecs(ctx.db);
    } catch (e) {
      // A refresh that fails must not undo a good import: the lists stay as they were until the next training.
      log.warn({ err: e }, 'recommendation refresh after import failed');
    }
    return result;
  } finally {
    // The worker's 'message' listener keeps its thread (and so a CLI process) alive after the job ends;
    // unref lets the thread exit once its result is posted.
    parentPort?.unref();
  }
};
