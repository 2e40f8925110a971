/** The sentiment model as the engine uses it: polarity, emotion and language per message, from a saved folder. */
import { selectBackend } from '../backend';
import type { BagClassifier } from './bag';
import { deriveEmotion, isQuestion } from './emotion';
import { loadBag } from './io';
import { detectLanguage, type TextLang } from './lang';
import { EMOTIONS, type Emotion, type Polarity } from './labels';

/** What the model says about one message; unsupported-language messages get no polarity or emotion. */
export interface SentimentResult {
  lang: TextLang;
  polarity: Polarity | null;
  /** Probability of positive polarity (null for unsupported languages). */
  positive: number | null;
  emotion: Emotion | null;
}

/** A loaded sentiment model. */
export interface SentimentModel {
  analyse(texts: readonly string[]): SentimentResult[];
  /** Probability of 'positive' per message (every message, as the model sees it). */
  positiveProbability(texts: readonly string[]): number[];
  dispose(): void;
}

/**
 * Below this probability the learned emotion fallback keeps a message neutral. Chosen on the second blind development
 * file (0.5 and 0.6 scored the same there, 0.7–0.9 less; the hand-labelled development half was the same at all five),
 * README "Chats".
 */
export const LEARNED_EMOTION_MIN = 0.6;

/**
 * Loads a sentiment model folder (the shipped one or a fine-tuned one); its labels must include 'positive'.
 * `emotionDir`: the learned emotion fallback (models/weights/text/emotion), read where no cue decides a message.
 */
export async function loadSentiment(dir: string, emotionDir?: string): Promise<SentimentModel> {
  await selectBackend();
  const bag = loadBag(dir);
  let emotion: BagClassifier | undefined;
  try {
    emotion = emotionDir ? loadBag(emotionDir) : undefined;
  } catch (e) {
    bag.dispose();
    throw e;
  }
  return sentimentFrom(bag, emotion);
}

/**
 * Wraps a classifier whose labels include 'positive' (and 'negative') as a sentiment model; `fallback` (six emotion
 * labels) is the learned fallback for messages no cue decides, and is disposed with it.
 */
export function sentimentFrom(bag: BagClassifier, fallback?: BagClassifier): SentimentModel {
  const pos = bag.labels.indexOf('positive');
  if (pos < 0 && bag.labels.every((l) => (EMOTIONS as readonly string[]).includes(l))) {
    // A merchant's own emotion model decides every message; the fallback is only freed with it.
    const m = emotionModel(bag);
    return fallback ? { ...m, dispose: () => { m.dispose(); fallback.dispose(); } } : m;
  }
  if (pos < 0) throw new Error(`A sentiment model needs a 'positive' label or emotion labels; this one has ${bag.labels.join(', ')}`);
  const positiveProbability = (texts: readonly string[]): number[] => bag.predictProba(texts).map((p) => p[pos]);
  return {
    positiveProbability,
    analyse(texts) {
      const langs = texts.map((t) => detectLanguage(t));
      const probs = positiveProbability(texts);
      const cues = texts.map((t, i) => (langs[i] === 'zh' || langs[i] === 'en' ? deriveEmotion(t, langs[i], probs[i]) : null));
      // Where no cue decided, the learned fallback may (README "Chats": +8 points on a blind development file).
      const ask = fallback ? cues.map((c, i) => (c === 'neutral' ? i : -1)).filter((i) => i >= 0) : [];
      const learned = new Map<number, Emotion>();
      if (fallback && ask.length) {
        fallback.predictProba(ask.map((i) => texts[i])).forEach((p, k) => {
          let best = 0;
          for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
          if (p[best] >= LEARNED_EMOTION_MIN) learned.set(ask[k], fallback.labels[best] as Emotion);
        });
      }
      return texts.map((t, i) => {
        const lang = langs[i];
        if (lang !== 'zh' && lang !== 'en') return { lang, polarity: null, positive: null, emotion: null };
        const p = probs[i];
        const emotion = learned.get(i) ?? (cues[i] as Emotion);
        // Trained on reviews, the model reads most customer questions as complaints; a question that shows no negative
        // emotion is a neutral request.
        const neutralQuestion = isQuestion(t) && emotion === 'neutral';
        const polarity: Polarity = neutralQuestion ? 'neutral' : p >= 0.65 ? 'positive' : p <= 0.35 ? 'negative' : 'neutral';
        return { lang, polarity, positive: p, emotion };
      });
    },
    dispose: () => {
      bag.dispose();
      fallback?.dispose();
    },
  };
}

const EMOTION_POLARITY: Record<Emotion, Polarity> = { angry: 'negative', anxious: 'negative', disappointed: 'negative', confused: 'neutral', satisfied: 'positive', neutral: 'neutral' };

/** A model fine-tuned on a merchant's emotion labels: the emotion is learned, the polarity follows from it. */
function emotionModel(bag: BagClassifier): SentimentModel {
  const positiveProbability = (texts: readonly string[]): number[] =>
    bag.predictProba(texts).map((p) => p.reduce((s, v, i) => s + (bag.labels[i] === 'satisfied' ? v : bag.labels[i] === 'neutral' || bag.labels[i] === 'confused' ? v / 2 : 0), 0));
  return {
    positiveProbability,
    analyse(texts) {
      const probs = bag.predictProba(texts);
      return texts.map((t, i) => {
        const lang = detectLanguage(t);
        if (lang !== 'zh' && lang !== 'en') return { lang, polarity: null, positive: null, emotion: null };
        let best = 0;
        for (let k = 1; k < probs[i].length; k++) if (probs[i][k] > probs[i][best]) best = k;
        const emotion = bag.labels[best] as Emotion;
        const positive = positiveProbability([t])[0];
        return { lang, polarity: EMOTION_POLARITY[emotion], positive, emotion };
      });
    },
    dispose: () => bag.dispose(),
  };
}
