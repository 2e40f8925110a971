/** The import_runs table: one row per import (or dry run) with its counts and report. */
import type Database from 'better-sqlite3';

/** An import run as listed by `import.history`. */
export interface ImportRun {
  id: number;
  jobId: string | null;
  kind: string;
  file: string;
  dryRun: boolean;
  status: string;
  rowsTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectsFile: string | null;
  report: unknown;
  startedAt: string;
  finishedAt: string | null;
}

interface Row {
  id: number;
  job_id: string | null;
  kind: string;
  file: string;
  dry_run: number;
  status: string;
  rows_total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects_file: string | null;
  report: string;
  started_at: string;
  finished_at: string | null;
}

/** Records the start of a run (owned by this process) and returns its id. */
export function startImportRun(db: Database.Database, r: { jobId: string | null; kind: string; file: string; dryRun: boolean; startedAt: string }): number {
  const info = db
    .prepare(`INSERT INTO import_runs (job_id, kind, file, dry_run, status, started_at, owner_pid) VALUES (?, ?, ?, ?, 'running', ?, ?)`)
    .run(r.jobId, r.kind, r.file, r.dryRun ? 1 : 0, r.startedAt, process.pid);
  return Number(info.lastInsertRowid);
}

/** Records how a run ended. */
export function finishImportRun(
  db: Database.Database,
  id: number,
  r: { status: string; rowsTotal: number; inserted: number; updated: number; unchanged: number; rejected: number; rejectsFile: string | null; report: unknown },
): void {
  db.prepare(
    `UPDATE import_runs SET status = ?, rows_total = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?, rejects_file = ?, report = ?, finished_at = ? WHERE id = ?`,
  ).run(r.status, r.rowsTotal, r.inserted, r.updated, r.unchanged, r.rejected, r.rejectsFile, JSON.stringify(r.report), new Date().toISOString(), id);
}

/** Recent runs, newest first, optionally of one kind. */
export function listImportRuns(db: Database.Database, limit: number, kind?: string): ImportRun[] {
  const rows = (kind
    ? db.prepare('SELECT * FROM import_runs WHERE kind = ? ORDER BY id DESC LIMIT ?').all(kind, limit)
    : db.prepare('SELECT * FROM import_runs ORDER BY id DESC LIMIT ?').all(limit)) as Row[];
  return rows.map((r) => ({
    id: r.id,
    jobId: r.job_id,
    kind: r.kind,
    file: r.file,
    dryRun: r.dry_run === 1,
    status: r.status,
    rowsTotal: r.rows_total,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    rejectsFile: r.rejects_file,
    report: JSON.parse(r.report) as unknown,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }));
}
