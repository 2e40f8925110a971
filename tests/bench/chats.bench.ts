/**
 * `npm run bench -- chats`: the text models against a TF-IDF + logistic-regression baseline on the same splits, in the same
 * run (../shared/data/reviews and ../shared/data/customer_service; SKIPPED when absent), plus ms per message and the
 * suggestion latency with 1,000 knowledge-base articles.
 *   sentiment in-domain: the shipped model (trained on the training fifths of all four review sources) vs TF-IDF+LR
 *     trained on the same rows, each scored on each source's held-out fifth;
 *   sentiment cross-domain: both trained here on one source's training fifth, scored on another source's held-out fifth;
 *     ours is adapted to the target's training fifth as unlabelled text (self-training, models/text/adapt.ts), and a
 *     second table scores ours trained on the source alone (the recipe before adaptation);
 *   intents: both trained here on the training fifth of each public intent set (its own labels), scored on the held-out fifth;
 *     store intents: the shipped model on shop messages written apart from its training lines (writtenIntentRows).
 *   BiLSTM rows: the modelled product's design (models/text/bilstm.ts) trained here on the same rows as each comparison,
 *     capped at BILSTM_SECONDS of training per model (the cap, not the epochs, ends the larger runs; say so when quoting).
 *   retrieval (tests/bench/chats-retrieval.ts): BM25 vs embeddings vs hybrid on held-out requests, both languages.
 * `--no-bilstm` skips the BiLSTM rows (about 8 minutes on the 2-core machine); `--no-retrieval` the retrieval rows
 * (it trains a second encoder).
 */
import { join } from 'node:path';
import { openStore } from '../../engine/db/store';
import { scoreLabels } from '../../engine/chats/analysis/metrics';
import { trainTfidfLr } from '../../engine/chats/analysis/tfidf-lr';
import { loadShopSentiment, shippedModelDir } from '../../engine/chats/models';
import { evaluateText, readLabelled } from '../../engine/chats/text-tasks';
import { rankSuggestions } from '../../engine/chats/suggest/suggest';
import { selectBackend } from '../../models/backend';
import { DEFAULT_ADAPT, SOURCE_FREE_ADAPT, SOURCE_FREE_LR, adaptFrom, trainAdapted } from '../../models/text/adapt';
import { BagClassifier } from '../../models/text/bag';
import { BiLstmClassifier } from '../../models/text/bilstm';
import { loadIntents } from '../../models/text/intents';
import { loadBag } from '../../models/text/io';
import { SENTIMENT_EPOCHS, loadIntentSet, loadReviews, split, type Labelled, type ReviewSource } from '../../scripts/text/data';
import { storeIntentRows } from '../../scripts/text/seed-templates';
import { tempDir } from '../unit/helpers';
import { dataRootOf, retrievalRows } from './chats-retrieval';
import { printTable, sharedData, type BenchRow } from './table';

const pct = (v: number): number => Math.round(v * 1000) / 10;
/** Training-time cap of each BiLSTM in the benchmark, in seconds. */
const BILSTM_SECONDS = 90;

function compare(metric: string, ours: ReturnType<typeof scoreLabels>, base: ReturnType<typeof scoreLabels>): BenchRow[] {
  return [
    { metric: `${metric}: accuracy`, ours: pct(ours.accuracy), peer: pct(base.accuracy), peerName: 'TF-IDF+LR', unit: '%' },
    { metric: `${metric}: macro-F1`, ours: pct(ours.macroF1), peer: pct(base.macroF1), peerName: 'TF-IDF+LR', unit: '%' },
  ];
}

/** The BiLSTM trained on the same rows (time-capped), as rows next to our model. */
function bilstmRows(metric: string, ours: ReturnType<typeof scoreLabels>, train: Labelled[], test: Labelled[], opts: { epochs: number; balance?: boolean }): BenchRow[] {
  const m = BiLstmClassifier.train(train.map((r) => r.text), train.map((r) => r.label), { epochs: opts.epochs, balance: opts.balance, maxSeconds: BILSTM_SECONDS, seed: 7 });
  const s = scoreLabels(test.map((r) => r.label), m.predict(test.map((r) => r.text)));
  const name = `BiLSTM (${m.trained.epochs} ep, ${Math.round(m.trained.seconds)} s)`;
  m.dispose();
  return [
    { metric: `${metric}: accuracy vs BiLSTM`, ours: pct(ours.accuracy), peer: pct(s.accuracy), peerName: name, unit: '%' },
    { metric: `${metric}: macro-F1 vs BiLSTM`, ours: pct(ours.macroF1), peer: pct(s.macroF1), peerName: name, unit: '%' },
  ];
}

