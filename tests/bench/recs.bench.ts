/**
 * `npm run bench -- recs`: every recommendation model on the demo store and on ml-latest-small (time-ordered,
 * SASRec leave-last-out), under both protocols, with training seconds and memory; p95 top-10 latency with a
 * 25k-item catalogue. Options: --quick (fewer epochs), --epochs=N, --max-seconds=S, --store=FILE (the demo store),
 * --only=ml|demo|latency, --models=LIST (e.g. cooc,sasrec,hybrid: only those models), --sasrec-seed=N (the Transformer's
 * own seed: a second training of the same model; the split, the sampled100 draws and the tie breaks keep seed 42),
 * --sasrec-ensemble=K (default 3, as the product: up to K Transformers with seeds seed + 7919·i, scored with the mean of their scores; they share
 * --max-seconds: a member starts only when the time left is at least the longest a member took), --sasrec-mix=raw|standardised (how the members' scores are combined; default standardised),
 * --sasrec-threads=N (members trained side by side; default one per core on wasm/cpu, engine/recs/member-pool.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { fromRows, fromStore, withoutEmpty } from '../../engine/recs/data';
import { evaluateModels, type ModelReport } from '../../engine/recs/evaluate';
import { evaluate, topK } from '../../engine/recs/metrics';
import { BASELINES, MODEL_NAMES, type ModelName } from '../../engine/recs/registry';
import { DEFAULT_SASREC_SECONDS, PRODUCT_ENSEMBLE } from '../../engine/recs/ensemble';
import { HybridModel, MIXTURE_WEIGHTS } from '../../engine/recs/hybrid';
import type { Split } from '../../engine/recs/split';
import { storeContent } from '../../engine/recs/store-run';
import { chooseAmong, measureTailForms, TAIL_FORMS, tailRerankerOf } from '../../engine/recs/tail-choice';
import { SasrecRecommender } from '../../engine/recs/sasrec-adapter';
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import type { Interactions, RecModel } from '../../engine/recs/types';
import { printTable, sharedData, type BenchRow } from './table';

// Flags are written --name=value: run.ts takes every bare word as a benchmark name.
function flag(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

interface Row extends Omit<ModelReport, 'model'> {
  /** A model name, or the hybrid's label. */
  model: string;
  sampledHr: number;
  sampledNdcg: number;
  rssMb: number;
}

// Both forms of the tail control are measured on the validation item; each form's γ is its most tail share within 5%
// of the NDCG@10 without the control, and the product's choice between them (engine/recs/tail-choice.ts) is made there
// too. The test item is then measured for each form's γ; nothing is chosen on it.
function tailControl(model: RecModel, d: Interactions, split: Split, label: string, plainNdcg: number): void {
  const forms = measureTailForms(model, d, split, 42);
  const choice = chooseAmong(forms);
  const plain = evaluate(model, d, split, { protocol: 'full', phase: 'test', seed: 42 });
  for (const form of TAIL_FORMS) {
    const tail = forms[form];
    process.stdout.write(`${label} tail ${form} (validation item): ${tail.map((t) => `γ=${t.gamma}: NDCG@10 ${t.ndcg.toFixed(4)}, tail ${(100 * t.tailShare).toFixed(1)}%`).join('; ')}\n`);
    const p = choice.picks[form];
    if (!p) continue;
    const gamma = p.gamma;
    const m = evaluate(model, d, split, { protocol: 'full', phase: 'test', seed: 42, rerank: tailRerankerOf(form, d, split, gamma, forms.temperature) });
    process.stdout.write(`${label} tail ${form} γ=${gamma} (chosen on validation: tail ${(100 * p.tailShare).toFixed(1)}% at −${(100 * p.loss).toFixed(1)}%)${choice.form === form ? ' [the product uses this form]' : ''}, test item: NDCG@10 ${m.ndcg.toFixed(4)} vs ${plainNdcg.toFixed(4)} without (${(100 * (m.ndcg / Math.max(1e-9, plainNdcg) - 1)).toFixed(1)}%), tail share ${(100 * m.tailShare).toFixed(1)}% vs ${(100 * plain.tailShare).toFixed(1)}% (target ≥ 29% at ≤ 5% loss)\n`);
  }
}

