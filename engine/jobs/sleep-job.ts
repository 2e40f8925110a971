/** A diagnostic job that ticks for a while; used to check progress and cancellation end to end. */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { withAtomicPath } from '../fs/atomic';
import type { JobRunner } from './types';

const Params = z.object({
  steps: z.number().int().min(1).max(10_000).default(10),
  stepMs: z.number().int().min(0).max(10_000).default(50),
  /** A first phase of this long before the ticks (as an index build makes thumbnails before it counts photos). */
  warmupMs: z.number().int().min(0).max(60_000).default(0),
  /**
   * After the ticks, starts writing a file at `path` (its temporary file beside it) and runs on synchronously for `ms`
   * without looking at cancellation, as a long synchronous write does: what the manager's force-stop meets.
   */
  holdWrite: z.object({ path: z.string().min(1), ms: z.number().int().min(0).max(120_000) }).optional(),
});

/** After an optional warm-up phase, ticks `steps` times, `stepMs` apart, writing one settings row per step so cancellation can be seen to roll back; then the optional held write. */
export const runSleepJob: JobRunner = async (raw, ctx) => {
  const p = Params.parse(raw);
  if (p.warmupMs) {
    ctx.progress(0, 1, 'warming up');
    await new Promise((r) => setTimeout(r, p.warmupMs));
    ctx.progress(1, 1, 'warming up');
  }
  for (let i = 0; i < p.steps; i++) {
    ctx.checkCancelled();
    await new Promise((r) => setTimeout(r, p.stepMs));
    ctx.progress(i + 1, p.steps, 'ticking');
  }
  if (p.holdWrite) {
    const { path, ms } = p.holdWrite;
    await withAtomicPath(path, (tmp) => {
      writeFileSync(tmp, 'sku,qty\n');
      ctx.progress(0, 1, 'writing');
      const end = Date.now() + ms;
      while (Date.now() < end) {
        // Busy, as a serialiser or a big synchronous write is: the cancel flag is not read, the event loop does not turn.
      }
    });
  }
  return { steps: p.steps };
};
