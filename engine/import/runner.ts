/**
 * Runs one import: stream rows, validate every cell, then write. A first orders import writes the final tables while
 * reading, in one transaction (orders-direct.ts); every other import stages valid rows in a TEMP table and merges
 * them in one short transaction.
 */
import { isFile, isFolder } from '../fs/checks';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { finishImportRun, startImportRun } from '../db/queries/import_runs';
import { EngineError, toErrorPayload } from '../errors';
import { log } from '../log';
import { tr, type Lang } from '../i18n';
import type { DateDetection } from './dates';
import { normaliseEncoding } from './encoding';
import { importMessages } from './messages';
import { directTarget } from './direct-target';
import { threadCpuMs } from './pipe/thread-cpu';
import { DirectLoadAbandoned, directOrdersEligible } from './orders-direct';
import { STAGE } from './plan';
import { ImportRows, type RowSink, type RowsContext } from './rows';
import { StageWriter } from './stage';
import { adviceOf, ImportParams, kindOrThrow, type ColumnSetup } from './setup';
import { readCsvRowsSync, readRows, type SourceInfo } from './source';
import type { NewRowsCurrency } from './currency';
import type { Cell, ImportPlan, Reject } from './types';
import { SAMPLE_SIZE, skuNames, writeStage, type WriteOutcome } from './write';
import { showControls } from './values';
import { shownFileName } from '../fs/upload-name';
import { refuseEmptyFile } from '../io/reader';

/** How the caller follows and controls a run (the job passes its context's functions). */
export interface ImportHooks {
  lang: Lang;
  jobId?: string | null;
  progress?: (done: number, total: number, phase: string) => void;
  checkCancelled?: () => void;
  /** 'staged' keeps a first orders import off the direct path (tests compare the two); default 'auto'. */
  writeMode?: 'auto' | 'staged';
}

/** What an import did (or, for a dry run, would do). */
export interface ImportResult extends WriteOutcome {
  runId: number;
  kind: string;
  file: string;
  format: ColumnSetup['format'];
  encoding: string | null;
  delimiter: string | null;
  dryRun: boolean;
  /** How the rows were written: straight into the tables (a first orders import) or through the stage. */
  writeMode: 'direct' | 'staged';
  rowsTotal: number;
  rejected: number;
  rejectsFile: string | null;
  rejects: Reject[];
  mapping: { field: string; column: string; confidence: number }[];
  dateFormats: Record<string, DateDetection>;
  durationMs: number;
  /**
   * A products or orders file without a currency column: the currency its new rows took (the store's when all its
   * products share one, else CNY) and, when CNY was taken for want of one and rows were added, why, in the run's
   * language. Null for a file with a currency column and for other kinds.
   */
  newRowsCurrency: (NewRowsCurrency & { note: string | null }) | null;
}


/** Default path of the rejects file: beside the input, named FILE.rejects.csv. */
export function defaultRejectsPath(file: string): string {
  return `${file.replace(/\.(csv|tsv|txt|xlsx)$/i, '')}.rejects.csv`;
}

