/** The engine: one open store, its jobs, and the single entry point every transport calls. */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { reconcileInterrupted } from './db/reconcile';
import { setTempJournal } from './fs/atomic';
import { cleanStoreLeftovers } from './fs/leftovers';
import { fileTempJournal } from './fs/pending';
import { removeUnusedWeights } from './recs/weights';
import { openStore, type Store } from './db/store';
import { damagedStoreError, isCorrupt } from './db/integrity';
import { apiMessages } from './messages';
import { validateInput } from './api/validate';
import { storeMessages } from './db/messages';
import { both, EngineError, toErrorPayload, type ErrorPayload } from './errors';
import { defaultLang, tr, type Lang } from './i18n';
import { JobManager } from './jobs/manager';
import type { JobProgress } from './jobs/types';
import { log } from './log';
import { ops, type OpName, type OpResult } from './api/ops/index';
import type { OpContext } from './api/contract';
import { CLI_CALLER, type Caller } from './security/path-policy';

/** Result of a call as it crosses a transport. */
export type CallOutcome<R = unknown> = { ok: true; result: R } | { ok: false; error: ErrorPayload };

/** Options for creating an engine. */
export interface EngineOptions {
  /** Folder where the app keeps stores it creates, uploads and exports. */
  dataDir: string;
  lang?: Lang;
}

/** The engine; emits 'job' (JobProgress) and 'store' (store path or null) events. */
export class Engine extends EventEmitter {
  private current: { store: Store; jobs: JobManager } | null = null;
  lang: Lang;

  constructor(public readonly options: EngineOptions) {
    super();
    this.lang = options.lang ?? defaultLang();
  }

  /** Opens a store file (creating it when asked) and makes it current. */
  async open(path: string, opts: { create?: boolean } = {}): Promise<Store> {
    const store = openStore(path, { create: opts.create ?? false });
    await this.close();
    try {
      // Work a stopped process left 'running' did not finish: say so before any new job starts.
      reconcileInterrupted(store.db);
      cleanStoreLeftovers(store.path);
      const unused = removeUnusedWeights(store.db, store.path);
      if (unused.length) log.warn({ removed: unused }, 'removed weights files no run points to');
    } catch (e) {
      store.close();
      // The jobs or runs tables damaged: the store cannot be used, and the message names it.
      if (isCorrupt(e)) throw damagedStoreError(store.path, (e as Error).message);
      throw e;
    }
    // From here on, every file this thread writes anywhere is noted beside the store until it is in place.
    setTempJournal(fileTempJournal(store.path));
    const jobs = new JobManager(store.db, store.path);
    jobs.on('progress', (p: JobProgress) => this.emit('job', p));
    this.current = { store, jobs };
    this.emit('store', store.path);
    log.info({ path }, 'store opened');
    return store;
  }

  /** Closes the current store after cancelling its jobs. */
  async close(): Promise<void> {
    if (!this.current) return;
    const { store, jobs } = this.current;
    this.current = null;
    await jobs.shutdown();
    setTempJournal(null);
    store.close();
    this.emit('store', null);
  }

  /** The open store, or a 'no_store' error. */
  get store(): Store {
    if (!this.current) throw new EngineError('no_store', both(storeMessages, 'no_store'));
    return this.current.store;
  }

  /** True when a store is open. */
  get hasStore(): boolean {
    return this.current !== null;
  }

  /** The job manager of the open store. */
  get jobs(): JobManager {
    if (!this.current) throw new EngineError('no_store', both(storeMessages, 'no_store'));
    return this.current.jobs;
  }

  /**
   * Validates the input against the operation's schema, runs it, and never throws. `caller` says whose request
   * it is: in-process code and the CLI are the owner; transports serving the app window pass `uiCaller(...)`.
   */
  async call(name: string, input: unknown, lang?: Lang, caller: Caller = CLI_CALLER): Promise<CallOutcome> {
    const l = lang ?? this.lang;
    if (!Object.hasOwn(ops, name)) {
      return { ok: false, error: { code: 'not_found', message: tr(apiMessages, l, 'unknown_op', { name }), details: { operation: name } } };
    }
    const op = ops[name as OpName];
    const parsed = validateInput(name, op.input as z.ZodType, input ?? {}, l);
    if (!parsed.ok) return parsed;
    try {
      if (op.needsStore !== false && !this.current) throw new EngineError('no_store', both(storeMessages, 'no_store'));
      const run = op.run as (i: unknown, ctx: OpContext) => unknown;
      const result = await run(parsed.data, { engine: this, lang: l, caller });
      return { ok: true, result: result ?? null };
    } catch (e) {
      // An action that read a damaged page: said naming the store, with what to do.
      const error = toErrorPayload(isCorrupt(e) && this.current ? damagedStoreError(this.current.store.path, (e as Error).message, false) : e, l);
      if (error.code === 'internal') {
        // The id ties what a transport shows the user to the full detail in the log.
        const errorId = randomUUID();
        log.error({ err: e, op: name, errorId }, 'operation failed');
        return { ok: false, error: { ...error, details: { errorId } } };
      }
      return { ok: false, error };
    }
  }

  /** Typed in-process call that throws an EngineError on failure. */
  async invoke<N extends OpName>(name: N, input: unknown = {}): Promise<OpResult<N>> {
    const out = await this.call(name, input);
    if (!out.ok) throw new EngineError(out.error.code, out.error.message, out.error.details);
    return out.result as OpResult<N>;
  }
}
