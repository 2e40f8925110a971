// Small talk gets no knowledge-base article (issue 13, suggested replies): a greeting, a thanks, an "ok" or "在吗" is not
// a question, so the merchant sees a short polite line in the customer's language (or nothing for "ok"), never the
// order-status article because its body happens to start with "Hi!" / "您好！". Real short questions keep their article.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestForConversation, conversationId } from '../../engine/chats/conversations';
import { rankSuggestions } from '../../engine/chats/suggest/suggest';
import { bench, type Bench } from './import-helpers';

const F = join(__dirname, 'fixtures', 'chats');
let b: Bench;
let n = 0;

/** Imports one conversation (customer and agent turns, in order) and returns its suggestions. */
async function conversation(channel: string, turns: [sender: 'customer' | 'agent', text: string][]): Promise<Awaited<ReturnType<typeof suggestForConversation>>> {
  const ref = `T${++n}`;
  const csv = 'conversation,time,sender,channel,text\n' + turns.map(([s, t], i) => `${ref},2026-11-06 10:0${i}:00,${s},${channel},"${t}"`).join('\n') + '\n';
  const r = await b.imp({ kind: 'chats', path: b.file(`${ref}.csv`, csv) });
  expect(r.rejected).toBe(0);
  return suggestForConversation(b.store.db, conversationId(b.store.db, ref, 'en'));
}

beforeAll(async () => {
  b = bench();
  await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,title_zh,title_en,price\nAP-1,北欧台灯,Nordic lamp,199\n') });
  await b.imp({ kind: 'orders', path: b.file('o.csv', 'order_no,date,sku,quantity,unit_price,status\nDM2026110300012,2026-11-03 08:00,AP-1,1,199,shipped\n') });
  await b.imp({ kind: 'kb', path: join(F, 'kb.csv') });
}, 60_000);
afterAll(() => b?.cleanup());

describe('small talk gets no article', () => {
  it.each([
    ['hello', 'Hello! How can I help you?'],
    ['Hi there!', 'Hello! How can I help you?'],
    ['good morning', 'Hello! How can I help you?'],
    ['thanks', "You're welcome! Is there anything else I can help with?"],
    ['Thank you so much!', "You're welcome! Is there anything else I can help with?"],
    ['ok', null],
    ['你好', '您好，请问有什么可以帮您？'],
    ['谢谢', '不客气！还有什么可以帮您的吗？'],
    ['在吗', '在的，请问有什么可以帮您？'],
    ['亲，在吗？', '在的，请问有什么可以帮您？'],
    ['好的', null],
  ] as const)('"%s" opening a conversation: no article, a polite line in its language', async (text, reply) => {
    const r = await conversation('web', [['customer', text]]);
    expect(r.suggestions.map((s) => s.slug)).toEqual([]);
    expect(r.smallTalk?.reply ?? null).toBe(reply);
    // The same text as a bare query (the benchmark's and the CLI's core) gets no article either.
    expect(rankSuggestions(b.store.db, { query: text, intent: null, slots: {}, lang: /[\u4e00-\u9fff]/u.test(text) ? 'zh' : 'en', channel: 'web' })).toEqual([]);
  });

  it('a "thanks" after an order question the shop answered gets a thanks, not the order article again', async () => {
    const r = await conversation('web', [['customer', 'where is my order DM2026110300012?'], ['agent', 'It shipped yesterday.'], ['customer', 'Thanks!']]);
    expect(r.suggestions).toEqual([]);
    expect(r.smallTalk).toEqual({ kind: 'thanks', reply: "You're welcome! Is there anything else I can help with?" });
  });

  it('a greeting before the question does not hide the question', async () => {
    const r = await conversation('wechat', [['customer', '你好'], ['customer', '我想退货']]);
    expect(r.smallTalk ?? null).toBeNull();
    expect(r.suggestions[0]?.slug).toBe('returns');
  });
});

describe('real short questions keep their article', () => {
  it.each([
    ['退货?', 'returns'],
    ['refund?', 'returns'],
    ['where is my order', 'order-status'],
    ['还有货吗', 'stock'],
  ] as const)('"%s" → %s', async (text, slug) => {
    const r = await conversation('web', [['customer', text]]);
    expect(r.smallTalk ?? null).toBeNull();
    expect(r.suggestions[0]?.slug).toBe(slug);
  });
});

describe('small talk in the dialogue state', () => {
  it('a conversation that is only "你好" has no topic yet; the question after it sets the topic', async () => {
    const hello = await conversation('wechat', [['customer', '你好']]);
    expect(hello.state.intent).toBeNull();
    // The greeting neither sets nor changes the topic: the state is the question's alone.
    const alone = await conversation('wechat', [['customer', '订单DM2026110300012现在什么状态']]);
    const asked = await conversation('wechat', [['customer', '你好'], ['customer', '订单DM2026110300012现在什么状态']]);
    expect(alone.state.intent).not.toBeNull();
    expect(asked.state.intent).toBe(alone.state.intent);
  });
});
