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

/** Loads a sentiment model folder (the shipped one or a fine-tuned one); its labels must include 'positive'. */
export async function loadSentiment(dir: string): Promise<SentimentModel> {
  await selectBackend();
  const bag = loadBag(dir);
  return sentimentFrom(bag);
}

/** Wraps a classifier whose labels include 'positive' (and 'negative') as a sentiment model. */
export function sentimentFrom(bag: BagClassifier): SentimentModel {
  const pos = bag.labels.indexOf('positive');
  if (pos < 0 && bag.labels.every((l) => (EMOTIONS as readonly string[]).includes(l))) return emotionModel(bag);
  if (pos < 0) throw new Error(`A sentiment model needs a 'positive' label or emotion labels; this one has ${bag.labels.join(', ')}`);
  const positiveProbability = (texts: readonly string[]): number[] => bag.predictProba(texts).map((p) => p[pos]);
  return {
    positiveProbability,
    analyse(texts) {
      const langs = texts.map((t) => detectLanguage(t));
      const probs = positiveProbability(texts);
      return texts.map((t, i) => {
        const lang = langs[i];
        if (lang !== 'zh' && lang !== 'en') return { lang, polarity: null, positive: null, emotion: null };
        const p = probs[i];
        const emotion = deriveEmotion(t, lang, p);
        // Trained on reviews, the model reads most customer questions as complaints; a question that shows no negative
        // emotion is a neutral request.
        const neutralQuestion = isQuestion(t) && emotion === 'neutral';
        const polarity: Polarity = neutralQuestion ? 'neutral' : p >= 0.65 ? 'positive' : p <= 0.35 ? 'negative' : 'neutral';
        return { lang, polarity, positive: p, emotion };
      });
    },
    dispose: () => bag.dispose(),
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
