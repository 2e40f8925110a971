// The merchant's own text models in use (issue 13): an intent model trained on their labels, or a sentiment model adapted
// to their unlabelled texts, is kept beside the store and used by every later analysis; a damaged one falls back to the
// shipped model with a warning; 'shipped' goes back.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseConversations } from '../../engine/chats/analysis/run';
import { activeTextModel, inStoreModels, pruneTrainedModels, storeTextModelDir, trainedModelDir, useTextModel } from '../../engine/chats/store-models';
import { pickTextColumns, textColumns } from '../../engine/chats/text-columns';
import { adaptText, readLabelled, readTexts, trainText } from '../../engine/chats/text-tasks';
import { jsonErrorAt } from '../../engine/io/json-error';
import { loadBag } from '../../models/text/io';
import { shippedModelDir } from '../../engine/chats/models';
import { bench, rejection, type Bench } from './import-helpers';

let b: Bench;
let ownIntents: string;

// Two intents of the merchant's own, which the shipped model does not know.
const WHOLESALE = ['Do you sell in bulk to shops?', 'Wholesale price for 500 units?', 'I run a store and want to stock your lamps', '批发价是多少', '我开店想批量进货', '一次买五百件有批发价吗', 'Can I become a reseller?', '有没有经销商价格'];
const GIFT = ['Can you gift wrap it?', 'Please add a card saying happy birthday', 'Is gift packaging available?', '可以包装成礼物吗', '帮我写张生日贺卡', '有礼盒包装吗', 'Wrap it as a present please', '能加一张祝福卡片吗'];

beforeAll(async () => {
  b = bench();
  const rows = [...WHOLESALE.map((t) => [t, 'wholesale']), ...GIFT.map((t) => [t, 'gift'])];
  // Each line three times, so the held-out fifth still leaves every line in training.
  const csv = 'text,label\n' + [...rows, ...rows, ...rows].map(([t, l]) => `"${t}",${l}`).join('\n') + '\n';
  const file = await readLabelled(b.file('own-intents.csv', csv), 'text', 'label', 'en');
  ownIntents = join(b.dir, 'own-intents-model');
  await trainText('intents', file, ownIntents, 'en', { epochs: 20 });
  const chats = 'conversation,time,sender,channel,text\nW1,2026-11-06 10:00:00,customer,email,"We run a shop: what is your price for 300 lamps in bulk?"\nG1,2026-11-06 11:00:00,customer,wechat,"能帮我包成礼物吗，加一张卡片"\n';
  await b.imp({ kind: 'chats', path: b.file('c.csv', chats) });
}, 120_000);
afterAll(() => b?.cleanup());

const intentOf = (conv: string): string | null =>
  (b.store.db.prepare(`SELECT a.intent FROM message_analysis a JOIN messages m ON m.id = a.message_id JOIN conversations c ON c.id = m.conversation_id WHERE c.external_id = ?`).get(conv) as { intent: string | null }).intent;

