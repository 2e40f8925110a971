/** Bilingual customer-service chat scripts and knowledge-base articles of the demo shop. */

/** One scripted line: who speaks, and what in each language ({order}, {title}, {size}, {days}, {track} filled in). */
export interface ScriptLine {
  sender: 'customer' | 'agent' | 'bot';
  zh: string;
  en: string;
}

/** A conversation topic with its subject and lines. */
export interface ChatScript {
  topic: string;
  subject: { zh: string; en: string };
  lines: ScriptLine[];
}

const L = (sender: ScriptLine['sender'], zh: string, en: string): ScriptLine => ({ sender, zh, en });

/** The scripted topics: order status, size, return, late delivery, product question. */
export const CHAT_SCRIPTS: ChatScript[] = [
  {
    topic: 'order_status',
    subject: { zh: '订单什么时候发货', en: 'When will my order ship?' },
    lines: [
      L('customer', '您好，我的订单{order}什么时候发货？', 'Hi, when will my order {order} ship?'),
      L('bot', '您好，我是店铺小助手。订单{order}正在仓库打包，预计24小时内发出。', 'Hi, I am the shop assistant. Order {order} is being packed and should ship within 24 hours.'),
      L('customer', '好的，能给我快递单号吗？', 'OK, can I have the tracking number?'),
      L('agent', '已经发货了，顺丰单号 SF{track}，一般2-3天送达。', 'It has shipped with SF Express, tracking number SF{track}; delivery usually takes 2–3 days.'),
      L('customer', '收到，谢谢！', 'Got it, thanks!'),
    ],
  },
  {
    topic: 'size',
    subject: { zh: '尺码咨询', en: 'Which size should I pick?' },
    lines: [
      L('customer', '请问{title}怎么选尺码？我身高170cm，体重62kg。', 'Which size of {title} should I choose? I am 170 cm and 62 kg.'),
      L('agent', '根据尺码表建议选{size}码，这款版型偏宽松。', 'From our size guide we suggest {size}; this style runs a little loose.'),
      L('customer', '如果不合适可以换吗？', 'Can I exchange it if it does not fit?'),
      L('agent', '可以的，收货7天内未穿着、吊牌完好可以免费换码。', 'Yes. Unworn items with tags can be exchanged for another size within 7 days of delivery, free of charge.'),
      L('customer', '好的，那我下单了。', 'Great, I will order it then.'),
    ],
  },
  {
    topic: 'return',
    subject: { zh: '申请退货', en: 'Return request' },
    lines: [
      L('customer', '我想退货，订单{order}里的{title}颜色和图片不太一样。', 'I would like to return {title} from order {order}; the colour looks different from the photos.'),
      L('agent', '很抱歉给您带来不便。本店支持7天无理由退货，请在订单页面申请，我们会安排快递上门取件。', 'Sorry about that. We offer 7-day no-questions-asked returns: request a return on the order page and we will arrange a courier pickup.'),
      L('customer', '退款多久到账？', 'How long does the refund take?'),
      L('agent', '仓库收到退货后1-3个工作日内原路退款。', 'The refund goes back to your original payment method within 1–3 working days after the warehouse receives the item.'),
      L('customer', '明白了，谢谢。', 'Understood, thank you.'),
    ],
  },
  {
    topic: 'delivery',
    subject: { zh: '物流太慢', en: 'Parcel has not arrived' },
    lines: [
      L('customer', '订单{order}已经{days}天了还没收到，物流一直没有更新。', 'My order {order} still has not arrived after {days} days and the tracking has not updated.'),
      L('bot', '抱歉久等了，正在为您转接人工客服。', 'Sorry for the wait. Connecting you to an agent now.'),
      L('agent', '我们已联系快递核查，如果48小时内仍无更新，会为您免费补发。', 'We have asked the courier to check. If there is no update within 48 hours we will send a replacement for free.'),
      L('customer', '好的，麻烦尽快处理。', 'OK, please sort it out quickly.'),
      L('agent', '快递反馈包裹在中转站滞留，今天已重新派送，请留意电话。', 'The courier says the parcel was held at a sorting hub; it is out for delivery again today, so please keep your phone on.'),
    ],
  },
  {
    topic: 'product',
    subject: { zh: '商品咨询', en: 'Product question' },
    lines: [
      L('customer', '{title}现在有货吗？', 'Is {title} in stock right now?'),
      L('bot', '有现货的，下单后48小时内发货。', 'Yes, it is in stock and ships within 48 hours of ordering.'),
      L('customer', '最近有优惠活动吗？', 'Are there any discounts at the moment?'),
      L('agent', '关注店铺可领10元无门槛优惠券，618和双十一期间折扣更大。', 'Follow the shop for a ¥10 coupon with no minimum spend; discounts are bigger during 618 and Double 11.'),
    ],
  },
];

