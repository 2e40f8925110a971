/** Worker-thread entry of `desk check`: checks one store file, so that the command can say how far it is meanwhile. */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../errors';
import type { Lang } from '../i18n';
import { checkStoreFile, type CheckPhase, type StoreCheck } from './integrity';

/** What the thread is given. */
export interface CheckWorkerInput {
  path: string;
  lang: Lang;
  dataDir: string;
}

/** What the thread says: each phase as it starts, then the outcome. */
export type CheckWorkerMessage = { type: 'phase'; phase: CheckPhase } | { type: 'result'; result: StoreCheck };

const input = workerData as CheckWorkerInput;
const port = parentPort;
if (!port) throw new Error('check-worker.ts must run in a worker thread');
try {
  const result = checkStoreFile(input.path, { lang: input.lang, dataDir: input.dataDir, onPhase: (phase) => port.postMessage({ type: 'phase', phase } satisfies CheckWorkerMessage) });
  port.postMessage({ type: 'result', result } satisfies CheckWorkerMessage);
  port.postMessage({ type: 'end' });
} catch (e) {
  const err = toErrorPayload(e, input.lang);
  port.postMessage({ type: 'error', message: err.message, code: err.code });
}
