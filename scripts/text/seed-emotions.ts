/**
 * Training lines of the learned emotion fallback (models/weights/text/emotion, 2026-12-05; scripts/text/train.ts
 * --only emotion): template lines per emotion in both languages, written without looking at the blind files, plus real
 * requests from the public intent sets (training fifths) as neutral. Seeded. README "Chats" (emotion) has what it measured.
 */
import { mulberry32 } from '../../models/rng';
import { loadIntentSet, split } from './data';
import { pick } from './seed-templates';

const P_EN = ['hoodie', 'dress', 'sneakers', 'lipstick', 'face cream', 'phone case', 'charger', 'earbuds', 'mug', 'lamp', 'necklace', 'ring', 'blanket', 'coffee beans', 'baby bottle', 'backpack', 'jacket', 'watch'];
const P_ZH = ['卫衣', '连衣裙', '运动鞋', '口红', '面霜', '手机壳', '充电器', '耳机', '杯子', '台灯', '项链', '戒指', '毯子', '咖啡豆', '奶瓶', '背包', '外套', '手表', '零食'];
const DAYS = ['3', '5', '7', '10', '12', 'two', 'three'];

const TEMPLATES: Record<string, { en: string[]; zh: string[] }> = {
  angry: {
    en: ['this is a joke, where is my {p}', 'you people are useless', 'I want my money back NOW', 'stop sending me the same script and fix it', 'worst shop I have ever used', 'I am done with you, refund me or I go to my bank', 'you sent a cheap knockoff {p}, shame on you', 'nobody has replied in {d} days, unbelievable', 'do you even read my messages?', 'I will tell everyone not to buy here', 'this is theft', 'what kind of service is this', 'answer me already', 'thanks for nothing', 'absolutely fed up with this shop', 'how hard is it to send the right {p}', 'you lied about the delivery date', 'I am reporting you to the platform', 'total scam, the {p} is fake', 'don\'t ignore me again'],
    zh: ['你们是不是骗子', '{p}是假的吧，退一赔三', '说了多少遍了还不处理', '客服死哪去了', '再不退款我就去投诉', '这什么破{p}，气死我了', '别敷衍我', '你们这样做生意迟早倒闭', '我要给差评，太坑了', '什么服务态度，差到极点', '一直踢皮球，烦不烦', '等了{d}天没人理，当我好欺负吗', '垃圾店铺，以后再也不来了', '你们就是在糊弄人', '我要找平台投诉你们', '发个假货还有理了', '回复个消息这么难吗', '我真的无语了，你们怎么做事的', '把我的钱退回来', '这是欺诈'],
  },
  anxious: {
    en: ['please, I need the {p} before Friday', 'is there any chance it arrives by tomorrow?', 'the {p} is a gift for Saturday, will it make it?', 'I am getting worried, tracking has not moved in {d} days', 'could my parcel be lost?', 'any news on my refund? I really need the money', 'I leave for my trip on Monday, can you send it today?', 'sorry to chase again, still no {p}', 'it says delivered but it is not here, what do I do?', 'will it get here in time for the party?', 'can you please rush this order', 'I only have one left, when will the {p} restock?', 'I am nervous the payment went through twice', 'need an answer quickly please', 'it has been {d} days, should I be worried?', 'please hurry, my daughter needs the {p} for school', 'the event is this weekend, I hope the {p} comes soon', 'is my order stuck somewhere?', 'what happens if it doesn\'t arrive in time?', 'I keep checking the tracking every hour'],
    zh: ['{p}周末前能到吗，急着用', '麻烦快点发货，明天要用', '快递{d}天没动了，是不是丢了', '能不能今天发出，赶时间', '退款还没到，急需用钱', '求求了，快点处理', '后天就要出门了，来得及吗', '会不会到不了啊，好担心', '能加急吗，下周要送人', '物流一直不更新，我好慌', '再不到就来不及了', '家里的{p}用完了，什么时候能到', '显示签收了我没收到，怎么办啊', '钱扣了订单却没有，会不会有问题', '麻烦帮我催一下快递', '等得好着急啊', '生日前一定要到啊', '还要等多久啊，急', '能不能先发我这单', '拜托尽快回复我'],
  },
  confused: {
    en: ['I don\'t get it, why was I charged {d} dollars more?', 'the page says one thing and the email says another', 'which of the two {p}s is the newer one?', 'wait, was my order cancelled or not?', 'I\'m not sure how the coupon works', 'what does "awaiting fulfilment" mean?', 'why does tracking show another city?', 'how is this possible, I never ordered two', 'the instructions for the {p} make no sense to me', 'can you explain the return process, I\'m lost', 'I\'m confused about the sizes on the chart', 'so do I pay the return postage or not?', 'why is my refund smaller than what I paid?', 'where did my order go? it vanished from my account', 'is this the right {p}? it looks different', 'huh? it says delivered to someone else', 'the total doesn\'t match what I saw at checkout', 'what is this extra fee?', 'I don\'t understand the warranty terms', 'which one should I believe?'],
    zh: ['没看懂这个规则', '为啥扣了我两次钱', '这个{p}到底是哪一款', '订单怎么显示已取消，我没取消啊', '优惠券是怎么用的，搞不明白', '这个状态是什么意思', '物流怎么跑到别的城市去了', '说明书看不懂', '退货流程能解释一下吗，有点懵', '尺码表和吊牌不一样，以哪个为准', '运费险到底怎么用', '退款金额怎么少了', '我的订单怎么不见了', '这是我买的{p}吗，怎么不一样', '页面写的和客服说的不一致啊', '多出来的费用是什么', '保修条款没看明白', '怎么会显示别人签收了', '所以到底要不要我出运费', '有点糊涂了，能再说一遍吗'],
  },
  disappointed: {
    en: ['the {p} looks nothing like the pictures, sadly', 'I expected better quality for the price', 'a bit of a letdown honestly', 'the {p} stopped working after a week', 'the colour is off, not what I hoped', 'it arrived scratched, such a pity', 'I really wanted to like the {p}', 'the fit is not great, disappointed', 'half the box was broken', 'meh, it\'s okay I guess', 'not as soft as described', 'the smell is too strong, not for me', 'my kids were looking forward to it', 'it feels cheap', 'the {p} broke the first time I used it', 'I have been a customer for years, this one let me down', 'oh well, lesson learned', 'it is smaller than I thought, a shame', 'the quality has gone down', 'not worth the money unfortunately'],
    zh: ['和图片差太多了，有点失望', '这个价格质量一般', '{p}用了一周就坏了', '颜色跟想象的不一样', '收到有划痕，挺可惜的', '本来很期待的', '版型不好看，唉', '盒子里碎了一半', '还行吧，就那样', '没有描述的那么软', '味道太大了，不太喜欢', '感觉很廉价', '第一次用就坏了', '老顾客了，这次有点寒心', '算了，就当买个教训', '比想象的小很多', '质量不如以前了', '有点不值这个价', '洗了一次就变形了', '和别人推荐的不一样，失望'],
  },
  satisfied: {
    en: ['the {p} is lovely, very happy', 'fast delivery and great quality', 'exactly as described, thank you', 'you guys are the best', 'my wife loves the {p}', 'problem solved, appreciate the quick help', 'will definitely buy again', 'super comfortable, fits perfectly', 'five stars, highly recommend', 'the replacement arrived and works great', 'really pleased with my order', 'beautiful packaging too', 'better than I expected', 'thanks so much for sorting it out', 'love the colour', 'refund received, thank you', 'great service as always', 'the {p} is perfect for my needs', 'wow, came a day early', 'so happy with it'],
    zh: ['{p}很好看，很满意', '物流很快，质量也好', '和描述的一样，谢谢', '你们家服务真好', '老婆很喜欢这个{p}', '问题解决了，谢谢耐心解答', '下次还来买', '穿着很舒服，尺码正好', '五星好评，推荐', '换的新{p}收到了，好用', '这次购物很愉快', '包装也很精致', '比预期的好', '辛苦客服了，给你们点赞', '颜色超喜欢', '退款收到了，谢谢', '一如既往的好', '{p}很实用，买对了', '居然提前一天到了，开心', '太棒了，爱了'],
  },
  neutral: {
    en: ['do you have the {p} in blue?', 'what is the return address', 'how long does shipping take to Canada', 'can I change my delivery address', 'is the {p} machine washable', 'please send me the invoice', 'ok', 'hello', 'what sizes are available', 'can I pay with PayPal', 'I would like to return the {p}', 'when will the {p} be back in stock', 'please cancel my order', 'what is the warranty on the {p}', 'is there a discount code', 'how do I track my order', 'got it', 'can you ship to Germany', 'what material is the {p}', 'I want to exchange for a size M'],
    zh: ['{p}有蓝色的吗', '退货地址发一下', '寄到上海要几天', '能改下收货地址吗', '{p}可以机洗吗', '能开发票吗', '好的', '在吗', '有哪些尺码', '能用花呗吗', '我想退这个{p}', '{p}什么时候补货', '帮我取消订单', '{p}保修多久', '有优惠券吗', '怎么查物流', '收到', '能寄到国外吗', '{p}是什么材质', '想换个M码'],
  },
};

/** Three fillings of every template, and `neutralPublic` real requests (bitext + JDDC training fifths) as neutral. */
export function emotionRows(dataDir: string, neutralPublic = 1500, seed = 5): { text: string; label: string }[] {
  const r = mulberry32(seed);
  const rows: { text: string; label: string }[] = [];
  for (const [label, v] of Object.entries(TEMPLATES)) {
    for (const lang of ['en', 'zh'] as const) {
      for (const t of v[lang]) for (let k = 0; k < 3; k++) rows.push({ text: t.replaceAll('{p}', pick(lang === 'en' ? P_EN : P_ZH, r)).replaceAll('{d}', pick(DAYS, r)), label });
    }
  }
  const pub = [...split(loadIntentSet(dataDir, 'bitext') ?? []).train, ...split(loadIntentSet(dataDir, 'jddc') ?? []).train];
  for (let k = 0; k < neutralPublic && pub.length; k++) rows.push({ text: pick(pub, r).text, label: 'neutral' });
  return rows;
}
