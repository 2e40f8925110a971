/**
 * English (and some Chinese) training lines for the store intents the public English set (bitext) lacks or covers only by its own
 * wording: size and fit, product questions, prices and coupons, returning goods (bitext has refunds, never the word
 * "return"), complaints about the goods, and shop-style order, delivery and payment questions. Built from templates
 * with products, sizes, colours and order numbers filled in, seeded, so the shipped intent model is reproducible.
 * Written without looking at the evaluation files (tests/unit/fixtures/chats/intents-written-*.csv); see README "Chats".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { mulberry32 } from '../../models/rng';
import { loadIntentSet, split, type Labelled } from './data';
import { BITEXT_MAP, jddcIntent } from './intent-map';

const APPAREL = ['hoodie', 'grey hoodie', 't-shirt', 'tee', 'jeans', 'dress', 'summer dress', 'jacket', 'rain jacket', 'sneakers', 'running shoes', 'boots', 'sweater', 'cardigan', 'coat', 'shirt', 'linen shirt', 'skirt', 'leggings', 'trousers', 'pants', 'shorts', 'sweatpants', 'blazer', 'pyjamas', 'socks', 'sandals', 'bra', 'polo'];
const GOODS = ['mug', 'ceramic mug', 'vase', 'glass vase', 'table lamp', 'desk lamp', 'floor lamp', 'charger', 'fast charger', '35W charger', 'power bank', 'phone case', 'USB-C cable', 'earbuds', 'headphones', 'bluetooth speaker', 'backpack', 'wallet', 'watch strap', 'pillow', 'blanket', 'scented candle', 'teapot', 'water bottle', 'frying pan', 'knife set', 'cutting board', 'rug', 'curtains', 'towel set', 'kettle', 'alarm clock', 'notebook', 'yoga mat', 'plant pot'];
const ALL = [...APPAREL, ...GOODS];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL', 'small', 'medium', 'large', 'extra large', '38', '40', '42', '44', '9', '10'];
const COLOURS = ['black', 'white', 'navy', 'blue', 'red', 'green', 'beige', 'grey', 'pink', 'brown', 'olive', 'cream'];
const ORDERS = ['DM2026110300012', '#4471', 'order 58213', '#100234', 'DM2026101800457', '#A-3390', 'no. 77120'];
const PRICES = ['$25', '$40', '$19.99', '€30', '£15', '$120', '¥199', '$9'];
const THE = ['the', 'this', 'my', 'your', 'that'];
const HI = ['', '', '', 'hi, ', 'hello, ', 'hey ', 'Hi! ', 'good morning, ', 'excuse me, '];
const FEATURES = ['waterproof', 'machine washable', 'dishwasher safe', 'microwave safe', 'adjustable', 'handmade', 'real leather', '100% cotton', 'BPA free', 'wireless', 'foldable', 'stretchy', 'see-through', 'heavy', 'noisy', 'fragile', 'eco friendly', 'vegan'];
const DEVICES = ['iPhone 15', 'Samsung S23', 'my MacBook', 'a Pixel 8', 'my iPad', 'Switch', 'an Android phone', 'my laptop'];

/** The template lines per intent; `{a}` apparel, `{g}` goods, `{p}` any product, `{s}`/`{s2}` sizes, `{c}` colour, `{o}` order, `{$}` price, `{t}` determiner, `{f}` feature, `{d}` device, `{n}` a small number. */
const TEMPLATES: Record<string, string[]> = {
  exchange_size: [
    'which size should I get for the {a}?', 'what size {a} should I order? I am 5\'6 and 130 lbs', 'I am {n}0 kg and 175 cm, which size?',
    'does the {a} run small or big', 'is {t} {a} true to size?', 'do the {a} fit small? should I size up', 'should I go for {s} or {s2}?',
    'I\'m between {s} and {s2}, which would you recommend', 'I usually wear {s} in other brands, what size here?',
    '{t} {a} is too tight, can I exchange it for {s}?', '{t} {a} is too big, I need a size {s}', 'the {a} I got is too small, can I swap for a bigger one',
    'can I exchange the {a} for a {s}', 'I ordered size {s} but it doesn\'t fit, can I get {s2} instead?', 'the {a} are too long, can I change them for a shorter size',
    'can I change the size of my {a} to {s}', 'I\'d like to exchange my {a} for a different size', 'need a smaller size of the {a}',
    'do you have a size chart for the {a}?', 'where can I find the size guide', 'what are the chest measurements of size {s}?', 'how long is the {a} in size {s}',
    'can I swap the {c} {a} for the {c2} one', 'I want the same {a} in {c} instead, can I exchange it', 'can I exchange it for another colour',
    'the fit is wrong, can I exchange it for {s}?', 'exchange {a} size {s} for size {s2} please', 'is the {a} slim fit or regular fit?',
    'my {a} from order {o} is a bit tight, can I exchange for {s}', 'what size is {s} in EU sizes?', 'my shoe size is {s}, which size should I choose',
    'does it shrink after washing? should I take a bigger size', 'size {s} or {s2} for someone who is 180cm?', 'I need to swap sizes',
  ],
  product_question: [
    'what is {t} {g} made of?', 'what material is the {a}?', 'is {t} {p} {f}?', 'is the {a} {f}', 'does the {g} come with a {g2}?',
    'what are the dimensions of the {g}?', 'how big is the {g}', 'how tall is the {g}?', 'how much does the {g} weigh', 'how many watts is the {g}',
    'is the {p} in stock?', 'do you still have the {c} {p}?', 'is the {p} available in {c}?', 'when will the {p} be back in stock',
    'the {c} {a} is sold out, will you restock it?', 'do you have the {a} in {s}?', 'any {p} left in {c}?', 'can I still buy the {p}',
    'will the {g} work with {d}?', 'is {t} {g} compatible with {d}', 'does the {g} support fast charging?', 'how long does the battery last?',
    'how do I clean the {g}?', 'how do I wash the {a}', 'how do I set up the {g}', 'can I put the {g} in the dishwasher', 'can the {g} be used outdoors?',
    'does the {p} have a warranty?', 'how long is the warranty on the {g}', 'is this an original product?', 'is the {p} genuine?',
    'what colours does the {p} come in?', 'does the {p} come in other colours', 'is the {c} more of a dark or light shade?', 'what is the fabric of the {a}',
    'is the {a} lined?', 'does the {a} have pockets?', 'how thick is the {a}', 'is the {g} heavy?', 'what bulb does the {g} need?',
    'is there a manual for the {g}', 'what is the capacity of the {g}?', 'how many ml does the {g} hold', 'is the {a} suitable for winter',
    'where is the {p} made?', 'question about {t} {p}: {f} or not?', 'tell me more about the {p}',
  ],
  discount_price: [
    'do you have a discount code?', 'any coupons for the {p}?', 'is there a promo code for first order', 'can I get a discount if I buy {n}?',
    'can you do {$} for the {p}?', 'can you lower the price a bit', 'that\'s too expensive, any cheaper?', 'is this the final price?',
    'when is your next sale', 'will the {p} go on sale for black friday?', 'is there a christmas sale?', 'are there any deals this week',
    'the {p} was cheaper last week, why did the price go up?', 'I saw the {p} for {$} on another site, do you price match?', 'the price dropped after I bought it, can I get the difference back?',
    'is the {n}0% off still on?', 'my coupon code doesn\'t work', 'the discount wasn\'t applied at checkout', 'do you offer a student discount?',
    'wholesale price for {n}0 pieces?', 'bulk discount for {n}0 {p}s?', 'buy one get one free on the {p}?', 'is there a free gift with orders over {$}?',
    'how much is the {p}', 'what\'s the price of the {c} {p}?', 'how much for {n} {p}s', 'does the sale include the {p}', 'any offers on the {p} right now?',
    'can I use two coupons together?', 'do you have a loyalty program or points', 'do I get a discount on my next order?', 'is the {p} cheaper in {c}?',
    'can you give me a better price for the {p}', 'will the price go down soon?', 'I have a voucher, how do I use it',
  ],
  return_refund: [
    'I want to return the {p}', 'I would like to return {t} {p} from order {o}', 'how do I return the {p}?', 'can I send back the {p}? it\'s not what I expected',
    'I want to send the {p} back', 'I\'d like to return an item', 'return the {p} please, I changed my mind', 'can I return the {p} if I opened it?',
    'what is your return policy', 'how many days do I have to return the {p}?', 'is the return free?', 'do I pay for return shipping?',
    'where do I send the return', 'can you send me a return label', 'what is the return address', 'I lost the return label',
    'I sent the {p} back {n} days ago, where is my refund?', 'I returned the {p}, when will I get my money back', 'did you receive my return?',
    'I want a refund for the {p}', 'please refund order {o}', 'can I get my money back for the {p}', 'refund to my card please',
    'the {p} doesn\'t suit me, I want to return it', 'return and refund for order {o}', 'can I return the {a} even though I wore it once',
    'I didn\'t like the {p}, how can I return it', 'I need to return {n} items from my order', 'can I return the gift without a receipt',
    'I dropped off the return at the post office, what next?', 'how long does the refund take', 'partial refund for the {p}?',
  ],
  complaint: [
    'I received the wrong item', 'you sent me a {p} instead of a {p2}', 'I ordered {c} but got {c2}', 'wrong size sent, I ordered {s} and got {s2}',
    'the {g} arrived broken', 'the {g} came cracked', '{t} {p} arrived damaged', 'the {g} stopped working after {n} days', 'the {a} ripped after one wash',
    'parts are missing from the {g}', 'the box was empty', 'only {n} of the items were in the package', 'the {p} looks used',
    'this is unacceptable', 'worst customer service ever', 'I have been waiting {n} days for a reply', 'nobody answers my emails',
    'I want to speak to a manager', 'I want to file a complaint', 'I will leave a bad review', 'I\'m opening a dispute with paypal',
    'your quality is terrible', 'the {p} is nothing like the pictures, very disappointed', 'the {a} smells awful and the seams are coming apart',
    'I am really angry, this is the second time you sent the wrong {p}', 'your staff was rude to me', 'this is a scam',
    'the {g} is defective', 'the {g} overheats and smells burnt', 'the colour faded after one wash, poor quality',
    'I\'ll do a chargeback with my bank', 'I got somebody else\'s parcel', 'the screws for the {g} are missing', 'the agent hung up on me',
    'I\'m fed up with your shop', 'second time this happened, not happy', 'you ignored my messages for a week', 'I\'m reporting you to consumer protection',
  ],
  order_status: [
    'where is my order {o}?', 'has my order shipped yet', 'what is the status of order {o}', 'is my order on the way?', 'when will my order be sent',
    'I placed an order yesterday and haven\'t heard anything', 'can I cancel order {o}?', 'I want to cancel my order before it ships', 'please cancel my order',
    'can I add a {p} to my order {o}', 'can I change my order', 'my order isn\'t showing in my account', 'did my order go through?',
    'order {o} still says processing', 'why was my order cancelled?', 'I haven\'t received a confirmation for my order',
    'could you look up order {o} for me', 'any update on {o}?', 'my order has been processing for {n} days, is something wrong', 'when are you going to send my order',
    'please remove the {p} from my order', 'can I combine my two orders', 'is it too late to change my order?', 'I ordered the wrong colour, can you change it before you send it',
    'check my order status please', 'did you get my order for the {p}?', 'I ordered the {p} last week and still no shipping confirmation',
  ],
  shipping: [
    'how long does delivery take?', 'do you ship to {place}?', 'how much is shipping to {place}', 'which courier do you use', 'is there express delivery?',
    'my tracking number hasn\'t updated in {n} days', 'the parcel is stuck in customs', 'can you deliver to my office address', 'the courier says delivered but I have nothing',
    'when will the {p} arrive?', 'can I pick it up in store', 'is shipping free?', 'how long to {place}?', 'can you change the delivery address',
    'do you deliver on weekends', 'what is the tracking number for my parcel', 'the tracking page says label created for {n} days',
    'how much is next day delivery', 'do you ship internationally?', 'the tracking link does not work', 'my parcel went to the wrong address',
    'which days do you send parcels', 'can the courier leave it with a neighbour', 'is delivery insured?', 'tracking for {o} shows no movement', 'ship it to my work address please', 'deliver it to {place} instead',
  ],
  payment: [
    'my payment was declined', 'can I pay with paypal?', 'do you accept apple pay', 'I was charged twice', 'can I pay in instalments?',
    'I need an invoice for order {o}', 'can you send me a receipt', 'the card payment failed', 'can I pay by bank transfer',
    'why was my card charged {$}?', 'do you take credit cards', 'the checkout won\'t accept my card', 'I paid but the order says unpaid',
    'can I get a VAT invoice', 'is cash on delivery possible', 'can I pay with klarna or afterpay?', 'I need a receipt for my company',
    'there are two pending charges on my card', 'is it safe to enter my card details here?', 'my bank shows a charge I don\'t recognise',
    'can I pay with google pay', 'please send the invoice to my email', 'payment went through twice for {o}',
  ],
  other: [
    'hi', 'hello there', 'thanks!', 'thank you very much', 'ok', 'great, thanks', 'good evening', 'are you a bot?', 'can I talk to a person',
    'what are your opening hours', 'do you have a physical shop?', 'I forgot my password', 'how do I delete my account', 'unsubscribe me from the newsletter',
    'have a nice day', 'no that\'s all', 'perfect', 'bye', 'where are you located?', 'I can\'t sign in to my account', 'who runs this shop',
    'are you open on sundays', 'how do I change my email address', 'is anyone there?', 'do you have an app', 'I want to sign up for the newsletter',
  ],
};

