/** Workaround: after a tfjs training job the worker thread stays alive (so `desk price ...` never exits); end the thread shortly after the result was posted. */
import { isMainThread } from 'node:worker_threads';

/** In a job's worker thread, ends the thread one second from now (the timer itself does not keep it alive). */
export function releaseWorkerSoon(): void {
  if (isMainThread) return;
  setTimeout(() => process.exit(0), 1000).unref();
}
