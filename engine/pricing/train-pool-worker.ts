/** Worker-thread entry of the pricing training pool: trains the agents of a slice of the categories, one after another. */
import { parentPort, workerData } from 'node:worker_threads';
import { trainCategory, type CategoryTask } from './train-pool';

interface PoolInput {
  tasks: CategoryTask[];
  cancelFlag: SharedArrayBuffer;
}

const input = workerData as PoolInput;
const flag = new Int32Array(input.cancelFlag);
const port = parentPort;
if (!port) throw new Error('train-pool-worker.ts must run in a worker thread');
try {
  for (let i = 0; i < input.tasks.length; i++) {
    if (Atomics.load(flag, 0) === 1) break;
    const result = await trainCategory(input.tasks[i], (done) => port.postMessage({ type: 'progress', index: i, done }), () => Atomics.load(flag, 0) === 1);
    port.postMessage({ type: 'result', index: i, result });
  }
  port.postMessage({ type: 'end' });
} catch (e) {
  port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
