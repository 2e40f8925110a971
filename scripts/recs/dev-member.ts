/**
 * Development: trains one Transformer as the recs bench does on ml-latest-small (`full`, leave-last-out, maxSeconds 1800,
 * no content loss, early stop on the inner item) with the given seed and writes its score rows for the validation and
 * the test histories of every evaluated customer to OUT/seed-N.valid.f32 and .test.f32 (Float32, customers × items, in
 * split.evalUsers order), so ensembles of members can be scored later (dev-ensemble.ts) without training again.
 * Prints the member's validation NDCG@10 only; the test rows are written but not read here.
 * Usage: npx tsx scripts/recs/dev-member.ts ratings.csv SEED OUTDIR
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRows } from '../../engine/recs/data';
import { evaluate } from '../../engine/recs/metrics';
import { SasrecRecommender } from '../../engine/recs/sasrec-adapter';
import { leaveLastOut } from '../../engine/recs/split';
import { writeScoreRows } from './score-rows';

async function main(): Promise<void> {
  const [file, seedArg, out] = process.argv.slice(2);
  const seed = Number(seedArg);
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const d = fromRows(rows, { user: 0, item: 1, time: 3 });
  const split = leaveLastOut(d);
  const m = new SasrecRecommender({ maxSeconds: 1800, contrastive: 0, seed });
  const t0 = Date.now();
  await m.fit(split.train, { seed: 42 });
  const seconds = (Date.now() - t0) / 1000;
  const rss = process.memoryUsage().rss / 2 ** 20;
  writeScoreRows(m, d, split, out, seed);
  const v = evaluate(m, d, split, { protocol: 'full', phase: 'valid', seed: 42 });
  const info = { seed, seconds, rssMb: rss, epochs: m.lastFit?.epochs, bestEpoch: m.lastFit?.bestEpoch, inner: m.lastFit?.innerNdcg, validNdcg: v.ndcg, validTail: v.tailShare };
  writeFileSync(join(out, `seed-${seed}.json`), JSON.stringify(info));
  process.stdout.write(`${JSON.stringify(info)}\n`);
  m.dispose();
}
void main();
