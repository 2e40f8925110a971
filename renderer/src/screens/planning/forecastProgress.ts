/** The forecast run's progress as words beside its bar, as the CLI and the other jobs show it: phase, SKUs done of all, time left. */
import type { TFunction } from 'i18next';
import type { JobEvent } from '../../api/client';

/** What the text reads from a job event. */
export type ForecastProgress = Pick<JobEvent, 'phase' | 'phases' | 'done' | 'total' | 'etaSeconds'>;

/** Before the job's first event. */
export const FORECAST_STARTING: ForecastProgress = { phase: null, phases: null, done: 0, total: 0, etaSeconds: null };

/** "backtesting and fitting · 120 of 300 SKUs · about 40 s left" in the UI's language. */
export function forecastProgressText(p: ForecastProgress, t: TFunction, lang: 'en' | 'zh'): string {
  const parts: string[] = [p.phases?.[lang] ?? p.phase ?? t('planning.forecastStarting')];
  // Loading the history counts 0 of 1: a count there says nothing.
  if (p.total > 1) parts.push(t('planning.forecastCount', { done: p.done, total: p.total, count: p.total }));
  const eta = p.etaSeconds;
  if (eta !== null && eta > 0) parts.push(eta >= 90 ? t('common.etaMinutes', { minutes: Math.round(eta / 60) }) : t('common.eta', { seconds: Math.round(eta) }));
  return parts.join(' · ');
}
