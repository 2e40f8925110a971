/**
 * Emotion of a customer message. No public data here is labelled with these six emotions, so they are derived, not
 * learned: a small bilingual cue lexicon decides angry / anxious / confused / disappointed / satisfied, and the learned
 * polarity decides alone only when it is all but certain (README "Chats" gives the measured accuracy on hand-labelled
 * messages).
 */
import type { TextLang } from './lang';
import type { Emotion } from './labels';

const CUES: { emotion: Emotion; zh: RegExp; en: RegExp }[] = [
  {
    emotion: 'angry',
    zh: /垃圾|气死|骗子|骗人|投诉|太差|差劲|恶心|愤怒|坑人|什么破|无语|忍无可忍|要求赔偿|举报|再也不|太过分|妈的|他妈|什么玩意/u,
    en: /\b(ridiculous|unacceptable|scam|furious|angry|worst|disgusting|outrageous|rip-?off|report you|never (again|buy)|f+u+c+k\w*|shit\w*|damn|goddamn|bloody|crap|wtf|bullshit|pathetic|useless|complain(t|ts)?|reclamation)\b|!{2,}/i,
  },
  {
    emotion: 'anxious',
    zh: /着急|急用|急死|怎么还没|还没到|还没收到|还没发货|还没有到账|还没到账|尽快|赶紧|快点|担心|催|及时|一直没|没有物流|没有更新|怕是|万一|扣账|扣款/u,
    en: /\b(urgent|urgently|asap|still (haven'?t|not|no|waiting)|hurry|worried|worry|as soon as possible|need it by|waiting for|how soon|haven'?t (received|got)|not (arrived|received))\b/i,
  },
  {
    emotion: 'confused',
    zh: /不明白|不懂|搞不清|看不懂|什么意思|怎么回事|糊涂|没看明白|不清楚|不知道|咋|为什么|为何|为啥|怎么会|是不是还/u,
    en: /\b(confused|confusing|don'?t understand|unclear|doesn'?t make sense|what does .{1,30} mean|(don'?t|do not|dont|ido not) know (how|what|where|why|if|whether)|not sure (how|what|where|why)|no idea|why|how come)\b/i,
  },
  {
    emotion: 'disappointed',
    zh: /失望|不对|错了|发错|坏了|碎|破损|漏发|录不了|用不了|不能用|不好用|才发货|质量问题|退货吧|纠纷/u,
    en: /\b(disappointed|disappointing|can'?t|cannot|cant|couldn'?t|unable to|doesn'?t work|not working|broken|broke|damaged|wrong|issues?( with)?)\b/i,
  },
  {
    emotion: 'satisfied',
    zh: /谢谢|感谢|太好了|满意|好评|很好|不错|点赞|辛苦了/u,
    en: /\b(thanks|thank you|great|perfect|awesome|love it|satisfied|excellent|appreciate)\b/i,
  },
];

/**
 * The polarity model alone decides only at these confidences. It learned from reviews; on customer-service requests
 * ("cancel order 123", "shipping to Canada") its probabilities are close to noise, so without a cue a message is
 * neutral unless the model is all but certain (chosen on the development half of the hand-labelled set, README "Chats").
 */
export const POLARITY_ALONE = { disappointed: 0, satisfied: 1 } as const;

/** The emotion of one message from its text, language and positive-polarity probability. */
export function deriveEmotion(text: string, lang: TextLang, positive: number): Emotion {
  if (lang !== 'zh' && lang !== 'en') return 'neutral';
  for (const c of CUES) {
    if (!(lang === 'zh' ? c.zh : c.en).test(text)) continue;
    // "Thanks" closes complaints too ("thanks for nothing"): satisfaction must agree with the learned polarity. Anger
    // cues do not need it (the review-trained polarity reads a sworn-at request as positive as often as not).
    if (c.emotion === 'satisfied' && positive < 0.4) continue;
    return c.emotion;
  }
  // A question without a cue is a request, not disappointment: the review-trained polarity reads many questions as negative.
  if (!isQuestion(text) && positive < POLARITY_ALONE.disappointed) return 'disappointed';
  if (positive > POLARITY_ALONE.satisfied) return 'satisfied';
  return 'neutral';
}

/** True for a message that asks something (a question mark, a question word in English, 吗/呢/什么/怎么 in Chinese). */
export function isQuestion(text: string): boolean {
  return /[?？]\s*$|^(how|what|when|where|which|do|does|is|are|can|could|will)\b|什么|怎么|吗|呢|几/iu.test(text.trim());
}
