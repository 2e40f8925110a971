/** Validates an operation's input and words what is wrong in the caller's language. */
import type { z } from 'zod';
import type { ErrorPayload } from '../errors';
import { tr, type Lang } from '../i18n';
import { apiMessages } from '../messages';
import { zodErrorMap } from '../zod-messages';

export { i18nIssue } from '../zod-messages';

/** Parses `input` with the operation's schema; a failure is a 'bad_request' naming the first field, in `lang`. */
export function validateInput(name: string, schema: z.ZodType, input: unknown, lang: Lang): { ok: true; data: unknown } | { ok: false; error: ErrorPayload } {
  const parsed = schema.safeParse(input, { error: zodErrorMap(lang) });
  if (parsed.success) return { ok: true, data: parsed.data };
  const issues = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || tr(apiMessages, lang, 'whole_input'), message: i.message }));
  const first = issues[0];
  return {
    ok: false,
    error: { code: 'bad_request', message: tr(apiMessages, lang, 'invalid_input', { name, field: first.field, reason: first.message }), details: { operation: name, issues } },
  };
}
