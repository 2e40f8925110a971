/**
 * Development: compares forms of the long-tail control on stored score rows of trained Transformers (dev-product.ts),
 * each form's γ picked on the validation item by the product's rule (tail-choice.ts: loss plus one standard error within
 * 5%, the smallest γ reaching 29% with one standard error to spare, else the most tail share), then measured on the test
 * item (only with --test: nothing here is chosen on it).
 * With --report, only the product's own report instead (engine/recs/tail-choice.ts tailReport: every form measured and
 * the choice made on the validation item, its effect measured on the test item), as `desk recs evaluate` computes it.
 * Usage: npx tsx scripts/recs/dev-tail.ts ratings.csv DIR SEED[,SEED…] [--test] [--forms=a,b] [--report]
 */
import { evaluateVariants, topK, type EvalVariant, type Rerank } from '../../engine/recs/metrics';
import { leaveLastOut, type Split } from '../../engine/recs/split';
import { bootstrapSe, chooseTailControl, fitTemperature as productTemperature, liftedItems, tailReport, type TailEffect } from '../../engine/recs/tail-choice';
import { meanTailAffinity, personalLiftWeight, probLiftReranker, standardise, tailAffinity, TAIL_LIFT_STEPS } from '../../engine/recs/tail';
import type { Interactions, RecModel } from '../../engine/recs/types';
import { storedScores } from './score-rows';
import { movieLens } from './dev-data';

type Form = { name: string; steps: readonly number[]; rerank: (g: number) => Rerank };