// The Transformer mixed with co-occurrence (engine/recs/hybrid.ts, the mixture form), the weight chosen on the validation item: a row of
// its own, labelled as a hybrid, never counted as the Transformer.
async function hybridRow(sasrec: RecModel, d: Interactions, split: Split, label: string): Promise<Row> {
  const cooc = new CooccurrenceModel();
  const t0 = performance.now();
  await cooc.fit(split.train);
  const coocSeconds = (performance.now() - t0) / 1000;
  const valid = MIXTURE_WEIGHTS.map((w) => ({ w, ndcg: evaluate(new HybridModel(sasrec, cooc, w), d, split, { protocol: 'full', phase: 'valid', seed: 42 }).ndcg }));
  process.stdout.write(`${label} hybrid weight of co-occurrence (validation NDCG@10 full): ${valid.map((v) => `${v.w}: ${v.ndcg.toFixed(4)}`).join(', ')}\n`);
  const best = valid.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  const h = new HybridModel(sasrec, cooc, best.w);
  const t = evaluate(h, d, split, { protocol: 'full', phase: 'test', seed: 42 });
  const s = evaluate(h, d, split, { protocol: 'sampled100', phase: 'test', seed: 42 });
  tailControl(h, d, split, `${label} hybrid`, t.ndcg);
  return { model: `sasrec+cooc hybrid (w=${best.w})`, ...t, trainSeconds: coocSeconds, validNdcg: best.ndcg, skipped: null, sampledHr: s.hr, sampledNdcg: s.ndcg, rssMb: process.memoryUsage().rss / 2 ** 20 };
}

async function compare(d: Interactions, sasrec: Record<string, unknown>, label: string, models: ModelName[] = [...MODEL_NAMES]): Promise<Row[]> {
  const sampled = new Map<string, { hr: number; ndcg: number; rss: number }>();
  let hybrid: Row | null = null;
  const rows = await evaluateModels(d, {
    models,
    protocol: 'full',
    seed: 42,
    modelOptions: { sasrec },
    hooks: { progress: (done, total, phase) => { if (done === total || done % 20 === 0) process.stderr.write(`${label} ${phase} ${done}/${total}\n`); } },
    onTrained: async (name, model, split) => {
      const s = evaluate(model, d, split, { protocol: 'sampled100', phase: 'test', seed: 42 });
      sampled.set(name, { hr: s.hr, ndcg: s.ndcg, rss: process.memoryUsage().rss / 2 ** 20 });
      if (name === 'hybrid') tailControl(model, d, split, `${label} hybrid (product)`, evaluate(model, d, split, { protocol: 'full', phase: 'test', seed: 42 }).ndcg);
      if (name !== 'sasrec') return;
      const fit = (model as SasrecRecommender).lastFit;
      const members = fit?.members;
      if (members) process.stdout.write(`${label} sasrec ensemble: ${members.length} member(s) trained on ${fit?.threads ?? 1} thread(s) side by side: ${members.map((m) => `seed ${m.seed}, ${m.epochs} epochs (kept ${m.bestEpoch ?? m.epochs}), ${m.seconds.toFixed(0)} s`).join('; ')}\n`);
      tailControl(model, d, split, label, evaluate(model, d, split, { protocol: 'full', phase: 'test', seed: 42 }).ndcg);
      hybrid = await hybridRow(model, d, split, label);
    },
  });
  const out: Row[] = rows.map((r) => ({ ...r, sampledHr: sampled.get(r.model)?.hr ?? 0, sampledNdcg: sampled.get(r.model)?.ndcg ?? 0, rssMb: sampled.get(r.model)?.rss ?? 0 }));
  return hybrid ? [...out, hybrid] : out;
}

function table(title: string, rows: Row[]): void {
  const base = rows.filter((r) => (BASELINES as string[]).includes(r.model) && !r.skipped).sort((a, b) => b.ndcg - a.ndcg)[0];
  const out: BenchRow[] = [];
  for (const r of rows) {
    if (r.skipped) {
      out.push({ metric: `${r.model}: skipped`, ours: r.skipped, peer: '—', peerName: '—' });
      continue;
    }
    out.push({ metric: `${r.model} NDCG@10 full`, ours: r.ndcg, peer: base?.ndcg ?? 0, peerName: `best baseline (${base?.model})`, target: r.model === 'sasrec' ? '≥ 1.10x' : r.model.startsWith('sasrec+') || r.model === 'hybrid' ? 'hybrid (not the Transformer alone)' : '' });
    out.push({ metric: `${r.model} HR@10 full / sampled100`, ours: `${r.hr.toFixed(4)} / ${r.sampledHr.toFixed(4)}`, peer: `${base?.hr.toFixed(4)} / ${base?.sampledHr.toFixed(4)}`, peerName: `best baseline (${base?.model})`, ratio: '—' });
    out.push({ metric: `${r.model} NDCG@10 sampled100`, ours: r.sampledNdcg, peer: base?.sampledNdcg ?? 0, peerName: `best baseline (${base?.model})` });
    out.push({ metric: `${r.model} coverage@10 / tail share`, ours: `${(100 * r.coverage).toFixed(1)}% / ${(100 * r.tailShare).toFixed(1)}%`, peer: `${(100 * (base?.coverage ?? 0)).toFixed(1)}% / ${(100 * (base?.tailShare ?? 0)).toFixed(1)}%`, peerName: `best baseline (${base?.model})`, ratio: '—' });
    out.push({ metric: `${r.model} validation NDCG@10 full (what choices look at)`, ours: r.validNdcg, peer: base?.validNdcg ?? 0, peerName: `best baseline (${base?.model})` });
    out.push({ metric: `${r.model} training s / RSS MB`, ours: `${r.trainSeconds.toFixed(1)} s / ${r.rssMb.toFixed(0)}`, peer: '—', peerName: '—', ratio: '—' });
  }
  printTable(title, out);
}

