/**
 * Development: where the Transformer loses to co-occurrence on ml-latest-small, on the validation item only. Reads
 * stored Transformer score rows (dev-product.ts / writeScoreRows) and prints NDCG@10 (full) of both by the target's
 * training popularity, by history length and by whether the target was rated in the same second as the item before.
 * Usage: npx tsx scripts/recs/dev-diag.ts ratings.csv DIR SEED
 */
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import { evaluate } from '../../engine/recs/metrics';
import { leaveLastOut } from '../../engine/recs/split';
import { storedScores } from './score-rows';
import { movieLens } from './dev-data';
const [file, dir, seed] = process.argv.slice(2);
const d = await movieLens(file);
const split = leaveLastOut(d);
const cooc = new CooccurrenceModel();
await cooc.fit(split.train);
const seq = storedScores(d, split, dir, Number(seed));
const phase = 'valid' as const;
const a = evaluate(seq, d, split, { protocol: 'full', phase, seed: 42, perUser: true }).userNdcg as Float64Array;
const b = evaluate(cooc, d, split, { protocol: 'full', phase, seed: 42, perUser: true }).userNdcg as Float64Array;
const pop = new Float64Array(d.itemIds.length);
for (const s of split.train.seqs) for (const i of s) pop[i]++;
const sorted = [...pop].sort((x, y) => y - x);
const q = (p: number) => sorted[Math.floor(p * sorted.length)];
const users = split.evalUsers;
const target = (u: number) => d.seqs[u][d.seqs[u].length - 2];
const len = (u: number) => d.seqs[u].length - 2;
const sameTs = (u: number) => { const t = d.times?.[u]; if (!t) return false; const n = t.length; return t[n - 2] === t[n - 3]; };
function bucket(name: string, f: (u: number) => string): void {
  const m = new Map<string, { n: number; a: number; b: number }>();
  users.forEach((u, j) => { const k = f(u); const e = m.get(k) ?? { n: 0, a: 0, b: 0 }; e.n++; e.a += a[j]; e.b += b[j]; m.set(k, e); });
  console.log(name);
  for (const [k, e] of [...m.entries()].sort()) console.log(`  ${k.padEnd(14)} n=${String(e.n).padStart(4)} sasrec ${(e.a / e.n).toFixed(4)} cooc ${(e.b / e.n).toFixed(4)} ratio ${(e.a / Math.max(1e-9, e.b)).toFixed(2)}`);
}
console.log('pop quantiles top1% top10% top20% median', q(0.01), q(0.1), q(0.2), q(0.5));
bucket('target popularity (train count)', (u) => { const c = pop[target(u)]; return c >= q(0.01) ? '1 top1%' : c >= q(0.1) ? '2 top10%' : c >= q(0.2) ? '3 top20%' : '4 tail80%'; });
bucket('history length', (u) => { const l = len(u); return l < 30 ? '1 <30' : l < 100 ? '2 30-99' : l < 300 ? '3 100-299' : '4 300+'; });
bucket('target same second as previous', (u) => (sameTs(u) ? 'same' : 'later'));
