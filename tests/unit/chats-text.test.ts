// Text models (issue 13): the shipped sentiment model on held-out public reviews and on Chinese messages, languages it does
// not handle marked (not guessed), label spellings, training and reloading an intent model, and no tensor leaks.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateText, readLabelled, trainText } from '../../engine/chats/text-tasks';
import { shippedModelDir } from '../../engine/chats/models';
import { selectBackend } from '../../models/backend';
import { BagClassifier } from '../../models/text/bag';
import { loadBag } from '../../models/text/io';
import { detectLanguage } from '../../models/text/lang';
import { labelScheme } from '../../models/text/labels';
import { loadSentiment } from '../../models/text/sentiment';
import { tempDirsPerTest } from './helpers';

const F = join(__dirname, 'fixtures', 'chats');
const tmp = tempDirsPerTest();

beforeAll(async () => {
  await selectBackend();
});

describe('sentiment', () => {
  it('the shipped model scores ≥ 80% on 160 held-out English reviews (UCI yelp + amazon) and ≥ 85% on hand-written Chinese ones', async () => {
    const en = await evaluateText('sentiment', await readLabelled(join(F, 'sentiment-heldout-en.csv'), 'text', 'label', 'en'), undefined, 'en');
    expect(en.scheme).toBe('polarity');
    expect(en.n).toBe(160);
    expect(en.accuracy).toBeGreaterThanOrEqual(0.8);
    const zh = await evaluateText('sentiment', await readLabelled(join(F, 'sentiment-zh-handwritten.csv'), '评价', '标签', 'zh'), undefined, 'zh');
    expect(zh.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(zh.perClass.map((c) => c.label)).toEqual(['negative', 'positive']);
  });

  it('messages in Russian, Spanish or Japanese are marked unsupported and get no polarity or emotion; emoji-only is empty', async () => {
    const m = await loadSentiment(shippedModelDir('sentiment'));
    try {
      const r = m.analyse(['Где мой заказ?', '¿Dónde está mi pedido? Es muy tarde para la entrega', 'ご注文はまだ届いていません', '👍👍', 'Where is my order?', '我的订单到哪了']);
      expect(r.map((x) => x.lang)).toEqual(['unsupported', 'unsupported', 'unsupported', 'empty', 'en', 'zh']);
      expect(r.slice(0, 4).every((x) => x.polarity === null && x.emotion === null)).toBe(true);
      expect(r[4].polarity).not.toBeNull();
    } finally {
      m.dispose();
    }
  });

  it('emotions: an angry complaint, an anxious chaser, a thank-you and a plain question', async () => {
    const m = await loadSentiment(shippedModelDir('sentiment'));
    try {
      const r = m.analyse(['太差了，垃圾质量，我要投诉！', '怎么还没发货？我着急用', 'Thank you, the parcel arrived and it is great!', 'Do you have this in blue?']);
      expect(r.map((x) => x.emotion)).toEqual(['angry', 'anxious', 'satisfied', 'neutral']);
    } finally {
      m.dispose();
    }
  });

  it('emotion on 100 hand-labelled customer requests (the report half, never used to write the cues) beats always saying neutral', async () => {
    const all = await readLabelled(join(F, 'emotion-handlabelled.csv'), 'text', 'emotion', 'en');
    const half = { texts: all.texts.filter((_, i) => i % 2 === 1), labels: all.labels.filter((_, i) => i % 2 === 1) };
    const r = await evaluateText('sentiment', half, undefined, 'en');
    expect(r.scheme).toBe('emotion');
    expect(r.n).toBe(100);
    const neutralShare = half.labels.filter((l) => l === 'neutral').length / 100;
    // A constant "neutral" is right on about two thirds of requests and has a macro-F1 near 0.16: the badges must
    // do clearly better on both, and find the angry ones.
    expect(r.accuracy).toBeGreaterThan(neutralShare + 0.1);
    expect(r.macroF1).toBeGreaterThan(0.5);
    expect(r.perClass.find((c) => c.label === 'angry')!.recall).toBeGreaterThan(0.6);
  });

  it('emotion on 120 messages written blind, 20 per emotion (never used to write the cues): the badges find emotions the old cues missed, and stay off neutral requests', async () => {
    // emotion-blind-test.csv (2026-12-05): a writer who read no file of the project wrote 10 English and 10 Chinese
    // messages per emotion, often without the obvious word. The cues before that day's rewrite (against the separate
    // emotion-blind-dev.csv) scored 37.5% (macro-F1 0.37; disappointment 1 of 20); the rewritten cues alone 50.8% (0.53);
    // with the learned fallback where no cue decides (threshold chosen on emotion-blind-dev2.csv) 60.8% (0.63).
    const t = await readLabelled(join(F, 'emotion-blind-test.csv'), 'text', 'emotion', 'en');
    const r = await evaluateText('sentiment', t, undefined, 'en');
    expect(r.n).toBe(120);
    expect(r.accuracy).toBeGreaterThan(0.55);
    expect(r.macroF1).toBeGreaterThan(0.55);
    expect(r.perClass.find((c) => c.label === 'disappointed')!.recall).toBeGreaterThanOrEqual(0.3);
    expect(r.perClass.find((c) => c.label === 'neutral')!.recall).toBe(1);
  });

  it('the learned emotion fallback reads a feeling no cue names, leaves plain requests neutral, and is freed with the model', async () => {
    const before = tf.memory().numTensors;
    const texts = ['宝贝收到了，质量杠杠的', '请问有发票吗', 'Do you sell gift cards?', 'what is the weight of the kettle'];
    const cuesOnly = await loadSentiment(shippedModelDir('sentiment'));
    const withFallback = await loadSentiment(shippedModelDir('sentiment'), shippedModelDir('emotion'));
    expect(cuesOnly.analyse(texts).map((x) => x.emotion)).toEqual(['neutral', 'neutral', 'neutral', 'neutral']);
    expect(withFallback.analyse(texts).map((x) => x.emotion)).toEqual(['satisfied', 'neutral', 'neutral', 'neutral']);
    cuesOnly.dispose();
    withFallback.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an evaluation names a label that fits no scheme by file and row, counts rows with a blank text or label, and names intent labels the model does not know', async () => {
    const dir = tmp();
    const bad = join(dir, 'reviews.csv');
    writeFileSync(bad, 'text,label\ngreat,pos\n,neg\nbad,neg\nmeh,yelp\n');
    const file = await readLabelled(bad, 'text', 'label', 'en');
    expect(file.skipped).toBe(1);
    await expect(evaluateText('sentiment', file, undefined, 'en')).rejects.toThrow(/^reviews\.csv row 5, column label: label 'yelp' is neither a polarity/);
    const intents = join(dir, 'intents.csv');
    writeFileSync(intents, 'text,intent\nwhere is my parcel,order_status\nbeam me up,teleport\nbeam me up now,teleport\n');
    const r = await evaluateText('intents', await readLabelled(intents, 'text', 'intent', 'en'), undefined, 'en');
    expect(r.unknownLabels).toEqual([{ label: 'teleport', rows: 2, row: 3, column: 'intent' }]);
    expect(r.skipped).toBe(0);
  });

  it('label spellings: 0/1, neg/pos, 差评/好评 are polarity; emotion names are emotions; anything else names the label', () => {
    expect(labelScheme(['0', '1', 'neg', 'pos', '差评', '好评', 'negative'])).toEqual({ scheme: 'polarity' });
    expect(labelScheme(['angry', 'satisfied', 'neutral', '失望'])).toEqual({ scheme: 'emotion' });
    expect(labelScheme(['positive', 'meh'])).toEqual({ scheme: null, unknown: 'meh' });
  });

  it('language detection keeps Chinese with Latin SKUs as Chinese and short English as English', () => {
    expect(detectLanguage('AP-1 这件T恤有M码吗')).toBe('zh');
    expect(detectLanguage('ok thanks')).toBe('en');
  });
});

describe('training', () => {
  it('trains an intent model on a merchant file, reports a held-out score, and the saved model reloads with the same answers', async () => {
    const out = join(tmp(), 'my-intents');
    const file = await readLabelled(join(F, 'labelled-turns.csv'), 'text', 'intent', 'en');
    const r = await trainText('intents', file, out, 'en', { epochs: 6 });
    expect(r.heldOut.n).toBeGreaterThan(0);
    expect(r.labels).toContain('order_status');
    const ev = await evaluateText('intents', file, out, 'en');
    // Scored on the whole file (mostly training rows): a model that learned nothing would sit near 1/10.
    expect(ev.accuracy).toBeGreaterThan(0.6);
    const a = loadBag(out);
    const again = loadBag(out);
    expect(a.predict(['where is my order?', '有优惠吗'])).toEqual(again.predict(['where is my order?', '有优惠吗']));
    a.dispose();
    again.dispose();
  });

  it('never trains into a path it would destroy or cannot write, and refuses a file with one label or a handful of rows, before training', async () => {
    const file = await readLabelled(join(F, 'labelled-turns.csv'), 'text', 'intent', 'en');
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'keep');
    const refused = async (out: string, lang: 'en' | 'zh', f = file): Promise<string> => {
      let calls = 0;
      const e = await trainText('intents', f, out, lang, { epochs: 1, progress: () => calls++ }).then(() => null, (x: Error) => x);
      expect(calls).toBe(0); // said before any training
      return (e as Error).message;
    };
    expect(await refused(dir, 'en')).toBe(`${dir} holds other files (notes.txt, …): give a new or empty folder, or the folder of an earlier model to replace it (nothing was trained)`);
    expect(await refused(join(dir, 'notes.txt'), 'zh')).toBe(`${join(dir, 'notes.txt')} 是文件：请给出一个新的或空的文件夹来保存模型（未进行训练）`);
    expect(await refused(join(dir, 'notes.txt', 'model'), 'en')).toMatch(/^Cannot write the model to .*notes\.txt\/model: .*\(nothing was trained\)$/);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep');
    const one = { ...file, labels: file.labels.map(() => 'shipping') };
    expect(await refused(join(dir, 'm'), 'en', one)).toBe('labelled-turns.csv has only one label (shipping): training needs at least two different labels');
    const few = { ...file, texts: file.texts.slice(0, 4), labels: ['shipping', 'refund', 'shipping', 'refund'] };
    expect(await refused(join(dir, 'm'), 'en', few)).toBe('labelled-turns.csv has 4 labelled rows: training needs at least 10');
    expect(existsSync(join(dir, 'm'))).toBe(false);
  });

  it('an intent model trains its seeds under one progress bar that only moves forward to its end; cancelled half-way it leaves no tensor and no folder', async () => {
    const file = await readLabelled(join(F, 'labelled-turns.csv'), 'text', 'intent', 'en');
    const seen: [number, number][] = [];
    const before = tf.memory().numTensors;
    await trainText('intents', file, join(tmp(), 'bar'), 'en', { epochs: 3, progress: (d, t) => seen.push([d, t]) });
    expect(new Set(seen.map(([, t]) => t)).size).toBe(1);
    expect(seen.every(([d], i) => i === 0 || d > seen[i - 1][0])).toBe(true);
    expect(seen.at(-1)?.[0]).toBe(seen[0][1]);
    expect(seen[0][1]).toBeGreaterThan(3);
    expect(tf.memory().numTensors, 'after a training').toBe(before);
    const out = join(tmp(), 'cancelled');
    let calls = 0;
    const total = seen[0][1];
    await expect(trainText('intents', file, out, 'en', { epochs: 3, progress: (d) => { calls = d; }, checkCancelled: () => { if (calls > total / 2) throw new Error('cancelled'); } })).rejects.toThrow('cancelled');
    expect(existsSync(out)).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('no tensor leaks: train, predict, serialise, reload and dispose leave the tensor count where it was', async () => {
    const before = tf.memory().numTensors;
    const m = BagClassifier.train(['good', 'bad', '很好', '很差'], ['positive', 'negative', 'positive', 'negative'], { epochs: 2 });
    m.predictProba(['good stuff', '不好']);
    const { spec, weights } = m.serialise();
    const copy = BagClassifier.deserialise(spec, weights);
    copy.predict(['fine']);
    m.dispose();
    copy.dispose();
    const s = await loadSentiment(shippedModelDir('sentiment'));
    s.analyse(['hello', '你好']);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
