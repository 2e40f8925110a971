/** Short crash run (the long one is `npm run bench -- crash`): SIGKILL a real engine process mid-operation, then check the store. */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CHILD_OPS } from '../crash/child';
import { killOnce, killPlan, reference, summaryTable, type KillOutcome } from '../crash/harness';
import { makeWorld } from '../crash/world';
import { tempDir } from './helpers';

const t = tempDir('desk-crash-');
afterAll(() => t.cleanup());
const SEED = Number(process.env.DESK_CRASH_SEED ?? 20261202);

describe('kill -9 during import, forecast, pricing training and export', () => {
  it(`leaves an intact store, no half-written rows, no stuck runs, no temp files, and the next run works (seed ${SEED})`, async () => {
    const world = makeWorld(t.dir, { newLines: 10_000, catalogue: 2000, seed: 1 });
    const ref = await reference(world);
    const { order, random } = killPlan(CHILD_OPS, CHILD_OPS.length, SEED);
    const outcomes: KillOutcome[] = [];
    for (let i = 0; i < order.length; i++) {
      // An operation that ended before its kill proves little: try it again at a new random point, each time aiming
      // earlier in the run (at most 3 times; on a loaded machine a fast import's progress lines arrive late).
      for (let attempt = 0; attempt < 3; attempt++) {
        const o = await killOnce(world, order[i], ref, join(t.dir, `run-${i}-${attempt}`), random, 0.4 ** attempt);
        outcomes.push(o);
        if (o.killed) break;
      }
    }
    const table = summaryTable(outcomes);
    for (const o of outcomes) {
      const where = `${o.op} (${o.killed ? `killed at ${o.at}` : o.at}; seed ${SEED})\n${table}`;
      expect(o.integrityOk, where).toBe(true);
      expect(o.halfWritten, where).toEqual([]);
      expect(o.stuck, where).toBe(0);
      expect(o.strays, where).toEqual([]);
      expect(o.nextError, where).toBeNull();
    }
    // The kills must land while the work runs, or the test proves nothing.
    expect(new Set(outcomes.filter((o) => o.killed).map((o) => o.op)).size, table).toBeGreaterThanOrEqual(3);
  }, 240_000);
});
