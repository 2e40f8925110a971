/**
 * An error as a message that follows the UI language. The engine's two texts when it gave both; otherwise its one text
 * in the language it was worded in, and in the other language a sentence worded here from the error's code with the
 * engine's text after it as the detail. Errors whose text is no one's wording for a user (an internal error, the
 * engine not reachable, the session gone) always get the sentence, with their text kept as the detail.
 */
import { DeskError } from '../api/client';
import { literal, msg, perLang, type Msg } from './msg';

/** An error as it crosses the engine boundary, or as a job records it. */
export interface ErrorLike {
  code: string;
  message: string;
  texts?: { en: string; zh: string };
}

/** Codes with a sentence of their own (`errors.codes.<code>` in en.json and zh.json); any other code gets `errors.codes.other`. */
export const WORDED_CODES = [
  'bad_request', 'unauthorized', 'forbidden_path', 'not_found', 'too_large', 'unsupported_media', 'user_error', 'validation_failed',
  'no_store', 'newer_store', 'bad_store', 'cancelled', 'conflict', 'internal', 'offline',
] as const;

// Their text is a program's (a JavaScript error, the browser's "Failed to fetch", an HTTP status), not a sentence for the merchant.
const TECHNICAL = new Set(['internal', 'offline', 'unauthorized']);

/** The code's sentence in the UI language, with the engine's text as the detail. */
export function codedMsg(code: string, detail: string): Msg {
  const what = (WORDED_CODES as readonly string[]).includes(code) ? msg(`errors.codes.${code}`) : msg('errors.codes.other', { code });
  return detail.trim() ? msg('errors.withDetail', { what, detail: literal(detail) }) : what;
}

/**
 * An error payload as a message; `wordedIn` is the language its one text is in, when known. Not known (a job another
 * window started), the engine's text is shown as it is, apart from a technical one, which gets its code's sentence.
 */
export function payloadMsg(e: ErrorLike, wordedIn: 'en' | 'zh' | null): Msg {
  if (e.texts) return perLang(literal(e.texts.en), literal(e.texts.zh));
  const coded = codedMsg(e.code, e.message);
  if (TECHNICAL.has(e.code) || !e.message.trim()) return coded;
  if (!wordedIn) return literal(e.message);
  return wordedIn === 'en' ? perLang(literal(e.message), coded) : perLang(coded, literal(e.message));
}

/** Anything a call or a screen threw, as a message that follows the UI language. */
export function errorMsg(e: unknown): Msg {
  if (e instanceof DeskError) return payloadMsg(e, e.lang ?? null);
  return codedMsg('internal', e instanceof Error ? e.message : String(e));
}
