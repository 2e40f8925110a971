/**
 * `npm run bench -- chats`: the text models against a TF-IDF + logistic-regression baseline on the same splits, in the same
 * run (../shared/data/reviews and ../shared/data/customer_service; SKIPPED when absent), plus ms per message and the
 * suggestion latency with 1,000 knowledge-base articles.
 *   sentiment in-domain: the shipped model (trained on the training fifths of all four review sources) vs TF-IDF+LR
 *     trained on the same rows, each scored on each source's held-out fifth;
 *   sentiment cross-domain: both trained here on one source's training fifth, scored on another source's held-out fifth;
 *   intents: both trained here on the training fifth of each public intent set (its own labels), scored on the held-out fifth.
 */
import { join } from 'node:path';
import { openStore } from '../../engine/db/store';
import { scoreLabels } from '../../engine/chats/analysis/metrics';
import { trainTfidfLr } from '../../engine/chats/analysis/tfidf-lr';
import { shippedModelDir } from '../../engine/chats/models';
import { rankSuggestions } from '../../engine/chats/suggest/suggest';
import { selectBackend } from '../../models/backend';
import { BagClassifier } from '../../models/text/bag';
import { loadIntents } from '../../models/text/intents';
import { loadBag } from '../../models/text/io';
import { loadSentiment } from '../../models/text/sentiment';
import { loadIntentSet, loadReviews, split, type Labelled, type ReviewSource } from '../../scripts/text/data';
import { tempDir } from '../unit/helpers';
import { printTable, sharedData, type BenchRow } from './table';

const pct = (v: number): number => Math.round(v * 1000) / 10;

function compare(metric: string, ours: ReturnType<typeof scoreLabels>, base: ReturnType<typeof scoreLabels>): BenchRow[] {
  return [
    { metric: `${metric}: accuracy`, ours: pct(ours.accuracy), peer: pct(base.accuracy), peerName: 'TF-IDF+LR', unit: '%' },
    { metric: `${metric}: macro-F1`, ours: pct(ours.macroF1), peer: pct(base.macroF1), peerName: 'TF-IDF+LR', unit: '%' },
  ];
}

function bagVsBaseline(train: Labelled[], test: Labelled[], opts: { epochs: number; batchSize: number; balance?: boolean }): { ours: ReturnType<typeof scoreLabels>; base: ReturnType<typeof scoreLabels> } {
  const m = BagClassifier.train(train.map((r) => r.text), train.map((r) => r.label), { ...opts, seed: 7 });
  const ours = scoreLabels(test.map((r) => r.label), m.predict(test.map((r) => r.text)));
  m.dispose();
  const lr = trainTfidfLr(train.map((r) => r.text), train.map((r) => r.label), 15, 7, opts.balance ?? false);
  const base = scoreLabels(test.map((r) => r.label), lr.predict(test.map((r) => r.text)));
  return { ours, base };
}

