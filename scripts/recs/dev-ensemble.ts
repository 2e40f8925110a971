/**
 * Development: scores ensembles of Transformers trained by dev-member.ts from their stored score rows, combined as the
 * product does (engine/recs/ensemble.ts combineScores), on the validation item; the test item only with --test (after
 * the choice is committed). Prints NDCG@10 / HR@10 (full), coverage and tail share per ensemble and mix.
 * Usage: npx tsx scripts/recs/dev-ensemble.ts ratings.csv DIR 'SEED,SEED;SEED,SEED,SEED' [--test]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRows } from '../../engine/recs/data';
import { combineScores, type EnsembleMix } from '../../engine/recs/ensemble';
import { evaluate, type Protocol } from '../../engine/recs/metrics';
import { leaveLastOut } from '../../engine/recs/split';
import type { History, RecModel } from '../../engine/recs/types';

async function main(): Promise<void> {
  const [file, dir, sets] = process.argv.slice(2);
  const phase = process.argv.includes('--test') ? 'test' : 'valid';
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const d = fromRows(rows, { user: 0, item: 1, time: 3 });
  const split = leaveLastOut(d);
  const n = d.itemIds.length;
  const row = new Map(split.evalUsers.map((u, i) => [u, i]));
  const cache = new Map<number, Float32Array>();
  const load = (seed: number): Float32Array => {
    let a = cache.get(seed);
    if (!a) {
      const b = readFileSync(join(dir, `seed-${seed}.${phase}.f32`));
      a = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
      cache.set(seed, a);
    }
    return a;
  };
  for (const set of sets.split(';')) {
    const seeds = set.split(',').map(Number);
    for (const mix of (seeds.length > 1 ? ['raw', 'standardised'] : ['raw']) as EnsembleMix[]) {
      const model: RecModel = {
        name: 'stored',
        fit: async () => {},
        dispose: () => {},
        score: (hs: History[]) => combineScores(seeds.map((s) => {
          const all = load(s);
          const out = new Float32Array(hs.length * n);
          hs.forEach((h, j) => out.set(all.subarray((row.get(h.user) as number) * n, ((row.get(h.user) as number) + 1) * n), j * n));
          return out;
        }), hs.length, mix),
      };
      const line: string[] = [];
      for (const protocol of (phase === 'test' ? ['full', 'sampled100'] : ['full']) as Protocol[]) {
        const m = evaluate(model, d, split, { protocol, phase, seed: 42 });
        line.push(`${protocol}: NDCG@10 ${m.ndcg.toFixed(4)} HR@10 ${m.hr.toFixed(4)}${protocol === 'full' ? ` coverage ${(100 * m.coverage).toFixed(1)}% tail ${(100 * m.tailShare).toFixed(1)}%` : ''}`);
      }
      process.stdout.write(`${phase} [${seeds.join(',')}] ${mix}: ${line.join('; ')}\n`);
    }
  }
}
void main();
