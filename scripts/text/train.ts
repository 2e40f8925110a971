/**
 * Reproduces the shipped text models in models/weights/text/ from ../shared/data:
 *   node --import tsx scripts/text/train.ts [DATA_DIR] [--only sentiment|intents|encoder] [--out DIR]
 * sentiment: all four review sources (training fifths); intents: bitext + JDDC labels mapped to the store intents
 * (scripts/text/intent-map.ts) plus scripts/text/seed-intents.csv; encoder (the sentence vectors of suggested replies):
 * bitext + JDDC training fifths with their own 27 + 123 intents, so paraphrases of one request land close together.
 * emotion: the learned emotion fallback (scripts/text/seed-emotions.ts). Prints held-out scores. Seeded: same data, same weights. The intent model is three seeds averaged (`--one-seed`: one).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../../models/backend';
import { BagClassifier } from '../../models/text/bag';
import { saveBag } from '../../models/text/io';
import { scoreLabels } from '../../engine/chats/analysis/metrics';
import { REVIEW_SOURCES, SENTIMENT_EPOCHS, loadIntentSet, loadReviews, split, type Labelled } from './data';
import { storeIntentRows } from './seed-templates';
import { emotionRows } from './seed-emotions';
import { INTENT_SEEDS as SHIPPED_INTENT_SEEDS } from '../../engine/chats/text-tasks';
import { ENCODER_EPOCHS, encoderRows } from './retrieval-eval';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const dataDir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--only' && args[i - 1] !== '--out') ?? join(here, '../../../shared/data'));
// --out DIR writes the models elsewhere (development); the default is the shipped weights.
const outDir = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1]) : join(here, '../../models/weights/text');

function fit(name: string, train: Labelled[], test: Labelled[], epochs: number, batchSize: number, balance = false, seeds: readonly number[] = [7]): void {
  const t0 = Date.now();
  const m = BagClassifier.trainSeeds(train.map((r) => r.text), train.map((r) => r.label), { epochs, batchSize, balance, progress: (e, n) => process.stderr.write(`${name} epoch ${e}/${n}\n`) }, seeds);
  const s = scoreLabels(test.map((r) => r.label), m.predict(test.map((r) => r.text)));
  saveBag(m, join(outDir, name), { trainedOn: dataDir.includes('shared') ? 'shared/data' : dataDir, heldOut: { n: s.n, accuracy: s.accuracy, macroF1: s.macroF1 } });
  process.stdout.write(`${name}: train ${train.length}, held out ${s.n}, accuracy ${s.accuracy.toFixed(4)}, macro-F1 ${s.macroF1.toFixed(4)}, ${Math.round((Date.now() - t0) / 1000)} s\n`);
  m.dispose();
}

await selectBackend();
const reviews = REVIEW_SOURCES.flatMap((s) => loadReviews(dataDir, s) ?? []);
if (!reviews.length) throw new Error(`No review data under ${dataDir}`);
const rs = split(reviews);
// English reviews are a tenth of the data: repeated 5x so the model does not learn English from its Chinese prior.
const english = rs.train.filter((r) => !/[\u4e00-\u9fff]/u.test(r.text));
// Class-balanced: a shop's messages have their own share of complaints, not the review files' (README "Chats").
if (only === null || only === 'sentiment') fit('sentiment', [...rs.train, ...english, ...english, ...english, ...english], rs.test, SENTIMENT_EPOCHS, 128, true);

const is = storeIntentRows(dataDir);
const INTENT_SEEDS: readonly number[] = args.includes('--one-seed') ? [7] : SHIPPED_INTENT_SEEDS;
// Three seeds averaged (BagClassifier.merge): README "Chats", 2026-12-05.
if (only === null || only === 'intents') fit('intents', is.train, is.test, 10, 64, false, INTENT_SEEDS);

// The learned emotion fallback (models/text/sentiment.ts reads it where no cue decides): template lines per emotion and
// public requests as neutral, three seeds averaged (README "Chats", emotion, 2026-12-05). Trained on all its rows;
// scored on the second blind development file (tests/unit/fixtures/chats/emotion-blind-dev2.csv, the one it was chosen on).
if (only === null || only === 'emotion') {
  const dev2 = (parse(readFileSync(join(here, '../../tests/unit/fixtures/chats/emotion-blind-dev2.csv')), { columns: true }) as { text: string; emotion: string }[]).map((r) => ({ text: r.text, label: r.emotion }));
  fit('emotion', emotionRows(dataDir), dev2, 10, 32, false, [7, 8, 9]);
}

// The retrieval encoder: only its embeddings are used (models/text/encoder.ts); the fine labels make requests that mean
// the same thing close, across wordings. Evaluated as retrieval by `npm run bench -- chats`.
const intentSets = { bitext: loadIntentSet(dataDir, 'bitext') ?? [], jddc: loadIntentSet(dataDir, 'jddc') ?? [] };
const fineTest = [...split(intentSets.bitext).test.map((r) => ({ ...r, label: `en:${r.label}` })), ...split(intentSets.jddc).test.map((r) => ({ ...r, label: `zh:${r.label}` }))];
if (only === null || only === 'encoder') fit('encoder', encoderRows(intentSets, false), fineTest, ENCODER_EPOCHS, 64);
