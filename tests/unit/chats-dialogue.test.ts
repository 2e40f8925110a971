// Intents, slots, dialogue state and suggested replies (issue 13) on a real store: a labelled set of turns in both
// languages, an order number carried from turn 1 to turn 4, and suggestions that cite their article and quote live facts.
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseConversations, loadCatalogue } from '../../engine/chats/analysis/run';
import { extractSlots, isSlotAnswer, SLOT_NAMES, withoutProducts } from '../../engine/chats/analysis/slots';
import { chatAnalytics } from '../../engine/chats/analytics';
import { shippedModelDir } from '../../engine/chats/models';
import { loadIntents, type IntentModel } from '../../models/text/intents';
import { bench, type Bench } from './import-helpers';

const F = join(__dirname, 'fixtures', 'chats');
let b: Bench;
let intents: IntentModel;

async function seedStore(): Promise<void> {
  await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,title_zh,title_en,price\nAP-1,北欧台灯,Nordic lamp,199\nAP-2,亚麻衬衫,Linen shirt,259\n') });
  await b.imp({ kind: 'orders', path: b.file('o.csv', 'order_no,date,sku,quantity,unit_price,status\nDM2026110300012,2026-11-03 08:00,AP-2,1,259,shipped\nDM2026110300020,2026-11-03 09:00,AP-1,1,199,completed\n') });
  await b.imp({ kind: 'inventory', path: b.file('i.csv', 'sku,date,on hand\nAP-1,2026-11-06,5\nAP-2,2026-11-06,0\n') });
  await b.imp({ kind: 'kb', path: join(F, 'kb.csv') });
}

beforeAll(async () => {
  b = bench();
  await seedStore();
  intents = await loadIntents(shippedModelDir('intents'));
}, 60_000);
afterAll(() => {
  intents?.dispose();
  b?.cleanup();
});

