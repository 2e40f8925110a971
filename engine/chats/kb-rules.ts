/**
 * The KB editor's rules on an article that need no schema library: which characters an id may hold, how long it may be,
 * and which placeholders an answer may use. The editor's schema (kb.ts) is built on them and the KB import checks its
 * rows with them; the import's field list is loaded by every `desk` command, `desk --help` included, so this file must
 * not load zod.
 */
import { tr, type Lang } from '../i18n';
import { apiMessages } from '../messages';
import { kbMessages } from './kb-messages';
import { PLACEHOLDERS } from './suggest/fill';

/** Letters and digits of any script, hyphen and underscore: a slug that is safe as a file name (SLUG.LANG.md). */
export const SLUG = /^[\p{L}\p{N}_-]+$/u;
/** The longest article id, in characters. */
export const SLUG_MAX = 120;

/** Placeholders in `text` that no live fact fills ("{nonsense}", "{ order }"): they would reach the customer as written. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  const found = [...text.matchAll(/\{([^{}\n]{1,40})\}/gu)].map((m) => m[1]).filter((name) => !known.has(name));
  return [...new Set(found)].map((name) => `{${name}}`);
}

/** Why an answer is refused for its unknown placeholders ("{where}: {nonsense} is not a live fact ..."), or null. */
export function placeholderProblem(text: string, where: string, lang: Lang): string | null {
  const bad = unknownPlaceholders(text);
  if (!bad.length) return null;
  const known = PLACEHOLDERS.map((p) => `{${p}}`).join(' ');
  return tr(kbMessages, lang, 'placeholder_unknown', { where, n: bad.length, list: bad.join(' '), known });
}

/** Why an article id is refused, in the editor's words (an empty one is the import's missing value), or null. */
export function slugProblem(slug: string, lang: Lang): string | null {
  const s = slug.trim();
  if (s.length > SLUG_MAX) return tr(kbMessages, lang, 'slug_too_long', { max: SLUG_MAX });
  return s && !SLUG.test(s) ? tr(apiMessages, lang, 'kb_slug_chars') : null;
}