describe("the store's own text models", () => {
  it("after choosing its own intent model, the store's analysis labels messages with the merchant's intents, and says which model it used", async () => {
    const before = await analyseConversations(b.store.db);
    expect(before.models.intents.source).toBe('shipped');
    expect(['wholesale', 'gift']).not.toContain(intentOf('W1'));
    const used = await useTextModel(b.store.path, 'intents', ownIntents, 'en');
    expect(used.source).toBe('store');
    const after = await analyseConversations(b.store.db);
    expect(after.models.intents).toMatchObject({ source: 'store', dir: storeTextModelDir(b.store.path, 'intents') });
    expect(intentOf('W1')).toBe('wholesale');
    expect(intentOf('G1')).toBe('gift');
  }, 60_000);

  it('text.models reports the held-out score training saved in model.json; the shipped model has none', async () => {
    const own = await activeTextModel(b.store.path, 'intents');
    expect(own.source).toBe('store');
    expect(own.heldOut?.n).toBeGreaterThan(0);
    expect(own.heldOut?.accuracy).toBeGreaterThanOrEqual(0);
    expect(own.heldOut?.macroF1).toBeLessThanOrEqual(1);
    expect((await activeTextModel(b.store.path, 'sentiment')).heldOut).toBeUndefined();
  });

  it('models trained from the app go to a new folder beside the store, which the window may read back', () => {
    const dir = trainedModelDir(b.store.path, b.dir, 'intents', new Date('2026-12-02T19:10:05Z'));
    expect(dir).toBe(`${b.store.path}.models/trained-intents-20261202-191005`);
    expect(inStoreModels(b.store.path, dir)).toBe(true);
    expect(inStoreModels(b.store.path, `${b.store.path}.models/../elsewhere`)).toBe(false);
    expect(inStoreModels(b.store.path, b.dir)).toBe(false);
    expect(trainedModelDir(':memory:', b.dir, 'sentiment', new Date('2026-12-02T19:10:05Z'))).toBe(join(b.dir, 'text-models', 'trained-sentiment-20261202-191005'));
  });

  it('the store keeps its own copy: the trained folder can be deleted', async () => {
    const copy = storeTextModelDir(b.store.path, 'intents') as string;
    expect(existsSync(join(copy, 'weights.bin'))).toBe(true);
    expect(readFileSync(join(copy, 'weights.bin')).equals(readFileSync(join(ownIntents, 'weights.bin')))).toBe(true);
  });

  it('a damaged store model is reported and the shipped one is used; the analysis does not fail', async () => {
    const copy = storeTextModelDir(b.store.path, 'intents') as string;
    writeFileSync(join(copy, 'model.json'), '{"vocab": [trunc');
    const r = await analyseConversations(b.store.db);
    expect(r.models.intents.source).toBe('shipped');
    expect(r.models.intents.warning).toMatch(/could not be read/);
    expect(['wholesale', 'gift']).not.toContain(intentOf('W1'));
  }, 60_000);

  it("the damaged copy's warning gives the parser's reason in the user's language, with the file, line and column", async () => {
    const copy = storeTextModelDir(b.store.path, 'intents') as string;
    writeFileSync(join(copy, 'model.json'), '{"labels": ["gift"],\n "vocab": [trunc');
    const zh = (await activeTextModel(b.store.path, 'intents', 'zh')).warning ?? '';
    expect(zh).toContain('文件 model.json 不是有效的 JSON（第 2 行，第 15 列）');
    // No English from the JSON parser inside the Chinese sentence (the folder's path is the only Latin text).
    expect(zh.replace(copy, '').replace(/model\.json|JSON/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    const en = (await activeTextModel(b.store.path, 'intents', 'en')).warning ?? '';
    expect(en).toContain('the file model.json is not valid JSON (line 2, column 15)');
    expect(en).not.toMatch(/Unexpected token/);
    rmSync(join(copy, 'weights.bin'));
    writeFileSync(join(copy, 'model.json'), '{}');
    expect((await activeTextModel(b.store.path, 'intents', 'zh')).warning).toContain('缺少文件 weights.bin');
    expect(jsonErrorAt('{"a": 1}')).toBeNull();
    expect(jsonErrorAt('{"a": 1,\n  "b": }')).toEqual({ line: 2, column: 8 });
    expect(jsonErrorAt('{"a": [1, 2')).toEqual({ line: 1, column: 12 });
  });

  it("'shipped' (dir null) goes back to the shipped model; a folder that is not a sentiment model is refused with its name", async () => {
    await useTextModel(b.store.path, 'intents', null, 'en');
    expect((await activeTextModel(b.store.path, 'intents')).source).toBe('shipped');
    const e = await rejection(useTextModel(b.store.path, 'sentiment', ownIntents, 'zh'));
    expect(e.code).toBe('user_error');
    expect(e.message).toContain(ownIntents);
    expect(e.message).toMatch(/不是情感模型/);
    const missing = await rejection(useTextModel(b.store.path, 'intents', join(b.dir, 'nope'), 'en'));
    expect(missing.message).toContain('nope');
  });
});

describe('adapting the sentiment model to unlabelled texts (no labels read)', () => {
  it("learns the shop's own words from the company they keep, and the store can use the adapted model", async () => {
    // Two words the shipped model has never seen, each always next to clear praise or a clear complaint.
    const praise = ['great, love it', 'excellent quality, very happy', 'perfect, highly recommend', 'amazing, thank you so much', 'wonderful, will buy again'];
    const blame = ['terrible, hate it', 'awful quality, very disappointed', 'broken, do not buy', 'worst purchase ever', 'useless, want my money back'];
    const texts = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `${blame[i % 5]} snarfle` : `${praise[i % 5]} blorptastic`));
    const csv = 'review\n' + texts.map((t) => `"${t}"`).join('\n') + '\n';
    const read = await readTexts(b.file('reviews.csv', csv), 'review', 'en');
    const out = join(b.dir, 'adapted');
    const r = await adaptText(read, out, 'en');
    expect(r).toMatchObject({ texts: 1000, supported: 1000 });
    expect(r.selfLabelled).toBeGreaterThan(0);
    const positive = (dir: string, t: string): number => {
      const m = loadBag(dir);
      const p = m.predictProba([t])[0][m.labels.indexOf('positive')];
      m.dispose();
      return p;
    };
    const shipped = shippedModelDir('sentiment');
    // The gap between the two words opens: the praise word reads more positive than the complaint word, by more than before.
    const gap = (dir: string): number => positive(dir, 'so blorptastic') - positive(dir, 'so snarfle');
    expect(gap(out)).toBeGreaterThan(gap(shipped) + 0.2);
    expect((await useTextModel(b.store.path, 'sentiment', out, 'en')).source).toBe('store');
    const a = await analyseConversations(b.store.db);
    expect(a.models.sentiment.source).toBe('store');
  }, 120_000);
});

