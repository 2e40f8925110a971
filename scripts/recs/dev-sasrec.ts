/**
 * Development loop for the sequential model (never the reported figures): trains on the training part of a
 * leave-last-out split and prints validation NDCG@10 (full) after each epoch. Never looks at the test item.
 * Usage: npx tsx scripts/recs/dev-sasrec.ts FILE '{"loss":"ce","epochs":20}'
 */
import { loadInteractionsFile } from '../../engine/recs/file-input';
import { evaluate } from '../../engine/recs/metrics';
import { leaveLastOut } from '../../engine/recs/split';
import { createSasrec, type SasrecConfig } from '../../models/recommend/sasrec';
import { gapsOf as gaps, kindsOf as kinds } from '../../engine/recs/sasrec-adapter';
import type { History, RecModel } from '../../engine/recs/types';

async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  const cfg = JSON.parse(json ?? '{}') as Partial<SasrecConfig>;
  const d = file.endsWith('.csv')
    ? await loadInteractionsFile(file, { format: 'csv', user: 'userId', item: 'movieId', time: 'timestamp', lang: 'en' })
    : await loadInteractionsFile(file, { format: 'sasrec', lang: 'en' });
  const split = leaveLastOut(d);
  const m = await createSasrec(d.itemIds.length, cfg, null);
  const wrap: RecModel = {
    name: 'sasrec', fit: async () => undefined, dispose: () => undefined,
    score: (hs: History[]) => m.scoreHistories(hs.map((h) => h.items), hs.map((h) => kinds(h.kinds, h.items.length)), hs.map((h) => gaps(h.times, h.items.length))),
  };
  const t0 = Date.now();
  const seq = { nItems: d.itemIds.length, items: split.train.seqs, kinds: split.train.seqs.map((s, u) => kinds(split.train.kinds?.[u], s.length)), gaps: split.train.seqs.map((s, u) => gaps(split.train.times?.[u], s.length)) };
  const r = await m.fit(seq, {
    epochEnd: (e) => {
      const v = evaluate(wrap, d, split, { protocol: 'full', phase: 'valid', seed: 1 });
      const v2 = evaluate(wrap, d, split, { protocol: 'sampled100', phase: 'valid', seed: 1 });
      process.stdout.write(`epoch ${e} ${((Date.now() - t0) / 1000).toFixed(0)}s valid full ndcg ${v.ndcg.toFixed(4)} hr ${v.hr.toFixed(4)} cov ${(v.coverage * 100).toFixed(1)}% tail ${(v.tailShare * 100).toFixed(1)}% | s100 ndcg ${v2.ndcg.toFixed(4)} hr ${v2.hr.toFixed(4)}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify(r)} rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`);
}
void main();
