/**
 * Starting the import's writing thread ahead of time. A job worker that is about to run a large orders import starts
 * the writer as its first step, so the thread's start (a new V8 isolate, the writer's module and better-sqlite3, the
 * store's connection: ~70 ms on the 2-core machine, more under load) overlaps with the job worker opening the store
 * and loading the import code, instead of holding up the first row. The thread waits (Ctl.go) before it takes the
 * write lock, so the job's own writes (the run's record) go on meanwhile. A writer nobody takes is told to stop.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { WORKER_FLAGS, workerEntryUrl } from '../../bundle-paths';
import { Command, Ctl, allocRing, type RingBuffers } from './ring';
import type { WriterData } from './writer-worker';

// The bundled writer, or in development a plain-JS bootstrap that loads writer-worker.ts through tsx in the thread.
const WRITER_URL = workerEntryUrl('import-writer-worker.mjs', 'import/pipe/writer-boot.cjs');

/** Smallest file that goes through the writing thread (see direct-target.ts, where it is explained). */
export const pipeLimits = { minBytes: Number(process.env.DESK_IMPORT_PIPE_MIN_BYTES || 16 << 20) };

/** A started writing thread: its store, shared memory and message port. */
export interface WriterHandle {
  storePath: string;
  ring: RingBuffers;
  port: MessagePort;
}

/** Starts a writing thread for the store at `storePath`; it waits for Ctl.go before taking the lock. */
export function startWriter(storePath: string): WriterHandle {
  const ring = allocRing();
  const { port1, port2 } = new MessageChannel();
  const data: WriterData = { storePath, ring, port: port2 };
  // A small young generation: what the writer allocates (decoded strings, bound values) dies young; 2 MB instead of
  // 8 took its heap from 21 to 14 MB on the 1M-line bench file.
  const worker = new Worker(WRITER_URL, { ...WORKER_FLAGS, workerData: data, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 2 } });
  // Its end is followed through the shared state; an 'error' event must not become an uncaught exception here.
  worker.on('error', () => undefined);
  worker.unref();
  return { storePath, ring, port: port1 };
}

let spare: WriterHandle | null = null;

/**
 * Starts a writer ahead of an import job whose raw parameters ask for an orders file large enough for the writing
 * thread (two cores or more). Anything unexpected in the parameters: no writer (the job validates them itself).
 */
export function prewarmImportWriter(storePath: string, params: unknown): void {
  try {
    if (spare || availableParallelism() < 2 || typeof params !== 'object' || params === null) return;
    const p = params as { kind?: unknown; path?: unknown; dryRun?: unknown };
    if (p.kind !== 'orders' || typeof p.path !== 'string' || p.dryRun === true) return;
    if (statSync(resolve(p.path)).size < pipeLimits.minBytes) return;
    spare = startWriter(resolve(storePath));
  } catch {
    spare = null;
  }
}

/** The writer started ahead for this store, if any (each is taken once). */
export function takePrewarmedWriter(storePath: string): WriterHandle | null {
  const w = spare;
  if (!w || w.storePath !== resolve(storePath)) return null;
  spare = null;
  return w;
}

/** Tells a writer started ahead and never taken to stop (it holds no lock: it never got Ctl.go). */
export function releasePrewarmedWriter(): void {
  const w = spare;
  spare = null;
  if (!w) return;
  const ctl = new Int32Array(w.ring.control);
  Atomics.store(ctl, Ctl.command, Command.abort);
  Atomics.notify(ctl, Ctl.go);
  Atomics.notify(ctl, Ctl.command);
  w.port.close();
}
