/** The recommendation models by name, created lazily (the sequential model loads TensorFlow.js). */
import { AlsModel } from './baselines/als';
import { CooccurrenceModel } from './baselines/cooccurrence';
import { EaseModel } from './baselines/ease';
import { PopularityModel, RecentPopularityModel } from './baselines/popularity';
import type { RecModel } from './types';
import type { SasrecRecommender } from './sasrec-adapter';

/** Every model name the CLI and ops accept. */
export const MODEL_NAMES = ['pop', 'recent-pop', 'cooc', 'als', 'ease', 'sasrec', 'hybrid'] as const;
/** One model name. */
export type ModelName = (typeof MODEL_NAMES)[number];
/** The built-in baselines (everything but the sequential model and its hybrid). */
export const BASELINES: ModelName[] = ['pop', 'recent-pop', 'cooc', 'als', 'ease'];

/** True when the string names a model. */
export function isModelName(s: string): s is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(s);
}

/** Creates an untrained model. */
export async function createModel(name: ModelName, opts: Record<string, unknown> = {}): Promise<RecModel> {
  switch (name) {
    case 'pop':
      return new PopularityModel();
    case 'recent-pop':
      return new RecentPopularityModel();
    case 'cooc':
      return new CooccurrenceModel();
    case 'als':
      return new AlsModel();
    case 'ease':
      return new EaseModel();
    case 'sasrec': {
      const { SasrecRecommender } = await import('./sasrec-adapter');
      return new SasrecRecommender(opts);
    }
    case 'hybrid': {
      // The Transformer + co-occurrence hybrid (hybrid.ts); `trained` reuses a Transformer trained in the same run.
      const { HybridRecommender } = await import('./hybrid');
      const { trained, ...rest } = opts as { trained?: SasrecRecommender };
      return new HybridRecommender(rest, trained ?? null);
    }
  }
}
