/** What the training banner says while pricing agents train, depending on which agents already answer in the meantime. */
import { msg, type Msg } from '../../i18n/msg';
import type { OpResult } from '../../../../engine/api/ops/index';

type Status = Pick<OpResult<'pricing.training'>, 'categories' | 'trained' | 'retraining'>;

/**
 * The running-training line: with no agent yet, recommendations come from the one-step fallback until each category's
 * agent is saved; during a retraining of agents that all exist, the current agents keep answering until replaced; in
 * between, categories with an agent keep using it and the others fall back until theirs is trained.
 */
export function trainingMessage(s: Status, minutes: number): Msg {
  const n = s.categories.length;
  const withAgent = s.categories.filter((c) => c.trained).length;
  const key = withAgent === 0 ? 'training' : s.retraining && withAgent === n ? 'retraining' : 'trainingMixed';
  return msg(`pricing.agents.${key}`, { trained: s.trained, n, minutes });
}