describe('adapting with too little text', () => {
  it('is refused with how many texts there are and how many it needs, in the user language; nothing is written', async () => {
    const out = join(b.dir, 'adapted-few');
    const e = await rejection(adaptText(['订单什么时候发货', 'too slow'], out, 'zh'));
    expect(e.code).toBe('user_error');
    expect(e.message).toMatch(/只有 2 条.*至少需要 20 条/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('trained model folders beside the store', () => {
  it('putting a trained model in use keeps the newest 3 of its task and the one in use; other tasks and folders are left alone', async () => {
    const root = `${b.store.path}.models`;
    const stamps = ['20261201-090000', '20261201-100000', '20261202-080000', '20261202-090000', '20261203-070000'];
    for (const s of stamps) cpSync(ownIntents, join(root, `trained-intents-${s}`), { recursive: true });
    cpSync(ownIntents, join(root, 'trained-sentiment-20261101-000000'), { recursive: true });
    cpSync(ownIntents, join(root, 'my-own-model'), { recursive: true });
    // The oldest one is put in use: it stays, as do the three newest; only the second oldest goes.
    await useTextModel(b.store.path, 'intents', join(root, `trained-intents-${stamps[0]}`), 'en');
    const left = readdirSync(root).filter((n) => !n.startsWith('.')).sort();
    expect(left).toEqual(['my-own-model', ...stamps.filter((_, i) => i !== 1).map((s) => `trained-intents-${s}`), 'text-intents', 'text-sentiment', 'trained-sentiment-20261101-000000'].sort());
    expect((await activeTextModel(b.store.path, 'intents')).source).toBe('store');
    // Nothing more to remove: four folders, one of them in use.
    expect(pruneTrainedModels(b.store.path, 'intents', join(root, `trained-intents-${stamps[0]}`))).toEqual([]);
    expect(pruneTrainedModels(b.store.path, 'intents', null)).toEqual([join(root, `trained-intents-${stamps[0]}`)]);
    expect(pruneTrainedModels(':memory:', 'intents', null)).toEqual([]);
  });
});

describe('the columns of a file to train on', () => {
  it('are read from its header (CSV, TSV, one column) and the text and label columns are picked by name', async () => {
    expect(await textColumns(b.file('m.csv', 'id,message,intent,note\n1,"hi",gift,x\n'), 'en')).toEqual({ file: 'm.csv', columns: ['id', 'message', 'intent', 'note'], text: 'message', label: 'intent' });
    expect(await textColumns(b.file('z.tsv', '内容\t标签\n你好\tgift\n'), 'zh')).toMatchObject({ columns: ['内容', '标签'], text: '内容', label: '标签' });
    expect(await textColumns(b.file('one.csv', '评价\n很好\n'), 'zh')).toMatchObject({ columns: ['评价'], text: '评价', label: null });
    expect(pickTextColumns(['Text', 'Label'])).toEqual({ text: 'Text', label: 'Label' });
    // Two columns, one named: the other one is the remaining pick.
    expect(pickTextColumns(['问题', '意图'])).toEqual({ text: '问题', label: '意图' });
    expect(pickTextColumns(['a', 'b', 'c'])).toEqual({ text: null, label: null });
    const e = await rejection(textColumns(b.file('empty.csv', ''), 'zh'));
    expect(e.code).toBe('user_error');
    expect(e.message).toContain('empty.csv');
  });
});