/** One knowledge-base article in both languages. */
export interface KbArticle {
  slug: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  tags: string[];
  /** The store intent the article answers (ranks it first for conversations with that intent). */
  intent: string;
}

/** The shop's knowledge base. */
export const KB_ARTICLES: KbArticle[] = [
  {
    slug: 'shipping-times', intent: 'shipping', titleZh: '发货与配送时效', titleEn: 'Shipping and delivery times', tags: ['delivery', 'shipping'],
    bodyZh: '现货商品下单后48小时内发货，默认顺丰或中通。江浙沪一般1-2天送达，其他地区2-4天，偏远地区5-7天。春节期间（除夕前7天至初六）暂停发货。',
    bodyEn: 'In-stock items ship within 48 hours of ordering, by SF Express or ZTO. Delivery takes 1–2 days around Shanghai, 2–4 days elsewhere and 5–7 days to remote areas. Shipping pauses over Chinese New Year (7 days before to 6 days after).',
  },
  {
    slug: 'returns-7-days', intent: 'return_refund', titleZh: '7天无理由退换货', titleEn: '7-day no-questions-asked returns', tags: ['return', 'refund'],
    bodyZh: '收货7天内，商品未使用、吊牌和包装完好即可申请退换。质量问题运费由本店承担；退款在仓库收货后1-3个工作日原路退回。美妆拆封后不支持无理由退货。',
    bodyEn: 'Within 7 days of delivery you can return or exchange unused items with tags and packaging intact. We pay the postage for faulty items; refunds go back to the original payment within 1–3 working days of the warehouse receiving them. Opened beauty products cannot be returned without a fault.',
  },
  {
    slug: 'size-guide', intent: 'exchange_size', titleZh: '服装尺码表', titleEn: 'Apparel size guide', tags: ['size', 'apparel'],
    bodyZh: 'S：身高155-165cm，体重45-55kg；M：165-172cm，55-65kg；L：172-178cm，65-75kg；XL：178-185cm，75-85kg。宽松款可选小一码。',
    bodyEn: 'S: 155–165 cm, 45–55 kg; M: 165–172 cm, 55–65 kg; L: 172–178 cm, 65–75 kg; XL: 178–185 cm, 75–85 kg. For relaxed-fit styles you can size down.',
  },
  {
    slug: 'electronics-warranty', intent: 'product_question', titleZh: '数码配件保修', titleEn: 'Warranty for phone accessories', tags: ['warranty', 'phone_accessories'],
    bodyZh: '充电器、数据线和耳机享受12个月保修，非人为损坏可免费换新。手机壳和钢化膜不在保修范围内。',
    bodyEn: 'Chargers, cables and earbuds carry a 12-month warranty: non-accidental faults are replaced free. Phone cases and screen protectors are not covered.',
  },
  {
    slug: 'sunglasses-uv400', intent: 'product_question', titleZh: '太阳镜防护说明', titleEn: 'About our sunglasses’ UV protection', tags: ['eyewear', 'product'],
    bodyZh: '所有太阳镜镜片均为UV400防护，偏光款可减少水面和路面反光。近视配镜请咨询客服。',
    bodyEn: 'All our sunglasses have UV400 lenses; polarised models cut glare from water and roads. Ask customer service about prescription lenses.',
  },
  {
    slug: 'coupons-and-sales', intent: 'discount_price', titleZh: '优惠券与促销', titleEn: 'Coupons and sales', tags: ['discount', 'coupon'],
    bodyZh: '关注店铺可领10元无门槛优惠券，每单限用一张。618和双十一期间全店折扣更大，可与店铺优惠券叠加。',
    bodyEn: 'Follow the shop for a ¥10 coupon with no minimum spend, one per order. Discounts across the shop are bigger during 618 and Double 11, and the shop coupon can be used on top.',
  },
  {
    slug: 'jewellery-care', intent: 'product_question', titleZh: '饰品保养', titleEn: 'Caring for your jewellery', tags: ['jewellery', 'care'],
    bodyZh: '925银饰品请避免接触香水和海水，氧化发黑可用擦银布擦拭。不佩戴时请放入密封袋保存。',
    bodyEn: 'Keep sterling silver away from perfume and sea water; wipe tarnish off with a silver cloth. Store pieces in a sealed bag when not worn.',
  },
];
