/**
 * Development: NDCG@10 (full, test item) split by whether the target is already in the customer's history (a repeat:
 * a viewed item bought, a carted item bought) or new to them. The product's customer lists never show an item from
 * the customer's history, so only the "new" column measures what they can deliver.
 * `sasrec` trains the product's Transformer ensemble as `desk recs train` does (maxLen 50, 40 epochs, the store's
 * text and image features too), within the default time cap.
 * Usage: npx tsx scripts/recs/dev-repeats.ts (ratings.csv | --store FILE) [--models=pop,cooc,als,ease,sasrec]
 */
import { PRODUCT_ENSEMBLE } from '../../engine/recs/ensemble';
import { evaluateModels } from '../../engine/recs/evaluate';
import { storeContent } from '../../engine/recs/store-run';
import type { RecModel } from '../../engine/recs/types';
import { evaluate } from '../../engine/recs/metrics';
import { createModel, isModelName } from '../../engine/recs/registry';
import { historyFor, leaveLastOut } from '../../engine/recs/split';
import { viewedNotBought, type InterestEvent } from '../../engine/recs/revisit';
import { storeOrRatings } from './dev-data';

const args = process.argv.slice(2);
const { d, db, productDbIds } = await storeOrRatings(args);
const content = db && productDbIds ? storeContent(db, productDbIds).content : undefined;
const models = (args.find((a) => a.startsWith('--models='))?.split('=')[1] ?? 'pop,cooc,als,ease').split(',').filter(isModelName);
const split = leaveLastOut(d);
const repeat = split.evalUsers.map((u) => historyFor(d, u, 'test').items.includes(split.test[u]));
const nRep = repeat.filter(Boolean).length;
console.log(`${split.evalUsers.length} customers evaluated; test target already in their history: ${nRep} (${((100 * nRep) / repeat.length).toFixed(1)}%)`);
// The "viewed, not bought yet" list (engine/recs/revisit.ts) built from each history alone: how often its top 10 holds the test item.
const kindName = (k: number | undefined): InterestEvent<number>['kind'] => (k === 2 ? 'cart' : k === 3 ? 'purchase' : 'view');
// Beside it, a plain "recently viewed" widget: the last 10 distinct items of the history, bought or not.
let hits = 0;
let ndcgRevisit = 0;
let nonEmpty = 0;
let recentHits = 0;
let ndcgRecent = 0;
for (const u of split.evalUsers) {
  const h = historyFor(d, u, 'test');
  const list = viewedNotBought(Array.from(h.items, (item, i) => ({ item, kind: kindName(h.kinds?.[i]) })), 10);
  if (list.length) nonEmpty++;
  const at = list.findIndex((o) => o.item === split.test[u]);
  if (at >= 0) {
    hits++;
    ndcgRevisit += 1 / Math.log2(at + 2);
  }
  const recent: number[] = [];
  for (let i = h.items.length - 1; i >= 0 && recent.length < 10; i--) if (!recent.includes(h.items[i])) recent.push(h.items[i]);
  const r = recent.indexOf(split.test[u]);
  if (r >= 0) {
    recentHits++;
    ndcgRecent += 1 / Math.log2(r + 2);
  }
}
const nU = split.evalUsers.length;
console.log(`viewed, not bought yet (history only, most recent first): non-empty for ${((100 * nonEmpty) / nU).toFixed(1)}% of customers; HR@10 ${(hits / nU).toFixed(4)}, NDCG@10 ${(ndcgRevisit / nU).toFixed(4)} over all customers (${((100 * hits) / Math.max(1, nRep)).toFixed(1)}% of the repeat targets)`);
console.log(`recently viewed (last 10 distinct items, bought or not): HR@10 ${(recentHits / nU).toFixed(4)}, NDCG@10 ${(ndcgRecent / nU).toFixed(4)}`);
console.log('| model | NDCG@10 all | repeat targets | new targets |');
const row = (name: string, m: RecModel): void => {
  const e = evaluate(m, d, split, { protocol: 'full', phase: 'test', seed: 42, perUser: true });
  const per = e.userNdcg as Float64Array;
  let r = 0;
  let w = 0;
  per.forEach((v, j) => (repeat[j] ? (r += v) : (w += v)));
  console.log(`| ${name} | ${e.ndcg.toFixed(4)} | ${(r / Math.max(1, nRep)).toFixed(4)} | ${(w / Math.max(1, repeat.length - nRep)).toFixed(4)} |`);
};
for (const name of models) {
  if (name === 'sasrec') {
    await evaluateModels(d, { models: ['sasrec'], protocol: 'full', seed: 42, modelOptions: { sasrec: { ensemble: PRODUCT_ENSEMBLE, maxLen: 50, epochs: 40, ...(content ? { content } : {}) } }, onTrained: (_n, m) => row('sasrec', m) });
    continue;
  }
  const m = await createModel(name);
  await m.fit(split.train);
  row(name, m);
  m.dispose();
}
