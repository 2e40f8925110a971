/**
 * A worker thread of a training pool (pricing agents, recommendation ensemble members), followed to its end: it says
 * 'end' when its work is done or 'error' with a message; every other message goes to the caller. Starting it and
 * reading its end was written out in each pool before.
 */
import { Worker } from 'node:worker_threads';
import { WORKER_FLAGS } from './bundle-paths';

/** The two messages a pool thread ends with. */
export type PoolThreadEnd = { type: 'end' } | { type: 'error'; message: string; code?: string };

/**
 * Starts the thread at `url` with `workerData`. `done` resolves on 'end' and rejects on 'error' (with its code, e.g.
 * 'cancelled'), an uncaught exception, or an exit before either (`what` names the thread in that message); the thread is
 * terminated once it has ended. `worker` is there to terminate it earlier.
 */
export function startPoolThread<M extends { type: string }>(url: URL, workerData: unknown, what: string, onMessage: (m: M) => void): { worker: Worker; done: Promise<void> } {
  const worker = new Worker(url, { ...WORKER_FLAGS, workerData });
  const done = new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    worker.on('message', (m: M | PoolThreadEnd) => {
      if (m.type === 'end') finish();
      else if (m.type === 'error') {
        const e = m as Extract<PoolThreadEnd, { type: 'error' }>;
        finish(Object.assign(new Error(e.message), e.code ? { code: e.code } : {}));
      } else onMessage(m as M);
    });
    worker.on('error', (e) => finish(e));
    worker.on('exit', (code) => finish(new Error(`${what} stopped (exit code ${code})`)));
  });
  return { worker, done };
}
