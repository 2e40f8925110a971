/** API fuzzing benchmark: thousands of random and mutated payloads over every operation through the HTTP transport (`npm run bench -- fuzz-api [--payloads N] [--seed N]`). */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFuzzStore, runApiFuzz } from '../unit/api-fuzz-harness';
import { printTable } from './table';

const flag = (args: string[], name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};

/** Runs the benchmark and prints what was tried and what was found. */
export async function run(args: string[]): Promise<void> {
  const payloads = flag(args, 'payloads') ?? 2000;
  const seed = flag(args, 'seed') ?? 20261202;
  const dir = mkdtempSync(join(tmpdir(), 'desk-fuzz-bench-'));
  try {
    const template = join(dir, 'template.db');
    await makeFuzzStore(template);
    mkdirSync(join(dir, 'run'));
    const r = await runApiFuzz({ dir: join(dir, 'run'), template, payloads, seed });
    const count = (k: string): number => r.findings.filter((f) => f.kind === k).length;
    // Counts print as whole numbers (the table's own format gives decimals to small numbers).
    const row = (metric: string, ours: number | string, target = ''): { metric: string; ours: string; peer: string; peerName: string; ratio: string; target: string } =>
      ({ metric, ours: typeof ours === 'number' ? ours.toLocaleString('en-US') : ours, peer: '—', peerName: '—', ratio: '—', target });
    printTable(`API fuzz: ${payloads} payloads, seed ${seed}, ${r.opsCovered} operations, ${r.seconds.toFixed(0)} s`, [
      row('payloads tried', r.tried, '≥ 2,000'),
      row('sent over HTTP', r.sent),
      row('valid payloads of long jobs not sent', r.skippedValid),
      row('answered 200', r.ok),
      row('answered with a typed error', r.typedErrors),
      row('500 / internal errors', count('500'), '0'),
      row('untyped errors', count('untyped'), '0'),
      row('store changed by a refused call', count('store-changed'), '0'),
      row('no answer (server down or hung)', count('no-answer'), '0'),
      row('PRAGMA integrity_check', r.integrity, 'ok'),
    ]);
    for (const f of r.findings.slice(0, 20)) process.stdout.write(`${f.kind} ${f.op} ${f.body.slice(0, 160)} => ${f.detail.slice(0, 200)}\n`);
    if (r.findings.length) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
