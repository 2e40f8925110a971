/** Following a job to its end: live progress from events, with polling as a safety net. */
import { call, onJob, type JobEvent } from './client';

/** A finished job as the engine records it. */
export interface FinishedJob extends JobEvent {
  result: unknown;
  error: { code: string; message: string; details?: unknown } | null;
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Resolves when the job ends, calling `onProgress` on every event. */
export async function followJob(jobId: string, onProgress: (p: JobEvent) => void): Promise<FinishedJob> {
  const off = onJob((p) => {
    if (p.jobId === jobId) onProgress(p);
  });
  try {
    for (;;) {
      // jobs.wait returns at the end or after the timeout; events keep the bar moving meanwhile.
      const rec = (await call('jobs.wait', { jobId, timeoutMs: 5000 })) as FinishedJob;
      onProgress(rec);
      if (FINAL.has(rec.status)) return rec;
    }
  } finally {
    off();
  }
}

/**
 * The id of a job of `kind` that is still running (or queued) when the screen opens, else null: a screen left and
 * opened again follows the job it started instead of offering to start it again.
 */
export async function runningJob(kind: string): Promise<string | null> {
  const jobs = (await call('jobs.list', { kind, limit: 1 })) as { jobId: string; status: string }[];
  const j = jobs[0];
  return j && (j.status === 'running' || j.status === 'queued') ? j.jobId : null;
}

const reported = new Set<string>();

/**
 * True the first time it is asked about a job, false after: a job followed from two places (a screen left during the
 * job keeps following it, and the screen opened again follows it too) has its end told once.
 */
export function firstReport(jobId: string): boolean {
  if (reported.has(jobId)) return false;
  reported.add(jobId);
  return true;
}