/** Chinese shop-style lines for the same intents (JDDC is a marketplace's own service desk: its wording, not a small shop's). */
const ZH_APPAREL = ['卫衣', 'T恤', '牛仔裤', '连衣裙', '外套', '运动鞋', '毛衣', '衬衫', '裤子', '羽绒服', '半身裙', '打底衫', '大衣', '短裤', '睡衣', '帆布鞋', '靴子', '文胸', '童装', '马甲'];
const ZH_GOODS = ['杯子', '花瓶', '台灯', '充电器', '充电宝', '手机壳', '数据线', '耳机', '音箱', '背包', '枕头', '水杯', '面霜', '口红', '洗面奶', '保温杯', '电饭煲', '空气炸锅', '奶瓶', '纸尿裤', '茶叶', '零食礼盒', '床单', '收纳盒', '键盘', '鼠标', '拖鞋'];
/**
 * 2026-12-05 (second round): a small shop's customers write to it as they would on Taobao, JD or WeChat: 亲/在吗/宝贝,
 * 咋/啥时候, an order number or a price in 元, often one clipped clause. Written without looking at the evaluation files;
 * checked against a second development file written apart from these lines (README "Chats").
 */
const ZH_TEMPLATES: Record<string, string[]> = {
  exchange_size: ['{a}有尺码表吗', '我平时穿{s}，这款{a}选哪个码', '{a}偏大还是偏小', '{a}买小了能换{s}码吗', '想把{c}的换成{c2}的，可以换吗', '身高165穿多大的{a}', '{a}码数标准吗', '换个大一码的{a}',
    '亲，我{n}0斤穿什么码', '身高160体重{n}0公斤，{a}拿{s}合适吗', '{a}穿着有点紧，能换大一码吗', '脚长24厘米穿多大码', '这个{a}是正码吗', '{s}和{s2}纠结，帮我推荐一下',
    '收到的{a}太大了，想换成{s}', '颜色不喜欢，能换个{c2}吗', '尺码拍错了，能帮我换成{s}吗', '胸围{n}0公分穿哪个码', '{a}是修身的还是宽松的', '腰围2尺1穿什么码', '想换码，怎么操作', '宝贝有点小，换大一号可以吗', '{s}码的{a}衣长多少', '跟优衣库的码一样吗', '鞋子要拍大半码吗', '戒指尺寸怎么选', '宽脚穿{s}会挤吗', '换尺码运费谁出', '{a}不合适能换码吗', '穿着不合适可以换别的尺码吗'],
  product_question: ['{g}是什么材质的', '{g}有{c}的吗', '{g}还有货吗', '{g}什么时候补货', '{g}能用多久', '{g}可以放洗碗机吗', '{g}配件可以单独买吗', '{g}保修多久', '{g}是正品吗', '这款{a}起球吗', '{g}的尺寸是多少', '{g}支持快充吗',
    '{g}保质期多久', '{g}适合敏感肌吗', '{a}会掉色吗', '{a}是纯棉的吗', '{g}有现货吗', '{c}的{a}还有吗', '{g}怎么用', '{g}可以机洗吗', '{g}重不重', '{g}容量多大',
    '这个{g}和那个{g}有什么区别', '{g}是哪里产的', '{g}有说明书吗', '{a}冬天穿冷不冷', '{a}透不透', '{g}带不带包装盒', '{g}苹果手机能用吗', '{g}噪音大吗', '宝贝还有{s}码的吗', '{g}是几瓦的'],
  discount_price: ['{g}能便宜点吗', '有优惠券吗', '满多少减', '{a}什么时候打折', '买两个{g}有优惠吗', '上周还便宜，怎么涨价了', '新人有优惠吗', '优惠券用不了',
    '亲，能少点吗', '{n}件能打几折', '双十一有活动吗', '刚买完就降价了，能退差价吗', '别家才卖{n}9元，你们能不能便宜', '有没有满减活动', '会员有折扣吗', '能不能送个小礼品',
    '老顾客有优惠吗', '价格还能再低吗', '{g}最低多少钱', '领的券怎么没抵扣', '什么时候有活动', '包邮吗，能便宜{n}块吗', '有没有赠品', '价保吗', '帮我改一下价格我再付', '再便宜点呗', '直播间价格和下单价格不一样'],
  return_refund: ['{g}不想要了，可以退吗', '退货地址是多少', '退款多久到账', '{a}可以七天无理由退货吗', '我要退{g}', '退货运费谁出', '已经寄回了，什么时候退款',
    '申请退款了，麻烦处理一下', '{a}不合适，想退', '拍错了，能退吗', '退货怎么操作', '没收到货能退款吗', '我已经填了退货单号', '{g}拆封了还能退吗',
    '退款怎么还没到', '订单{o}申请退款', '想退掉这单', '运费险怎么用', '仅退款可以吗', '退回去的{a}你们收到了吗', '退货要自己寄吗', '不要了，帮我退了吧', '我想退货，订单{o}', '订单{o}里的{a}想退货', '{o}这单要退货退款', '想退货，{a}和图片不太一样'],
  complaint: ['{g}收到就是坏的', '发错货了，我买的是{c}的', '{g}少了配件', '客服一直不回复，太差了', '质量太差，我要差评', '第二次发错了，很生气', '我要投诉',
    '{g}用了两天就坏了', '收到的{a}有个洞', '包装都压烂了，{g}也碎了', '{a}跟图片完全不一样', '{a}有一股怪味', '少发了一件', '什么破质量，气死了', '假货吧这是',
    '{g}漏水', '{a}线头太多了', '发来的是旧的，被人用过', '等了半天没人理，什么态度', '太坑了，再也不买了', '{g}充不进电', '尺码标错了，明明是{s}发成{s2}', '{a}洗了一次就缩水了，质量太次', '用了{g}过敏了，你们要负责', '赠品没给', '再不处理我就投诉到平台', '答应补发的到现在也没发', '客服人呢，半天不回', '订单{o}少发了{n}件', '你们发的码不对，太不用心了'],
  order_status: ['我的订单发货了吗', '订单什么时候发出', '帮我查一下订单', '订单可以取消吗', '订单还能改吗', '下单三天了还没发货',
    '亲，啥时候发货', '订单{o}发了没', '我昨天拍的{g}发了吗', '怎么还没发货', '能不能快点发', '订单显示已取消是怎么回事', '我的订单怎么找不到了', '帮我看下这个单{o}',
    '拍下了能改地址吗', '还没发货的话帮我取消', '付款好几天了还是待发货', '预售的{a}什么时候发', '能帮我催一下发货吗', '我想改一下收货地址', '订单状态一直是处理中', '发货没', '预售的啥时候能发', '说好24小时内发货的，怎么还没发', '今天能发出吗，急用', '订单{o}发货了吗', '{o}这单啥时候发'],
  shipping: ['运费多少', '满多少包邮', '发什么快递', '几天能到', '偏远地区发货吗', '物流一直不更新', '可以发顺丰吗',
    '发的哪家快递', '快递到哪了', '寄到北京要几天', '物流{n}天没动了', '显示签收了但我没收到', '能发邮政吗', '新疆包邮吗', '快递单号多少',
    '能不能送货上门', '可以寄到国外吗', '从哪里发货', '快递放驿站了吗', '加急多少钱', '今天下单明天能到吗', '包裹是不是丢了', '订单{o}的物流一直没更新', '我的订单{o}已经{n}天了还没收到', '{o}这单的物流信息查不到'],
  payment: ['支持花呗吗', '可以分期付款吗', '能开发票吗', '付款失败了', '扣了两次款', '可以用微信支付吗',
    '能用信用卡吗', '支付宝付不了', '怎么付款', '钱扣了订单显示没付款', '发票抬头写错了，能重开吗', '可以货到付款吗', '能开专票吗', '付款页面一直转圈',
    '可以用银联吗', '能不能先发货后付款', '余额付款可以吗', '电子发票在哪下载', '支付提示银行卡异常'],
  other: ['你好', '在吗', '谢谢', '好的', '客服几点上班', '你是机器人吗', '没有别的问题了', '怎么取消订阅', '店铺在哪里', '怎么修改密码',
    '亲在不在', '嗯嗯', '好的谢谢亲', '知道了', '有人吗', '麻烦了', '晚上有客服吗', '能加微信吗', '收到', '辛苦了', '我再考虑一下', '没事了', '哈喽', '过年客服上班吗', '我先问问家里人', '我等会再来问'],
};
const ZH_SIZES = ['S', 'M', 'L', 'XL', 'XXL', '38', '40', '36', '42'];
const ZH_COLOURS = ['白色', '黑色', '灰色', '蓝色', '红色', '粉色', '米色', '卡其色', '绿色', '杏色'];
const ZH_ORDERS = ['2026112512345678', '3891275560123', '20261103884521', '4012885530967', '28876543210981'];

