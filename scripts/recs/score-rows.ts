/** Development: writes a trained model's score rows for the validation and test histories (dev-member.ts, dev-product.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFor, type Split } from '../../engine/recs/split';
import type { History, Interactions, RecModel } from '../../engine/recs/types';

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

/** A model that answers with the score rows writeScoreRows stored (the history tells validation from test). */
export function storedScores(d: Interactions, split: Split, dir: string, seed: number): RecModel {
  const n = d.itemIds.length;
  const row = new Map(split.evalUsers.map((u, i) => [u, i]));
  const load = (phase: string): Float32Array => {
    const b = readFileSync(join(dir, `seed-${seed}.${phase}.f32`));
    return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  };
  const valid = load('valid');
  const test = load('test');
  return {
    name: 'stored',
    fit: async () => {},
    dispose: () => {},
    score: (hs: History[]) => {
      const out = new Float32Array(hs.length * n);
      hs.forEach((h, j) => {
        const src = h.items.length === d.seqs[h.user].length - 2 ? valid : test;
        const r = row.get(h.user) as number;
        out.set(src.subarray(r * n, (r + 1) * n), j * n);
      });
      return out;
    },
  };
}
