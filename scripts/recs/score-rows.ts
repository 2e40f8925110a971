/** Development: writes a trained model's score rows for the validation and test histories (dev-member.ts, dev-product.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFor, type Split } from '../../engine/recs/split';
import type { Interactions, RecModel } from '../../engine/recs/types';

/** OUT/seed-N.valid.f32 and .test.f32: Float32, customers × items, in split.evalUsers order. */
export function writeScoreRows(model: RecModel, d: Interactions, split: Split, out: string, seed: number): void {
  const n = d.itemIds.length;
  for (const phase of ['valid', 'test'] as const) {
    const all = new Float32Array(split.evalUsers.length * n);
    for (let b = 0; b < split.evalUsers.length; b += 128) {
      const hs = split.evalUsers.slice(b, b + 128).map((u) => historyFor(d, u, phase));
      all.set(model.score(hs), b * n);
    }
    writeFileSync(join(out, `seed-${seed}.${phase}.f32`), Buffer.from(all.buffer));
  }
}