const PLACES = ['Canada', 'Germany', 'Australia', 'the UK', 'Texas', 'Berlin', 'Singapore', 'Paris'];

/** One element of `xs`, drawn with `r`. */
export function pick<T>(xs: readonly T[], r: () => number): T {
  return xs[Math.floor(r() * xs.length)];
}

function fill(tpl: string, r: () => number): string {
  const a = pick(APPAREL, r);
  const c = pick(COLOURS, r);
  const s = pick(SIZES, r);
  const text = tpl
    .replaceAll('{a}', a).replaceAll('{g2}', pick(GOODS, r)).replaceAll('{g}', pick(GOODS, r)).replaceAll('{p2}', pick(ALL, r)).replaceAll('{p}', pick(ALL, r))
    .replaceAll('{s2}', pick(SIZES.filter((x) => x !== s), r)).replaceAll('{s}', s).replaceAll('{c2}', pick(COLOURS.filter((x) => x !== c), r)).replaceAll('{c}', c)
    .replaceAll('{o}', pick(ORDERS, r)).replaceAll('{$}', pick(PRICES, r)).replaceAll('{t}', pick(THE, r)).replaceAll('{f}', pick(FEATURES, r))
    .replaceAll('{d}', pick(DEVICES, r)).replaceAll('{n}', String(2 + Math.floor(r() * 4))).replaceAll('{place}', pick(PLACES, r));
  const withHi = pick(HI, r) + text;
  // Customers write in every case and often without the question mark.
  const v = r();
  const cased = v < 0.25 ? withHi.toLowerCase() : v < 0.6 ? withHi.charAt(0).toUpperCase() + withHi.slice(1) : withHi;
  return r() < 0.2 ? cased.replace(/[?.!]$/u, '') : cased;
}

