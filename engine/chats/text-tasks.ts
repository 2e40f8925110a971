/** `desk sentiment|intents evaluate|train`: score or fine-tune a text model on any labelled CSV/XLSX file. */
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { selectBackend } from '../../models/backend';
import { BagClassifier } from '../../models/text/bag';
import { loadBag, saveBag } from '../../models/text/io';
import { intentsFrom } from '../../models/text/intents';
import { detectLanguage } from '../../models/text/lang';
import { emotionOf, labelScheme, polarityOf } from '../../models/text/labels';
import { sentimentFrom } from '../../models/text/sentiment';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { readTable } from '../io/reader';
import { scoreLabels, type ClassScores } from './analysis/metrics';
import { chatMessages } from './messages';
import { shippedModelDir } from './models';
import { makeDirs } from '../fs/mkdirs';

/** Which model a task works on. */
export type TextTask = 'sentiment' | 'intents';

/** A labelled file as read: texts, labels and the file rows they came from. */
export interface LabelledFile {
  texts: string[];
  labels: string[];
  /** The file it was read from, for messages. */
  path?: string;
  /** Each kept row's line in the file (header = 1), for messages. */
  lines?: number[];
  /** The label column's name as the file writes it, for messages. */
  labelColumn?: string;
  /** Rows left out for a blank text or label. */
  skipped?: number;
}

/** Reads TEXT and LABEL columns of a CSV/TSV/XLSX file; rows with a blank text or label are skipped. */
export async function readLabelled(path: string, textCol: string, labelCol: string, lang: Lang): Promise<LabelledFile> {
  const t = await readTable(path, { lang });
  const find = (name: string): number => {
    const i = t.header.findIndex((h) => h === name || h.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new EngineError('user_error', tr(chatMessages, lang, 'no_column', { file: basename(path), column: name, columns: t.header.join(', ') }), { file: path, column: name });
    return i;
  };
  const ti = find(textCol);
  const li = find(labelCol);
  const texts: string[] = [];
  const labels: string[] = [];
  const lines: number[] = [];
  t.rows.forEach((r, i) => {
    const text = (r[ti] ?? '').trim();
    const label = (r[li] ?? '').trim();
    if (!text || !label) return;
    texts.push(text);
    labels.push(label);
    lines.push(t.rowNumbers?.[i] ?? i + 2);
  });
  if (!texts.length) throw new EngineError('user_error', tr(chatMessages, lang, 'no_labelled_rows', { file: basename(path) }), { file: path });
  return { texts, labels, path, lines, labelColumn: t.header[li], skipped: t.rows.length - texts.length };
}

/** Scores of an evaluation, with how many rows were in a language the model does not handle (not scored). */
export interface TextEvaluation extends ClassScores {
  task: TextTask;
  scheme: 'polarity' | 'emotion' | 'intent';
  model: string;
  rows: number;
  unsupported: number;
  /** Rows of the file left out for a blank text or label. */
  skipped: number;
  /**
   * Labels of the file the model does not know (intents), with how many rows carry each: each is a miss. `row` and
   * `column` say where the label is first used in the file (when the file was read by `readLabelled`).
   */
  unknownLabels: { label: string; rows: number; row?: number; column?: string }[];
  msPerMessage: number;
}

/** Maps a file's labels to the model's codes; a user error names the first label that fits no scheme. */
function normaliseSentimentLabels(labels: readonly string[], lang: Lang, file?: LabelledFile): { scheme: 'polarity' | 'emotion'; codes: string[] } {
  const s = labelScheme(labels);
  if (s.scheme === null) {
    // Named where it is: the file, the row of its first use and the label column (it named the row alone).
    const at = labels.findIndex((l) => l === s.unknown);
    const row = file?.lines?.[at];
    const column = file?.labelColumn;
    const where = file?.path && row && column !== undefined ? tr(chatMessages, lang, 'label_at', { file: basename(file.path), row, column }) : '';
    throw new EngineError('user_error', where + tr(chatMessages, lang, 'bad_label', { label: s.unknown }), { label: s.unknown, file: file?.path, row, column });
  }
  return { scheme: s.scheme, codes: labels.map((l) => (s.scheme === 'polarity' ? polarityOf(l) : emotionOf(l)) as string) };
}

/** Evaluates a model folder (default: the shipped one) on a labelled file. */
export async function evaluateText(task: TextTask, file: LabelledFile, modelDir: string | undefined, lang: Lang): Promise<TextEvaluation> {
  await selectBackend();
  const dir = modelDir ?? shippedModelDir(task);
  const bag = loadBag(dir);
  let fallback: BagClassifier | undefined;
  try {
    const supported = file.texts.map((t) => ['zh', 'en'].includes(detectLanguage(t)));
    const texts = file.texts.filter((_, i) => supported[i]);
    const gold0 = file.labels.filter((_, i) => supported[i]);
    // Warm up (jieba's dictionary, the backend's kernels) so ms per message is the steady cost.
    bag.predict(['warm up 预热']);
    const t0 = performance.now();
    let gold: string[];
    let pred: string[];
    let scheme: TextEvaluation['scheme'];
    if (task === 'intents') {
      scheme = 'intent';
      gold = gold0;
      pred = intentsFrom(bag).classify(texts).map((r) => r.intent);
    } else {
      const n = normaliseSentimentLabels(gold0, lang, { ...file, lines: file.lines?.filter((_, i) => supported[i]) });
      scheme = n.scheme;
      gold = n.codes;
      // As the analysis reads it: the learned emotion fallback beside the model.
      fallback = loadBag(shippedModelDir('emotion'));
      const model = sentimentFrom(bag, fallback);
      if (scheme === 'polarity' && !gold.includes('neutral')) pred = model.positiveProbability(texts).map((p) => (p >= 0.5 ? 'positive' : 'negative'));
      else pred = model.analyse(texts).map((r) => (scheme === 'polarity' ? r.polarity : r.emotion) ?? 'neutral');
    }
    const ms = (performance.now() - t0) / Math.max(1, texts.length);
    // Labels the model cannot answer (not among its intents): every such row counts as a miss, which the reader is told.
    const known = new Set(task === 'intents' ? bag.labels : gold);
    const goldLines = file.lines?.filter((_, i) => supported[i]);
    const unknownLabels = [...new Set(gold.filter((g) => !known.has(g)))].map((label) => {
      const row = goldLines?.[gold.indexOf(label)];
      return { label, rows: gold.filter((g) => g === label).length, ...(row !== undefined && file.labelColumn !== undefined ? { row, column: file.labelColumn } : {}) };
    });
    return { task, scheme, model: dir, rows: file.texts.length, unsupported: file.texts.length - texts.length, skipped: file.skipped ?? 0, unknownLabels, msPerMessage: ms, ...scoreLabels(gold, pred) };
  } finally {
    bag.dispose();
    fallback?.dispose();
  }
}

/** What a training run reports: the held-out score on the part of the file it did not train on. */
export interface TextTraining {
  task: TextTask;
  out: string;
  labels: string[];
  trainRows: number;
  heldOut: ClassScores;
}

function heldOut(text: string): boolean {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) % 5 === 0;
}

