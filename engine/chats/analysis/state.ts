/** Dialogue state across turns: what the customer wants (latest clear intent), the slots given so far, and what is missing. */
import type { SlotName, Slots } from './slots';

/** Slots each store intent needs before it can be answered. */
export const REQUIRED_SLOTS: Record<string, SlotName[]> = {
  order_status: ['order_no'],
  shipping: ['order_no'],
  return_refund: ['order_no', 'product'],
  exchange_size: ['product', 'size'],
  product_question: ['product'],
  discount_price: ['product'],
  payment: ['order_no'],
  complaint: ['order_no'],
  other: [],
};

/** One analysed turn, in conversation order. */
export interface Turn {
  seq: number;
  sender: 'customer' | 'agent' | 'bot';
  ts: string;
  intent: string | null;
  confidence: number | null;
  emotion: string | null;
  lang: string;
  slots: Slots;
  /** A short acknowledgement ("OK, please hurry", "好的谢谢") with no slot: it never changes the topic. */
  filler?: boolean;
  /** Only slot values ("DM2026080800002", "M码", "order no. DM…"): an answer to the shop's question, it keeps the topic. */
  slotAnswer?: boolean;
  /**
   * The language the message clearly shows (models/text/lang.ts `clearLanguage`), null when it is too short or mixed to
   * tell ("ok", "谢谢 👍 thanks!"). Absent: `lang` is taken as clear.
   */
  clearLang?: 'zh' | 'en' | null;
}

/** The state after the last turn. */
export interface DialogueState {
  intent: string | null;
  emotion: string | null;
  lang: string | null;
  /** Each slot's latest value and the turn that gave it. */
  slots: Partial<Record<SlotName, { value: string; seq: number }>>;
  missing: SlotName[];
  /** Time of the customer's oldest message not yet answered, or null. */
  waitingSince: string | null;
}

/** Below this confidence a turn does not change the intent (a "thanks" or "ok" keeps the topic). */
export const INTENT_MIN_CONFIDENCE = 0.45;

/**
 * Folds the turns into a state: the customer's slots carry over until replaced; the intent follows the last confident
 * non-'other' customer turn, except an acknowledgement or a bare answer to the shop's question, which keep the topic.
 * The language follows the last customer turn that clearly shows one: a closing "谢谢 👍 thanks!" or "ok" does not turn
 * an English chat Chinese or a Chinese one English (it did: the reply was suggested in the other language). With no
 * such turn, the last customer turn in Chinese or English decides.
 */
export function trackState(turns: readonly Turn[]): DialogueState {
  const st: DialogueState = { intent: null, emotion: null, lang: null, slots: {}, missing: [], waitingSince: null };
  let clear: string | null = null;
  for (const t of turns) {
    if (t.sender !== 'customer') {
      // Only what the customer said fills the state: the shop's own messages ask for slots ("what's your order
      // number?"), quote tracking numbers and suggest sizes, none of which is the customer's request.
      st.waitingSince = null;
      continue;
    }
    for (const [k, v] of Object.entries(t.slots) as [SlotName, string][]) st.slots[k] = { value: v, seq: t.seq };
    st.waitingSince ??= t.ts;
    if (t.lang === 'zh' || t.lang === 'en') st.lang = t.lang;
    const shown = t.clearLang === undefined ? t.lang : t.clearLang;
    if (shown === 'zh' || shown === 'en') clear = shown;
    if (t.emotion) st.emotion = t.emotion;
    const keepsTopic = st.intent !== null && ((t.filler && Object.keys(t.slots).length === 0) || t.slotAnswer === true);
    if (!keepsTopic && t.intent && t.intent !== 'other' && (t.confidence ?? 0) >= INTENT_MIN_CONFIDENCE) st.intent = t.intent;
    else if (!st.intent && t.intent) st.intent = t.intent;
  }
  st.lang = clear ?? st.lang;
  st.missing = (REQUIRED_SLOTS[st.intent ?? 'other'] ?? []).filter((s) => !st.slots[s]);
  return st;
}

// An English message that opens with one of these acknowledges what was said ("OK, please sort it out quickly.").
const ACK_OPENER = /^(?:ok(?:ay)?|alright|all right|sure|fine|great|thanks|thank you|got it|understood|noted|i see)\b/iu;

/**
 * True for a short acknowledgement: at most 10 Chinese characters, or at most 5 English words (8 when it opens with "OK",
 * "thanks", "got it", ...: "OK, please sort it out quickly." says what "好的，麻烦尽快处理。" says in 8 characters), and no
 * question ("最近有优惠活动吗？" is 8 characters but asks something new).
 */
export function isFiller(text: string): boolean {
  const t = text.trim();
  if (/[?？]/u.test(t)) return false;
  const han = t.match(/[\u4e00-\u9fff]/gu)?.length ?? 0;
  if (han) return han <= 10 && !/[A-Za-z]{2,}\d|\d{5,}/.test(t);
  const words = t.match(/[A-Za-z']+/g)?.length ?? 0;
  return words <= (ACK_OPENER.test(t) ? 8 : 5) && !/\d{5,}/.test(t);
}