function fillZh(tpl: string, r: () => number): string {
  const c = pick(ZH_COLOURS, r);
  const s = pick(ZH_SIZES, r);
  const text = tpl.replaceAll('{a}', pick(ZH_APPAREL, r)).replaceAll('{g}', pick(ZH_GOODS, r)).replaceAll('{s2}', pick(ZH_SIZES.filter((x) => x !== s), r)).replaceAll('{s}', s)
    .replaceAll('{c2}', pick(ZH_COLOURS.filter((x) => x !== c), r)).replaceAll('{c}', c).replaceAll('{o}', pick(ZH_ORDERS, r)).replaceAll('{n}', String(2 + Math.floor(r() * 6)));
  return pick(['', '', '', '', '亲，', '你好，', '在吗？', '老板，'], r) + text + pick(['', '', '？', '?', '呢', '啊', '亲', '。'], r);
}

/**
 * Customers who are content and ask nothing (2026-12-06): praise after delivery, thanks for a good product, patience
 * ("no rush"). They belong to 'other', but the model had almost no such lines: the public sets hold requests only, and
 * the complaint templates say "received it, the quality is ..." with a bad word, so "收到了，质量很好，下次还来买" and
 * "I'll wait, no rush. It's fine." (both from a QA pass, kept here as training lines) came out as complaints, and
 * "Works great, no complaints here" or "尺码刚好，穿着很舒服" as complaint or size questions. Written apart from the
 * held-out check (tests/unit/fixtures/chats/intents-content-heldout.csv), which is never trained on. Filled with their
 * own random stream after the other templates, so those rows are unchanged; two fillings per line, not four: with four,
 * five of the demo stores' customer messages moved to a wrong intent (a stalled parcel from shipping to order status).
 */
