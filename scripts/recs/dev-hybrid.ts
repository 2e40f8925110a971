/**
 * Development: the Transformer + co-occurrence hybrid on stored Transformer score rows (dev-product.ts), the
 * co-occurrence weight chosen on the validation item; the test item only for the Transformer alone, co-occurrence
 * alone and the chosen weight.
 * Usage: npx tsx scripts/recs/dev-hybrid.ts ratings.csv DIR:SEED[,DIR:SEED…] [--shrink=S] [--z] (--z: the standardised-score
 * form used before 2026-12-05; default the mixture)
 */
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import { hybridWeights, HybridModel, type HybridForm } from '../../engine/recs/hybrid';
import { evaluate } from '../../engine/recs/metrics';
import { leaveLastOut } from '../../engine/recs/split';
import { storedScores } from './score-rows';
import { movieLens } from './dev-data';

const [file, runs, ...rest] = process.argv.slice(2);
const FORM: HybridForm = rest.includes('--z') ? 'z' : 'mixture';
const shrink = Number(rest.find((a) => a.startsWith('--shrink='))?.split('=')[1] ?? 0);
const d = await movieLens(file);
const split = leaveLastOut(d);
const cooc = new CooccurrenceModel(5, 20, shrink);
await cooc.fit(split.train);
const ndcg = (m: Parameters<typeof evaluate>[0], phase: 'valid' | 'test'): number => evaluate(m, d, split, { protocol: 'full', phase, seed: 42 }).ndcg;
const coocTest = ndcg(cooc, 'test');
console.log(`co-occurrence (shrink ${shrink}): valid ${ndcg(cooc, 'valid').toFixed(4)} test ${coocTest.toFixed(4)}`);
console.log('| seed | Transformer test | hybrid w (valid NDCG per w) | hybrid test | hybrid / co-occurrence |');
for (const r of runs.split(',')) {
  const [dir, seed] = r.split(':');
  const seq = storedScores(d, split, dir, Number(seed));
  const valid = hybridWeights(FORM).map((w) => ({ w, v: ndcg(new HybridModel(seq, cooc, w, FORM), 'valid') }));
  const best = valid.reduce((a, b) => (b.v > a.v ? b : a));
  const t = ndcg(new HybridModel(seq, cooc, best.w, FORM), 'test');
  console.log(`| ${seed} | ${ndcg(seq, 'test').toFixed(4)} | ${best.w} (${valid.map((x) => x.v.toFixed(4)).join(' ')}) | ${t.toFixed(4)} | ${(t / coocTest).toFixed(2)}x |`);
}