/** Imports a file into the store behind `db`; all-or-nothing unless skipInvalid. Records the run in import_runs. */
export async function runImport(db: Database.Database, rawParams: unknown, hooks: ImportHooks): Promise<ImportResult> {
  const started = Date.now();
  const p = ImportParams.parse(rawParams);
  const { lang } = hooks;
  const kind = kindOrThrow(p.kind, lang);
  const file = resolve(p.path);
  const name = shownFileName(file);
  if (!isFile(file) && !(kind.acceptsFolder && isFolder(file))) throw new EngineError('user_error', tr(importMessages, lang, isFolder(file) ? 'file_is_folder' : 'file_not_found', { file }), { file });
  // A dry run writes nothing by default, not even FILE.rejects.csv; a rejects file named outright is still written.
  const rejectsPath = p.rejectsPath ? resolve(p.rejectsPath) : p.skipInvalid && !p.dryRun ? defaultRejectsPath(file) : null;
  // Checked before anything is written: the rejects file is moved into place after the store has committed.
  if (rejectsPath && isFolder(rejectsPath)) throw new EngineError('user_error', tr(importMessages, lang, 'rejects_is_folder', { path: rejectsPath }), { file, rejectsPath });
  if (rejectsPath === file) throw new EngineError('user_error', tr(importMessages, lang, 'rejects_is_input', { path: rejectsPath }), { file, rejectsPath });
  const encoding = p.encoding ? normaliseEncoding(p.encoding, (e) => tr(importMessages, lang, 'bad_encoding', { encoding: e })) : undefined;
  const now = new Date().toISOString();
  const runId = startImportRun(db, { jobId: hooks.jobId ?? null, kind: kind.name, file, dryRun: p.dryRun, startedAt: now });
  const ctx: RowsContext = { db, kind, params: p, file, name, now, lang, rejectsPath, advice: adviceOf(rawParams), checkCancelled: hooks.checkCancelled };
  const progress = (done: number, total: number): void => hooks.progress?.(done, Math.ceil(total * 1.25), 'reading');
  const oldTempStore = db.pragma('temp_store', { simple: true }) as number;
  // Staged rows go to a temp file, not RAM, so a 1 GB import keeps memory flat.
  db.pragma('temp_store = FILE');
  db.pragma('temp.cache_size = -8192');
  // A smaller page cache for the store during the import keeps the peak flat (it also caps the merge's sorters);
  // 8 MB each instead of 16 took 30-40 MB off the peak of a 300k-line import; CPU time stayed within the noise.
  const oldCache = db.pragma('main.cache_size', { simple: true }) as number;
  db.pragma('main.cache_size = -8192');

  /** Fails the run when the file had no header or (without skipInvalid) any invalid row. */
  const checkRows = (rows: ImportRows): void => {
    if (!rows.setup) throw new EngineError('user_error', tr(importMessages, lang, 'empty_file', { file: name }), { file });
    const { rejects } = rows;
    if (rejects.count > 0 && !p.skipInvalid) {
      const first = rejects.list[0];
      throw new EngineError(
        'validation_failed',
        tr(importMessages, lang, 'validation_failed', { ...first, value: showControls(first.value), count: rejects.count }),
        { file, rejected: rejects.count, rejects: rejects.list, truncated: rejects.count > rejects.list.length },
      );
    }
  };

  /** The general path: valid rows go to a TEMP stage (committed per chunk), then one write transaction merges them. */
  const staged = async (rows: ImportRows): Promise<{ info: SourceInfo; outcome: WriteOutcome }> => {
    let stage: StageWriter | null = null;
    const sink: RowSink = {
      open(plan) {
        db.exec(`DROP TABLE IF EXISTS ${STAGE}`);
        db.exec(`CREATE TABLE ${STAGE} (${plan.stageColumns.map((c) => `${c.name} ${c.sql}`).join(', ')})`);
        stage = new StageWriter(db, STAGE, plan.stageColumns.length);
      },
      add(row) {
        // A transaction on the TEMP stage only (no lock on the store); committed after each chunk, never held across an await.
        if (!db.inTransaction) db.exec('BEGIN');
        (stage as StageWriter).add(row);
      },
    };
    rows.sink = sink;
    const commitStage = (): void => {
      (stage as StageWriter | null)?.flush();
      if (db.inTransaction) db.exec('COMMIT');
    };
    const info = await (kind.readSource ? kind.readSource.bind(kind) : readRows)(file, rows.readOptions(encoding, progress, commitStage), rows.onRow);
    rows.flushSample();
    commitStage();
    checkRows(rows);
    log.debug({ ms: Date.now() - started, cpuMs: Math.round(process.cpuUsage().user / 1000), rows: rows.rowsTotal, staged: rows.staged }, 'import read phase done');
    hooks.progress?.(info.sizeBytes, Math.ceil(info.sizeBytes * 1.25), p.dryRun ? 'checking' : 'writing');
    // Let the job manager record that progress before the store is locked for the merge.
    await new Promise((r) => setTimeout(r, 30));
    const outcome = rows.plan ? writeStage(db, rows.plan, rows.staged, p.dryRun, hooks.checkCancelled) : { inserted: 0, updated: 0, unchanged: 0, duplicates: 0, sample: [] };
    return { info, outcome };
  };

  /**
   * A first orders import: read synchronously and write the final tables row by row inside one write transaction
   * (no await while it is open). Throws DirectLoadAbandoned, with everything rolled back, where the staged path is needed.
   */
  const direct = (rows: ImportRows): { info: SourceInfo; outcome: WriteOutcome } => {
    // Every reference the load writes is valid by construction (product ids from the products read under this
    // transaction's lock, order ids of orders it just wrote, customer ids it just looked up), so SQLite's per-row
    // foreign-key lookups (a third of the insert time) are off on the connection that writes (direct-target.ts).
    const target = directTarget(db, statSync(file).size, now);
    if (target.mode === 'piped') wal.restore = deferCheckpoint(db);
    const sample: Cell[][] = [];
    rows.sink = {
      open(plan) {
        target.open(plan.stageColumns.map((c) => c.name));
      },
      add(row) {
        if (sample.length < SAMPLE_SIZE) sample.push(row.slice());
        target.add(row);
      },
    };
    try {
      // The lock is taken before the reader looks up the products, so the ids it hands the writer stay valid.
      target.begin();
      const info = readCsvRowsSync(file, rows.readOptions(encoding, progress), rows.onRow);
      if (!info) throw new DirectLoadAbandoned('not a CSV file');
      rows.flushSample();
      checkRows(rows);
      log.debug({ ms: Date.now() - started, cpuMs: Math.round(process.cpuUsage().user / 1000), rows: rows.rowsTotal, staged: rows.staged, target: target.mode, threadCpuMs: threadCpuMs(), heapTotalMb: Math.round(process.memoryUsage().heapTotal / 1e6), rssMb: Math.round(process.memoryUsage.rss() / 1e6) }, 'import direct read done');
      hooks.progress?.(info.sizeBytes, Math.ceil(info.sizeBytes * 1.25), 'writing');
      hooks.checkCancelled?.();
      target.finish();
      log.debug({ ms: Date.now() - started }, 'import direct finished');
      hooks.checkCancelled?.();
      const t0 = performance.now();
      target.commit();
      log.debug({ ms: Math.round(performance.now() - t0), total: Date.now() - started }, 'import direct commit');
      const columns = (rows.plan as ImportPlan | null)?.stageColumns.map((c) => c.name) ?? [];
      const hidden = new Set((rows.plan as ImportPlan | null)?.hidden ?? []);
      const objects = sample.map((r) => Object.fromEntries([['action', 'insert'], ...columns.map((c, i) => [c, r[i]]).filter(([c]) => !hidden.has(c as string))]) as Record<string, unknown>);
      skuNames(db, objects);
      return { info, outcome: { inserted: rows.staged, updated: 0, unchanged: 0, duplicates: 0, sample: objects } };
    } catch (e) {
      target.rollback();
      throw e;
    }
  };

  // Set by direct() when a writing thread loads (deferCheckpoint).
  const wal: { restore: (() => void) | null } = { restore: null };
  let status = 'failed';
  let outcome: WriteOutcome | null = null;
  let info: SourceInfo | null = null;
  let rows = new ImportRows(ctx);
  let mode: 'direct' | 'staged' = hooks.writeMode !== 'staged' && !p.dryRun && kind.name === 'orders' && directOrdersEligible(db) ? 'direct' : 'staged';
  try {
    hooks.progress?.(0, 1, 'reading');
    // A 0-byte file is said to be empty (it was said to have no header row); the run is recorded as failed, as before.
    refuseEmptyFile(file, lang);
    if (mode === 'direct') {
      try {
        ({ info, outcome } = direct(rows));
      } catch (e) {
        if (!(e instanceof DirectLoadAbandoned)) throw e;
        log.debug({ reason: e.message }, 'import: direct load abandoned, staging instead');
        rows.rejects.discard();
        rows = new ImportRows(ctx);
        mode = 'staged';
      }
    }
    if (mode === 'staged') ({ info, outcome } = await staged(rows));
    status = 'succeeded';
    const s = rows.setup as ColumnSetup;
    const { rejects } = rows;
    const done = outcome as WriteOutcome;
    const read = info as SourceInfo;
    return {
      runId, kind: kind.name, file, format: s.format, encoding: read.encoding, delimiter: read.delimiter, dryRun: p.dryRun, writeMode: mode,
      rowsTotal: rows.rowsTotal, rejected: rejects.count, rejectsFile: rejects.close(), rejects: rejects.list.slice(0, 100), ...done,
      mapping: s.mapping.mapping.map((m) => ({ field: m.field, column: m.column, confidence: m.confidence })), dateFormats: rows.dateFormats,
      durationMs: Date.now() - started,
      newRowsCurrency: currencyNote((rows.plan as ImportPlan | null)?.newRowsCurrency, done.inserted, kind.name, name, lang),
    };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const err = toErrorPayload(e);
    status = err.code === 'cancelled' ? 'cancelled' : 'failed';
    const { rejects } = rows;
    finishImportRun(db, runId, {
      status, rowsTotal: rows.rowsTotal, inserted: 0, updated: 0, unchanged: 0, rejected: rejects.count, rejectsFile: rejects.close(),
      report: { error: { code: err.code, message: err.message, ...(err.texts ? { texts: err.texts } : {}) }, rejects: rejects.list.slice(0, 100) },
    });
    throw e;
  } finally {
    const { rejects } = rows;
    if (status === 'succeeded' && outcome) {
      finishImportRun(db, runId, {
        status, rowsTotal: rows.rowsTotal, inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged, rejected: rejects.count,
        rejectsFile: rejectsPath && rejects.count ? rejectsPath : null,
        report: { format: rows.setup ? (rows.setup as ColumnSetup).format : null, encoding: info?.encoding ?? null, dateFormats: rows.dateFormats, sample: outcome.sample, rejects: rejects.list.slice(0, 100) },
      });
    }
    for (const t of [STAGE, ...((rows.plan as ImportPlan | null)?.extraTables ?? [])]) db.exec(`DROP TABLE IF EXISTS ${t}`);
    db.pragma(`temp_store = ${oldTempStore}`);
    db.pragma(`main.cache_size = ${oldCache}`);
    wal.restore?.();
  }
}

