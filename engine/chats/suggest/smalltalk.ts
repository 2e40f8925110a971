/**
 * Small talk: a customer message that is only a greeting, a thanks, an acknowledgement, a "are you there?" or a goodbye,
 * in either language. It asks for no knowledge-base article (the encoder never learnt greetings, so "hello" can sit close
 * to any article), so suggested replies offer a short polite answer instead, or nothing for a bare "ok".
 */

/** What a small-talk message is. */
export type SmallTalkKind = 'greeting' | 'presence' | 'thanks' | 'ack' | 'farewell';

// Phrases by kind; a message is small talk when these (and the fillers) cover all of it, punctuation and emoji aside.
const PHRASES: Record<SmallTalkKind | 'filler', string[]> = {
  greeting: [
    'hi', 'hello', 'hey', 'hiya', 'howdy', 'greetings', 'good morning', 'good afternoon', 'good evening', 'good day', 'morning',
    '你好', '您好', '哈喽', '哈罗', '嗨', '早上好', '上午好', '中午好', '下午好', '晚上好', '早安', '早',
  ],
  presence: [
    'anyone there', 'anybody there', 'is anyone there', 'is anybody there', 'are you there', 'you there', 'is someone there', 'anyone', 'anybody',
    '在吗', '在么', '在嘛', '在不在', '有人吗', '有人在吗', '有人么', '人呢', '客服在吗', '客服呢',
  ],
  thanks: [
    'thanks', 'thank you', 'thank u', 'thx', 'thanx', 'ty', 'tysm', 'cheers', 'many thanks', 'appreciate it', 'much appreciated', 'i appreciate it',
    '谢谢', '谢啦', '谢了', '多谢', '感谢', '非常感谢', '辛苦了', '辛苦', '麻烦了', '谢谢亲', '3q',
  ],
  ack: [
    'ok', 'okay', 'k', 'kk', 'alright', 'all right', 'sure', 'got it', 'great', 'cool', 'fine', 'noted', 'understood', 'perfect', 'nice',
    'yes', 'yeah', 'yep', 'no problem', 'np', 'sounds good', 'i see', 'good',
    '好的', '好', '好滴', '好嘞', '好吧', '嗯', '嗯嗯', '哦', '噢', '喔', '知道了', '明白了', '明白', '收到', '了解', '行', '可以', '没问题', '没事', '对',
  ],
  farewell: [
    'bye', 'goodbye', 'bye bye', 'see you', 'see ya', 'have a nice day', 'have a good day', 'take care', 'good night',
    '再见', '拜拜', '晚安', '回见',
  ],
  filler: [
    'so much', 'very much', 'a lot', 'again', 'there', 'you', 'guys', 'team', 'all', 'dear', 'sir', 'madam', 'and', 'oh',
    '亲', '亲亲', '啊', '呀', '啦', '哈', '哈哈', '呢', '哦哦', '你', '您', '了', '的', '哈哈哈', '非常', '很', '老板', '客服',
  ],
};

// A message is cut into units: lower-case Latin words and single Han characters; phrases are sequences of units.
const unitsOf = (text: string): string[] => text.normalize('NFKC').toLowerCase().match(/[a-z0-9']+|[\u4e00-\u9fff]/gu) ?? [];

const TABLE: { units: string[]; kind: SmallTalkKind | 'filler' }[] = (Object.entries(PHRASES) as [SmallTalkKind | 'filler', string[]][])
  .flatMap(([kind, list]) => list.map((p) => ({ units: unitsOf(p), kind })))
  .sort((a, b) => b.units.length - a.units.length);

// Which kind names a mixed message ("ok thanks" is a thanks, "hi, are you there" a presence check).
const RANK: SmallTalkKind[] = ['ack', 'greeting', 'presence', 'farewell', 'thanks'];

/** The kind of small talk a whole message is, or null when it says anything else (a question, an order number, ...). */
export function smallTalkKind(text: string): SmallTalkKind | null {
  const u = unitsOf(text);
  if (!u.length || u.length > 12) return null;
  let kind: SmallTalkKind | null = null;
  for (let i = 0; i < u.length; ) {
    const hit = TABLE.find((p) => p.units.every((x, k) => u[i + k] === x));
    if (!hit) return null;
    if (hit.kind !== 'filler' && (kind === null || RANK.indexOf(hit.kind) > RANK.indexOf(kind))) kind = hit.kind;
    i += hit.units.length;
  }
  return kind;
}

const REPLIES: Record<SmallTalkKind, { zh: string; en: string } | null> = {
  greeting: { zh: '您好，请问有什么可以帮您？', en: 'Hello! How can I help you?' },
  presence: { zh: '在的，请问有什么可以帮您？', en: "Yes, I'm here. How can I help you?" },
  thanks: { zh: '不客气！还有什么可以帮您的吗？', en: "You're welcome! Is there anything else I can help with?" },
  // A bare "ok" needs no answer.
  ack: null,
  farewell: { zh: '感谢您的咨询，祝您生活愉快！', en: 'Thank you for contacting us. Have a nice day!' },
};

/** A short polite answer to small talk in the customer's language, or null when none is needed. */
export function smallTalkReply(kind: SmallTalkKind, lang: 'zh' | 'en'): string | null {
  return REPLIES[kind]?.[lang] ?? null;
}
