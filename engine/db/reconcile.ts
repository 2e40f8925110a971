/** Crash bookkeeping: on open, every job and run a stopped process left 'running' is marked failed, with the reason in both languages. */
import type Database from 'better-sqlite3';
import { tr, type Lang } from '../i18n';
import { log } from '../log';
import { safetyMessages } from './safety-messages';

/** The error code stored on a job or run that was running when the app stopped. */
export const INTERRUPTED = 'interrupted';

/** The stored error of an interrupted job or run: English message, both languages in details. */
export interface InterruptedError {
  code: typeof INTERRUPTED;
  message: string;
  details: { en: string; zh: string };
}

/** The error stored on an interrupted job or run. */
export function interruptedError(): InterruptedError {
  const en = tr(safetyMessages, 'en', 'interrupted');
  return { code: INTERRUPTED, message: en, details: { en, zh: tr(safetyMessages, 'zh', 'interrupted') } };
}

/** A stored error in the caller's language when it carries both (as interrupted ones do); otherwise unchanged. */
export function localiseStoredError<E extends { code: string; message: string; details?: unknown } | null>(e: E, lang: Lang): E {
  if (!e || e.code !== INTERRUPTED) return e;
  const d = e.details as { en?: unknown; zh?: unknown } | undefined;
  const message = typeof d?.[lang] === 'string' ? (d[lang] as string) : e.message;
  return { ...e, message };
}

/** How many rows of each table were reconciled. */
export interface ReconcileCounts {
  jobs: number;
  importRuns: number;
  pricingRuns: number;
}

/** Marks every job, import run and pricing run still 'queued'/'running' as failed (call before any job can start). */
export function reconcileInterrupted(db: Database.Database, now = new Date().toISOString()): ReconcileCounts {
  const err = interruptedError();
  const errJson = JSON.stringify(err);
  const counts = db.transaction((): ReconcileCounts => {
    const jobs = db.prepare(`UPDATE jobs SET status = 'failed', error = ?, finished_at = ? WHERE status IN ('queued', 'running')`).run(errJson, now).changes;
    const importRuns = db
      .prepare(`UPDATE import_runs SET status = 'failed', report = json_set(CASE WHEN json_valid(report) THEN report ELSE '{}' END, '$.error', json(?)), finished_at = ? WHERE status = 'running'`)
      .run(errJson, now).changes;
    const pricingRuns = db
      .prepare(`UPDATE pricing_runs SET status = 'failed', metrics = json_set(CASE WHEN json_valid(metrics) THEN metrics ELSE '{}' END, '$.error', json(?)), finished_at = ? WHERE status = 'running'`)
      .run(errJson, now).changes;
    return { jobs, importRuns, pricingRuns };
  })();
  if (counts.jobs || counts.importRuns || counts.pricingRuns) log.warn(counts, 'marked work interrupted by a stopped app as failed');
  return counts;
}
