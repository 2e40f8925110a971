/** Label spellings a merchant's file may use, mapped to the models' polarity and emotion codes. */

/** Polarity codes. */
export const POLARITIES = ['negative', 'neutral', 'positive'] as const;
/** A polarity code. */
export type Polarity = (typeof POLARITIES)[number];

/** Emotion codes. */
export const EMOTIONS = ['angry', 'anxious', 'disappointed', 'confused', 'satisfied', 'neutral'] as const;
/** An emotion code. */
export type Emotion = (typeof EMOTIONS)[number];

const POLARITY_ALIASES: Record<string, Polarity> = {
  '0': 'negative', neg: 'negative', negative: 'negative', bad: 'negative', '差评': 'negative', '负面': 'negative', '消极': 'negative', '负': 'negative', '-1': 'negative',
  '1': 'positive', pos: 'positive', positive: 'positive', good: 'positive', '好评': 'positive', '正面': 'positive', '积极': 'positive', '正': 'positive',
  neutral: 'neutral', neu: 'neutral', '中评': 'neutral', '中性': 'neutral',
};

const EMOTION_ALIASES: Record<string, Emotion> = {
  angry: 'angry', anger: 'angry', '愤怒': 'angry', '生气': 'angry',
  anxious: 'anxious', anxiety: 'anxious', worried: 'anxious', '焦虑': 'anxious', '着急': 'anxious',
  disappointed: 'disappointed', disappointment: 'disappointed', sad: 'disappointed', '失望': 'disappointed',
  confused: 'confused', confusion: 'confused', '困惑': 'confused', '疑惑': 'confused',
  satisfied: 'satisfied', happy: 'satisfied', joy: 'satisfied', '满意': 'satisfied', '开心': 'satisfied',
  neutral: 'neutral', '平静': 'neutral', '中性': 'neutral', '无': 'neutral',
};

/** A polarity for a label spelling, or null. */
export function polarityOf(label: string): Polarity | null {
  return POLARITY_ALIASES[label.trim().toLowerCase()] ?? null;
}

/** An emotion for a label spelling, or null. */
export function emotionOf(label: string): Emotion | null {
  return EMOTION_ALIASES[label.trim().toLowerCase()] ?? null;
}

/** Which scheme a column of labels follows: all polarity spellings, all emotion names, or neither (with the first unknown). */
export function labelScheme(labels: readonly string[]): { scheme: 'polarity' | 'emotion' } | { scheme: null; unknown: string } {
  // 'neutral' belongs to both; decide by the other labels.
  const rest = labels.filter((l) => !['neutral', '中性'].includes(l.trim().toLowerCase()));
  if (rest.every((l) => polarityOf(l) !== null)) return { scheme: 'polarity' };
  if (rest.every((l) => emotionOf(l) !== null)) return { scheme: 'emotion' };
  const unknown = rest.find((l) => polarityOf(l) === null && emotionOf(l) === null) ?? rest[0] ?? '';
  return { scheme: null, unknown };
}
