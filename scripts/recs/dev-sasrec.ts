/**
 * Development loop for the sequential model (never the reported figures): trains on the training part of a
 * leave-last-out split and prints validation NDCG@10 (full) after each epoch, the Transformer blended with item
 * co-occurrence for a few weights, and the tail control's effect (NDCG@10 / tail share). Never looks at the test item.
 * Usage: npx tsx scripts/recs/dev-sasrec.ts FILE '{"loss":"ce","epochs":20}'
 */
import { loadInteractionsFile } from '../../engine/recs/file-input';
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import { blendScores, HYBRID_WEIGHTS } from '../../engine/recs/hybrid';
import { evaluate, tailItems } from '../../engine/recs/metrics';
import { popularityOf, TAIL_LIFT_STEPS, TAIL_STEPS, tailLiftReranker, tailReranker } from '../../engine/recs/tail';
import { leaveLastOut } from '../../engine/recs/split';
import { createSasrec, type SasrecConfig } from '../../models/recommend/sasrec';
import { gapsOf as gaps, kindsOf as kinds } from '../../engine/recs/sasrec-adapter';
import type { History, RecModel } from '../../engine/recs/types';
import { movieLens } from './dev-data';

async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  const cfg = JSON.parse(json ?? '{}') as Partial<SasrecConfig>;
  const d = file.endsWith('.csv')
    ? await movieLens(file)
    : await loadInteractionsFile(file, { format: 'sasrec', lang: 'en' });
  const split = leaveLastOut(d);
  const m = await createSasrec(d.itemIds.length, cfg, null);
  const wrap: RecModel = {
    name: 'sasrec', fit: async () => undefined, dispose: () => undefined,
    score: (hs: History[]) => m.scoreHistories(hs.map((h) => h.items), hs.map((h) => kinds(h.kinds, h.items.length)), hs.map((h) => gaps(h.times, h.items.length))),
  };
  const cooc = new CooccurrenceModel();
  await cooc.fit(split.train);
  const t0 = Date.now();
  const seq = { nItems: d.itemIds.length, items: split.train.seqs, kinds: split.train.seqs.map((s, u) => kinds(split.train.kinds?.[u], s.length)), gaps: split.train.seqs.map((s, u) => gaps(split.train.times?.[u], s.length)) };
  const pop = popularityOf(split.train.seqs, d.itemIds.length);
  const tail = tailItems(split.train.seqs, d.itemIds.length);
  // EMAS=0.99,0.995: weight averages kept beside the training (which they do not change), each scored per epoch;
  // CKPT=1: also the mean of the raw scores of the last 2 and 3 epochs' weights.
  const avgs = (process.env.EMAS ?? '').split(',').filter(Boolean).map((x) => m.averager(Number(x)));
  const past: Float32Array[] = [];
  const fixed = (scores: Float32Array): RecModel => ({ name: 'fixed', fit: async () => undefined, dispose: () => undefined, score: (hs: History[]) => {
    const out = new Float32Array(hs.length * d.itemIds.length);
    hs.forEach((h, j) => { const r = split.evalUsers.indexOf(h.user); out.set(scores.subarray(r * d.itemIds.length, (r + 1) * d.itemIds.length), j * d.itemIds.length); });
    return out;
  } });
  const r = await m.fit(seq, {
    stepEnd: () => avgs.forEach((a) => a.update()),
    epochEnd: (e) => {
      if (process.env.EMAS || process.env.CKPT) {
        const extra: string[] = [];
        const validHs = split.evalUsers.map((u) => ({ user: u, items: split.train.seqs[u], kinds: split.train.kinds?.[u], times: split.train.times?.[u] }));
        if (process.env.CKPT) {
          past.push(wrap.score(validHs));
          for (const k of [2, 3]) {
            if (past.length < k) continue;
            const mean = new Float32Array(past[0].length);
            for (const p of past.slice(-k)) for (let i = 0; i < mean.length; i++) mean[i] += p[i] / k;
            extra.push(`ckpt${k} ${evaluate(fixed(mean), d, split, { protocol: 'full', phase: 'valid', seed: 1 }).ndcg.toFixed(4)}`);
          }
          if (past.length > 3) past.shift();
        }
        const raw = m.snapshot();
        for (const a of avgs) {
          m.restore(a.copy());
          const va = evaluate(wrap, d, split, { protocol: 'full', phase: 'valid', seed: 1 });
          extra.push(`ema${a.decay} ${va.ndcg.toFixed(4)} (tail ${(100 * va.tailShare).toFixed(1)}%)`);
        }
        m.restore(raw);
        process.stdout.write(`  epoch ${e} averaged: ${extra.join(' | ')}\n`);
      }
      // Validation scores once per epoch; every variant below re-ranks copies of them.
      const cached = (src: RecModel): RecModel => {
        const rows = new Map<number, Float32Array>();
        return { name: src.name, fit: async () => undefined, dispose: () => undefined, score: (hs: History[]) => {
          const miss = hs.filter((h) => !rows.has(h.user));
          if (miss.length) {
            const s = src.score(miss);
            miss.forEach((h, j) => rows.set(h.user, s.slice(j * d.itemIds.length, (j + 1) * d.itemIds.length)));
          }
          const out = new Float32Array(hs.length * d.itemIds.length);
          hs.forEach((h, j) => out.set(rows.get(h.user) as Float32Array, j * d.itemIds.length));
          return out;
        } };
      };
      const sas = cached(wrap);
      const co = cached(cooc);
      const ev = (model: RecModel, rerank?: (s: Float32Array, o: number) => void): string => {
        const v = evaluate(model, d, split, { protocol: 'full', phase: 'valid', seed: 1, rerank });
        return `${v.ndcg.toFixed(4)}/${(100 * v.tailShare).toFixed(0)}%`;
      };
      const v = evaluate(sas, d, split, { protocol: 'full', phase: 'valid', seed: 1 });
      const v2 = evaluate(sas, d, split, { protocol: 'sampled100', phase: 'valid', seed: 1 });
      // TRUNC=10,20: also score with each customer's history cut to its last N events (an inference-time setting).
      const truncs = (process.env.TRUNC ?? '').split(',').filter(Boolean).map(Number).map((n) => {
        const t = evaluate({ ...wrap, score: (hs: History[]) => wrap.score(hs.map((h) => { const k = Math.max(0, h.items.length - n); return { user: h.user, items: h.items.subarray(k), kinds: h.kinds?.subarray(k), times: h.times?.subarray(k) }; })) }, d, split, { protocol: 'full', phase: 'valid', seed: 1 });
        return `last${n} ${t.ndcg.toFixed(4)}`;
      });
      if (truncs.length) process.stdout.write(`  epoch ${e} truncated: ${truncs.join(' | ')}\n`);
      if (process.env.QUICK) {
        process.stdout.write(`epoch ${e} ${((Date.now() - t0) / 1000).toFixed(0)}s valid full ndcg ${v.ndcg.toFixed(4)} hr ${v.hr.toFixed(4)} cov ${(v.coverage * 100).toFixed(1)}% tail ${(v.tailShare * 100).toFixed(1)}% | s100 ndcg ${v2.ndcg.toFixed(4)}\n`);
        return;
      }
      const blends = HYBRID_WEIGHTS.map((w) => `${w}:${ev({ ...sas, score: (hs) => blendScores(sas.score(hs), co.score(hs), hs.length, w) })}`);
      const lnTail = TAIL_STEPS.map((g) => `${g}:${ev(sas, tailReranker(pop, g))}`);
      const boost = TAIL_LIFT_STEPS.map((g) => `${g}:${ev(sas, tailLiftReranker(tail, g))}`);
      process.stdout.write(`epoch ${e} ${((Date.now() - t0) / 1000).toFixed(0)}s valid full ndcg ${v.ndcg.toFixed(4)} hr ${v.hr.toFixed(4)} cov ${(v.coverage * 100).toFixed(1)}% tail ${(v.tailShare * 100).toFixed(1)}% | s100 ndcg ${v2.ndcg.toFixed(4)} hr ${v2.hr.toFixed(4)}\n  +cooc ${blends.join(' ')}\n  tail ln ${lnTail.join(' ')}\n  tail lift ${boost.join(' ')}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify(r)} rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`);
}
void main();