// Softmax temperature of the standardised scores that maximises the validation targets' likelihood (validation only).
function fitTemperature(model: RecModel, d: Interactions, split: Split): number {
  const n = d.itemIds.length;
  const hs = split.evalUsers.map((u) => ({ user: u, items: d.seqs[u].subarray(0, d.seqs[u].length - 2) }));
  const s = model.score(hs);
  for (let j = 0; j < hs.length; j++) {
    for (const i of hs[j].items) if (i !== split.valid[hs[j].user]) s[j * n + i] = -Infinity;
    standardise(s, j * n, n);
  }
  const nll = (t: number): number => {
    let sum = 0;
    for (let j = 0; j < hs.length; j++) {
      const off = j * n;
      let m = -Infinity;
      for (let i = 0; i < n; i++) m = Math.max(m, s[off + i] / t);
      let z = 0;
      for (let i = 0; i < n; i++) if (s[off + i] !== -Infinity) z += Math.exp(s[off + i] / t - m);
      sum -= s[off + split.valid[hs[j].user]] / t - m - Math.log(z);
    }
    return sum;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(5);
  for (let k = 0; k < 40; k++) {
    const a = lo + (hi - lo) * 0.382;
    const b = lo + (hi - lo) * 0.618;
    if (nll(Math.exp(a)) < nll(Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

function forms(d: Interactions, split: Split, model: RecModel): Form[] {
  const n = d.itemIds.length;
  const tail = liftedItems(split.train.seqs, n);
  const mean = meanTailAffinity(split.train.seqs, tail);
  const lift = (scores: Float32Array, off: number, g: number): void => {
    standardise(scores, off, n);
    for (let i = 0; i < n; i++) if (tail[i]) scores[off + i] += g;
  };
  const recent = (k: number): Form => {
    const recentAff = (h: ArrayLike<number>): number => tailAffinity(Array.from(h).slice(-k), tail);
    const m = split.train.seqs.filter((s) => s.length).reduce((a, s) => a + recentAff(s), 0) / split.train.seqs.filter((s) => s.length).length;
    return { name: `recent${k}`, steps: TAIL_LIFT_STEPS, rerank: (g) => (sc, off, h) => lift(sc, off, g * personalLiftWeight(recentAff(h ?? []), m)) };
  };
  // The model's own long-tail share in its top M (before any control), as the customer's weight.
  const modelTop = (m: number, prior: number): Form => {
    const share = (sc: Float32Array, off: number): number => topK(sc, m, off, n).reduce((a, i) => a + tail[i], 0) / m;
    const hs = split.evalUsers.map((u) => ({ user: u, items: d.seqs[u].subarray(0, d.seqs[u].length - 2) }));
    const s = model.score(hs);
    let sum = 0;
    hs.forEach((h, j) => {
      for (const i of h.items) s[j * n + i] = -Infinity;
      sum += share(s, j * n);
    });
    const avg = sum / hs.length;
    return { name: `model${m}p${prior}`, steps: TAIL_LIFT_STEPS, rerank: (g) => (sc, off) => lift(sc, off, (g * (share(sc, off) + prior)) / (avg + prior)) };
  };
  const t = fitTemperature(model, d, split);
  const productT = productTemperature(model, d, split);
  process.stdout.write(`  temperature ${t.toFixed(3)} (product's grid fit: ${productT.toFixed(3)})\n`);
  // Additive bonus in probability space: softmax(standardised / T) + λ on long-tail items (λ in units of 1/n).
  const recent20Aff = (h: ArrayLike<number>): number => tailAffinity(Array.from(h).slice(-20), tail);
  const nonEmpty = split.train.seqs.filter((x) => x.length);
  const recentMean = nonEmpty.reduce((a, x) => a + recent20Aff(x), 0) / nonEmpty.length;
  const prob = (name: string, weight: (h: ArrayLike<number>) => number): Form => ({
    name,
    steps: [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70],
    rerank: (g) => (sc, off, h) => {
      standardise(sc, off, n);
      let m = -Infinity;
      for (let i = 0; i < n; i++) m = Math.max(m, sc[off + i] / t);
      let z = 0;
      for (let i = 0; i < n; i++) if (sc[off + i] !== -Infinity) z += Math.exp(sc[off + i] / t - m);
      const w = weight(h ?? []);
      for (let i = 0; i < n; i++) if (sc[off + i] !== -Infinity) sc[off + i] = Math.exp(sc[off + i] / t - m) / z + (tail[i] ? (g * w) / n : 0);
    },
  });
  return [
    { name: 'personal', steps: TAIL_LIFT_STEPS, rerank: (g) => (sc, off, h) => lift(sc, off, g * personalLiftWeight(tailAffinity(h ?? [], tail), mean)) },
    { name: 'lift', steps: TAIL_LIFT_STEPS, rerank: (g) => (sc, off) => lift(sc, off, g) },
    recent(10),
    recent(20),
    modelTop(50, 0.02),
    modelTop(100, 0.02),
    { name: 'product-prob', steps: TAIL_LIFT_STEPS, rerank: (g) => probLiftReranker(tail, g, mean, productT) },
    prob('prob', () => 1),
    prob('prob-personal', (h) => personalLiftWeight(tailAffinity(h, tail), mean)),
    prob('prob-recent20', (h) => personalLiftWeight(recent20Aff(h), recentMean)),
    prob('prob-personal2', (h) => personalLiftWeight(tailAffinity(h, tail), mean) ** 2),
  ];
}

/**
 * Split-half on the validation item only: γ picked on a random half of the customers (the product's rule, standard
 * errors from that half), measured on the other half; repeated. Returns the mean share and loss on the other halves and
 * how often the target (≥ 29% at ≤ 5% loss) was met there.
 */
// --margin=M scales the standard errors the split-half picks see (M times the product's one-standard-error margin).
const MARGIN = Number(process.argv.find((x) => x.startsWith('--margin='))?.slice(9) ?? 1);
// --share-margin=M: the same for the tail share's standard error only (default: --margin).
const SHARE_MARGIN = Number(process.argv.find((x) => x.startsWith('--share-margin='))?.slice(15) ?? MARGIN);

function splitHalf(v: TailEffect[], res: { userNdcg: Float64Array; userTail: Float64Array }[], steps: readonly number[], reps = 100): string {
  const n = res[0].userNdcg.length;
  let met = 0;
  let over = 0;
  let share = 0;
  let loss = 0;
  let seed = 1;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let r = 0; r < reps; r++) {
    const idx = Array.from({ length: n }, (_, i) => i).sort(() => rnd() - 0.5);
    const a = idx.slice(0, n >> 1);
    const b = idx.slice(n >> 1);
    const sub = (arr: Float64Array, ix: number[]): Float64Array => Float64Array.from(ix, (i) => arr[i]);
    const sum = (arr: Float64Array): number => arr.reduce((x, y) => x + y, 0);
    const boot = bootstrapSe(sub(res[0].userNdcg, a), 42 + r);
    const effA: TailEffect[] = steps.map((gamma, s) => {
      const nd = sub(res[s].userNdcg, a);
      const tl = sub(res[s].userTail, a);
      const se = boot(nd, tl);
      return { gamma, ndcg: sum(nd) / a.length, tailShare: sum(tl) / (10 * a.length), coverage: 0, lossSe: (se.lossSe ?? 0) * MARGIN, tailSe: (se.tailSe ?? 0) * SHARE_MARGIN };
    });
    const g = chooseTailControl([effA[0]], [effA[0]], effA).picks.personal?.gamma ?? 0;
    const si = steps.indexOf(g);
    const pb = sum(sub(res[0].userNdcg, b));
    const qb = sum(sub(res[si].userNdcg, b));
    const tb = sum(sub(res[si].userTail, b)) / (10 * b.length);
    const l = pb > 0 ? (pb - qb) / pb : 0;
    share += tb;
    loss += l;
    if (tb >= 0.29 && l <= 0.05) met++;
    if (l > 0.05) over++;
  }
  void v;
  return `split-half: ${(100 * share / reps).toFixed(1)}% at ${(100 * loss / reps).toFixed(1)}% loss, met ${met}/${reps}, loss over 5% ${over}/${reps}`;
}

function curve(model: RecModel, d: Interactions, split: Split, f: Form, phase: 'valid' | 'test'): { effects: TailEffect[]; half: string } {
  const variants: EvalVariant[] = f.steps.map((g) => ({ protocol: 'full', perUser: true, ...(g === 0 ? {} : { rerank: f.rerank(g) }) }));
  const res = evaluateVariants(model, d, split, { phase, seed: 42 }, variants);
  const boot = bootstrapSe(res[0].userNdcg ?? new Float64Array(0), 42);
  const effects = f.steps.map((gamma, s) => ({ gamma, ndcg: res[s].ndcg, tailShare: res[s].tailShare, coverage: res[s].coverage, ...boot(res[s].userNdcg, res[s].userTail) }));
  const half = phase === 'valid' ? splitHalf(effects, res as { userNdcg: Float64Array; userTail: Float64Array }[], f.steps) : '';
  return { effects, half };
}

async function main(): Promise<void> {
  const [file, dir, seeds] = process.argv.slice(2);
  const test = process.argv.includes('--test');
  const only = process.argv.find((a) => a.startsWith('--forms='))?.slice(8).split(',');
  const d = await movieLens(file);
  const split = leaveLastOut(d);
  for (const seed of seeds.split(',').map(Number)) {
    const model = storedScores(d, split, dir, seed);
    if (process.argv.includes('--report')) {
      const r = tailReport(model, d, split, seed);
      const pct = (x: number): string => (100 * x).toFixed(1);
      process.stdout.write(`seed ${seed}: ${r.form} γ ${r.gamma} (T ${r.temperature?.toFixed(3)}; validation ${pct(r.tailShare)}% at ${pct(r.loss)}% loss, ${pct(r.plainTailShare)}% without) → test ${pct(r.test.tailShare)}% (${pct(r.test.plainTailShare)}% without), NDCG@10 ${r.test.ndcg.toFixed(4)} vs ${r.test.plainNdcg.toFixed(4)} (${pct(-r.test.loss)}%)${r.test.tailShare >= 0.29 && r.test.loss <= 0.05 ? ' MET' : ' not met'}; picks ${Object.entries(r.picks).map(([f, p]) => `${f} γ ${p.gamma}: ${pct(p.tailShare)}% at ${pct(p.loss)}%`).join(', ')}\n`);
      continue;
    }
    process.stdout.write(`seed ${seed}\n`);
    for (const f of forms(d, split, model).filter((x) => !only || only.includes(x.name))) {
      const { effects: v, half } = curve(model, d, split, f, 'valid');
      const c = chooseTailControl([v[0]], [v[0]], v);
      // The frontier: the most tail share among steps whose measured loss is at most 2 / 3 / 5%.
      const front = [0.02, 0.03, 0.05].map((l) => Math.max(...v.filter((x) => 1 - x.ndcg / v[0].ndcg <= l).map((x) => x.tailShare)));
      const frontier = `frontier ≤2/3/5%: ${front.map((x) => (100 * x).toFixed(1)).join(' / ')}`;
      const p = c.picks.personal;
      const plain = v[0];
      let line = `  ${f.name.padEnd(14)} valid: plain ${plain.ndcg.toFixed(4)} ${(100 * plain.tailShare).toFixed(1)}%; ` +
        v.filter((s) => s.gamma > 0).map((s) => `${s.gamma}:${(100 * s.tailShare).toFixed(0)}%/${(100 * (1 - s.ndcg / plain.ndcg)).toFixed(1)}±${(100 * (s.lossSe ?? 0)).toFixed(1)}`).join(' ') +
        ` → pick γ ${p?.gamma} (${(100 * (p?.tailShare ?? 0)).toFixed(1)}% at ${(100 * (p?.loss ?? 0)).toFixed(1)}%); ${half}; ${frontier}`;
      if (test && p) {
        const t = curve(model, d, split, { ...f, steps: p.gamma === 0 ? [0] : [0, p.gamma] }, 'test').effects;
        const last = t[t.length - 1];
        line += ` | test: ${(100 * last.tailShare).toFixed(1)}% at ${(100 * (1 - last.ndcg / t[0].ndcg)).toFixed(1)}% loss (plain ${t[0].ndcg.toFixed(4)}, ${(100 * t[0].tailShare).toFixed(1)}%)${last.tailShare >= 0.29 && 1 - last.ndcg / t[0].ndcg <= 0.05 ? ' MET' : ''}`;
      }
      process.stdout.write(`${line}\n`);
    }
  }
}
void main();
