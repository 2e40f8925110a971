/** A saved artefact (pricing agent, forecast model) that could not be used: logged, reported as a warning in both languages, never fatal. */
import { safetyMessages } from '../db/safety-messages';
import { tr, type Lang } from '../i18n';
import { log } from '../log';

/** A damaged artefact that was ignored, with the message in both languages. */
export interface DamagedArtefact {
  code: 'artefact_ignored';
  what: 'agent' | 'model';
  /** The pricing category of an agent; null for a forecast model. */
  category: string | null;
  path: string;
  reason: string;
  message_en: string;
  message_zh: string;
}

/**
 * Logs and describes a damaged artefact that is being ignored (the caller falls back as if untrained). `reason` is a
 * library's own words (a parse error, kept as it is), or one the app worded in both languages.
 */
export function damagedArtefact(what: DamagedArtefact['what'], category: string | null, path: string, reason: string | { en: string; zh: string }): DamagedArtefact {
  const why = (lang: Lang): string => (typeof reason === 'string' ? reason : reason[lang]);
  const params = (lang: Lang): Record<string, string> => ({ what: tr(safetyMessages, lang, what), path, reason: why(lang) });
  log.warn({ what, path, reason: why('en') }, 'damaged artefact ignored');
  return { code: 'artefact_ignored', what, category, path, reason: why('en'), message_en: tr(safetyMessages, 'en', 'artefact_ignored', params('en')), message_zh: tr(safetyMessages, 'zh', 'artefact_ignored', params('zh')) };
}

/** The warning as a client sees it, in its language. */
export function warningIn(d: DamagedArtefact, lang: Lang): { code: string; what: string; category: string | null; path: string; message: string } {
  return { code: d.code, what: d.what, category: d.category, path: d.path, message: lang === 'zh' ? d.message_zh : d.message_en };
}
