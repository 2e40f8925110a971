/**
 * The chat codes a reader sees (intent, emotion, language, slot, channel, live fact) in English and Simplified Chinese,
 * for the CLI's text output; the same words as the screen's `code.*` and `chats.slot.*` / `chats.fact.*` labels.
 */
import type { Lang } from '../i18n';

type Labels = Record<string, Record<Lang, string>>;

const INTENT: Labels = {
  order_status: { en: 'Order status', zh: '订单状态' },
  shipping: { en: 'Shipping & delivery', zh: '物流配送' },
  return_refund: { en: 'Return / refund', zh: '退货退款' },
  exchange_size: { en: 'Exchange / size', zh: '换货/尺码' },
  product_question: { en: 'Product question', zh: '商品咨询' },
  discount_price: { en: 'Discount / price', zh: '优惠/价格' },
  payment: { en: 'Payment', zh: '支付' },
  complaint: { en: 'Complaint', zh: '投诉' },
  other: { en: 'Other', zh: '其他' },
};

const EMOTION: Labels = {
  angry: { en: 'Angry', zh: '生气' },
  anxious: { en: 'Anxious', zh: '着急' },
  disappointed: { en: 'Disappointed', zh: '失望' },
  confused: { en: 'Confused', zh: '困惑' },
  satisfied: { en: 'Satisfied', zh: '满意' },
  neutral: { en: 'Neutral', zh: '平静' },
};

const LANGUAGE: Labels = {
  zh: { en: 'Chinese', zh: '中文' },
  en: { en: 'English', zh: '英文' },
  unsupported: { en: 'Language not supported', zh: '语言不支持' },
  empty: { en: 'No text', zh: '无文字' },
};

const SLOT: Labels = {
  order_no: { en: 'order', zh: '订单' },
  product: { en: 'product', zh: '商品' },
  size: { en: 'size', zh: '尺码' },
  colour: { en: 'colour', zh: '颜色' },
  address: { en: 'address', zh: '地址' },
  amount: { en: 'amount', zh: '金额' },
};

const CHANNEL: Labels = {
  default: { en: 'all channels', zh: '所有渠道' },
  taobao: { en: 'Taobao', zh: '淘宝' },
  jd: { en: 'JD.com', zh: '京东' },
  wechat: { en: 'WeChat', zh: '微信' },
  douyin: { en: 'Douyin', zh: '抖音' },
  shopify: { en: 'Shopify', zh: 'Shopify' },
  email: { en: 'Email', zh: '电子邮件' },
  whatsapp: { en: 'WhatsApp', zh: 'WhatsApp' },
  web: { en: 'Web shop', zh: '网店' },
  marketplace: { en: 'Marketplace chat', zh: '平台客服' },
  tmall: { en: 'Tmall', zh: '天猫' },
  pdd: { en: 'Pinduoduo', zh: '拼多多' },
  api: { en: 'API', zh: '接口' },
  mobile: { en: 'Mobile app', zh: '手机应用' },
  chat: { en: 'Live chat', zh: '在线客服' },
};

const FACT: Labels = {
  order_status: { en: 'order status', zh: '订单状态' },
  order_date: { en: 'order date', zh: '下单日期' },
  stock: { en: 'stock', zh: '库存' },
  restock_date: { en: 'restock date', zh: '补货日期' },
  price: { en: 'current price', zh: '当前价格' },
  return_deadline: { en: 'return deadline', zh: '退货截止' },
  product: { en: 'product', zh: '商品' },
};

const KINDS = { intent: INTENT, emotion: EMOTION, lang: LANGUAGE, slot: SLOT, channel: CHANNEL, fact: FACT } as const;

/** What a stored chat code is called in the reader's language; a code without a label (a store's own intent) as it is. */
export function chatCodeLabel(kind: keyof typeof KINDS, code: string, lang: Lang): string {
  return KINDS[kind][code]?.[lang] ?? code;
}
