/** Loads the global (neural) forecaster lazily, so the statistical engine works without it. */
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { forecastCatalog } from './messages';
import type { GlobalForecaster } from './types';

/** Loads `neuralForecaster(opts)` from engine/forecast/neural.ts, or throws a clear user error when it is not there. */
export async function loadNeural(lang: Lang, opts: Record<string, unknown> = {}, specifier = './neural'): Promise<GlobalForecaster> {
  let mod: { neuralForecaster?: (o: Record<string, unknown>) => GlobalForecaster };
  try {
    // A literal specifier for the real module, so the engine bundle (scripts/build-engine.js) includes it; another
    // specifier (tests of the missing-module message) is imported as given.
    mod = (specifier === './neural' ? await import('./neural') : await import(/* @vite-ignore */ specifier)) as typeof mod;
  } catch (e) {
    throw new EngineError('user_error', tr(forecastCatalog, lang, 'neural.unavailable', { why: (e as Error).message.split('\n')[0] }));
  }
  if (typeof mod.neuralForecaster !== 'function') {
    throw new EngineError('user_error', tr(forecastCatalog, lang, 'neural.unavailable', { why: 'neuralForecaster() is not exported' }));
  }
  return mod.neuralForecaster(opts);
}
