/** The intent model: the same n-gram embedding-bag classifier, trained on any labelled file; default store intents. */
import { selectBackend } from '../backend';
import type { BagClassifier } from './bag';
import { loadBag } from './io';

/** The store intents the shipped model knows. */
export const DEFAULT_INTENTS = ['order_status', 'shipping', 'return_refund', 'exchange_size', 'product_question', 'discount_price', 'payment', 'complaint', 'other'] as const;
/** A default intent code. */
export type DefaultIntent = (typeof DEFAULT_INTENTS)[number];

/** A loaded intent model. */
export interface IntentModel {
  labels: readonly string[];
  /** The best intent and its probability per message. */
  classify(texts: readonly string[]): { intent: string; confidence: number }[];
  dispose(): void;
}

/** Wraps a classifier as an intent model. */
export function intentsFrom(bag: BagClassifier): IntentModel {
  return {
    labels: bag.labels,
    classify(texts) {
      return bag.predictProba(texts).map((p) => {
        let best = 0;
        for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return { intent: bag.labels[best], confidence: p[best] };
      });
    },
    dispose: () => bag.dispose(),
  };
}

/** Loads an intent model folder. */
export async function loadIntents(dir: string): Promise<IntentModel> {
  await selectBackend();
  return intentsFrom(loadBag(dir));
}
