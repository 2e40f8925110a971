/** Runs long work as jobs in worker threads: ids at once, progress events, cancellation, stored outcome. */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { apiMessages } from '../messages';
import { both, EngineError, toErrorPayload } from '../errors';
import type { Lang } from '../i18n';
import { log } from '../log';
import { removeThreadPending } from '../fs/leftovers';
import { jobWorkerLimits } from './registry';
import { WORKER_FLAGS, workerEntryUrl } from '../bundle-paths';
import type { JobProgress, JobRecord, JobStatus, ManagerMessage, WorkerMessage } from './types';

// The bundled worker, or in development a plain-JS bootstrap that loads worker.ts through tsx in the worker thread.
const WORKER_URL = workerEntryUrl('job-worker.mjs', 'jobs/worker-boot.mjs');

/** Options for starting a job. */
export interface StartOptions {
  lang?: Lang;
}

interface Running {
  worker: Worker;
  flag: Int32Array;
  startedMs: number;
  /** Where the time left is counted from: the job's start, or where its count last started over (a new phase's count). */
  countFrom: { ms: number; done: number };
  record: JobRecord;
  settle: Promise<JobRecord>;
}

interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  params: string;
  done: number;
  total: number;
  phase: string | null;
  result: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function rowToRecord(r: JobRow): JobRecord {
  return {
    jobId: r.id,
    kind: r.kind,
    status: r.status,
    done: r.done,
    total: r.total,
    phase: r.phase,
    etaSeconds: null,
    params: JSON.parse(r.params) as unknown,
    result: r.result ? (JSON.parse(r.result) as unknown) : null,
    error: r.error ? (JSON.parse(r.error) as JobRecord['error']) : null,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** The job manager of one open store; emits 'progress' with JobProgress on every change. */
export class JobManager extends EventEmitter {
  private running = new Map<string, Running>();
  /** Finished jobs whose outcome is not stored yet (the write lock held elsewhere, or the jobs table damaged). */
  private unrecorded = new Map<string, JobRecord>();

  constructor(
    private readonly db: Database.Database,
    private readonly storePath: string,
  ) {
    super();
    // Jobs a stopped app left running are marked failed by reconcileInterrupted (engine/db/reconcile.ts) on open; each row
    // names this process (owner_pid), so another process opening the store meanwhile leaves them alone.
  }

  /** Starts a job in a worker thread and returns its record at once. */
  start(kind: string, params: unknown, opts: StartOptions = {}): JobRecord {
    const jobId = randomUUID();
    const now = new Date().toISOString();
    this.db
      .prepare(`INSERT INTO jobs (id, kind, status, params, created_at, started_at, owner_pid) VALUES (?, ?, 'running', ?, ?, ?, ?)`)
      .run(jobId, kind, JSON.stringify(params ?? {}), now, now, process.pid);
    const flagBuf = new SharedArrayBuffer(4);
    const worker = new Worker(WORKER_URL, {
      ...WORKER_FLAGS,
      workerData: { jobId, kind, params, storePath: this.storePath, lang: opts.lang ?? 'en', cancelFlag: flagBuf },
      resourceLimits: jobWorkerLimits[kind],
    });
    // Read now: once the thread has ended, worker.threadId is -1.
    const threadId = worker.threadId;
    const record: JobRecord = {
      jobId, kind, status: 'running', done: 0, total: 0, phase: null, etaSeconds: null,
      params: params ?? {}, result: null, error: null, createdAt: now, startedAt: now, finishedAt: null,
    };
    const settle = new Promise<JobRecord>((resolve) => {
      let finished = false;
      const finish = (status: JobStatus, result: unknown, error: JobRecord['error']): void => {
        if (finished) return;
        finished = true;
        record.status = status;
        record.result = result ?? null;
        record.error = error;
        record.finishedAt = new Date().toISOString();
        record.etaSeconds = 0;
        if (status === 'succeeded') record.done = record.total = Math.max(record.total, record.done, 1);
        // Answered from memory until stored: a follower asking meanwhile must not read the row's 'running'.
        this.unrecorded.set(jobId, record);
        this.recordOutcome(jobId, record, status, error);
        this.running.delete(jobId);
        this.emitProgress(record);
        resolve({ ...record });
      };
      worker.on('message', (m: WorkerMessage) => {
        switch (m.type) {
          case 'progress': {
            // A count that starts over (another total, or fewer done than before) is a new phase: its time left is
            // measured from there. Measured from the job's start, the index build's 'computing image features · 8 of
            // 903' said 'about 52 min left' for a four-minute phase, the half minute of thumbnails before it counted in.
            if (m.total !== record.total || m.done < record.done) run.countFrom = { ms: Date.now(), done: m.done };
            record.done = m.done;
            record.total = m.total;
            record.phase = m.phase;
            record.phases = m.phases;
            const elapsed = (Date.now() - run.countFrom.ms) / 1000;
            const counted = m.done - run.countFrom.done;
            record.etaSeconds = counted > 0 && m.total > m.done ? Math.round((elapsed / counted) * (m.total - m.done)) : null;
            // Progress lives in memory while the job runs: the worker may hold the write lock for a long
            // transaction, and the API thread must never wait on it. The outcome is stored at the end.
            this.emitProgress(record);
            break;
          }
          case 'done':
            finish('succeeded', m.result, null);
            void worker.terminate(); // a finished worker must not keep the process alive
            break;
          case 'error':
            finish(m.error.code === 'cancelled' ? 'cancelled' : 'failed', null, m.error);
            void worker.terminate();
            break;
        }
      });
      const lang = opts.lang ?? 'en';
      worker.on('error', (e) => finish('failed', null, toErrorPayload(e, lang)));
      worker.on('exit', (code) => {
        // A worker ended by force (cancel's 5 s, a memory limit) never ran its finally blocks: the half-written file
        // it noted beside its destination goes now, before the job says it stopped, not at the app's next start.
        this.removeThreadLeftovers(jobId, threadId);
        // Both languages kept, so a screen showing the outcome can follow a language switch.
        if (Atomics.load(run.flag, 0) === 1) finish('cancelled', null, new EngineError('cancelled', both(apiMessages, 'cancelled'), undefined, lang).toPayload(lang));
        else finish('failed', null, new EngineError('internal', both(apiMessages, 'worker_stopped', { code }), undefined, lang).toPayload(lang));
      });
    });
    const run: Running = { worker, flag: new Int32Array(flagBuf), startedMs: Date.now(), countFrom: { ms: Date.now(), done: 0 }, record, settle };
    this.running.set(jobId, run);
    this.emitProgress(record);
    return { ...record };
  }

  /** Removes what an ended worker thread left half-written (see removeThreadPending). Never throws. */
  private removeThreadLeftovers(jobId: string, threadId: number): void {
    if (this.storePath === ':memory:' || this.storePath === '') return;
    try {
      const removed = removeThreadPending(this.storePath, threadId);
      if (removed.length) log.warn({ jobId, removed }, 'removed temporary files left by a stopped job');
    } catch (e) {
      log.warn({ err: e, jobId }, 'could not remove temporary files left by a stopped job');
    }
  }

  /** Stores a finished job's outcome; retries briefly if another connection still holds the write lock. */
  private recordOutcome(jobId: string, record: JobRecord, status: JobStatus, error: JobRecord['error'], attempt = 0): void {
    try {
      this.db
        .prepare(`UPDATE jobs SET status = ?, done = ?, total = ?, phase = ?, result = ?, error = ?, finished_at = ? WHERE id = ?`)
        .run(status, record.done, record.total, record.phase, JSON.stringify(record.result), error ? JSON.stringify(error) : null, record.finishedAt, jobId);
      this.unrecorded.delete(jobId);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY' && attempt < 20) {
        setTimeout(() => this.recordOutcome(jobId, record, status, error, attempt + 1), 250).unref();
        return;
      }
      log.error({ err: e, jobId }, 'could not record job outcome');
    }
  }

  private emitProgress(r: JobRecord): void {
    const p: JobProgress = { jobId: r.jobId, kind: r.kind, status: r.status, done: r.done, total: r.total, phase: r.phase, phases: r.phases ?? null, etaSeconds: r.etaSeconds };
    this.emit('progress', p);
  }

  /** A job by id, or null. */
  get(jobId: string): JobRecord | null {
    const live = this.running.get(jobId);
    if (live) return { ...live.record };
    const held = this.unrecorded.get(jobId);
    if (held) return { ...held };
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
    return row ? rowToRecord(row) : null;
  }

  /** A job by id, or a 'not_found' error. */
  getOrThrow(jobId: string): JobRecord {
    const j = this.get(jobId);
    if (!j) throw new EngineError('not_found', both(apiMessages, 'no_job', { id: jobId }), { jobId });
    return j;
  }

  /** Recent jobs, newest first. */
  list(limit = 50, kind?: string): JobRecord[] {
    const rows = (kind
      ? this.db.prepare('SELECT * FROM jobs WHERE kind = ? ORDER BY created_at DESC LIMIT ?').all(kind, limit)
      : this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?').all(limit)) as JobRow[];
    return rows.map((r) => this.running.get(r.id)?.record ?? this.unrecorded.get(r.id) ?? rowToRecord(r));
  }

  /** Asks a job to stop; the worker is ended if it does not stop within 5 s. */
  cancel(jobId: string): JobRecord {
    const run = this.running.get(jobId);
    if (!run) return this.getOrThrow(jobId);
    Atomics.store(run.flag, 0, 1);
    run.worker.postMessage({ type: 'cancel' } satisfies ManagerMessage);
    const timer = setTimeout(() => void run.worker.terminate(), 5000);
    timer.unref();
    return { ...run.record };
  }

  /** Resolves when the job finishes, or with its current state after timeoutMs. */
  async wait(jobId: string, timeoutMs = 0): Promise<JobRecord> {
    const run = this.running.get(jobId);
    if (!run) return this.getOrThrow(jobId);
    if (timeoutMs <= 0) return run.settle;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<JobRecord>((resolve) => {
      timer = setTimeout(() => resolve({ ...run.record }), timeoutMs);
    });
    try {
      return await Promise.race([run.settle, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Number of jobs still running. */
  get activeCount(): number {
    return this.running.size;
  }

  /** Cancels everything and waits for the workers to end (used when closing the store). */
  async shutdown(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) this.cancel(r.record.jobId);
    await Promise.all(all.map((r) => r.settle));
  }
}
