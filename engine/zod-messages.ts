/** Zod validation messages in the user's language (zod's own locales plus catalogue keys for custom checks). */
import { z } from 'zod';
import { tr, type Lang } from './i18n';
import { apiMessages } from './messages';
import { zhIssueMessage } from './zod-zh';

/** A custom schema check whose message comes from the engine catalogue: `.refine(fn, i18nIssue('key'))`. */
export function i18nIssue(key: string): { params: { i18n: string } } {
  return { params: { i18n: key } };
}

const LOCALES: Record<Lang, () => { localeError: z.core.$ZodErrorMap }> = { en: z.locales.en, zh: z.locales.zhCN };
const maps = new Map<Lang, z.core.$ZodErrorMap>();

/** The error map to pass as `schema.safeParse(x, { error: zodErrorMap(lang) })`. */
export function zodErrorMap(lang: Lang): z.core.$ZodErrorMap {
  let m = maps.get(lang);
  if (!m) {
    const base = LOCALES[lang]().localeError;
    m = (iss) => {
      const key = iss.code === 'custom' ? (iss.params as { i18n?: unknown } | undefined)?.i18n : undefined;
      if (typeof key === 'string') return tr(apiMessages, lang, key);
      // zod's zh-CN text leaves type names and some words in English ("期望 number >=1"): those issues are worded here.
      return (lang === 'zh' ? zhIssueMessage(iss) : undefined) ?? base(iss);
    };
    maps.set(lang, m);
  }
  return m;
}

/** One problem of a payload: the field path and what is wrong, in one language. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The issues of a failed parse in `lang` (the field is '(input)' for the payload as a whole). */
export function zodIssues(schema: z.ZodType, input: unknown, lang: Lang): FieldIssue[] {
  const r = schema.safeParse(input, { error: zodErrorMap(lang) });
  if (r.success) return [];
  return r.error.issues.map((i) => ({ field: i.path.map(String).join('.') || tr(apiMessages, lang, 'whole_input'), message: i.message }));
}
