// desk chats suggest / analyze in the reader's language: intents, emotions, languages, slots, channels and facts by their
// names, as on the Chats screen. They printed the stored codes ("意图 exchange_size，情绪 neutral，语言 zh；槽位 size=L",
// "(wechat, score …)", "按意图：return_refund 1"), English code words inside a Chinese sentence. --json is unchanged.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCodeLabel } from '../../engine/chats/labels';
import { tempDir } from './helpers';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
const F = join(import.meta.dirname, 'fixtures', 'chats');
const t = tempDir('desk-chats-cli-');
const store = join(t.dir, 'shop.db');
const cli = async (...args: string[]): Promise<string> => (await run(process.execPath, [desk, ...args, '--store', store], { env: { ...process.env, DESK_LANG: 'en' } })).stdout;

beforeAll(async () => {
  const conv = join(t.dir, 'conv.csv');
  writeFileSync(conv, 'conversation,time,sender,channel,text\nW1,2026-12-01 09:00:00,customer,wechat,亲，我的订单 DM2026000000001 现在什么状态？\nE1,2026-12-01 09:00:00,customer,email,I want to return my order DM2026000000002 in size M please\n');
  await cli('init');
  await cli('import', 'kb', join(F, 'kb.csv'));
  await cli('import', 'chats', conv);
}, 120_000);
afterAll(() => t.cleanup());

describe('desk chats in the reader\'s language', () => {
  it('suggest names the intent, emotion, language, known and missing slots and the wording\'s channel, in en and zh', async () => {
    const en = await cli('chats', 'suggest', '--conversation', 'E1', '--lang', 'en');
    expect(en).toContain('Conversation E1: intent Return / refund, emotion Neutral, language English; known: order DM2026000000002, size M; missing: product');
    expect(en).toContain('1. [returns] Return policy (Email, score');
    const zh = await cli('chats', 'suggest', '--conversation', 'E1', '--lang', 'zh');
    expect(zh).toContain('会话 E1：意图 退货退款，情绪 平静，语言 英文；已知：订单 DM2026000000002、尺码 M；缺少：商品');
    expect(zh).toContain('1. [returns] Return policy（电子邮件，得分');
    const wechat = await cli('chats', 'suggest', '--conversation', 'W1', '--lang', 'zh');
    expect(wechat).toContain('会话 W1：意图 订单状态，情绪 平静，语言 中文；已知：订单 DM2026000000001；缺少：无');
    expect(wechat).toContain('1. [order-status] 订单状态查询（微信，得分');
    for (const out of [en, zh, wechat]) expect(out).not.toMatch(/return_refund|order_status|neutral|order_no|wechat|email|\bzh\b|\ben\b/u);
    // The JSON document keeps the codes (the contract other tools read).
    const json = JSON.parse(await cli('chats', 'suggest', '--conversation', 'E1', '--json')) as { state: { intent: string; emotion: string; lang: string; missing: string[] }; suggestions: { variant: string }[] };
    expect([json.state.intent, json.state.emotion, json.state.lang, json.state.missing, json.suggestions[0].variant]).toEqual(['return_refund', 'neutral', 'en', ['product'], 'email']);
  }, 120_000);

  it('analyze counts the conversations by intent and emotion by name, in en and zh', async () => {
    const en = await cli('chats', 'analyze', '--lang', 'en');
    expect(en).toMatch(/^ {2}by intent: (Return \/ refund 1, Order status 1|Order status 1, Return \/ refund 1)$/mu);
    expect(en).toMatch(/^ {2}by emotion: Neutral 2$/mu);
    const zh = await cli('chats', 'analyze', '--lang', 'zh');
    expect(zh).toMatch(/^ {2}按意图：(退货退款 1、订单状态 1|订单状态 1、退货退款 1)$/mu);
    expect(zh).toMatch(/^ {2}按情绪：平静 2$/mu);
  }, 120_000);

  it('the CLI words each code as the screen does (the engine\'s labels and the UI\'s catalogues agree)', () => {
    type Tree = { code: Record<string, Record<string, string>>; chats: Record<string, Record<string, string>> };
    for (const lang of ['en', 'zh'] as const) {
      const ui = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'src', 'i18n', `${lang}.json`), 'utf8')) as Tree;
      const pairs = [['intent', ui.code.intent], ['emotion', ui.code.emotion], ['lang', ui.code.lang], ['channel', ui.code.channel], ['slot', ui.chats.slot], ['fact', ui.chats.fact]] as const;
      for (const [kind, labels] of pairs) for (const [code, label] of Object.entries(labels)) expect(chatCodeLabel(kind, code, lang), `${lang} ${kind} ${code}`).toBe(label);
    }
  });
});

describe('desk sentiment|intents evaluate name where a label is', () => {
  // They named the row of a label that fits no scheme ("reviews.csv row 5: label 'yelp' …") but not its column, and an
  // intent the model does not know only by its count.
  const plain = (args: string[]): Promise<{ stdout: string; stderr: string }> => run(process.execPath, [desk, ...args], { env: { ...process.env, DESK_LANG: 'en' } });
  const failure = async (args: string[]): Promise<string> => {
    try {
      await plain(args);
    } catch (e) {
      return (e as { stderr: string }).stderr;
    }
    throw new Error('expected the command to fail');
  };

  it('a sentiment label that fits no scheme: file, row and column, in en and zh', async () => {
    const csv = join(t.dir, 'reviews.csv');
    writeFileSync(csv, 'Review,Polarity\ngreat,pos\n,neg\nbad,neg\nmeh,yelp\n');
    const args = ['sentiment', 'evaluate', '--csv', csv, '--text', 'review', '--label', 'polarity'];
    expect(await failure([...args, '--lang', 'en'])).toContain("reviews.csv row 5, column Polarity: label 'yelp' is neither a polarity");
    expect(await failure([...args, '--lang', 'zh'])).toContain("reviews.csv 第 5 行，列“Polarity”：标签 'yelp' 既不是情感极性");
  }, 120_000);

  it('an intent label the model does not know: file, row and column of its first use, in en and zh; --json adds them', async () => {
    const csv = join(t.dir, 'intents.csv');
    writeFileSync(csv, 'Text,Intent\nwhere is my parcel,order_status\nbeam me up,teleport\nbeam me up now,teleport\n');
    const args = ['intents', 'evaluate', '--csv', csv, '--text', 'text', '--label', 'intent'];
    expect((await plain([...args, '--lang', 'en'])).stdout).toContain("  intents.csv row 3, column Intent: label 'teleport' (2 rows in all) is not one the model knows: scored as misses");
    expect((await plain([...args, '--lang', 'zh'])).stdout).toContain("  intents.csv 第 3 行，列“Intent”：标签 'teleport'（共 2 行）不是模型认识的标签：按判错计");
    const json = JSON.parse((await plain([...args, '--json'])).stdout) as { unknownLabels: unknown[] };
    expect(json.unknownLabels).toEqual([{ label: 'teleport', rows: 2, row: 3, column: 'Intent' }]);
  }, 120_000);
});
