// Worker-thread bootstrap for the import's writing thread: registers tsx in this thread, then loads the TypeScript
// writer. A failure to load is reported through the shared state the reading thread waits on (ring.ts: state 4).
import { workerData } from 'node:worker_threads';

try {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./writer-worker.ts');
} catch (e) {
  const ctl = new Int32Array(workerData.ring.control);
  workerData.port.postMessage({ kind: 'other', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  Atomics.store(ctl, 2, 4);
  Atomics.notify(ctl, 2);
  Atomics.notify(ctl, 1);
}
