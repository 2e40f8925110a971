/**
 * Development check of the cross-domain adaptation (models/text/adapt.ts): each pair of review sources trains on the
 * source's training fifth, adapts to the target's training fifth as unlabelled text, and is scored on that same
 * training fifth's labels. The target's held-out fifth (the benchmark's test rows) is never read here.
 *   node --import tsx scripts/text/dev-adapt.ts [DATA_DIR] [--en|--zh] [--baseline] [--settings JSON]
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreLabels } from '../../engine/chats/analysis/metrics';
import { trainTfidfLr } from '../../engine/chats/analysis/tfidf-lr';
import { selectBackend } from '../../models/backend';
import { BagClassifier } from '../../models/text/bag';
import { adaptFrom, trainAdapted, type AdaptOptions } from '../../models/text/adapt';
import { SENTIMENT_EPOCHS, loadReviews, split, type ReviewSource } from './data';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const dataDir = resolve(args.find((a, i) => !a.startsWith('--') && !['--settings', '--lrs', '--shares', '--epochs'].includes(args[i - 1])) ?? join(here, '../../../shared/data'));
const ALL_PAIRS = [['hotels', 'waimai'], ['waimai', 'hotels'], ['yelp', 'amazon'], ['amazon', 'yelp']] as const;
const lang = process.argv.includes('--en') ? 'en' : process.argv.includes('--zh') ? 'zh' : 'all';
// Each setting is one line: mean accuracy over the pairs, then each pair (the chosen one is DEFAULT_ADAPT).
const PAIRS = ALL_PAIRS.filter(([f]) => lang === 'all' || (lang === 'en') === (f === 'yelp' || f === 'amazon'));
type Setting = AdaptOptions & { name: string };
const GRID: Setting[] = [
  { name: 'none', minTargetCount: 0, rounds: 0, share: 0, weight: 0 },
  { name: 'shared>=1', minTargetCount: 1, rounds: 0, share: 0, weight: 0 },
  { name: 'shared>=2', minTargetCount: 2, rounds: 0, share: 0, weight: 0 },
  { name: 'self 0.5 w0.5', minTargetCount: 0, rounds: 1, share: 0.5, weight: 0.5 },
  { name: 'self 0.5 w1', minTargetCount: 0, rounds: 1, share: 0.5, weight: 1 },
  { name: 'shared>=1 + self 0.3 w0.5', minTargetCount: 1, rounds: 1, share: 0.3, weight: 0.5 },
  { name: 'shared>=1 + self 0.5 w0.5', minTargetCount: 1, rounds: 1, share: 0.5, weight: 0.5 },
  { name: 'shared>=1 + self 0.5 w1', minTargetCount: 1, rounds: 1, share: 0.5, weight: 1 },
  { name: 'shared>=1 + self 0.8 w1', minTargetCount: 1, rounds: 1, share: 0.8, weight: 1 },
  { name: 'shared>=1 + self 0.5 w1 x2', minTargetCount: 1, rounds: 2, share: 0.5, weight: 1 },
  { name: 'self 0.5 w1 x2', minTargetCount: 0, rounds: 2, share: 0.5, weight: 1 },
  { name: 'self 0.5 w1, 1 epoch (chosen)', minTargetCount: 0, rounds: 1, share: 0.5, weight: 1, epochs: 1 },
  { name: 'self 0.3 w1, 1 epoch', minTargetCount: 0, rounds: 1, share: 0.3, weight: 1, epochs: 1 },
  { name: 'self 0.8 w1, 1 epoch', minTargetCount: 0, rounds: 1, share: 0.8, weight: 1, epochs: 1 },
];

// `--settings '[{...}]'` replaces the grid (each: name, minTargetCount, rounds, share, weight, optional epochs).
const at = process.argv.indexOf('--settings');
const SETTINGS: Setting[] = at > 0 ? (JSON.parse(process.argv[at + 1]) as Setting[]) : GRID;

await selectBackend();
if (process.argv.includes('--baseline')) {
  const line: string[] = [];
  for (const [from, to] of PAIRS) {
    const a = split(loadReviews(dataDir, from) ?? []).train;
    const dev = split(loadReviews(dataDir, to) ?? []).train;
    const lr = trainTfidfLr(a.map((r) => r.text), a.map((r) => r.label), 15, 7, true);
    line.push(`${from}→${to} ${(scoreLabels(dev.map((r) => r.label), lr.predict(dev.map((r) => r.text))).accuracy * 100).toFixed(1)}`);
  }
  process.stdout.write(`${'TF-IDF+LR baseline'.padEnd(28)} | ${line.join(' | ')}\n`);
}
// `--source-free`: the shipped model's case — train on the source, then adapt with the target texts only (`adaptFrom`),
// at a few learning rates (`--lrs 0.01,0.03 --shares 0.3 --epochs 1` narrow the grid), against no adaptation.
if (process.argv.includes('--source-free')) {
  const data = new Map((['hotels', 'waimai', 'yelp', 'amazon'] as ReviewSource[]).map((s) => [s, split(loadReviews(dataDir, s) ?? []).train]));
  const rows: Record<string, string[]> = {};
  for (const [from, to] of PAIRS) {
    const a = data.get(from) ?? [];
    const dev = data.get(to) ?? [];
    const opts = { epochs: SENTIMENT_EPOCHS, batchSize: a.length > 2000 ? 128 : 32, balance: true, seed: 7 };
    const base = BagClassifier.train(a.map((r) => r.text), a.map((r) => r.label), opts);
    const score = (m: BagClassifier): string => (scoreLabels(dev.map((r) => r.label), m.predict(dev.map((r) => r.text))).accuracy * 100).toFixed(1);
    (rows.none ??= []).push(`${from}→${to} ${score(base)}`);
    const list = (flag: string, dflt: number[]): number[] => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1].split(',').map(Number) : dflt);
    for (const lr of list('--lrs', [0.003, 0.01, 0.03])) for (const share of list('--shares', [0.3, 0.5])) for (const epochs of list('--epochs', [1, 2])) {
      const m = adaptFrom(base, dev.map((r) => r.text), { ...opts, learningRate: lr }, { share, epochs });
      (rows[`source-free lr ${lr} share ${share} ep ${epochs}`] ??= []).push(`${from}→${to} ${score(m)}`);
      m.dispose();
    }
    base.dispose();
  }
  for (const [name, line] of Object.entries(rows)) {
    const mean = line.map((l) => Number(l.split(' ').pop())).reduce((x, y) => x + y, 0) / line.length;
    process.stdout.write(`${name.padEnd(36)} mean ${mean.toFixed(1)} | ${line.join(' | ')}\n`);
  }
  process.exit(0);
}
const data = new Map((['hotels', 'waimai', 'yelp', 'amazon'] as ReviewSource[]).map((s) => [s, split(loadReviews(dataDir, s) ?? []).train]));
for (const st of SETTINGS) {
  const accs: number[] = [];
  const line: string[] = [];
  const t0 = Date.now();
  for (const [from, to] of PAIRS) {
    const a = data.get(from) ?? [];
    const dev = data.get(to) ?? [];
    const opts = { epochs: st.epochs ?? SENTIMENT_EPOCHS, batchSize: a.length > 2000 ? 128 : 32, balance: true, seed: 7 };
    const texts = a.map((r) => r.text);
    const labels = a.map((r) => r.label);
    const m = st.rounds === 0 && st.minTargetCount === 0 ? BagClassifier.train(texts, labels, opts) : trainAdapted(texts, labels, dev.map((r) => r.text), opts, st);
    const s = scoreLabels(dev.map((r) => r.label), m.predict(dev.map((r) => r.text)));
    m.dispose();
    accs.push(s.accuracy);
    line.push(`${from}→${to} ${(s.accuracy * 100).toFixed(1)}`);
  }
  const mean = accs.reduce((x, y) => x + y, 0) / accs.length;
  process.stdout.write(`${st.name.padEnd(28)} mean ${(mean * 100).toFixed(1)} | ${line.join(' | ')} | ${Math.round((Date.now() - t0) / 1000)} s\n`);
}