/** What a model folder holds (models/text/io.ts): the only files a training may replace. */
const MODEL_FILES = new Set(['model.json', 'weights.bin']);

/**
 * Refuses, before any training, an output path the model could not go to or would destroy: a file, a folder holding
 * anything but an earlier model (saving replaces the folder whole), or a place that cannot be written.
 */
export function checkModelOut(out: string, lang: Lang): void {
  let isDir = false;
  try {
    isDir = statSync(out).isDirectory();
    if (!isDir) throw new EngineError('user_error', tr(chatMessages, lang, 'model_out_file', { path: out }), { path: out });
  } catch (e) {
    if (e instanceof EngineError) throw e;
  }
  if (isDir) {
    const other = readdirSync(out).find((f) => !MODEL_FILES.has(f));
    if (other !== undefined) throw new EngineError('user_error', tr(chatMessages, lang, 'model_out_busy', { path: out, first: other }), { path: out });
  }
  // Saving writes a temporary folder beside `out` and renames it: try that place now, not after minutes of training.
  const probe = join(dirname(out), `.${basename(out)}.${process.pid}.probe`);
  try {
    makeDirs(dirname(out));
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    throw new EngineError('user_error', tr(chatMessages, lang, 'model_out_unwritable', { path: out, reason: (e as Error).message }), { path: out });
  }
}

/** Fewest labelled rows a training takes (four fifths train, one fifth scores). */
const MIN_TRAIN_ROWS = 10;

/** Seeds of a fresh intent model (averaged; scripts/text/train.ts trains the shipped one with the same). */
export const INTENT_SEEDS = [7, 8, 9] as const;

