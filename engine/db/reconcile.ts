/** Crash bookkeeping: on open, every job and run a stopped process left 'running' is marked failed, with the reason in both languages. */
import type Database from 'better-sqlite3';
import { isAlive } from '../fs/leftovers';
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

/** A job or import run that has been running longer than this is taken as orphaned even if a process has its id (reused pids). */
export const OWNER_MAX_HOURS = 24;

/** True when the row's work can no longer finish: no recorded owner (rows from before v14), the owner is gone, or it is too old. */
function orphaned(ownerPid: number | null, startedAt: string | null, now: string): boolean {
  if (ownerPid === null || !isAlive(ownerPid)) return true;
  const started = Date.parse(startedAt ?? '');
  return Number.isFinite(started) && Date.parse(now) - started > OWNER_MAX_HOURS * 3_600_000;
}

/**
 * Marks every job, import run and pricing run still 'queued'/'running' whose process is gone as failed (call before any
 * job can start). Work another live process is doing on the same store (the app while `desk` opens the file) is left as
 * it is; and when nothing needs marking, nothing is written, so opening a store during another process's long import
 * does not wait for its write lock.
 */
export function reconcileInterrupted(db: Database.Database, now = new Date().toISOString()): ReconcileCounts {
  type Open = { id: string | number; owner_pid: number | null; started_at: string | null };
  const jobIds = (db.prepare(`SELECT id, owner_pid, COALESCE(started_at, created_at) AS started_at FROM jobs WHERE status IN ('queued', 'running')`).all() as Open[])
    .filter((r) => orphaned(r.owner_pid, r.started_at, now))
    .map((r) => r.id);
  const importIds = (db.prepare(`SELECT id, owner_pid, started_at FROM import_runs WHERE status = 'running'`).all() as Open[])
    .filter((r) => orphaned(r.owner_pid, r.started_at, now))
    .map((r) => r.id);
  // Pricing runs are recorded when they end; a 'running' one can only come from an older version.
  const pricingIds = (db.prepare(`SELECT id FROM pricing_runs WHERE status = 'running'`).all() as { id: string }[]).map((r) => r.id);
  const counts: ReconcileCounts = { jobs: jobIds.length, importRuns: importIds.length, pricingRuns: pricingIds.length };
  if (!counts.jobs && !counts.importRuns && !counts.pricingRuns) return counts;
  const err = interruptedError();
  const errJson = JSON.stringify(err);
  db.transaction(() => {
    const job = db.prepare(`UPDATE jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`);
    for (const id of jobIds) job.run(errJson, now, id);
    const imp = db.prepare(
      `UPDATE import_runs SET status = 'failed', report = json_set(CASE WHEN json_valid(report) THEN report ELSE '{}' END, '$.error', json(?)), finished_at = ? WHERE id = ? AND status = 'running'`,
    );
    for (const id of importIds) imp.run(errJson, now, id);
    const pr = db.prepare(
      `UPDATE pricing_runs SET status = 'failed', metrics = json_set(CASE WHEN json_valid(metrics) THEN metrics ELSE '{}' END, '$.error', json(?)), finished_at = ? WHERE id = ? AND status = 'running'`,
    );
    for (const id of pricingIds) pr.run(errJson, now, id);
  })();
  log.warn(counts, 'marked work interrupted by a stopped app as failed');
  return counts;
}
