/**
 * Child for the shared-store tests: opens a store, starts a long pricing training (a real job in a worker thread),
 * prints `running JOB_ID` once it reports progress, and keeps working until it is killed.
 * Run: node --import tsx hold-job.ts STORE
 */
import { dirname } from 'node:path';
import { Engine } from '../../engine/engine';
import type { JobProgress } from '../../engine/jobs/types';

const [store] = process.argv.slice(2);
const engine = new Engine({ dataDir: dirname(store), lang: 'en' });
await engine.open(store);
let said = false;
engine.on('job', (p: JobProgress) => {
  if (said || p.status !== 'running' || p.done <= 0) return;
  said = true;
  process.stdout.write(`running ${p.jobId}\n`);
});
await engine.invoke('pricing.train', { category: 'mugs', episodes: 10_000, networks: 1, checkpoints: 1 });
await new Promise(() => undefined);