/**
 * Ours and the baseline trained on the same rows. With `adaptTo` (the target source's training texts, unlabelled), ours
 * is adapted to them (models/text/adapt.ts) and `plain` scores ours trained as before, on the source alone.
 */
function bagVsBaseline(train: Labelled[], test: Labelled[], opts: { epochs: number; batchSize: number; balance?: boolean }, adaptTo?: readonly string[]): { ours: ReturnType<typeof scoreLabels>; base: ReturnType<typeof scoreLabels>; plain: ReturnType<typeof scoreLabels> | null; sourceFree: ReturnType<typeof scoreLabels> | null } {
  const gold = test.map((r) => r.label);
  const texts = test.map((r) => r.text);
  const score = (m: BagClassifier): ReturnType<typeof scoreLabels> => {
    const s = scoreLabels(gold, m.predict(texts));
    m.dispose();
    return s;
  };
  const plainModel = BagClassifier.train(train.map((r) => r.text), train.map((r) => r.label), { ...opts, seed: 7 });
  // The app's case (`desk sentiment adapt`): the trained model adapted with the target texts alone, no source rows.
  const sourceFree = adaptTo ? score(adaptFrom(plainModel, adaptTo, { ...opts, seed: 7, learningRate: SOURCE_FREE_LR }, SOURCE_FREE_ADAPT)) : null;
  const plain = score(plainModel);
  const ours = adaptTo ? score(trainAdapted(train.map((r) => r.text), train.map((r) => r.label), adaptTo, { ...opts, seed: 7 }, DEFAULT_ADAPT)) : plain;
  const lr = trainTfidfLr(train.map((r) => r.text), train.map((r) => r.label), 15, 7, opts.balance ?? false);
  const base = scoreLabels(gold, lr.predict(texts));
  return { ours, base, plain: adaptTo ? plain : null, sourceFree };
}

/**
 * The store intents on shop messages written apart from every training line, per file and language: the shipped model
 * against TF-IDF+LR trained here on the same rows, and against the bag trained here on the rows of before the template
 * lines (2026-12-05). `intents-written-test.csv` (never trained or tuned on; written with intents-written-dev.csv, whose
 * style it shares) and `intents-blind-test.csv` (2026-12-05: a third writer who saw no file of the project).
 */
async function writtenIntentRows(dataDir: string): Promise<BenchRow[]> {
  const files: [string, string][] = [['intents-written-test.csv', 'written apart'], ['intents-blind-test.csv', 'written blind']];
  const rows = storeIntentRows(dataDir);
  const before = BagClassifier.train(...cols(storeIntentRows(dataDir, false).train), { epochs: 10, batchSize: 64, seed: 7 });
  const lr = trainTfidfLr(...cols(rows.train), 15, 7, false);
  const shipped = await loadIntents(shippedModelDir('intents'));
  const out: BenchRow[] = [];
  for (const [file, how] of files) {
    const test = await readLabelled(join(process.cwd(), 'tests/unit/fixtures/chats', file), 'text', 'intent', 'en');
    for (const zh of [false, true]) {
      const idx = test.texts.map((t, i) => (/[\u4e00-\u9fff]/u.test(t) === zh ? i : -1)).filter((i) => i >= 0);
      const texts = idx.map((i) => test.texts[i]);
      const gold = idx.map((i) => test.labels[i]);
      const ours = scoreLabels(gold, shipped.classify(texts).map((p) => p.intent));
      const name = `store intents, shop messages ${how}, ${zh ? 'zh' : 'en'} (n=${texts.length})`;
      out.push(...compare(name, ours, scoreLabels(gold, lr.predict(texts))));
      const b = scoreLabels(gold, before.predict(texts));
      out.push({ metric: `${name}: accuracy vs before`, ours: pct(ours.accuracy), peer: pct(b.accuracy), peerName: 'without template lines', unit: '%' });
    }
  }
  shipped.dispose();
  before.dispose();
  return out;
}