describe('intents and slots on labelled turns (zh and en)', () => {
  const rows = parse(readFileSync(join(F, 'labelled-turns.csv')), { columns: true }) as Record<string, string>[];

  it('the shipped intent model gets at least 75% of the 34 turns right in each language', () => {
    const pred = intents.classify(rows.map((r) => r.text)).map((p) => p.intent);
    for (const zh of [true, false]) {
      const idx = rows.map((r, i) => [r, i] as const).filter(([r]) => /[\u4e00-\u9fff]/u.test(r.text) === zh).map(([, i]) => i);
      const right = idx.filter((i) => pred[i] === rows[i].intent).length;
      expect(right / idx.length, zh ? 'zh' : 'en').toBeGreaterThanOrEqual(0.75);
    }
  });

  it('the shipped intent model reads shop messages written apart from its training lines: ≥ 85% of 162 English, ≥ 79% of 72 Chinese, every English intent ≥ 70%', () => {
    // intents-written-test.csv was written by someone who never saw the training lines (scripts/text/seed-templates.ts
    // was written without looking at it) and is never trained or tuned on. Before the template lines the English part
    // scored 59.9% (a complaint was recognised 2 times in 18, a return 11), the Chinese part 66.7%; with the first
    // Chinese templates 77.8% (56 of 72), with the second round of 2026-12-05 86.1% (62). Per English intent (18 lines
    // each) the floor is 70%: the training seed alone moves an intent by a line or two (complaints 13-15 of 18 over
    // five seeds, with the old lines too; 'other' 13-15), while the failures this guards against were 2-11 of 18.
    const test = parse(readFileSync(join(F, 'intents-written-test.csv')), { columns: true }) as { text: string; intent: string }[];
    const pred = intents.classify(test.map((r) => r.text)).map((p) => p.intent);
    for (const zh of [false, true]) {
      const idx = test.map((r, i) => (/[\u4e00-\u9fff]/u.test(r.text) === zh ? i : -1)).filter((i) => i >= 0);
      const right = idx.filter((i) => pred[i] === test[i].intent).length;
      expect(right / idx.length, zh ? 'zh' : 'en').toBeGreaterThanOrEqual(zh ? 0.79 : 0.85);
      if (zh) continue;
      for (const intent of new Set(idx.map((i) => test[i].intent))) {
        const of = idx.filter((i) => test[i].intent === intent);
        expect(of.filter((i) => pred[i] === intent).length / of.length, intent).toBeGreaterThanOrEqual(0.7);
      }
    }
  });

  it('the shipped intent model reads shop messages written blind by a third writer: ≥ 88% of 90 English and of 90 Chinese', () => {
    // intents-blind-test.csv (2026-12-05) was written by someone who saw no file of this project (neither the training
    // lines nor the other written files, whose shared style flatters a model trained on one of them). The model before
    // the second round of Chinese templates and the three-seed average scored 85.6% / 87.8%; this one 92.2% / 93.3%.
    const test = parse(readFileSync(join(F, 'intents-blind-test.csv')), { columns: true }) as { text: string; intent: string }[];
    const pred = intents.classify(test.map((r) => r.text)).map((p) => p.intent);
    for (const zh of [false, true]) {
      const idx = test.map((r, i) => (/[\u4e00-\u9fff]/u.test(r.text) === zh ? i : -1)).filter((i) => i >= 0);
      expect(idx.length).toBe(90);
      expect(idx.filter((i) => pred[i] === test[i].intent).length / idx.length, zh ? 'zh' : 'en').toBeGreaterThanOrEqual(0.88);
    }
  });

  it('a Chinese question about where an order stands is order status, not a complaint; wrong goods and rude service are complaints', () => {
    // None of these lines is in the training data (scripts/text/seed-intents.csv or the JDDC file). Before the JDDC
    // labels "订单无故取消" / "下单后无记录" / "订单签收异常" were mapped to order status and shipping, the first three
    // came out as complaints.
    const cases: [string, string][] = [
      ['订单DM2026110300012现在什么状态了？', 'order_status'],
      ['为什么我的订单被取消了', 'order_status'],
      ['显示已签收但我没收到', 'shipping'],
      ['我要投诉，发错货了还没人处理', 'complaint'],
    ];
    const pred = intents.classify(cases.map(([t]) => t)).map((p) => p.intent);
    expect(pred).toEqual(cases.map(([, i]) => i));
  });

  it('a content customer is no complaint: praise and patience read as other (QA lines, and a held-out file never trained on)', () => {
    // "收到了，质量很好，下次还来买" and "I'll wait, no rush. It's fine." came out as complaints (a QA pass; they are now
    // training lines, scripts/text/seed-templates.ts CONTENT_OTHER). intents-content-heldout.csv was written apart from
    // those lines and never trained on: the model before them read 3 of its 24 lines as other and 5 as complaints, this
    // one 14 as other and 1 as a complaint (the rest as product, size or delivery questions: still weak).
    const qa = intents.classify(['收到了，质量很好，下次还来买', "I'll wait, no rush. It's fine."]).map((p) => p.intent);
    expect(qa).toEqual(['other', 'other']);
    const held = parse(readFileSync(join(F, 'intents-content-heldout.csv')), { columns: true }) as { text: string; intent: string }[];
    const pred = intents.classify(held.map((r) => r.text)).map((p) => p.intent);
    expect(pred.filter((p) => p === 'complaint').length).toBeLessThanOrEqual(1);
    expect(pred.filter((p) => p === 'other').length / held.length).toBeGreaterThanOrEqual(0.5);
  });

  it('every labelled slot is found with its value, and no order number is invented where none was given', () => {
    const cat = loadCatalogue(b.store.db);
    for (const r of rows) {
      const s = extractSlots(r.text, cat);
      for (const name of SLOT_NAMES) if (r[name]) expect(s[name], `${name} in "${r.text}"`).toBe(r[name]);
      if (!r.order_no) expect(s.order_no, r.text).toBeUndefined();
      // "It's $25 now" holds no size: the "'s" of a contraction was read as size S.
      if (!r.size) expect(s.size, r.text).toBeUndefined();
    }
  });
});

