/**
 * Emotion of a customer message (where no cue here decides, models/text/sentiment.ts may ask a small learned fallback
 * trained on template lines). No public data here is labelled with these six emotions, so they are derived, not
 * learned: a small bilingual cue lexicon decides angry / anxious / confused / disappointed / satisfied, and the learned
 * polarity decides alone only when it is all but certain (README "Chats" gives the measured accuracy on hand-labelled
 * messages).
 */
import type { TextLang } from './lang';
import type { Emotion } from './labels';

const CUES: { emotion: Emotion; zh: RegExp; en: RegExp }[] = [
  {
    emotion: 'angry',
    zh: /垃圾|气死|骗子|骗人|投诉|太差|差劲|恶心|愤怒|坑人|什么破|无语|忍无可忍|要求赔偿|举报|再也不|太过分|妈的|他妈|什么玩意|呵呵|假货|黑店|什么态度|这态度|当傻子|耍我|耍人|平台介入|申请介入|12315|消协|曝光|给差评|打差评|等着瞧|你们等着|别跟我扯|欺负/u,
    en: /\b(ridiculous|unacceptable|scam(mers?)?|furious|angry|worst|disgusting|outrageous|rip-?off|report you|never (again|buy|order)|f+u+c+k\w*|shit\w*|damn|goddamn|bloody|crap|wtf|bullshit|pathetic|useless|complain(t|ts)?|reclamation|liars?|lying|fake|joke|clowns?|incompetent|disgrace(ful)?|shameful|rubbish|garbage|fed up|sick (of|and tired)|had enough|chargeback|dispute|a-?to-?z|(1|one)[- ]star|bad review|negative (review|feedback)|trading standards|lawyer|sue you|how dare|seriously\?|yeah right|(what|the) the hell|copy[- ]?paste\w*|report(ing)? (this|you|it) to|open(ing)? a (case|claim)|resolution cent(er|re)|(nobody|no one|no-one) (answers|replies|responds|cares))\b/i,
  },
  {
    emotion: 'anxious',
    zh: /着急|急用|急死|急着|怎么还没|还没到|还没收到|还没发货|还没有到账|还没到账|尽快|赶紧|快点|担心|催|及时|一直没|没有物流|没有更新|没更新|没动静|怕是|万一|扣账|扣款|是不是丢了|丢了吧|会不会(丢|被|没)|加急|赶时间|来得及|等着用|只剩|怎么办|千万|白扣|要用的|今天(就)?(能)?发|在吗在吗/u,
    en: /\b(urgent|urgently|asap|still (haven'?t|hasn'?t|not|no|waiting)|hurry|worried|worry|nervous|panic\w*|as soon as possible|need (it|them|this) (by|for|before)|waiting for|how soon|haven'?t (received|got)|hasn'?t (arrived|come|shipped)|not (arrived|received)|in time|make it (in time|by)|before (the|my|his|her|our) \w+|following up|checking in again|any (news|update)|(is|was) it lost|running out|last (one|tin|pack|bottle)|travell?ing (on|next|tomorrow)|deadline|wedding)\b/i,
  },
  {
    emotion: 'confused',
    zh: /不明白|不懂|搞不清|看不懂|什么意思|啥意思|怎么回事|糊涂|没看明白|不清楚|不知道|咋|为什么|为何|为啥|怎么会|是不是还|到底|听谁的|去哪了|没写清楚|搞不懂|突然(变|显示|就)|怎么(扣了|变成|显示)|明明/u,
    en: /\b(confused|confusing|don'?t understand|unclear|doesn'?t make sense|makes no sense|doesn'?t add up|what does .{1,30} mean|(don'?t|do not|dont|ido not) know (how|what|where|why|if|whether)|not sure (how|what|where|why|which)|no idea|why|how come|huh|i'?m lost|which (one )?is (it|right|correct|true)|what'?s the difference|where did (the|my) \w+( \w+)? go|i thought|contradict\w*)\b|\?{2,}/i,
  },
  {
    emotion: 'disappointed',
    zh: /失望|不对|错了|发错|坏了|碎|破损|漏发|录不了|用不了|不能用|不好用|才发货|质量问题|退货吧|纠纷|唉|可惜|遗憾|扫兴|想象中|期待|还以为|本以为|不值|一般般|线头|掉色|起球|色差|缩水|压扁|差点意思|没那么好/u,
    en: /\b(disappointed|disappointing|can'?t|cannot|cant|couldn'?t|unable to|doesn'?t work|not working|broken|broke|damaged|wrong|issues?( with)?|let ?down|shame|pity|oh well|sadly|unfortunately|expected (better|more)|(hoped|hoping) for|nothing like|not (as|what) (i|we) (expected|hoped)|cracked|crushed|tarnish\w*|coming (loose|apart)|fell apart|you get what you pay for|meh|not great|so excited)\b/i,
  },
  {
    emotion: 'satisfied',
    zh: /谢谢|感谢|太好了|满意|好评|很好|不错|点赞|辛苦了|(?<!不)喜欢|舒服|👍|好快|太美|推荐给|耐心|赞|挺好|好用|下次还|回购|五星|完美|给力|超值|惊喜|爱了/u,
    en: /\b(thanks|thank you|great|perfect(ly)?|awesome|love (it|them|this|these|the)|satisfied|excellent|appreciate\w*|all good|gorgeous|(order|buy|shop) (again|here again)|the best|brilliant|happy with|(five|5) stars?|works (fine|great|perfectly|well)|exactly what|amazing|wonderful|fantastic|lovely|cheers)\b|:\)|🙂|😊|❤️/i,
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
  // Shouting with no other cue reads as anger ("!!" after an urgent request is anxious: that cue is checked first).
  if (/!{2,}|！{2,}/u.test(text)) return 'angry';
  // A question without a cue is a request, not disappointment: the review-trained polarity reads many questions as negative.
  if (!isQuestion(text) && positive < POLARITY_ALONE.disappointed) return 'disappointed';
  if (positive > POLARITY_ALONE.satisfied) return 'satisfied';
  return 'neutral';
}

/** True for a message that asks something (a question mark, a question word in English, 吗/呢/什么/怎么 in Chinese). */
export function isQuestion(text: string): boolean {
  return /[?？]\s*$|^(how|what|when|where|which|do|does|is|are|can|could|will)\b|什么|怎么|吗|呢|几/iu.test(text.trim());
}