/** Runs the benchmark. */
export async function run(args: string[] = []): Promise<void> {
  await selectBackend();
  const only = args.includes('--latency-only');
  const rows: BenchRow[] = [];
  const data = only ? null : await sharedData('reviews');
  if (data) {
    const root = join(data, '..');
    const sources = (['hotels', 'waimai', 'yelp', 'amazon'] as ReviewSource[]).map((s) => ({ s, ...split(loadReviews(root, s) ?? []) }));
    // In-domain: the shipped model vs TF-IDF+LR on the same pooled training rows.
    const pooled = sources.flatMap((x) => x.train);
    // Sentiment models, ours and the baseline alike, train with class-balanced weights (see README "Chats").
    const lr = trainTfidfLr(pooled.map((r) => r.text), pooled.map((r) => r.label), 15, 7, true);
    const shipped = loadBag(shippedModelDir('sentiment'));
    for (const { s, test } of sources) {
      const gold = test.map((r) => r.label);
      rows.push(...compare(`sentiment in-domain ${s} (n=${test.length})`, scoreLabels(gold, shipped.predict(test.map((r) => r.text))), scoreLabels(gold, lr.predict(test.map((r) => r.text)))));
    }
    shipped.dispose();
    for (const [from, to] of [['hotels', 'waimai'], ['waimai', 'hotels'], ['yelp', 'amazon'], ['amazon', 'yelp']] as const) {
      const a = sources.find((x) => x.s === from);
      const b = sources.find((x) => x.s === to);
      if (!a || !b) continue;
      const r = bagVsBaseline(a.train, b.test, { epochs: 5, batchSize: a.train.length > 2000 ? 128 : 32, balance: true });
      rows.push(...compare(`sentiment cross-domain ${from}→${to} (n=${b.test.length})`, r.ours, r.base));
    }
  }
  const cs = only ? null : await sharedData('customer_service');
  if (cs) {
    for (const name of ['bitext', 'jddc'] as const) {
      const set = loadIntentSet(join(cs, '..'), name);
      if (!set) continue;
      const { train, test } = split(set);
      const r = bagVsBaseline(train, test, { epochs: 10, batchSize: 32 });
      rows.push(...compare(`intents ${name === 'bitext' ? 'bitext en, 27 intents' : 'JDDC zh, 123 intents'} (n=${test.length})`, r.ours, r.base));
    }
  }
  // Speed: the shipped models over 1,000 chat-like messages (features, jieba and the model together).
  const msgs = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `我的订单DM20261103${String(i).padStart(5, '0')}什么时候发货？着急用` : `Hi, is the linen shirt in size M still in stock? Order ${i}`));
  const senti = await loadSentiment(shippedModelDir('sentiment'));
  const intents = await loadIntents(shippedModelDir('intents'));
  senti.analyse(msgs.slice(0, 20));
  let t0 = performance.now();
  senti.analyse(msgs);
  intents.classify(msgs);
  const msPer = (performance.now() - t0) / msgs.length;
  senti.dispose();
  intents.dispose();
  rows.push({ metric: 'sentiment + emotion + intent per message', ours: msPer, peer: '—', peerName: '', ratio: '—', unit: 'ms' });
  printTable('Chats: text models vs TF-IDF + logistic regression (same splits, same run)', rows);
  rows.length = 0;
  // Suggestion latency with 1,000 KB articles on a real store file.
  const t = tempDir('desk-bench-chats-');
  const store = openStore(join(t.dir, 'shop.db'));
  try {
    const db = store.db;
    db.prepare("INSERT INTO products (sku, title_zh, title_en, price, created_at, updated_at) VALUES ('AP-1', '北欧台灯', 'Nordic lamp', 199, '2026-12-01', '2026-12-01')").run();
    const topics = [['发货', 'shipping', 'shipping'], ['退货', 'return', 'return_refund'], ['尺码', 'size', 'exchange_size'], ['优惠', 'discount', 'discount_price'], ['库存', 'stock', 'product_question'], ['付款', 'payment', 'payment']];
    const ins = db.prepare('INSERT INTO kb_articles (slug, title_zh, title_en, body_zh, body_en, tags, intent, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        const [zh, en, intent] = topics[i % topics.length];
        ins.run(`a${i}`, `${zh}问题 ${i}`, `${en} question ${i}`, `关于${zh}的说明第${i}条：商品{product}，库存{stock}件。`, `About ${en}, note ${i}: {product} has {stock} in stock.`, '[]', intent, '2026-12-01');
      }
    })();
    const queries = ['北欧台灯还有货吗', 'when will my order ship', '可以退货吗', 'is there a discount', 'what size should I take', '怎么付款'];
    t0 = performance.now();
    rankSuggestions(db, { query: queries[0], intent: null, slots: {}, lang: 'zh', channel: 'web' });
    const build = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const s = performance.now();
      rankSuggestions(db, { query: queries[i % queries.length], intent: topics[i % topics.length][2], slots: { product: 'AP-1' }, lang: i % 2 ? 'en' : 'zh', channel: 'wechat' });
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    rows.push({ metric: 'suggestion latency p95, 1,000 articles', ours: times[Math.floor(0.95 * times.length)], peer: 100, peerName: 'target', unit: 'ms', target: '< 100 ms' });
    rows.push({ metric: 'KB index build, 1,000 articles (first suggestion)', ours: build, peer: '—', peerName: '', ratio: '—', unit: 'ms' });
  } finally {
    store.close();
    t.cleanup();
  }
  printTable('Chats: suggested replies', rows);
}
