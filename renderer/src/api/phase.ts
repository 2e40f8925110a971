/** A job's phase in the UI's language. */
import { useTranslation } from 'react-i18next';
import type { JobEvent } from './client';

/**
 * The phase text of a job event in the UI's language when the job gives both (a background training started before
 * the user switched language), else as the job gave it.
 */
export function usePhaseText(): (p: Pick<JobEvent, 'phase' | 'phases'> | null | undefined) => string | null {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  return (p) => (p ? (p.phases?.[lang] ?? p.phase) : null);
}