describe('dialogue state and suggestions', () => {
  it('a product named in a message does not decide its intent: a return request naming a hoodie is a return, not a size question', async () => {
    await b.imp({ kind: 'products', path: b.file('p2.csv', 'sku,title_zh,title_en,price\nAP-3,男士纯棉宽松连帽卫衣 灰色 L,Men\'s Cotton Relaxed Hoodie Grey L,299\nPH-9,氮化镓折叠快充 透明 35W,GaN Foldable Fast Charger Clear for 35W,129\n') });
    const csv = `conversation,time,sender,channel,text
R1,2026-11-06 13:00:00,customer,taobao,我想退货，订单DM2026110300012里的「男士纯棉宽松连帽卫衣 灰色 L」颜色和图片不太一样。
R2,2026-11-06 13:05:00,customer,shopify,"Is ""GaN Foldable Fast Charger Clear for 35W"" in stock right now?"
`;
    await b.imp({ kind: 'chats', path: b.file('r.csv', csv) });
    const ids = ['R1', 'R2'].map((x) => b.store.db.prepare('SELECT id FROM conversations WHERE external_id = ?').pluck().get(x) as number);
    await analyseConversations(b.store.db, { conversationIds: ids });
    const intentOf = (id: number): string => b.store.db.prepare("SELECT a.intent FROM messages m JOIN message_analysis a ON a.message_id = m.id WHERE m.conversation_id = ? AND m.sender = 'customer'").pluck().get(id) as string;
    // Read with the product's words, the shipped model took the first for a size question (卫衣 … L) and the second
    // for a return; the slots still name the product.
    expect([intentOf(ids[0]), intentOf(ids[1])]).toEqual(['return_refund', 'product_question']);
    expect(withoutProducts('我想退货，订单DM2026110300012里的「男士纯棉宽松连帽卫衣 灰色 L」颜色和图片不太一样。', loadCatalogue(b.store.db))).toBe('我想退货，订单DM2026110300012里的颜色和图片不太一样。');
    expect(extractSlots('Is "GaN Foldable Fast Charger Clear for 35W" in stock?', loadCatalogue(b.store.db)).product).toBe('PH-9');
  });

  it('an order number given in turn 1 is used in turn 4: the state keeps it and the reply quotes that order’s live status', async () => {
    const csv = `conversation,time,sender,channel,text
S1,2026-11-06 10:00:00,customer,email,"Hi, my order DM2026110300012 — where is it?"
S1,2026-11-06 10:01:00,agent,email,Let me check that for you.
S1,2026-11-06 10:02:00,customer,email,It was a gift for Friday.
S1,2026-11-06 10:05:00,customer,email,So when will my parcel arrive?
`;
    await b.imp({ kind: 'chats', path: b.file('s1.csv', csv) });
    const id = b.store.db.prepare("SELECT id FROM conversations WHERE external_id = 'S1'").pluck().get() as number;
    await analyseConversations(b.store.db, { conversationIds: [id] });
    const { suggestForConversation } = await import('../../engine/chats/conversations');
    const r = await suggestForConversation(b.store.db, id);
    expect(r.state.slots.order_no).toEqual({ value: 'DM2026110300012', seq: 1 });
    expect(['order_status', 'shipping']).toContain(r.state.intent);
    expect(r.state.waitingSince).toBe('2026-11-06T10:02:00');
    const top = r.suggestions[0];
    expect(top.slug).toBe('order-status');
    expect(top.text).toContain('DM2026110300012 is shipped');
    expect(top.facts.find((f) => f.name === 'order_status')).toEqual({ name: 'order_status', value: 'shipped', source: 'orders:DM2026110300012' });
    // The live status, not a copy: change the order and the reply follows.
    b.store.db.prepare("UPDATE orders SET status = 'delivered' WHERE order_no = 'DM2026110300012'").run();
    const again = await suggestForConversation(b.store.db, id);
    expect(again.suggestions[0].text).toContain('is delivered');
  });

  it('a stock question cites the stock article in the customer’s language and fills the live stock; WeChat gets its own wording', async () => {
    const csv = 'conversation,time,sender,channel,text\nS2,2026-11-06 11:00:00,customer,wechat,北欧台灯还有货吗？\nS3,2026-11-06 12:00:00,customer,wechat,订单DM2026110300020现在什么状态\n';
    await b.imp({ kind: 'chats', path: b.file('s2.csv', csv) });
    const { suggestForConversation, conversationId } = await import('../../engine/chats/conversations');
    const s2 = await suggestForConversation(b.store.db, conversationId(b.store.db, 'S2', 'zh'));
    expect(s2.state.slots.product?.value).toBe('AP-1');
    expect(s2.suggestions[0].slug).toBe('stock');
    expect(s2.suggestions[0].lang).toBe('zh');
    expect(s2.suggestions[0].text).toContain('北欧台灯 现有库存 5 件');
    expect(s2.suggestions[0].facts.map((f) => `${f.name}:${f.source}`)).toContain('stock:inventory:AP-1');
    const s3 = await suggestForConversation(b.store.db, conversationId(b.store.db, 'S3', 'zh'));
    expect(s3.suggestions[0].slug).toBe('order-status');
    expect(s3.suggestions[0].variant).toBe('wechat');
    expect(s3.suggestions[0].text).toContain('订单 DM2026110300020 现在是「已完成（已签收）」');
  });

  it('analytics: first response time, volume by channel, and the stock question counted as unanswered', () => {
    const a = chatAnalytics(b.store.db);
    expect(a.firstResponse.n).toBeGreaterThanOrEqual(1);
    expect(a.firstResponse.medianS).toBe(60);
    expect(a.byChannel.find((c) => c.channel === 'wechat')?.n).toBe(2);
    expect(a.responseBuckets.reduce((s, x) => s + x.before + x.after, 0)).toBe(1);
  });
});

