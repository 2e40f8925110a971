/**
 * Development: scores ensembles of Transformers trained by dev-member.ts from their stored score rows, combined as the
 * product does (engine/recs/ensemble.ts combineScores), on the validation item; the test item only with --test (after
 * the choice is committed). Prints NDCG@10 / HR@10 (full), coverage and tail share per ensemble and mix.
 * With --tail, also the product's tail control (form and γ chosen on the validation item, as the bench does) and its
 * effect on the test item (only with --test).
 * Usage: npx tsx scripts/recs/dev-ensemble.ts ratings.csv DIR 'SEED,SEED;SEED,SEED,SEED' [--test] [--tail] [--mix=raw|standardised]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRows } from '../../engine/recs/data';
import { combineScores, type EnsembleMix } from '../../engine/recs/ensemble';
import { evaluate, type Protocol } from '../../engine/recs/metrics';
import { leaveLastOut } from '../../engine/recs/split';
import type { History, RecModel } from '../../engine/recs/types';
import { chooseTailControl, measureTailForms, tailRerankerOf } from '../../engine/recs/tail-choice';

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
    const only = process.argv.find((a) => a.startsWith('--mix='))?.slice(6) as EnsembleMix | undefined;
    for (const mix of (only ? [only] : seeds.length > 1 ? ['raw', 'standardised'] : ['raw']) as EnsembleMix[]) {
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
      if (process.argv.includes('--tail') && phase === 'test') {
        // Validation rows are needed to choose the control: the model reads the phase from the history length.
        const valid = new Map<number, Float32Array>();
        const both: RecModel = {
          ...model,
          score: (hs: History[]) => {
            const isValid = hs.every((h) => h.items.length === d.seqs[h.user].length - 2);
            if (!isValid) return model.score(hs);
            return combineScores(seeds.map((s) => {
              let all = valid.get(s);
              if (!all) {
                const b = readFileSync(join(dir, `seed-${s}.valid.f32`));
                valid.set(s, (all = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4)));
              }
              const out = new Float32Array(hs.length * n);
              hs.forEach((h, j) => out.set(all!.subarray((row.get(h.user) as number) * n, ((row.get(h.user) as number) + 1) * n), j * n));
              return out;
            }), hs.length, mix);
          },
        };
        const forms = measureTailForms(both, d, split, 42);
        const choice = chooseTailControl(forms.discount, forms.lift);
        const plain = evaluate(both, d, split, { protocol: 'full', phase: 'test', seed: 42 });
        for (const form of ['discount', 'lift'] as const) {
          const gamma = choice.picks[form].gamma;
          const m = evaluate(both, d, split, { protocol: 'full', phase: 'test', seed: 42, rerank: tailRerankerOf(form, d, split, gamma) });
          process.stdout.write(`  tail ${form} γ=${gamma} (validation: tail ${(100 * choice.picks[form].tailShare).toFixed(1)}% at −${(100 * choice.picks[form].loss).toFixed(1)}%)${choice.form === form ? ' [product form]' : ''}, test: NDCG@10 ${m.ndcg.toFixed(4)} vs ${plain.ndcg.toFixed(4)} (${(100 * (m.ndcg / plain.ndcg - 1)).toFixed(1)}%), tail ${(100 * m.tailShare).toFixed(1)}% vs ${(100 * plain.tailShare).toFixed(1)}%\n`);
        }
      }
    }
  }
}
void main();
