/**
 * Retrieval rows of `npm run bench -- chats`: BM25 alone (the baseline) vs embeddings alone vs their fusion, on
 * held-out requests of the public intent sets (scripts/text/retrieval-eval.ts), in both languages.
 *   seen intents: the shipped encoder (trained on the training fifths of every intent), queries from the test fifth;
 *   unseen intents: an encoder trained here the same way but without a third of the intents; queries of those intents
 *     only, every article a candidate: how the embeddings do on topics they were never trained on (a merchant's own).
 * The fusion weight is chosen on the development halves of the unseen-intent task (both languages, equal weight) and
 * every row is scored on the test halves.
 */
import { join } from 'node:path';
import { shippedModelDir } from '../../engine/chats/models';
import { DENSE_MIN_COSINE, DENSE_WEIGHT } from '../../engine/chats/suggest/dense';
import { BagClassifier } from '../../models/text/bag';
import { encoderFrom, loadEncoder, type SentenceEncoder } from '../../models/text/encoder';
import { loadIntentSet } from '../../scripts/text/data';
import { ENCODER_EPOCHS, encoderRows, rankers, retrievalTask, scoreRetrieval, unseenOnly, type RetrievalScores, type RetrievalTask } from '../../scripts/text/retrieval-eval';
import type { BenchRow } from './table';

const pct = (v: number): number => Math.round(v * 1000) / 10;

/** An encoder from a freshly trained classifier's embeddings (as loadEncoder reads them from disk, int8 included). */
function encoderOf(m: BagClassifier): SentenceEncoder {
  const { spec, weights } = m.serialise();
  const rows = spec.vocab.length;
  const d = spec.dim;
  const scales = new Float32Array(weights.slice(0, rows * 4).buffer);
  const q = new Int8Array(weights.buffer, weights.byteOffset + rows * 4, rows * d);
  const e = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) for (let k = 0; k < d; k++) e[r * d + k] = q[r * d + k] * scales[r];
  return encoderFrom(spec.vocab, e, d);
}

function rowsOf(label: string, bm: RetrievalScores, dense: RetrievalScores, hybrid: RetrievalScores): BenchRow[] {
  const base = 'BM25 alone';
  return [
    { metric: `${label}: Recall@1, hybrid`, ours: pct(hybrid.r1), peer: pct(bm.r1), peerName: base, unit: '%' },
    { metric: `${label}: Recall@3, hybrid`, ours: pct(hybrid.r3), peer: pct(bm.r3), peerName: base, unit: '%' },
    { metric: `${label}: MRR, hybrid`, ours: hybrid.mrr, peer: bm.mrr, peerName: base },
    { metric: `${label}: MRR, embeddings alone`, ours: dense.mrr, peer: bm.mrr, peerName: base },
  ];
}

/** The retrieval rows, or [] when the intent sets are absent. */
export function retrievalRows(dataRoot: string, log: (s: string) => void): BenchRow[] {
  const bitext = loadIntentSet(dataRoot, 'bitext');
  const jddc = loadIntentSet(dataRoot, 'jddc');
  if (!bitext || !jddc) return [];
  const t0 = performance.now();
  const m = BagClassifier.train(...columns(encoderRows({ bitext, jddc }, true)), { epochs: ENCODER_EPOCHS, batchSize: 64, seed: 7 });
  const unseenEnc = encoderOf(m);
  m.dispose();
  log(`retrieval: encoder without the unseen intents trained in ${Math.round((performance.now() - t0) / 1000)} s\n`);
  const shipped = loadEncoder(shippedModelDir('encoder'));
  const langs = [
    { name: 'en (bitext)', task: retrievalTask(bitext) },
    { name: 'zh (JDDC)', task: retrievalTask(jddc) },
  ];
  // The fusion weight: best mean dev MRR of the two languages on the unseen-intent task.
  const unseen = langs.map((l) => ({ ...l, task: unseenOnly(l.task), r: rankers(unseenOnly(l.task), unseenEnc) }));
  let best = { w: 0, mrr: -1 };
  for (let k = 0; k <= 10; k++) {
    const w = k / 10;
    const mrr = unseen.reduce((s, l) => s + scoreRetrieval(l.task.dev, (q) => l.r.hybrid(q, w)).mrr, 0) / unseen.length;
    if (mrr > best.mrr + 1e-9) best = { w, mrr };
  }
  log(`retrieval: fusion weight chosen on the dev halves ${best.w} (dev MRR ${best.mrr.toFixed(3)}); shipped DENSE_WEIGHT ${DENSE_WEIGHT}\n`);
  const rows: BenchRow[] = [];
  const report = (label: string, task: RetrievalTask, r: ReturnType<typeof rankers>): void => {
    rows.push(...rowsOf(`${label} (${task.articles.length} articles, n=${task.test.length})`, scoreRetrieval(task.test, r.bm25), scoreRetrieval(task.test, r.dense), scoreRetrieval(task.test, (q) => r.hybrid(q, best.w))));
    // The candidate floor: how often the right article clears it, and how many wrong ones do (dev halves).
    let gold = 0;
    let wrong = 0;
    for (const q of task.dev) {
      const s = r.dense(q.text);
      if (s[q.gold] >= DENSE_MIN_COSINE) gold++;
      for (let i = 0; i < s.length; i++) if (i !== q.gold && s[i] >= DENSE_MIN_COSINE) wrong++;
    }
    log(`${label}: cosine >= ${DENSE_MIN_COSINE} for the right article in ${pct(gold / task.dev.length)}% of dev queries, ${(wrong / task.dev.length).toFixed(1)} wrong articles per query\n`);
  };
  for (const l of langs) report(`retrieval ${l.name}, seen intents`, l.task, rankers(l.task, shipped));
  for (const l of unseen) report(`retrieval ${l.name}, unseen intents`, l.task, l.r);
  return rows;
}

function columns(rows: readonly { text: string; label: string }[]): [string[], string[]] {
  return [rows.map((r) => r.text), rows.map((r) => r.label)];
}

/** Where the intent sets are, from the customer_service folder the benchmark found. */
export const dataRootOf = (customerServiceDir: string): string => join(customerServiceDir, '..');
