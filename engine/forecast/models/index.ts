/** The statistical models by name. */
import type { LocalModel } from '../types';
import { etsModel } from './ets';
import { intermittentModel } from './intermittent';
import { movingAverage, seasonalNaive } from './simple';
import { thetaModel } from './theta';

/** Names of the local statistical models. */
export const LOCAL_MODEL_NAMES = ['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta'] as const;
/** One local model name. */
export type LocalModelName = (typeof LOCAL_MODEL_NAMES)[number];

/** A local model by name. */
export function localModel(name: LocalModelName): LocalModel {
  switch (name) {
    case 'snaive':
      return seasonalNaive;
    case 'ma':
      return movingAverage();
    case 'croston':
    case 'sba':
    case 'tsb':
      return intermittentModel(name);
    case 'ets':
      return etsModel();
    case 'theta':
      return thetaModel;
  }
}

/** True when `s` names a local model. */
export function isLocalModelName(s: string): s is LocalModelName {
  return (LOCAL_MODEL_NAMES as readonly string[]).includes(s);
}