async function latency(): Promise<void> {
  const n = 25_000;
  const users = 400;
  const seqs = Array.from({ length: users }, (_, u) => Int32Array.from({ length: 30 }, (_, p) => (u * 977 + p * 131) % n));
  const d = { nItems: n, seqs };
  const sas = new SasrecRecommender({ epochs: 1, ensemble: PRODUCT_ENSEMBLE });
  await sas.fit(d);
  const cooc = new CooccurrenceModel();
  await cooc.fit(d);
  const time = (m: { score: SasrecRecommender['score'] }): number => {
    const t: number[] = [];
    for (let r = 0; r < 120; r++) {
      const t0 = performance.now();
      const s = m.score([{ user: r % users, items: seqs[r % users] }]);
      for (const i of seqs[r % users]) s[i] = -Infinity;
      topK(s, 10);
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    return t[Math.floor(t.length * 0.95)];
  };
  time(sas);
  const ours = time(sas);
  const peer = time(cooc);
  sas.dispose();
  printTable('Top-10 for one customer, 25,000-item catalogue (p95 of 120)', [{ metric: 'p95 latency', ours, peer, peerName: 'co-occurrence baseline', unit: 'ms', target: '< 20 ms' }]);
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  // Without --epochs the model's own default (chosen on the validation item) applies.
  const epochsFlag = flag(args, 'epochs') ?? (quick ? '1' : undefined);
  const epochs = epochsFlag === undefined ? {} : { epochs: Number(epochsFlag) };
  const maxSeconds = Number(flag(args, 'max-seconds') ?? DEFAULT_SASREC_SECONDS);
  const seedFlag = flag(args, 'sasrec-seed');
  const ensembleFlag = flag(args, 'sasrec-ensemble');
  const mixFlag = flag(args, 'sasrec-mix');
  const threadsFlag = flag(args, 'sasrec-threads');
  if (threadsFlag !== undefined && !(Number.isInteger(Number(threadsFlag)) && Number(threadsFlag) >= 1)) throw new Error(`--sasrec-threads=${threadsFlag}: expected a whole number ≥ 1`);
  if (mixFlag !== undefined && mixFlag !== 'raw' && mixFlag !== 'standardised') throw new Error(`--sasrec-mix=${mixFlag}: expected raw or standardised`);
  if (ensembleFlag !== undefined && !(Number.isInteger(Number(ensembleFlag)) && Number(ensembleFlag) >= 1)) throw new Error(`--sasrec-ensemble=${ensembleFlag}: expected a whole number ≥ 1`);
  const sasSeed = { ...(seedFlag === undefined ? {} : { seed: Number(seedFlag) }), ensemble: ensembleFlag === undefined ? PRODUCT_ENSEMBLE : Number(ensembleFlag), ...(mixFlag === undefined ? {} : { ensembleMix: mixFlag }), ...(threadsFlag === undefined ? {} : { workers: Number(threadsFlag) }) };
  const only = flag(args, 'only');
  // --models=cooc,sasrec,hybrid runs only those (the others' figures do not depend on the Transformer's settings).
  const models = flag(args, 'models')?.split(',').filter((m): m is ModelName => (MODEL_NAMES as readonly string[]).includes(m));
  const dir = !only || only === 'ml' ? await sharedData('recsys/ml-latest-small') : null;
  if (dir) {
    const rows = readFileSync(join(dir, 'ratings.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const d = fromRows(rows, { user: 0, item: 1, time: 3 });
    process.stdout.write(`ml-latest-small: ${d.userIds.length} users, ${d.itemIds.length} items, ${rows.length} ratings (time-ordered; ${d.problems.outOfOrder} lines were out of time order in the file)\n`);
    table('ml-latest-small, leave-last-out (test item)', await compare(d, { ...epochs, ...sasSeed, maxSeconds, contrastive: 0 }, 'ml', models));
  }
  const demo = !only || only === 'demo' ? flag(args, 'store') : undefined;
  if (demo) {
    const db = new Database(demo, { readonly: true });
    const all = fromStore(db);
    const d = withoutEmpty(all);
    const { content } = storeContent(db, all.productDbIds);
    db.close();
    process.stdout.write(`demo store: ${d.userIds.length} customers, ${d.itemIds.length} products, ${d.seqs.reduce((a, s) => a + s.length, 0)} events\n`);
    table('demo store, leave-last-out (test item)', await compare(d, { ...epochs, ...sasSeed, maxSeconds, content }, 'demo', models));
  } else if (!only || only === 'demo') process.stdout.write('demo store: pass --store FILE (e.g. made with `desk demo`) to include it\n');
  if (!only || only === 'latency') await latency();
}
