/**
 * Development: the Transformer + co-occurrence blend with a co-occurrence weight that depends on the length of the
 * customer's history, on stored Transformer score rows (dev-product.ts). Per customer and weight the held-out NDCG@10
 * is computed once; a rule then picks a weight per length bucket on the validation item, and the test item is scored
 * with that choice. Prints validation and test per seed for each bucketing.
 * Usage: npx tsx scripts/recs/dev-gate.ts ratings.csv DIR:SEED[,DIR:SEED…] [--no-test] [--form=mixture]
 * --form=mixture: the product's mixture (default: the standardised blend). Env: MIXTURE=T mixes probabilities
 * (softmax(Transformer / T), co-occurrence over its sum) from the raw scores, ZFIRST=1 from standardised ones (at T = 1
 * that is the product's mixture); GRID=w1,w2,… the weights tried (default 0, 0.05, …, 1).
 */
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import { combineScores, type HybridForm } from '../../engine/recs/hybrid';
import { heldOutNdcgSum } from '../../engine/recs/metrics';
import { historyFor, leaveLastOut } from '../../engine/recs/split';
import { standardise } from '../../engine/recs/tail';
import { storedScores } from './score-rows';
import { movieLens } from './dev-data';

const [file, runs, ...rest] = process.argv.slice(2);
const noTest = rest.includes('--no-test');
const FORM: HybridForm = rest.includes('--form=mixture') ? 'mixture' : 'z';
const d = await movieLens(file);
const split = leaveLastOut(d);
const n = d.itemIds.length;
const cooc = new CooccurrenceModel();
await cooc.fit(split.train);
const W = process.env.GRID ? process.env.GRID.split(',').map(Number) : Array.from({ length: 21 }, (_, i) => i / 20);
const users = split.evalUsers;

/** ndcg[phase][user row][w index], and each customer's history length per phase. */
function table(seq: ReturnType<typeof storedScores>, phase: 'valid' | 'test'): { g: Float64Array; len: Int32Array } {
  const g = new Float64Array(users.length * W.length);
  const len = new Int32Array(users.length);
  users.forEach((u, r) => {
    const h = historyFor(d, u, phase);
    const target = d.seqs[u][h.items.length];
    len[r] = h.items.length;
    const a = seq.score([h]);
    const b = cooc.score([h]);
    if (!process.env.MIXTURE) {
      // The product's forms, as engine/recs/hybrid.ts computes them.
      W.forEach((w, k) => (g[r * W.length + k] = heldOutNdcgSum(combineScores(FORM, a.slice(), b.slice(), 1, w), [h], [target])));
      return;
    }
    // Variants the product does not use: softmax of the Transformer's raw scores (or, with ZFIRST, its standardised
    // ones) at temperature MIXTURE, co-occurrence scores over their sum.
    const T = Number(process.env.MIXTURE);
    if (process.env.ZFIRST) standardise(a, 0, n);
    let mx = -Infinity;
    for (let i = 0; i < n; i++) mx = Math.max(mx, a[i] / T);
    let z = 0;
    for (let i = 0; i < n; i++) z += (a[i] = Math.exp(a[i] / T - mx));
    let zb = 0;
    for (let i = 0; i < n; i++) zb += Math.max(0, b[i]);
    const mix = new Float32Array(n);
    W.forEach((w, k) => {
      for (let i = 0; i < n; i++) mix[i] = (1 - w) * (a[i] / z) + w * (zb > 0 ? Math.max(0, b[i]) / zb : 1 / n);
      g[r * W.length + k] = heldOutNdcgSum(mix, [h], [target]);
    });
  });
  return { g, len };
}

/** Bucket edges by history length (a customer is in the first bucket whose edge exceeds their length). */
const RULES: Record<string, number[]> = {
  global: [Infinity],
  'split 30': [30, Infinity],
  'split 50': [50, Infinity],
  'split 100': [100, Infinity],
  'four: 30/60/150': [30, 60, 150, Infinity],
};
const bucket = (edges: number[], len: number): number => edges.findIndex((e) => len < e);

const rows: string[] = [];
for (const r of runs.split(',')) {
  const [dir, seed] = r.split(':');
  const seq = storedScores(d, split, dir, Number(seed));
  const v = table(seq, 'valid');
  const t = noTest ? null : table(seq, 'test');
  for (const [name, edges] of Object.entries(RULES)) {
    // Per bucket, the weight with the highest validation NDCG sum.
    const pick = edges.map((_, bi) => {
      let best = 0;
      let bestSum = -1;
      W.forEach((_, k) => {
        let s = 0;
        users.forEach((__, ui) => {
          if (bucket(edges, v.len[ui]) === bi) s += v.g[ui * W.length + k];
        });
        if (s > bestSum + 1e-12) {
          bestSum = s;
          best = k;
        }
      });
      return best;
    });
    const score = (x: { g: Float64Array; len: Int32Array }): number => {
      let s = 0;
      users.forEach((_, ui) => (s += x.g[ui * W.length + pick[bucket(edges, x.len[ui])]]));
      return s / users.length;
    };
    const counts = edges.map((_, bi) => Array.from(v.len).filter((l) => bucket(edges, l) === bi).length);
    rows.push(`| ${seed} | ${name} | ${pick.map((k, i) => `${W[k]} (${counts[i]})`).join(', ')} | ${score(v).toFixed(4)} | ${t ? score(t).toFixed(4) : '—'} |`);
  }
  const c = (x: { g: Float64Array }, k: number): string => (users.reduce((a, _, ui) => a + x.g[ui * W.length + k], 0) / users.length).toFixed(4);
  rows.push(`| ${seed} | Transformer alone / co-occurrence alone | — | ${c(v, 0)} / ${c(v, W.length - 1)} | ${t ? `${c(t, 0)} / ${c(t, W.length - 1)}` : '—'} |`);
  console.log(rows.splice(0).join('\n'));
}
