/**
 * Development: the co-occurrence baseline's settings scored on the validation item (each user's second-last), never
 * the test item unless --test is given (to report a setting chosen before).
 * Usage: npx tsx scripts/recs/dev-cooc.ts (ratings.csv | --store FILE) [--shrink=0,1,5] [--window=5] [--recent=20] [--test]
 */
import { evaluate } from '../../engine/recs/metrics';
import { leaveLastOut } from '../../engine/recs/split';
import { CooccurrenceModel } from '../../engine/recs/baselines/cooccurrence';
import { PopularityModel } from '../../engine/recs/baselines/popularity';
import { storeOrRatings } from './dev-data';

const args = process.argv.slice(2);
const opt = (k: string, dflt: string): string => args.find((a) => a.startsWith(`--${k}=`))?.split('=')[1] ?? dflt;
const nums = (k: string, dflt: string): number[] => opt(k, dflt).split(',').map(Number);
const { d } = await storeOrRatings(args);
const split = leaveLastOut(d);
const phases: ('valid' | 'test')[] = args.includes('--test') ? ['valid', 'test'] : ['valid'];
console.log(`${d.seqs.length} users, ${d.itemIds.length} items, ${split.evalUsers.length} evaluated`);
const pop = new PopularityModel();
await pop.fit(split.train);
for (const ph of phases) console.log(`pop ${ph} NDCG@10 ${evaluate(pop, d, split, { protocol: 'full', phase: ph }).ndcg.toFixed(4)}`);
for (const w of nums('window', '5')) {
  for (const r of nums('recent', '20')) {
    for (const s of nums('shrink', '0')) {
      const m = new CooccurrenceModel(w, r, s);
      await m.fit(split.train);
      const out = phases.map((ph) => {
        const e = evaluate(m, d, split, { protocol: 'full', phase: ph });
        return `${ph} NDCG@10 ${e.ndcg.toFixed(4)} HR ${e.hr.toFixed(4)} cov ${(100 * e.coverage).toFixed(1)}% tail ${(100 * e.tailShare).toFixed(1)}%`;
      });
      console.log(`window ${w} recent ${r} shrink ${s}: ${out.join(' | ')}`);
    }
  }
}
