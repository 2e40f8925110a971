/**
 * A child process the crash harness kills: opens the engine on a store, prints `started`, runs one operation
 * (printing `progress DONE TOTAL` for jobs) and prints `done` at the end. Run: node --import tsx child.ts OP STORE ARG.
 */
import { dirname } from 'node:path';
import { Engine } from '../../engine/engine';
import type { JobProgress } from '../../engine/jobs/types';

/** The operations the harness knows, with the parameters a kill run uses. */
export const CHILD_OPS = ['import', 'first-import', 'first-import-piped', 'forecast', 'pricing', 'export'] as const;
/** The environment that sends a first orders import of any size through the writing thread (`first-import-piped`). */
export const PIPE_ENV = { DESK_IMPORT_PIPE_MIN_BYTES: '1' } as const;

/** One of them. */
export type ChildOp = (typeof CHILD_OPS)[number];

/** Runs `op` on an open engine to the end (shared with the harness's "next operation" check). */
export async function runOp(engine: Engine, op: ChildOp, arg: string): Promise<void> {
  const job = async (name: 'import.run' | 'forecast.run' | 'pricing.train', input: Record<string, unknown>): Promise<void> => {
    const j = (await engine.invoke(name, input)) as { jobId: string };
    const done = await engine.jobs.wait(j.jobId, 0);
    if (done.status !== 'succeeded') throw new Error(`${name} ${done.status}: ${done.error?.message ?? ''}`);
  };
  switch (op) {
    case 'import':
    case 'first-import': // the same file into a store without orders: the direct load (engine/import/orders-direct.ts)
    case 'first-import-piped': // the same, written by a second thread (engine/import/pipe/); PIPE_ENV makes any file take it
      return job('import.run', { kind: 'orders', path: arg });
    case 'forecast':
      return job('forecast.run', { model: 'auto', horizon: 14, folds: 1, workers: 1 });
    case 'pricing':
      return job('pricing.train', { category: 'mugs', episodes: 8, networks: 1, checkpoints: 1 });
    case 'export':
      await engine.invoke('export.run', { format: 'csv', path: arg });
      return;
  }
}

async function main(): Promise<void> {
  const [op, store, arg] = process.argv.slice(2) as [ChildOp, string, string];
  if (op === 'first-import-piped') Object.assign(process.env, PIPE_ENV);
  const engine = new Engine({ dataDir: dirname(store), lang: 'en' });
  await engine.open(store);
  engine.on('job', (p: JobProgress) => process.stdout.write(`progress ${p.done} ${p.total}\n`));
  process.stdout.write('started\n');
  await runOp(engine, op, arg);
  await engine.close();
  process.stdout.write('done\n');
}

if (process.argv[1] && /child\.ts$/.test(process.argv[1])) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(2);
  });
}
