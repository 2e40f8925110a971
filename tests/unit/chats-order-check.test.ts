// An order-status question about an order the store does not have (a QA pass: "What is the status of my order
// DM2099010100001?" on the demo store, whose knowledge base has no order-status article) got "Coupons and sales" as its
// suggested reply, because the coupon article says "one per order". Now an article written for another intent needs
// more than a shared word, and the merchant is offered a reply asking to check (or send) the order number instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestForConversation, conversationId } from '../../engine/chats/conversations';
import { bench, type Bench } from './import-helpers';

let b: Bench;
let n = 0;

/** Imports a one-message conversation from the customer and returns its suggestions. */
async function ask(text: string): Promise<Awaited<ReturnType<typeof suggestForConversation>>> {
  const ref = `Q${++n}`;
  const r = await b.imp({ kind: 'chats', path: b.file(`${ref}.csv`, `conversation,time,sender,channel,text\n${ref},2026-11-06 10:00:00,customer,taobao,"${text}"\n`) });
  expect(r.rejected).toBe(0);
  return suggestForConversation(b.store.db, conversationId(b.store.db, ref, 'en'));
}

beforeAll(async () => {
  b = bench();
  await b.imp({ kind: 'products', path: b.file('p.csv', 'sku,title_zh,title_en,price\nAP-1,北欧台灯,Nordic lamp,199\n') });
  await b.imp({ kind: 'orders', path: b.file('o.csv', 'order_no,date,sku,quantity,unit_price,status\nDM2026110300012,2026-11-03 08:00,AP-1,1,199,shipped\n') });
  // The demo store's coupon and shipping articles, word for word; like the demo, no article is about order status.
  await b.imp({
    kind: 'kb',
    path: b.file(
      'kb.csv',
      'slug,intent,title_en,body_en,title_zh,body_zh,tags\n' +
        'coupons-and-sales,discount_price,Coupons and sales,"Follow the shop for a ¥10 coupon with no minimum spend, one per order. Discounts across the shop are bigger during 618 and Double 11, and the shop coupon can be used on top.",优惠券与促销,关注店铺可领10元无门槛优惠券，每单限用一张。618和双十一期间全店折扣更大，可与店铺优惠券叠加。,discount coupon\n' +
        'shipping-times,shipping,Shipping and delivery times,"In-stock items ship within 48 hours of ordering, by SF Express or ZTO.",发货与配送时效,现货商品下单后48小时内发出，顺丰或中通。,delivery shipping\n',
    ),
  });
}, 60_000);
afterAll(() => b?.cleanup());

describe('an order-status question about an order the store does not have', () => {
  it.each([
    ['What is the status of my order DM2099010100001?', 'en', "Sorry, I couldn't find order DM2099010100001 in our records."],
    ['Hi, can you check the status of order DM2099010100001 please?', 'en', "Sorry, I couldn't find order DM2099010100001 in our records."],
    ['我的订单DM2099010100001现在什么状态了？', 'zh', '抱歉，没有查到订单 DM2099010100001。'],
  ] as const)('"%s": no coupon article, a reply asking to check the number', async (text, lang, reply) => {
    const r = await ask(text);
    expect(r.state.intent).toBe('order_status');
    expect(r.suggestions.map((s) => s.slug)).not.toContain('coupons-and-sales');
    expect(r.orderCheck?.kind).toBe('unknown_order');
    expect(r.orderCheck?.order).toBe('DM2099010100001');
    expect(r.orderCheck?.reply.startsWith(reply)).toBe(true);
    expect(r.state.lang).toBe(lang);
  });

  it('without a number the reply asks for it; a known order needs no such reply and keeps its status in the facts', async () => {
    const none = await ask('What is the status of my order?');
    expect(none.state.intent).toBe('order_status');
    expect(none.suggestions.map((s) => s.slug)).not.toContain('coupons-and-sales');
    expect(none.orderCheck).toEqual({ kind: 'no_order', order: null, reply: "Could you send me your order number? I'll check its status right away." });
    const known = await ask('What is the status of my order DM2026110300012?');
    expect(known.orderCheck).toBeNull();
  });

  it('a coupon question still gets the coupon article', async () => {
    const r = await ask('Do you have any coupons or discounts at the moment?');
    expect(r.suggestions[0]?.slug).toBe('coupons-and-sales');
    expect(r.orderCheck).toBeNull();
  });
});