describe('state rules', () => {
  it("a conversation's language follows the customer's last clear message, not a closing 'thanks' or 'ok', and the reply follows it", async () => {
    // A mostly English chat ending "谢谢 👍 thanks!" was marked Chinese and got a Chinese reply; a Chinese chat ending
    // "ok" an English one. A real switch (a whole message in the other language) still turns the conversation.
    const csv = `conversation,time,sender,channel,text
L1,2026-11-07 10:00:00,customer,email,"Hi, my order DM2026110300012 has not arrived yet, where is it?"
L1,2026-11-07 10:01:00,agent,email,Let me check that for you.
L1,2026-11-07 10:02:00,customer,email,谢谢 👍 thanks!
L2,2026-11-07 11:00:00,customer,web,你好，我的订单DM2026110300012什么时候发货？
L2,2026-11-07 11:01:00,agent,web,我帮您查一下
L2,2026-11-07 11:02:00,customer,web,ok
L3,2026-11-07 12:00:00,customer,web,"Hi, is the Nordic lamp in stock?"
L3,2026-11-07 12:01:00,customer,web,算了，我想问一下订单DM2026110300012什么时候到
`;
    await b.imp({ kind: 'chats', path: b.file('langs.csv', csv) });
    const { suggestForConversation } = await import('../../engine/chats/conversations');
    const ids = ['L1', 'L2', 'L3'].map((x) => b.store.db.prepare('SELECT id FROM conversations WHERE external_id = ?').pluck().get(x) as number);
    await analyseConversations(b.store.db, { conversationIds: ids });
    const got = [];
    for (const id of ids) {
      const r = await suggestForConversation(b.store.db, id);
      // The reply the screen offers first: a polite line to a closing "thanks" / "ok", else the first article.
      got.push([r.state.lang, r.smallTalk ? r.smallTalk.reply : r.suggestions[0]?.title, b.store.db.prepare('SELECT language FROM conversations WHERE id = ?').pluck().get(id)]);
    }
    // ("ok" needs no answer: no line is offered, the conversation stays Chinese.)
    expect(got).toEqual([['en', "You're welcome! Is there anything else I can help with?", 'en'], ['zh', null, 'zh'], ['zh', '订单状态查询', 'zh']]);
    const { clearLanguage } = await import('../../models/text/lang');
    expect(['谢谢 👍 thanks!', 'ok', '👍', 'ok thanks', '好的', 'AP-1 这件T恤有M码吗', 'where is my parcel'].map(clearLanguage)).toEqual([null, null, null, null, null, 'zh', 'en']);
  });


  it('a short "OK, please hurry" after a delivery question keeps the topic; a new question with content changes it', async () => {
    const { trackState, isFiller } = await import('../../engine/chats/analysis/state');
    const turn = (seq: number, intent: string, text: string): Parameters<typeof trackState>[0][number] => ({ seq, sender: 'customer', ts: `2026-11-06T10:0${seq}:00`, intent, confidence: 0.99, emotion: 'neutral', lang: 'zh', slots: {}, filler: isFiller(text) });
    expect(trackState([turn(1, 'shipping', '订单已经7天了还没收到，物流一直没有更新'), turn(2, 'payment', '好的，麻烦尽快处理。')]).intent).toBe('shipping');
    // The demo's English line says the same in 6 words; it took the topic to product questions on the Chats screen.
    expect(trackState([turn(1, 'shipping', 'My order still has not arrived after 10 days.'), turn(2, 'product_question', 'OK, please sort it out quickly.')]).intent).toBe('shipping');
    expect(trackState([turn(1, 'shipping', 'My order still has not arrived after 10 days.'), turn(2, 'discount_price', 'Also, is there a discount on the lamp this week')]).intent).toBe('discount_price');
    expect(trackState([turn(1, 'shipping', '订单已经7天了还没收到，物流一直没有更新'), turn(2, 'discount_price', '另外请问这款台灯最近有没有优惠活动？')]).intent).toBe('discount_price');
    // A short question is no acknowledgement: it changes the topic too.
    expect(trackState([turn(1, 'product_question', '北欧台灯现在有货吗？'), turn(2, 'discount_price', '最近有优惠活动吗？')]).intent).toBe('discount_price');
  });

  it("the shop's messages fill no slot: an agent's tracking number or suggested size is not the customer's", async () => {
    const { trackState } = await import('../../engine/chats/analysis/state');
    const st = trackState([
      { seq: 1, sender: 'customer', ts: '2026-11-06T10:00:00', intent: 'order_status', confidence: 0.9, emotion: 'neutral', lang: 'en', slots: { order_no: 'DM2026110300012' } },
      { seq: 2, sender: 'agent', ts: '2026-11-06T10:01:00', intent: null, confidence: null, emotion: null, lang: 'en', slots: { order_no: 'SF401088798465', size: 'M' } },
    ]);
    expect(st.slots).toEqual({ order_no: { value: 'DM2026110300012', seq: 1 } });
  });
});

