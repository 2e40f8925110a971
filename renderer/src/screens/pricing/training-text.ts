/** What the training banner says about the pricing agents' training, depending on which agents already answer in the meantime. */
import { payloadMsg } from '../../i18n/error-msg';
import { msg, type Msg } from '../../i18n/msg';
import type { OpResult } from '../../../../engine/api/ops/index';

type Status = Pick<OpResult<'pricing.training'>, 'categories' | 'trained' | 'retraining'>;

/** The most SKUs of one category a training runs on (TrainParamsSchema's default maxSkus), as the estimate counts them. */
const SKUS_PER_CATEGORY = 40;

/**
 * The running-training line: with no agent yet, recommendations come from the one-step fallback until each category's
 * agent is saved; during a retraining of agents that all exist, the current agents keep answering until replaced; in
 * between, categories with an agent keep using it and the others fall back until theirs is trained.
 */
export function trainingMessage(s: Status, minutes: number): Msg {
  const n = s.categories.length;
  const withAgent = s.categories.filter((c) => c.trained).length;
  const key = withAgent === 0 ? 'training' : s.retraining && withAgent === n ? 'retraining' : 'trainingMixed';
  // `count` picks "1 of 1 category" or "1 of 2 categories" in English.
  return msg(`pricing.agents.${key}`, { trained: s.trained, n, count: n, minutes });
}

/**
 * The line while no training runs and agents are missing: never started (how many SKUs in how many categories it
 * would train, and how long), cancelled (how far it got), or failed (why).
 */
export function stoppedMessage(s: Status & Pick<OpResult<'pricing.training'>, 'state' | 'job'>, minutes: number): Msg {
  const n = s.categories.length;
  // The training may have been started by another window or on its own: the language of a one-text reason is not known.
  if (s.state === 'failed') return msg('pricing.agents.failed', { error: s.job?.error ? payloadMsg(s.job.error, null) : '' });
  if (s.state === 'cancelled') return msg('pricing.agents.cancelled', { trained: s.trained, n, count: n, minutes });
  const skus = s.categories.filter((c) => !c.trained).reduce((a, c) => a + Math.min(c.skus, SKUS_PER_CATEGORY), 0);
  // Two counts in one sentence: each is its own phrase, singular or plural on its own.
  return msg('pricing.agents.notTrained', {
    skus: msg('pricing.agents.skuCount', { n: skus, count: skus }),
    categories: msg('pricing.agents.categoryCount', { n, count: n }),
    minutes,
  });
}
