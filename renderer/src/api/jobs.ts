/** Following a job to its end: live progress from events, with polling as a safety net. */
import { call, DeskError, onJob, type JobEvent } from './client';

/** A finished job as the engine records it. */
export interface FinishedJob extends JobEvent {
  result: unknown;
  /** `texts`: the message in both languages, where the engine gave both (see payloadMsg in i18n/error-msg.ts). */
  error: { code: string; message: string; details?: unknown; texts?: { en: string; zh: string } } | null;
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** One job watched for the whole page: one long poll however many screens follow it. */
interface Watch {
  followers: Set<{ onProgress: (p: JobEvent) => void }>;
  end: Promise<FinishedJob>;
  stop: AbortController;
}

const watches = new Map<string, Watch>();

function watch(jobId: string): Watch {
  const stop = new AbortController();
  const followers: Watch['followers'] = new Set();
  const tell = (p: JobEvent): void => {
    for (const f of [...followers]) f.onProgress(p);
  };
  const off = onJob((p) => {
    if (p.jobId === jobId) tell(p);
  });
  const end = (async () => {
    try {
      for (;;) {
        // jobs.wait returns at the end or after the timeout; events keep the bar moving meanwhile.
        const rec = (await call('jobs.wait', { jobId, timeoutMs: 5000 }, { signal: stop.signal })) as FinishedJob;
        tell(rec);
        if (FINAL.has(rec.status)) return rec;
      }
    } finally {
      off();
    }
  })();
  // Stopped when its last follower left: nobody waits on `end` then.
  void end.catch(() => undefined);
  return { followers, end, stop };
}

/**
 * Resolves when the job ends, calling `onProgress` on every event. With `signal` (a screen's, aborted when it closes)
 * the follow stops and rejects with an AbortError (`isAborted`); the job goes on. Followers of one job share one
 * long poll, which is closed when the last of them stops.
 */
export function followJob(jobId: string, onProgress: (p: JobEvent) => void, signal?: AbortSignal): Promise<FinishedJob> {
  if (signal?.aborted) return Promise.reject(new DOMException('The follow was abandoned.', 'AbortError'));
  let w = watches.get(jobId);
  if (!w) {
    w = watch(jobId);
    watches.set(jobId, w);
  }
  const me = { onProgress };
  const shared = w;
  shared.followers.add(me);
  return new Promise<FinishedJob>((resolve, reject) => {
    const leave = (): void => {
      signal?.removeEventListener('abort', abandon);
      shared.followers.delete(me);
      if (shared.followers.size > 0) return;
      shared.stop.abort();
      if (watches.get(jobId) === shared) watches.delete(jobId);
    };
    function abandon(): void {
      leave();
      reject(new DOMException('The follow was abandoned.', 'AbortError'));
    }
    signal?.addEventListener('abort', abandon, { once: true });
    shared.end.then(
      (rec) => {
        leave();
        resolve(rec);
      },
      (e: unknown) => {
        leave();
        reject(e);
      },
    );
  });
}

// Jobs whose end this page announces (notification, refreshed queries): once per job, whichever screens follow it.
const announced = new Set<string>();

/**
 * Calls `onEnd` (or `onError` when the job cannot be followed) once when the job ends, however often it is asked for
 * the same job: for what outlives the screen that started the job, such as the notification saying how it ended.
 */
export function announceJobEnd(jobId: string, onEnd: (j: FinishedJob) => void, onError: (e: unknown) => void): void {
  if (announced.has(jobId)) return;
  announced.add(jobId);
  void followJob(jobId, () => undefined)
    .then(onEnd, onError)
    .finally(() => announced.delete(jobId));
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

/**
 * A job that did not succeed as the error to throw: its recorded error with its code and both languages when the job
 * gave them (so notifyError words it as the job did, not as an internal error), else its status. `lang`: the language
 * the job was started in, when this window started it (a one-text failure is then worded by its code in the other).
 */
export function jobFailure(done: FinishedJob, lang?: 'en' | 'zh'): DeskError {
  const e = done.error;
  return e ? new DeskError(e.code, e.message, e.details, e.texts, lang) : new DeskError(done.status === 'cancelled' ? 'cancelled' : 'internal', done.status, undefined, undefined, lang);
}