describe('slots need a size context; only the customer fills them; a bare answer keeps the topic (QA probe lines)', () => {
  // tests/unit/fixtures/chats/qa-probe.csv: lines of a QA pass, imported as they were (fixtures README).
  const probe = readFileSync(join(F, 'qa-probe.csv'), 'utf8');

  it('contractions are no sizes; a size with its context is ("S码", "size M", a capital L on its own)', () => {
    const cat = loadCatalogue(b.store.db);
    const rows = parse(probe, { columns: true }) as { conversation: string; sender: string; text: string }[];
    const size = (conv: string): (string | undefined)[] => rows.filter((r) => r.conversation === conv).map((r) => extractSlots(r.text, cat).size);
    expect(size('P1')).toEqual([undefined]); // "It's been 10 days, where's my parcel?"
    expect(size('P4')).toEqual([undefined]); // "Do you ship to Canada? I'm in Toronto"
    expect(size('P7')).toEqual([undefined, undefined, undefined]); // "Sure, what's your order number?" among them
    expect(size('P5')).toEqual(['S']); // "这件衣服有S码吗"
    const more: [string, string | undefined][] = [
      ["I'M NOT HAPPY", undefined], ['Shipping to the U.S. please', undefined], ["Is L'Oréal cream in stock", undefined], ['我10号下的单', undefined], ['I am 5 m tall', undefined],
      ['Can I exchange it for size m?', 'M'], ['I need an XL', 'XL'], ['do you have it in xl', 'XL'], ['我穿L', 'L'], ['42码的鞋', '42'], ['尺码是L', 'L'], ['M号有吗', 'M'],
    ];
    for (const [text, want] of more) expect(extractSlots(text, cat).size, text).toBe(want);
  });

  it('P7: "I want to return it" / agent "what\'s your order number?" / "DM2026080800002" stays a return with that order, no size', async () => {
    await b.imp({ kind: 'orders', path: b.file('o-probe.csv', 'order_no,date,sku,quantity,unit_price,status\nDM2026080800002,2026-08-08 09:00,AP-1,1,199,completed\n') });
    const r = await b.imp({ kind: 'chats', path: b.file('qa-probe.csv', probe) });
    expect(r.rejected).toBe(0);
    const { conversationId, getConversation } = await import('../../engine/chats/conversations');
    const state = (ext: string): Promise<Awaited<ReturnType<typeof getConversation>>['state']> => {
      const id = conversationId(b.store.db, ext, 'en');
      return analyseConversations(b.store.db, { conversationIds: [id] }).then(() => getConversation(b.store.db, id).state);
    };
    const p7 = await state('P7');
    expect(p7?.intent).toBe('return_refund');
    expect(p7?.slots).toEqual({ order_no: { value: 'DM2026080800002', seq: 3 } });
    expect(p7?.missing).toEqual(['product']);
    expect((await state('P1'))?.slots.size).toBeUndefined();
    expect((await state('P4'))?.slots.size).toBeUndefined();
    expect((await state('P5'))?.slots.size?.value).toBe('S');
  });

  it('a bare answer keeps the open intent in both languages; a message that asks something new still changes it', async () => {
    const { trackState } = await import('../../engine/chats/analysis/state');
    const cat = loadCatalogue(b.store.db);
    const turn = (seq: number, sender: 'customer' | 'agent', intent: string | null, text: string): Parameters<typeof trackState>[0][number] => {
      const slots = extractSlots(text, cat);
      return { seq, sender, ts: `2026-11-06T10:0${seq}:00`, intent, confidence: intent ? 0.95 : null, emotion: 'neutral', lang: 'en', slots, slotAnswer: isSlotAnswer(text, slots) };
    };
    const after = (first: string, intent: string, answer: string): string | null =>
      trackState([turn(1, 'customer', 'return_refund', first), turn(2, 'agent', null, 'What is your order number?'), turn(3, 'customer', intent, answer)]).intent;
    expect(after('I want to return it', 'order_status', 'DM2026080800002')).toBe('return_refund');
    // A number the store has no order for is still the answer when it is the whole message.
    expect(extractSlots('DM2026080800999', cat).order_no).toBe('DM2026080800999');
    expect(extractSlots('my cousin DM2026080800999 said hi', cat).order_no).toBeUndefined();
    expect(after('I want to return it', 'order_status', 'DM2026080800999')).toBe('return_refund');
    expect(after('I want to return it', 'order_status', 'order no. DM2026080800002, thanks')).toBe('return_refund');
    expect(after('我要退货', 'order_status', '订单号是DM2026080800002')).toBe('return_refund');
    expect(after('我要退货', 'exchange_size', 'M码')).toBe('return_refund');
    // Not bare answers: a question, or a new request beside the number.
    expect(after('I want to return it', 'order_status', 'DM2026080800002 where is it now?')).toBe('order_status');
    expect(after('I want to return it', 'shipping', 'Actually, when will DM2026080800002 arrive')).toBe('shipping');
  });
});