const CONTENT_OTHER: { en: string[]; zh: string[] } = {
  en: [
    'the {p} arrived today and the quality is great', 'received my {a}, it fits perfectly, thank you', 'love the {p}, I\'ll be ordering again',
    'everything came in good condition, thanks a lot', 'no rush at all, I can wait', 'I\'ll wait, no rush. It\'s fine.',
    'that\'s okay, whenever it ships is fine with me', 'really happy with the {p}, five stars', 'the {c} {a} looks even better than the photos',
    'thanks, the {p} works perfectly', 'don\'t worry about it, it\'s fine', 'all sorted now, thanks for the help', 'just wanted to say the {a} is lovely',
    'good quality for the price, very pleased', 'my {g} came and it\'s perfect', 'no problem, take all the time you need', 'nothing wrong at all, it\'s great',
    'the {a} is so comfortable, thanks', 'quick delivery and a lovely {g}, thank you',
  ],
  zh: [
    '收到了，质量很好，下次还来买', '{a}收到了，很合身，好评', '{g}已经到了，质量不错', '物流很快，东西也不错，谢谢', '没关系，我可以等',
    '不急的，有货了再发就行', '质量杠杠的，会回购的', '颜色跟图片一样，很满意', '用了几天了，挺好用的', '东西挺好的，五星好评',
    '已经用上了，效果很好', '包装很仔细，辛苦老板了', '{a}上身效果很好，朋友都说好看', '好的不着急，你们慢慢处理', '{g}很好用，没有任何问题',
    '性价比很高，推荐', '家里人都说{g}好看', '宝贝很漂亮，谢谢店家',
  ],
};

