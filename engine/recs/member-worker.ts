/**
 * Worker-thread entry that trains members of a sequential-Transformer ensemble (engine/recs/member-pool.ts starts it):
 * it claims members from the shared control block until none is left or there is no time for one, and sends back each
 * member's serving weights and what its training did. One wasm backend per thread: a second core trains a second member.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cancelledError, claimMember, CTL_CANCEL, trainClaimed } from './member-fit';
import type { PoolThreadEnd } from '../pool-thread';
import type { MemberTask, WorkerMessage } from './member-pool';

const input = workerData as MemberTask;
const port = parentPort;
if (!port) throw new Error('member-worker.ts must run in a worker thread');
const ctl = new Int32Array(input.ctl);
const send = (m: WorkerMessage | PoolThreadEnd, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
try {
  for (let c = claimMember(ctl, input.seeds.length, input.parallel, input.deadline); c; c = claimMember(ctl, input.seeds.length, input.parallel, input.deadline)) {
    const { index } = c;
    let phase = '';
    const { model, fit } = await trainClaimed(ctl, c, input, {
      phase: (p) => {
        if (p !== phase) send({ type: 'phase', index, phase: (phase = p) });
      },
      checkCancelled: () => {
        if (Atomics.load(ctl, CTL_CANCEL) === 1) throw cancelledError();
      },
    });
    try {
      const weights = [];
      for (const { name, tensor } of model.servingWeights()) {
        weights.push({ name, shape: tensor.shape, data: new Float32Array(await tensor.data()) });
        tensor.dispose();
      }
      send({ type: 'member', index, fit, weights }, weights.map((w) => w.data.buffer as ArrayBuffer));
    } finally {
      model.dispose();
    }
  }
  send({ type: 'end' });
} catch (e) {
  send({ type: 'error', message: e instanceof Error ? e.message : String(e), code: (e as { code?: string }).code });
}