function cols(rows: readonly Labelled[]): [string[], string[]] {
  return [rows.map((r) => r.text), rows.map((r) => r.label)];
}

/** Runs the benchmark. */
export async function run(args: string[] = []): Promise<void> {
  await selectBackend();
  const only = args.includes('--latency-only');
  const bilstm = !args.includes('--no-bilstm');
  const rows: BenchRow[] = [];
  const lstmRows: BenchRow[] = [];
  const plainRows: BenchRow[] = [];
  const data = only ? null : await sharedData('reviews');
  if (data) {
    const root = join(data, '..');
    const sources = (['hotels', 'waimai', 'yelp', 'amazon'] as ReviewSource[]).map((s) => ({ s, ...split(loadReviews(root, s) ?? []) }));
    // In-domain: the shipped model vs TF-IDF+LR on the same pooled training rows.
    const pooled = sources.flatMap((x) => x.train);
    // The BiLSTM in-domain: trained on the shipped model's rows (scripts/text/train.ts: English repeated 5x), scored per source.
    const english = pooled.filter((r) => !/[\u4e00-\u9fff]/u.test(r.text));
    const lstm = bilstm ? BiLstmClassifier.train(...cols([...pooled, ...english, ...english, ...english, ...english]), { epochs: 5, balance: true, maxSeconds: BILSTM_SECONDS, seed: 7 }) : null;
    // Sentiment models, ours and the baseline alike, train with class-balanced weights (see README "Chats").
    const lr = trainTfidfLr(pooled.map((r) => r.text), pooled.map((r) => r.label), 15, 7, true);
    const shipped = loadBag(shippedModelDir('sentiment'));
    for (const { s, test } of sources) {
      const gold = test.map((r) => r.label);
      const ours = scoreLabels(gold, shipped.predict(test.map((r) => r.text)));
      rows.push(...compare(`sentiment in-domain ${s} (n=${test.length})`, ours, scoreLabels(gold, lr.predict(test.map((r) => r.text)))));
      if (lstm) {
        const l = scoreLabels(gold, lstm.predict(test.map((r) => r.text)));
        const name = `BiLSTM (${lstm.trained.epochs} ep, ${Math.round(lstm.trained.seconds)} s)`;
        lstmRows.push({ metric: `sentiment in-domain ${s}: accuracy vs BiLSTM`, ours: pct(ours.accuracy), peer: pct(l.accuracy), peerName: name, unit: '%' });
        lstmRows.push({ metric: `sentiment in-domain ${s}: macro-F1 vs BiLSTM`, ours: pct(ours.macroF1), peer: pct(l.macroF1), peerName: name, unit: '%' });
      }
    }
    shipped.dispose();
    lstm?.dispose();
    for (const [from, to] of [['hotels', 'waimai'], ['waimai', 'hotels'], ['yelp', 'amazon'], ['amazon', 'yelp']] as const) {
      const a = sources.find((x) => x.s === from);
      const b = sources.find((x) => x.s === to);
      if (!a || !b) continue;
      // Adapted to the target's training fifth as unlabelled text (its labels and its held-out fifth are never used).
      const r = bagVsBaseline(a.train, b.test, { epochs: SENTIMENT_EPOCHS, batchSize: a.train.length > 2000 ? 128 : 32, balance: true }, b.train.map((x) => x.text));
      rows.push(...compare(`sentiment cross-domain ${from}→${to} (n=${b.test.length})`, r.ours, r.base));
      if (r.plain) plainRows.push(...compare(`sentiment cross-domain ${from}→${to} (n=${b.test.length}), not adapted`, r.plain, r.base));
      if (r.sourceFree) plainRows.push(...compare(`sentiment cross-domain ${from}→${to} (n=${b.test.length}), adapted as in the app (no source rows)`, r.sourceFree, r.base));
      if (bilstm) lstmRows.push(...bilstmRows(`sentiment cross-domain ${from}→${to}`, r.ours, a.train, b.test, { epochs: 5, balance: true }));
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
      if (bilstm) lstmRows.push(...bilstmRows(`intents ${name}`, r.ours, train, test, { epochs: 10 }));
    }
  }
  if (cs) rows.push(...(await writtenIntentRows(join(cs, '..'))));
  const retrieval = cs && !args.includes('--no-retrieval') ? retrievalRows(dataRootOf(cs), (line) => process.stdout.write(line)) : [];
  // Speed: the shipped models over 1,000 chat-like messages (features, jieba and the model together).
  const msgs = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `我的订单DM20261103${String(i).padStart(5, '0')}什么时候发货？着急用` : `Hi, is the linen shirt in size M still in stock? Order ${i}`));
  const senti = await loadShopSentiment(shippedModelDir('sentiment'));
  const intents = await loadIntents(shippedModelDir('intents'));
  senti.analyse(msgs.slice(0, 20));
  let t0 = performance.now();
  senti.analyse(msgs);
  intents.classify(msgs);
  const msPer = (performance.now() - t0) / msgs.length;
  senti.dispose();
  intents.dispose();
  rows.push({ metric: 'sentiment + emotion + intent per message', ours: msPer, peer: '—', peerName: '', ratio: '—', unit: 'ms' });
  // Emotion on the report half (odd rows) of the hand-labelled requests; the cues were written against the even rows.
  const labelled = await readLabelled(join(process.cwd(), 'tests/unit/fixtures/chats/emotion-handlabelled.csv'), 'text', 'emotion', 'en');
  const half = { texts: labelled.texts.filter((_, i) => i % 2 === 1), labels: labelled.labels.filter((_, i) => i % 2 === 1) };
  const emo = await evaluateText('sentiment', half, undefined, 'en');
  const neutral = scoreLabels(half.labels, half.labels.map(() => 'neutral'));
  rows.push({ metric: `emotion, ${half.texts.length} hand-labelled requests (bitext + JDDC, report half): accuracy`, ours: pct(emo.accuracy), peer: pct(neutral.accuracy), peerName: 'always neutral', unit: '%' });
  rows.push({ metric: `emotion, ${half.texts.length} hand-labelled requests (bitext + JDDC, report half): macro-F1`, ours: pct(emo.macroF1), peer: pct(neutral.macroF1), peerName: 'always neutral', unit: '%' });
  // And on messages written blind, 20 per emotion (a writer who read no project file; never used to write the cues).
  const blind = await readLabelled(join(process.cwd(), 'tests/unit/fixtures/chats/emotion-blind-test.csv'), 'text', 'emotion', 'en');
  const emoBlind = await evaluateText('sentiment', blind, undefined, 'en');
  const neutralBlind = scoreLabels(blind.labels, blind.labels.map(() => 'neutral'));
  rows.push({ metric: `emotion, ${blind.texts.length} messages written blind (20 per emotion, en + zh): accuracy`, ours: pct(emoBlind.accuracy), peer: pct(neutralBlind.accuracy), peerName: 'always neutral', unit: '%' });
  rows.push({ metric: `emotion, ${blind.texts.length} messages written blind (20 per emotion, en + zh): macro-F1`, ours: pct(emoBlind.macroF1), peer: pct(neutralBlind.macroF1), peerName: 'always neutral', unit: '%' });
  printTable('Chats: text models vs TF-IDF + logistic regression (same splits, same run)', rows);
  if (plainRows.length) printTable('Chats: cross-domain sentiment without adaptation, and adapted as `desk sentiment adapt` does (the source-trained model continues on the target texts alone; same run)', plainRows);
  if (lstmRows.length) printTable(`Chats: our n-gram bag vs a BiLSTM over learned word embeddings (same rows, same run; BiLSTM training capped at ${BILSTM_SECONDS} s per model)`, lstmRows);
  if (retrieval.length) printTable('Chats: suggested-reply retrieval on held-out requests (test halves; BM25 alone is the baseline)', retrieval);
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