/** `perTemplate` distinct fillings of every template, each labelled with its intent (deterministic for a seed). */
export function templateIntents(perTemplate = 4, seed = 11): { text: string; label: string }[] {
  const r = mulberry32(seed);
  const out: { text: string; label: string }[] = [];
  for (const [templates, fillOne] of [[TEMPLATES, fill], [ZH_TEMPLATES, fillZh]] as const) {
    for (const [label, tpls] of Object.entries(templates)) {
      for (const tpl of tpls) {
        const seen = new Set<string>();
        for (let k = 0; k < perTemplate * 4 && seen.size < perTemplate; k++) seen.add(fillOne(tpl, r));
        for (const text of seen) out.push({ text, label });
      }
    }
  }
  const rc = mulberry32(seed + 1);
  const CONTENT_PER = 2;
  for (const [tpls, fillOne] of [[CONTENT_OTHER.en, fill], [CONTENT_OTHER.zh, fillZh]] as const) {
    for (const tpl of tpls) {
      const seen = new Set<string>();
      for (let k = 0; k < perTemplate * 4 && seen.size < CONTENT_PER; k++) seen.add(fillOne(tpl, rc));
      for (const text of seen) out.push({ text, label: 'other' });
    }
  }
  return out;
}

/**
 * The shipped intent model's training rows and the public held-out fifth it reports: bitext and JDDC with their labels
 * mapped to the store intents (training fifths), the seed lines (scripts/text/seed-intents.csv, repeated 3x so a few
 * lines weigh against thousands) and the template lines above. `templates: false` gives the rows before 2026-12-05.
 */
export function storeIntentRows(dataDir: string, templates = true): { train: Labelled[]; test: Labelled[] } {
  const bitext = (loadIntentSet(dataDir, 'bitext') ?? []).map((r) => ({ text: r.text, label: BITEXT_MAP[r.label] ?? 'other' }));
  const jddc = (loadIntentSet(dataDir, 'jddc') ?? []).map((r) => ({ text: r.text, label: jddcIntent(r.label) }));
  const here = fileURLToPath(new URL('.', import.meta.url));
  const seed = (parse(readFileSync(join(here, 'seed-intents.csv')), { columns: true }) as { text: string; intent: string }[]).map((r) => ({ text: r.text, label: r.intent }));
  const is = split([...bitext, ...jddc]);
  return { train: [...is.train, ...seed, ...seed, ...seed, ...(templates ? templateIntents() : [])], test: is.test };
}
