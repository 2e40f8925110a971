/** `npm run bench -- crash [--kills=64] [--seed=N] [--lines=30000]`: SIGKILL during import, forecast, pricing training and export; checks the store after each. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHILD_OPS } from '../crash/child';
import { killOnce, killPlan, reference, summaryTable, type KillOutcome } from '../crash/harness';
import { makeWorld } from '../crash/world';

function flag(args: string[], name: string, dflt: number): number {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
}

/** Runs the crash benchmark and prints its table. */
export async function run(args: string[]): Promise<void> {
  const kills = flag(args, 'kills', 64);
  const seed = flag(args, 'seed', Date.now() % 1_000_000);
  const lines = flag(args, 'lines', 30_000);
  const dir = mkdtempSync(join(tmpdir(), 'desk-crash-'));
  const t0 = performance.now();
  try {
    process.stdout.write(`seed ${seed} (rerun with --seed=${seed}); ${kills} runs; import of ${lines.toLocaleString('en-US')} order lines\n`);
    const world = makeWorld(dir, { newLines: lines, catalogue: 5000, seed: 1 });
    const ref = await reference(world);
    const { order, random } = killPlan(CHILD_OPS, kills, seed);
    const outcomes: KillOutcome[] = [];
    for (let i = 0; i < order.length; i++) {
      const o = await killOnce(world, order[i], ref, join(dir, `run-${i}`), random);
      outcomes.push(o);
      rmSync(join(dir, `run-${i}`), { recursive: true, force: true });
      const problems = [...(o.integrityOk ? [] : ['INTEGRITY']), ...o.halfWritten, ...(o.stuck ? [`${o.stuck} stuck`] : []), ...o.strays, ...(o.nextOk ? [] : [`next op: ${o.nextError}`])];
      process.stdout.write(`${String(i + 1).padStart(3)} ${o.op.padEnd(8)} ${o.killed ? `killed at ${o.at}` : o.at}${o.reconciled ? `, ${o.reconciled} reconciled` : ''} (${o.seconds.child}+${o.seconds.checks}+${o.seconds.next} s)${problems.length ? `  PROBLEMS: ${problems.join('; ')}` : ''}\n`);
    }
    process.stdout.write(`\n${summaryTable(outcomes)}\n\nseed ${seed}; ${Math.round((performance.now() - t0) / 1000)} s\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
