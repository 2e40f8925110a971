/** Types shared by the job manager, its worker threads and the job kinds. */
import type Database from 'better-sqlite3';
import type { Bilingual } from '../errors';
import type { Lang } from '../i18n';

/** Where a job stands. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The progress event every client receives: `{ jobId, done, total, phase, etaSeconds }` and more. */
export interface JobProgress {
  jobId: string;
  kind: string;
  status: JobStatus;
  done: number;
  total: number;
  phase: string | null;
  /**
   * The phase in both languages, when the job gives both: a job started in one language and watched after the user
   * switched (a background training, say) is shown in the UI's language. `phase` is the job's own language.
   */
  phases?: Bilingual | null;
  etaSeconds: number | null;
}

/** A job as stored and returned by the API. */
export interface JobRecord extends JobProgress {
  params: unknown;
  result: unknown;
  error: { code: string; message: string; details?: unknown; texts?: Bilingual } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** What a job kind's run function receives. */
export interface JobContext {
  jobId: string;
  /** Path of the store the job works on. */
  storePath: string;
  /** A connection of the job's own (opened in the worker thread). */
  db: Database.Database;
  lang: Lang;
  /** Report progress; cheap to call often (throttled). A phase in both languages reaches each client in its own. */
  progress(done: number, total: number, phase?: string | Bilingual): void;
  /** True once cancellation was asked for. */
  readonly cancelled: boolean;
  /** Throws a 'cancelled' EngineError when cancellation was asked for. */
  checkCancelled(): void;
}

/** A job kind: runs with its params and returns a JSON-serialisable result. */
export type JobRunner = (params: unknown, ctx: JobContext) => Promise<unknown>;

/** Messages from a worker thread to the manager. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; phase: string | null; phases: Bilingual | null }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: { code: string; message: string; details?: unknown; texts?: Bilingual } };

/** Messages from the manager to a worker thread. */
export type ManagerMessage = { type: 'cancel' };
