// Worker-thread bootstrap for the import's writing thread in development: loads the TypeScript writer through tsx's
// in-thread CommonJS hook (several times faster to start than its ESM hook, which asks a loader thread per module).
// A failure to load is reported through the shared state the reading thread waits on (ring.ts: state 4).
const { workerData } = require('node:worker_threads');

try {
  require('tsx/cjs/api').register();
  require('./writer-worker.ts');
} catch (e) {
  const ctl = new Int32Array(workerData.ring.control);
  workerData.port.postMessage({ kind: 'other', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  Atomics.store(ctl, 2, 4);
  Atomics.notify(ctl, 2);
  Atomics.notify(ctl, 1);
}
