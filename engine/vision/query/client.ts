/**
 * The engine's side of the visual-search worker: one long-lived thread (the models load once, seconds) that detects
 * and embeds query photos, so a search never blocks the engine's other operations.
 */
import { Worker } from 'node:worker_threads';
import { WORKER_FLAGS, workerEntryUrl } from '../../bundle-paths';
import { both, EngineError } from '../../errors';
import type { Lang } from '../../i18n';
import { log } from '../../log';
import { visionMessages } from '../messages';
import type { QueryEmbedding, QueryOptions } from './embed';
import type { QueryReply, QueryRequest } from './messages';

const BOOT_URL = workerEntryUrl('vision-query-worker.mjs', 'vision/query/boot.mjs');

interface Pending {
  resolve: (r: QueryEmbedding) => void;
  reject: (e: Error) => void;
  /** The language the search was asked in (a refusal in both languages is worded in it first). */
  lang: Lang;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(e: Error): void {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
}

function start(): Worker {
  const w = new Worker(BOOT_URL, WORKER_FLAGS);
  w.on('message', (m: QueryReply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref(); // an idle search thread must not keep the process alive
    if (m.ok) p.resolve(m.result);
    // A refusal the worker gave in both languages keeps both (the search screen follows a language switch with it).
    else p.reject(new EngineError(m.error.code, m.error.texts ?? m.error.message, m.error.details, m.error.texts ? p.lang : undefined));
  });
  w.on('error', (e) => {
    log.error({ err: e }, 'visual search worker failed');
    if (worker === w) worker = null;
    failAll(e);
  });
  w.on('exit', (code) => {
    if (worker === w) worker = null;
    // A typed error the window can show (an internal one would reach it as a generic message).
    failAll(new EngineError('cancelled', both(visionMessages, 'search_stopped', { code })));
  });
  w.unref();
  return w;
}

/** Detects and embeds a query photo in the visual-search worker thread (started on first use). */
export function embedInWorker(image: Buffer, opts: QueryOptions, lang: Lang): Promise<QueryEmbedding> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise<QueryEmbedding>((resolve, reject) => {
    pending.set(id, { resolve, reject, lang });
    w.ref();
    // A copy of the bytes travels (the caller's Buffer may be a view into a shared pool).
    const msg: QueryRequest = { id, image: new Uint8Array(image), opts, lang };
    w.postMessage(msg);
  });
}

/** Searches waiting for the worker's answer. */
export function pendingQueries(): number {
  return pending.size;
}

/** Stops the worker (pending searches fail); the next search starts a fresh one. */
export async function stopQueryWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