/** Trains on four fifths of the file (the shipped sentiment model is fine-tuned; intents start fresh), scores the rest, saves to `out`. */
export async function trainText(task: TextTask, file: LabelledFile, out: string, lang: Lang, hooks: { progress?: (done: number, total: number, phase: string) => void; checkCancelled?: () => void; epochs?: number } = {}): Promise<TextTraining> {
  checkModelOut(out, lang);
  const labels = task === 'sentiment' ? normaliseSentimentLabels(file.labels, lang, file).codes : file.labels;
  const name = file.path ? basename(file.path) : '';
  const distinct = [...new Set(labels)];
  if (distinct.length < 2) throw new EngineError('user_error', tr(chatMessages, lang, 'too_few_labels', { file: name, label: distinct[0] ?? '' }), { file: file.path });
  if (labels.length < MIN_TRAIN_ROWS) throw new EngineError('user_error', tr(chatMessages, lang, 'too_few_rows', { file: name, n: labels.length, min: MIN_TRAIN_ROWS }), { file: file.path });
  await selectBackend();
  const idx = file.texts.map((_, i) => i);
  let test = idx.filter((i) => heldOut(file.texts[i]));
  if (test.length === 0 || test.length === idx.length) test = idx.filter((i) => i % 5 === 0);
  const testSet = new Set(test);
  const train = idx.filter((i) => !testSet.has(i));
  const base = task === 'sentiment' ? loadBag(shippedModelDir('sentiment')) : undefined;
  const epochs = hooks.epochs ?? (task === 'sentiment' ? 4 : 10);
  try {
    // A fresh intent model is three seeds averaged, as the shipped one (BagClassifier.merge): on a few hundred rows one
    // seed moves the score by a few points. The sentiment model is fine-tuned from the shipped one, once.
    const model = BagClassifier.trainSeeds(train.map((i) => file.texts[i]), train.map((i) => labels[i]), {
      epochs, batchSize: 32, progress: (e, n) => hooks.progress?.(e, n, 'training'), checkCancelled: hooks.checkCancelled,
    }, task === 'intents' ? INTENT_SEEDS : [7], base);
    const scores = scoreLabels(test.map((i) => labels[i]), model.predict(test.map((i) => file.texts[i])));
    saveBag(model, out, { task, heldOut: { n: scores.n, accuracy: scores.accuracy, macroF1: scores.macroF1 } });
    const result = { task, out, labels: model.labels, trainRows: train.length, heldOut: scores };
    model.dispose();
    return result;
  } finally {
    base?.dispose();
  }
}

/** Reads the TEXT column of a CSV/TSV/XLSX file (unlabelled texts to adapt to); blank texts are skipped. */
export async function readTexts(path: string, textCol: string, lang: Lang): Promise<string[]> {
  const t = await readTable(path, { lang });
  const i = t.header.findIndex((h) => h === textCol || h.toLowerCase() === textCol.toLowerCase());
  if (i < 0) throw new EngineError('user_error', tr(chatMessages, lang, 'no_column', { file: basename(path), column: textCol, columns: t.header.join(', ') }), { file: path, column: textCol });
  const texts = t.rows.map((r) => (r[i] ?? '').trim()).filter((x) => x.length > 0);
  if (!texts.length) throw new EngineError('user_error', tr(chatMessages, lang, 'no_texts', { file: basename(path) }), { file: path, column: textCol });
  return texts;
}

/** Fewer texts than this (in Chinese or English) give the self-training too little to learn from. */
export const MIN_ADAPT_TEXTS = 20;

/** What an adaptation reports: how many texts it read, how many it learnt from, and how the polarity mix moved. */
export interface TextAdaptation {
  task: 'sentiment';
  out: string;
  texts: number;
  /** Texts in a language the model handles (zh, en); only these are used. */
  supported: number;
  /** Texts the shipped model was surest of, learnt with its own labels. */
  selfLabelled: number;
  /** Share of the texts called positive before and after adapting. */
  positiveShare: { before: number; after: number };
}

/**
 * Adapts the shipped sentiment model to the merchant's unlabelled texts (their own reviews or messages): the texts it is
 * surest of, 30% of them split evenly between positive and negative, continue its training for one epoch with the labels
 * it gave them (models/text/adapt.ts `adaptFrom`; measured in scripts/text/dev-adapt.ts --source-free). No label is read.
 */
export async function adaptText(texts: readonly string[], out: string, lang: Lang, hooks: { progress?: (done: number, total: number, phase: string) => void; checkCancelled?: () => void } = {}): Promise<TextAdaptation> {
  checkModelOut(out, lang);
  await selectBackend();
  const { adaptFrom, SOURCE_FREE_ADAPT, SOURCE_FREE_LR } = await import('../../models/text/adapt');
  const usable = texts.filter((t) => ['zh', 'en'].includes(detectLanguage(t)));
  if (usable.length < MIN_ADAPT_TEXTS) throw new EngineError('user_error', tr(chatMessages, lang, 'too_few_texts', { n: usable.length, min: MIN_ADAPT_TEXTS }), { texts: usable.length });
  const base = loadBag(shippedModelDir('sentiment'));
  try {
    const share = (m: BagClassifier): number => {
      const pos = m.labels.indexOf('positive');
      const p = m.predictProba(usable);
      return p.length ? p.filter((v) => argmaxOf(v) === pos).length / p.length : 0;
    };
    const before = share(base);
    const model = adaptFrom(base, usable, { batchSize: 32, seed: 7, balance: true, learningRate: SOURCE_FREE_LR, progress: (e, n) => hooks.progress?.(e, n, 'adapting'), checkCancelled: hooks.checkCancelled }, SOURCE_FREE_ADAPT);
    const after = share(model);
    const selfLabelled = Math.floor((SOURCE_FREE_ADAPT.share * usable.length) / base.labels.length) * base.labels.length;
    saveBag(model, out, { task: 'sentiment', adaptedTo: { texts: usable.length, selfLabelled } });
    model.dispose();
    return { task: 'sentiment', out, texts: texts.length, supported: usable.length, selfLabelled, positiveShare: { before, after } };
  } finally {
    base.dispose();
  }
}

function argmaxOf(v: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}
