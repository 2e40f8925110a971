/** Validates an operation's input and words what is wrong in the caller's language, with both languages for a screen. */
import type { z } from 'zod';
import type { ErrorPayload } from '../errors';
import { tr, type Lang } from '../i18n';
import { apiMessages } from '../messages';
import { zodIssues } from '../zod-messages';

export { i18nIssue } from '../zod-messages';

/**
 * Parses `input` with the operation's schema; a failure is a 'bad_request' naming the first field, worded in `lang`
 * (its `details.issues` too), with `texts` in both languages so a screen that keeps it follows a language switch.
 */
export function validateInput(name: string, schema: z.ZodType, input: unknown, lang: Lang): { ok: true; data: unknown } | { ok: false; error: ErrorPayload } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  // Only a refused payload is parsed again, once per language: zod words its issues through the error map given.
  const issuesIn = (l: Lang) => zodIssues(schema, input, l);
  const issues = { en: issuesIn('en'), zh: issuesIn('zh') };
  const line = (l: Lang): string => tr(apiMessages, l, 'invalid_input', { name, field: issues[l][0].field, reason: issues[l][0].message });
  const texts = { en: line('en'), zh: line('zh') };
  return { ok: false, error: { code: 'bad_request', message: texts[lang], details: { operation: name, issues: issues[lang] }, texts } };
}
