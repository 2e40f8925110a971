/** Operations on long-running jobs: list, get, cancel. */
import { z } from 'zod';
import { defineOp } from '../contract';
import { localiseStoredError } from '../../db/reconcile';
import type { JobRecord } from '../../jobs/types';
import type { Lang } from '../../i18n';

const inLang = (j: JobRecord, lang: Lang): JobRecord => ({ ...j, error: localiseStoredError(j.error, lang) });

/** Job operations. */
export const jobOps = {
  'jobs.list': defineOp({
    summary: 'Recent jobs with their status and progress',
    input: z.object({ limit: z.number().int().min(1).max(500).default(50), kind: z.string().optional() }),
    run: (input, { engine, lang }) => engine.jobs.list(input.limit, input.kind).map((j) => inLang(j, lang)),
  }),
  'jobs.get': defineOp({
    summary: 'One job by id',
    input: z.object({ jobId: z.string().min(1) }),
    run: (input, { engine, lang }) => inLang(engine.jobs.getOrThrow(input.jobId), lang),
  }),
  'jobs.cancel': defineOp({
    summary: 'Ask a running job to stop; it rolls back what it had not committed',
    input: z.object({ jobId: z.string().min(1) }),
    run: (input, { engine }) => engine.jobs.cancel(input.jobId),
  }),
  'jobs.wait': defineOp({
    summary: 'Wait (up to timeoutMs) for a job to finish and return it',
    input: z.object({ jobId: z.string().min(1), timeoutMs: z.number().int().min(0).max(600_000).default(30_000) }),
    run: async (input, { engine, lang }) => inLang(await engine.jobs.wait(input.jobId, input.timeoutMs), lang),
  }),
};