/** What the summary says of the currency new rows took without a currency column (see ImportResult.newRowsCurrency). */
function currencyNote(fill: NewRowsCurrency | undefined, inserted: number, kindName: string, file: string, lang: Lang): ImportResult['newRowsCurrency'] {
  if (!fill) return null;
  const key = fill.storeCurrencies.length ? 'currency_default_mixed' : 'currency_default_none';
  const what = tr(importMessages, lang, kindName === 'orders' ? 'new_orders' : 'new_products');
  const note = !fill.fromStore && inserted > 0 ? tr(importMessages, lang, key, { file, what, currency: fill.currency, currencies: fill.storeCurrencies.join(', ') }) : null;
  return { ...fill, note };
}

/**
 * For a load on the writing thread: this connection's own commits (the run's bookkeeping) sync the WAL and leave the
 * checkpoint alone until the job has reported. Otherwise the first small commit after the load could start copying
 * the load's whole WAL into the store file here (0.5-1 s for 1M lines, seen under load), racing the writing thread's
 * checkpoint, which does that copy after the job has reported (pipe/writer-worker.ts). Returns what puts them back.
 */
function deferCheckpoint(db: Database.Database): () => void {
  const sync = db.pragma('synchronous', { simple: true }) as number;
  const auto = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 0');
  return () => {
    db.pragma(`synchronous = ${sync}`);
    db.pragma(`wal_autocheckpoint = ${auto}`);
  };
}
