/** The image index build's progress as words, as the CLI shows it: phase, photos done of all, time left. */
import type { TFunction } from 'i18next';
import type { JobEvent } from '../../api/client';

/** Progress of the index job in the UI's language ("computing image features · 24 of 240 photos · about 4 min left"). */
export function indexProgressText(p: Pick<JobEvent, 'phase' | 'phases' | 'done' | 'total' | 'etaSeconds'>, t: TFunction, lang: 'en' | 'zh'): string {
  const phase = p.phases?.[lang] ?? p.phase;
  const parts: string[] = [phase ?? t('visual.indexStarting')];
  // The last phase (writing the graph) counts 0 of 1: a count there says nothing.
  if (p.total > 1) parts.push(t('visual.indexCount', { done: p.done, total: p.total, count: p.total }));
  const eta = p.etaSeconds;
  if (eta !== null && eta > 0) parts.push(eta >= 90 ? t('common.etaMinutes', { minutes: Math.round(eta / 60) }) : t('common.eta', { seconds: Math.round(eta) }));
  return parts.join(' · ');
}
