// Suggested replies retrieve by meaning as well as by words (issue 13: "BM25 plus embeddings"): a customer who words a
// request with no term of the article still gets that article, through the shipped encoder's sentence vectors, while a
// query naming a rare exact term (a brand, a tax word) still finds its article through BM25. Both languages, real store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retrievalTerms } from '../../engine/chats/suggest/bm25';
import { rankSuggestions } from '../../engine/chats/suggest/suggest';
import { bench, type Bench } from './import-helpers';

// Six topics in each language, worded as a merchant would write the answers (no target article first, so a tie at zero
// cannot pass for a match).
const KB = `slug,lang,channel,title,body,intent,tags
shipping,en,,Delivery times,Orders ship within 24 hours; standard delivery takes 3-5 days.,,
invoice,en,,Invoices,A PDF invoice is emailed after payment; ask us to reissue it with your company name.,,
address,en,,Changing the shipping address,We can update the delivery address until the parcel leaves our warehouse.,,
cancel,en,,Cancelling an order,An order can be cancelled before it ships; the payment is refunded in full.,,
refund,en,,Refund policy,You can return an item within 7 days of delivery and we refund the payment to your original card.,,
payment,en,,Payment methods,"We accept Visa, Mastercard, PayPal and bank transfer.",,
tuikuan,zh,,退款说明,签收后7天内可以申请退货，退款会原路返回到您的支付账户。,,
fahuo,zh,,发货时间,下单后24小时内发货，一般3到5天送达。,,
fapiao,zh,,发票,付款后开具电子发票，可以补开公司抬头的增值税发票。,,
dizhi,zh,,修改收货地址,包裹出库前可以修改收货地址。,,
quxiao,zh,,取消订单,订单发货前可以取消，货款全额退回。,,
zhifu,zh,,支付方式,支持微信支付、支付宝和银行卡。,,
`;

let b: Bench;
let articleText: Map<string, string>;

beforeAll(async () => {
  b = bench();
  const r = await b.imp({ kind: 'kb', path: b.file('kb.csv', KB) });
  expect(r.rejected).toBe(0);
  expect(b.count('kb_articles')).toBe(12);
  const rows = b.store.db.prepare('SELECT slug, title_zh, title_en, body_zh, body_en, tags FROM kb_articles').all() as Record<string, string | null>[];
  articleText = new Map(rows.map((a) => [a.slug as string, [a.title_zh, a.title_en, a.body_zh, a.body_en, a.tags].filter(Boolean).join('\n')]));
}, 60_000);
afterAll(() => b?.cleanup());

const top = (query: string, lang: 'zh' | 'en'): string[] => rankSuggestions(b.store.db, { query, intent: null, slots: {}, lang, channel: 'web' }).map((s) => s.slug);

describe('suggested replies: BM25 plus embeddings', () => {
  it.each([
    ['I want my money back', 'en', 'refund'],
    ["I don't want this purchase anymore", 'en', 'cancel'],
    ['钱能退给我吗', 'zh', 'tuikuan'],
    ['能开票吗', 'zh', 'fapiao'],
    ['能用花呗吗', 'zh', 'zhifu'],
  ] as const)('a paraphrase sharing no word with its article finds it first: "%s" (%s)', (query, lang, slug) => {
    // No retrieval term in common: BM25 alone could not rank the article at all.
    const words = new Set(retrievalTerms(articleText.get(slug) ?? ''));
    expect(retrievalTerms(query).filter((t) => words.has(t))).toEqual([]);
    expect(top(query, lang)[0]).toBe(slug);
  });

  it.each([
    ['refund policy', 'en', 'refund'],
    ['Mastercard', 'en', 'payment'],
    ['warehouse', 'en', 'address'],
    ['发票', 'zh', 'fapiao'],
    ['增值税', 'zh', 'fapiao'],
    ['支付宝', 'zh', 'zhifu'],
  ] as const)('an exact-term query still finds its article first: "%s" (%s)', (query, lang, slug) => {
    expect(top(query, lang)[0]).toBe(slug);
  });
});
