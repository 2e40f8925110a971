/**
 * Emotion of a customer message. No public data here is labelled with these six emotions, so they are derived, not
 * learned: a small bilingual cue lexicon decides angry / anxious / confused / satisfied cues, and the learned polarity
 * decides between disappointed, satisfied and neutral when no cue fires (README "Chats" says so).
 */
import type { TextLang } from './lang';
import type { Emotion } from './labels';

const CUES: { emotion: Emotion; zh: RegExp; en: RegExp }[] = [
  {
    emotion: 'angry',
    zh: /垃圾|气死|骗子|骗人|投诉|太差|差劲|恶心|愤怒|坑人|什么破|无语|忍无可忍|要求赔偿|举报|再也不/u,
    en: /\b(ridiculous|unacceptable|scam|furious|angry|worst|disgusting|outrageous|rip-?off|report you|never (again|buy))\b|!{2,}/i,
  },
  {
    emotion: 'anxious',
    zh: /着急|急用|急死|怎么还没|还没到|还没收到|还没发货|尽快|赶紧|快点|担心|催/u,
    en: /\b(urgent|urgently|asap|still (haven'?t|not|no)|hurry|worried|worry|as soon as possible|need it by)\b/i,
  },
  {
    emotion: 'confused',
    zh: /不明白|不懂|搞不清|看不懂|什么意思|怎么回事|糊涂|没看明白|不清楚/u,
    en: /\b(confused|confusing|don'?t understand|unclear|doesn'?t make sense|what does .{1,30} mean)\b/i,
  },
  {
    emotion: 'satisfied',
    zh: /谢谢|感谢|太好了|满意|好评|很好|不错|点赞|辛苦了/u,
    en: /\b(thanks|thank you|great|perfect|awesome|love it|satisfied|excellent|appreciate)\b/i,
  },
];

/** The emotion of one message from its text, language and positive-polarity probability. */
export function deriveEmotion(text: string, lang: TextLang, positive: number): Emotion {
  if (lang !== 'zh' && lang !== 'en') return 'neutral';
  for (const c of CUES) {
    if (!(lang === 'zh' ? c.zh : c.en).test(text)) continue;
    // Cue words can be polite or sarcastic: anger and satisfaction must agree with the learned polarity.
    if (c.emotion === 'angry' && positive > 0.6) continue;
    if (c.emotion === 'satisfied' && positive < 0.4) continue;
    return c.emotion;
  }
  // A question without a cue is a request, not disappointment: the review-trained polarity reads many questions as negative.
  if (!isQuestion(text) && positive < 0.25) return 'disappointed';
  if (positive > 0.85) return 'satisfied';
  return 'neutral';
}

/** True for a message that asks something (a question mark, a question word in English, 吗/呢/什么/怎么 in Chinese). */
export function isQuestion(text: string): boolean {
  return /[?？]\s*$|^(how|what|when|where|which|do|does|is|are|can|could|will)\b|什么|怎么|吗|呢|几/iu.test(text.trim());
}
