/**
 * Development: the product's Transformer (ensemble, time cap, threads, inner early stop) with some options changed,
 * on a store or a ratings file, printing the validation NDCG@10 (full) beside the test item's. Choose on validation.
 * Usage: npx tsx scripts/recs/dev-options.ts (--store FILE | ratings.csv) '{"graphK":0}' [SEED]
 */
import { PRODUCT_ENSEMBLE } from '../../engine/recs/ensemble';
import { evaluateModels } from '../../engine/recs/evaluate';
import { storeOrRatings } from './dev-data';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.find((a) => a.startsWith('{')) ?? '{}';
  const seed = Number(args.find((a) => /^\d+$/.test(a)) ?? 42);
  const { d, db } = await storeOrRatings(args);
  const t0 = Date.now();
  const rows = await evaluateModels(d, { models: ['sasrec'], protocol: 'full', seed, modelOptions: { sasrec: { ensemble: PRODUCT_ENSEMBLE, ...JSON.parse(json) } } });
  const r = rows[0];
  process.stdout.write(`${json} seed ${seed}: validation NDCG@10 ${r.validNdcg.toFixed(4)}, test ${r.ndcg.toFixed(4)}, members ${r.members ?? 1}, ${((Date.now() - t0) / 1000).toFixed(0)} s wall, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB${r.skipped ? `, skipped: ${r.skipped}` : ''}\n`);
  db?.close();
}
void main();
