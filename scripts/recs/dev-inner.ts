/**
 * Development check of the recommender as the product trains it (early stopping on the inner held-out item): prints
 * the inner NDCG@10 per epoch, the epoch kept and the validation NDCG@10 (full). Never looks at the test item.
 * Usage: npx tsx scripts/recs/dev-inner.ts ratings.csv '{"innerUsers":200,"seed":42}'
 */
import { evaluate } from '../../engine/recs/metrics';
import { SasrecRecommender } from '../../engine/recs/sasrec-adapter';
import { leaveLastOut } from '../../engine/recs/split';
import { movieLens } from './dev-data';

async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  const opts = JSON.parse(json ?? '{}') as Record<string, unknown>;
  const d = await movieLens(file);
  const split = leaveLastOut(d);
  const m = new SasrecRecommender({ maxSeconds: 1800, contrastive: 0, ...opts });
  const t0 = Date.now();
  await m.fit(split.train, { seed: 42 });
  const v = evaluate(m, d, split, { protocol: 'full', phase: 'valid', seed: 42 });
  process.stdout.write(`${JSON.stringify(opts)} ${((Date.now() - t0) / 1000).toFixed(0)} s, inner ${m.lastFit?.innerNdcg?.map((x) => x.toFixed(4)).join(' ')}, kept epoch ${m.lastFit?.bestEpoch} of ${m.lastFit?.epochs}; validation NDCG@10 full ${v.ndcg.toFixed(4)} hr ${v.hr.toFixed(4)}\n`);
  m.dispose();
}
void main();
