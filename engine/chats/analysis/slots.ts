/** Slots found in one message by patterns: order number, product (SKU or catalogue title), size, colour, address, amount. */

/** Slot names, in the order the state panel lists them. */
export const SLOT_NAMES = ['order_no', 'product', 'size', 'colour', 'address', 'amount'] as const;
/** A slot name. */
export type SlotName = (typeof SLOT_NAMES)[number];
/** Slots found in one message. */
export type Slots = Partial<Record<SlotName, string>>;

/** What the patterns match products against: SKUs and titles of the store's catalogue. */
export interface Catalogue {
  products: { id: number; sku: string; zh: string | null; en: string | null }[];
  /** Order numbers of the store (exact matches win over the generic pattern). */
  orderNos: Set<string>;
}

const ORDER_AFTER_WORD = /(?:订单号?|单号|order(?:\s*(?:no\.?|number|#|id))?|#)\s*[:：#]?\s*([A-Za-z]{0,4}\d[\dA-Za-z-]{5,24})/iu;
const ORDER_LIKE = /\b([A-Z]{1,4}\d{8,20})\b/u;
// Sizes need a size context: "size M", "尺码：L", "M码", "38码", "均码", or a standalone letter size. A standalone S, M or L
// must be a capital and not part of a contraction or an abbreviation: "It's", "I'm", "what's", "L'Oréal" and "U.S." hold
// none (they did: "It's been 10 days" was size S, "I'm in Toronto" size M). A number before 号 is a day ("10号发货"), not a size.
const LETTER_SIZES = 'XXXL|XXL|XL|XXS|XS|[2-5]XL|S|M|L';
const SIZE_MARKED = new RegExp(
  `(?:size|尺码|码数|尺寸)\\s*(?:is\\s+|是\\s*)?[:：]?\\s*(${LETTER_SIZES}|\\d{2}(?:\\.5)?)(?![A-Za-z\\d'’])|(?<![A-Za-z'’.])(${LETTER_SIZES})\\s*(?:码|号)|(均码|大码|小码|中码)|(?<![\\d.])(\\d{2}(?:\\.5)?)\\s*码`,
  'iu',
);
const SIZE_ALONE = /(?<![A-Za-z\d'’.&])(XXXL|XXL|XL|XXS|XS|[2-5]XL|xxxl|xxl|xl|xxs|xs|[2-5]xl|S|M|L)(?![A-Za-z\d'’&])/u;
const COLOURS: [RegExp, string][] = [
  [/黑色|\bblack\b/iu, 'black'], [/白色|\bwhite\b/iu, 'white'], [/红色|\bred\b/iu, 'red'], [/蓝色|\bblue\b|\bnavy\b/iu, 'blue'],
  [/绿色|\bgreen\b/iu, 'green'], [/黄色|\byellow\b/iu, 'yellow'], [/灰色|\bgr[ae]y\b/iu, 'grey'], [/粉色|粉红|\bpink\b/iu, 'pink'],
  [/紫色|\bpurple\b/iu, 'purple'], [/棕色|咖啡色|\bbrown\b/iu, 'brown'], [/米色|卡其|\bbeige\b|\bkhaki\b/iu, 'beige'], [/橙色|\borange\b/iu, 'orange'],
];
/** The colour names the colour slot holds (shown through the UI's `code.colour` labels). */
export const COLOUR_CODES: readonly string[] = COLOURS.map(([, name]) => name);
const ADDRESS_ZH = /([\u4e00-\u9fa5]{2,}(?:省|市)[\u4e00-\u9fa5\d]{0,20}(?:区|县|镇|路|街|道)[\u4e00-\u9fa5\d-]{0,20}(?:号|室|栋|楼|弄)?)/u;
const ADDRESS_EN = /(\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way)\b\.?(?:,\s*[A-Z][a-z]+)*)/u;
const AMOUNT = /([¥￥$€£])\s?(\d+(?:[.,]\d{1,2})?)|(\d+(?:\.\d{1,2})?)\s?(元|块钱|块|rmb|yuan|dollars?|usd|eur)/iu;

/** The slots of one message. */
export function extractSlots(text: string, cat: Catalogue): Slots {
  const out: Slots = {};
  for (const no of cat.orderNos.size < 50000 ? tokensOf(text) : []) {
    if (cat.orderNos.has(no)) {
      out.order_no = no;
      break;
    }
  }
  if (!out.order_no) {
    // A store with orders knows its numbers: only an explicit "订单号 / order #" is taken beyond them then, or a message
    // that is nothing but an order-like number (the answer to "what's your order number?", for an order not imported).
    const bare = /^\s*[A-Z]{1,4}\d{8,20}\s*[.。!！]?\s*$/u.test(text);
    const m = ORDER_AFTER_WORD.exec(text) ?? (cat.orderNos.size && !bare ? null : ORDER_LIKE.exec(text));
    if (m && /\d{5,}/.test(m[1])) out.order_no = m[1];
  }
  const product = findProduct(text, cat);
  if (product) out.product = product;
  const size = findSize(text);
  if (size) out.size = size;
  for (const [re, name] of COLOURS) {
    if (re.test(text)) {
      out.colour = name;
      break;
    }
  }
  const a = ADDRESS_ZH.exec(text) ?? ADDRESS_EN.exec(text);
  if (a) out.address = a[1].trim().replace(/^(?:请)?(?:寄到|送到|发到|寄往|收货地址是?|地址是?|改到|改成)[:：]?/u, '');
  const amt = AMOUNT.exec(text);
  if (amt && !(out.order_no && text.includes(`${amt[3] ?? ''}`) && (amt[3] ?? '').length > 6)) {
    const value = amt[2] ?? amt[3];
    const unit = amt[1] ?? amt[4];
    out.amount = `${/[$]|dollar|usd/i.test(unit) ? 'USD' : /€|eur/i.test(unit) ? 'EUR' : /£/.test(unit) ? 'GBP' : 'CNY'} ${value.replace(',', '.')}`;
  }
  return out;
}

/** The size a message names, upper case ("M", "XL", "38", "均码"), or null. */
export function findSize(text: string): string | null {
  const m = SIZE_MARKED.exec(text);
  if (m) return (m[1] ?? m[2] ?? m[3] ?? m[4]).toUpperCase();
  return SIZE_ALONE.exec(text)?.[1].toUpperCase() ?? null;
}

function tokensOf(text: string): string[] {
  return text.match(/[A-Za-z0-9-]{6,}/g) ?? [];
}

/** The SKU of the product a message names: an SKU token, else the longest catalogue title found in the text. */
export function findProduct(text: string, cat: Catalogue): string | null {
  const lower = text.toLowerCase();
  for (const t of text.match(/[A-Za-z0-9][A-Za-z0-9_-]{2,}/g) ?? []) {
    const p = cat.products.find((x) => x.sku.toLowerCase() === t.toLowerCase());
    if (p) return p.sku;
  }
  let best: { sku: string; len: number } | null = null;
  for (const p of cat.products) {
    for (const title of [p.zh, p.en]) {
      if (!title || title.length < 3) continue;
      if (lower.includes(title.toLowerCase()) && (!best || title.length > best.len)) best = { sku: p.sku, len: title.length };
    }
  }
  return best?.sku ?? null;
}

/** Per catalogue: its titles longest first (lower case) and its SKUs, for withoutProducts. */
const productWords = new WeakMap<Catalogue, { titles: string[]; skus: Set<string> }>();

/**
 * The message with every product it names taken out (catalogue titles in either language, SKU tokens) and the quote
 * marks left empty by that, for the intent model: a product's own words ("卫衣 L", "Foldable Charger") are no request,
 * but they outweighed short requests such as "我想退货" in its n-grams. A message that is only a product name is kept.
 */
export function withoutProducts(text: string, cat: Catalogue): string {
  let words = productWords.get(cat);
  if (!words) {
    const titles = cat.products.flatMap((p) => [p.zh, p.en]).filter((t): t is string => !!t && t.length >= 3);
    words = { titles: [...new Set(titles.map((t) => t.toLowerCase()))].sort((a, b) => b.length - a.length), skus: new Set(cat.products.map((p) => p.sku.toLowerCase())) };
    productWords.set(cat, words);
  }
  let out = text;
  let lower = out.toLowerCase();
  // (Lower case must keep every index: a character whose lower case is longer would shift them, so then no title is cut.)
  for (const t of lower.length === out.length ? words.titles : []) {
    for (let at = lower.indexOf(t); at >= 0; at = lower.indexOf(t)) {
      out = out.slice(0, at) + out.slice(at + t.length);
      lower = lower.slice(0, at) + lower.slice(at + t.length);
    }
  }
  const skus = words.skus;
  out = out.replace(/[A-Za-z0-9][A-Za-z0-9_-]{2,}/g, (tok) => (skus.has(tok.toLowerCase()) ? '' : tok));
  out = out.replace(/「\s*」|『\s*』|“\s*”|"\s*"|'\s*'/g, '').replace(/[ \t]{2,}/g, ' ').trim();
  return out || text;
}

// Words that go with a bare slot value ("my order number is …", "订单号是…", "size M please") and ask nothing themselves.
// (Longer words first: "it's" before "it", or its "s" would be left.)
const SLOT_FRAME_EN = /\b(?:it['’]s|here['’]s|i['’]m|my|the|its|it|is|was|here|orders|order|number|no|num|id|tracking|size|colour|color|please|pls|thanks|thank|you|okay|ok|sure|yes|yeah|sorry|hi|hello|that|this|one|in|i|am|wear|need)\b/giu;
const SLOT_FRAME_ZH = /订单号|订单|单号|号码|编号|尺码|码数|我的|是|这个|给你|给您|好的|嗯|亲|哦|啊|呢|吧|了|的|码|号|穿|要|谢谢/gu;

/**
 * True for a message that only gives slot values, with at most the words that frame them ("DM2026080800002", "order
 * no. DM…", "It's DM…", "订单号是DM…", "M码", "size L please"): the customer answering the shop's question. Such a
 * message names no new request, so the conversation keeps its intent (an order number alone used to read as an order
 * status question and took a return request there).
 */
export function isSlotAnswer(text: string, slots: Slots): boolean {
  const values = Object.values(slots).filter((v): v is string => !!v);
  if (!values.length || /[?？]/u.test(text)) return false;
  let rest = text;
  // The values as written (order numbers, SKUs), then what the patterns read as a slot (sizes, colours, amounts, addresses).
  for (const v of values) rest = rest.replace(new RegExp(`(?<![A-Za-z\\d])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z\\d])`, 'giu'), ' ');
  for (const re of [SIZE_MARKED, SIZE_ALONE, ...COLOURS.map(([c]) => c), AMOUNT, ADDRESS_ZH, ADDRESS_EN]) rest = rest.replace(new RegExp(re.source, `${re.flags}g`), ' ');
  rest = rest.replace(SLOT_FRAME_EN, ' ').replace(SLOT_FRAME_ZH, ' ').replace(/[\p{P}\p{S}\s\d]+/gu, ' ').trim();
  return rest === '';
}
