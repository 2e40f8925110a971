/** Worker-thread entry: opens its own store connection, runs one job, reports progress. */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../db/store';
import { damagedStoreError, isCorrupt } from '../db/integrity';
import { setTempJournal } from '../fs/atomic';
import { fileTempJournal } from '../fs/pending';
import { apiMessages } from '../messages';
import { both, EngineError, toErrorPayload } from '../errors';
import type { Lang } from '../i18n';
import { log } from '../log';
import { jobPrewarm, loadJobRunner, releasePrewarmed } from './registry';
import type { JobContext, ManagerMessage, WorkerMessage } from './types';

interface WorkerInput {
  jobId: string;
  kind: string;
  params: unknown;
  storePath: string;
  lang: Lang;
  /** Int32 flag shared with the manager: 1 once cancellation was asked (readable inside sync loops). */
  cancelFlag: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

const flag = new Int32Array(input.cancelFlag);
let cancelledByMessage = false;
port.on('message', (m: ManagerMessage) => {
  if (m.type === 'cancel') cancelledByMessage = true;
});
const isCancelled = (): boolean => cancelledByMessage || Atomics.load(flag, 0) === 1;

function post(m: WorkerMessage): void {
  port?.postMessage(m);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  jobPrewarm[input.kind]?.(input.params, input.storePath);
  const store = openStore(input.storePath, { create: false, backup: false });
  setTempJournal(fileTempJournal(input.storePath));
  log.debug({ kind: input.kind, ms: Math.round(performance.now() - t0) }, 'job worker: store open');
  let last = 0;
  let lastPhase: string | null = null;
  const ctx: JobContext = {
    jobId: input.jobId,
    storePath: input.storePath,
    db: store.db,
    lang: input.lang,
    progress(done, total, phase) {
      const now = Date.now();
      const text = typeof phase === 'object' ? phase[input.lang] : (phase ?? null);
      // Throttled, but a new phase is always reported so every phase reaches the progress bar.
      if (now - last < 100 && done < total && text === lastPhase) return;
      last = now;
      lastPhase = text;
      post({ type: 'progress', done, total, phase: text, phases: typeof phase === 'object' ? phase : null });
    },
    get cancelled() {
      return isCancelled();
    },
    checkCancelled() {
      if (isCancelled()) throw new EngineError('cancelled', both(apiMessages, 'cancelled'), undefined, input.lang);
    },
  };
  try {
    const runner = await loadJobRunner(input.kind);
    log.debug({ kind: input.kind, ms: Math.round(performance.now() - t0) }, 'job worker: store open, runner loaded');
    const result = await runner(input.params, ctx);
    log.debug({ kind: input.kind, ms: Math.round(performance.now() - t0) }, 'job worker: done');
    post({ type: 'done', result: result ?? null });
  } finally {
    setTempJournal(null);
    store.close();
  }
}

main()
  // A job that read a damaged page says so naming the store, as the engine's own operations do.
  .catch((e: unknown) => post({ type: 'error', error: toErrorPayload(isCorrupt(e) ? damagedStoreError(input.storePath, (e as Error).message, false) : e, input.lang) }))
  .finally(() => {
    releasePrewarmed(); // a writer an import started ahead and did not use (also where the store did not open)
    port.unref(); // nothing more to receive: let the thread end
  });
