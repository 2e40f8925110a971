/** Typed errors that cross every boundary as plain `{ code, message, details }` objects. */
import { fsMessages } from './fs/messages';
import { tr, type Catalog, type Lang } from './i18n';

/** Error codes the engine reports; transports map them to exit codes and HTTP statuses. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden_path'
  | 'not_found'
  | 'too_large'
  | 'unsupported_media'
  | 'user_error'
  | 'validation_failed'
  | 'no_store'
  | 'newer_store'
  | 'bad_store'
  | 'cancelled'
  | 'conflict'
  | 'internal';

/** The wire form of an error. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
  /** The message in both languages, where the thrower gave both for a screen that keeps it across a language switch. */
  texts?: Bilingual;
}

/** A user-visible message in both languages; the transport picks the caller's. */
export type Bilingual = Readonly<Record<Lang, string>>;

/** A message the thrower already rendered in the caller's language (`tr(catalog, lang, ...)`), or both languages. */
export type ErrorText = string | Bilingual;

/** An error the engine raises on purpose, with a code a caller can act on. */
export class EngineError extends Error {
  /** Both languages when the thrower gave both; null when `message` is in the caller's language only. */
  readonly text: Bilingual | null;
  /** `lang`, with both languages given, words `message` in it; both travel as `texts` for a later language switch. */
  constructor(
    public readonly code: ErrorCode,
    message: ErrorText,
    public readonly details?: unknown,
    lang?: Lang,
  ) {
    super(typeof message === 'string' ? message : message[lang ?? 'en']);
    this.text = typeof message === 'string' ? null : message;
    this.name = 'EngineError';
  }

  /** The message in `lang` (English when the error is bilingual and no language is given). */
  messageIn(lang?: Lang): string {
    return this.text && lang ? this.text[lang] : this.message;
  }

  /** Plain-object form for transports, in the caller's language, with both languages as `texts` whenever it was given both. */
  toPayload(lang?: Lang): ErrorPayload {
    return { code: this.code, message: this.messageIn(lang), details: this.details, ...(this.text ? { texts: this.text } : {}) };
  }
}

/** Both languages of a catalogue message, for errors raised where the caller's language is unknown. */
export function both(catalog: Catalog, key: string, params: Record<string, unknown> = {}): Bilingual {
  return { en: tr(catalog, 'en', key, params), zh: tr(catalog, 'zh', key, params) };
}

const BUSY: Bilingual = {
  en: 'The store is busy with a running job (for example an import); try again when it finishes.',
  zh: '店铺文件正忙于一个运行中的任务（例如导入）；请在任务结束后再试。',
};

/** Turns anything thrown into a wire payload in `lang`; unknown errors become 'internal'. */
export function toErrorPayload(e: unknown, lang?: Lang): ErrorPayload {
  if (e instanceof EngineError) return e.toPayload(lang);
  if (e && typeof e === 'object' && 'code' in e && 'message' in e && typeof (e as ErrorPayload).message === 'string') {
    const p = e as ErrorPayload;
    if (isErrorCode(p.code)) return { code: p.code, message: p.message, details: p.details, ...(p.texts ? { texts: p.texts } : {}) };
  }
  if ((e as { code?: unknown } | null)?.code === 'SQLITE_BUSY') {
    return { code: 'conflict', message: BUSY[lang ?? 'en'] };
  }
  const env = environmentError(e, lang ?? 'en');
  if (env) return env;
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message };
}

/** The file a temporary name of an atomic write (`.NAME.PID.N.tmp` beside it) stands for; any other path as it is. */
function userPath(path: string): string {
  const m = /^(.*[\\/])?\.(.+)\.\d+\.\d+\.tmp$/.exec(path);
  return m ? `${m[1] ?? ''}${m[2]}` : path;
}

/**
 * The operating system refusing a file the user named (missing, a folder, no permission, name too long, NUL in it, disk
 * full) or SQLite unable to read or write the store: something the user can act on, never an internal error.
 */
function environmentError(e: unknown, lang: Lang): ErrorPayload | null {
  if (!(e instanceof Error)) return null;
  const { code, path, syscall } = e as NodeJS.ErrnoException;
  if (typeof code !== 'string') return null;
  if (code === 'ERR_INVALID_ARG_VALUE' && /null bytes/.test(e.message)) return { code: 'user_error', message: tr(fsMessages, lang, 'null_byte') };
  if (/^E[A-Z]+$/.test(code) && typeof syscall === 'string') {
    const key = code in fsMessages.en ? code : 'other';
    // A failed atomic write names its temporary file (engine/fs/atomic.ts `tempPathFor`); the user named the file it
    // stands for, and renaming it onto a folder is that file being a folder.
    const dest = (e as { dest?: unknown }).dest;
    const named = typeof dest === 'string' && syscall === 'rename' ? dest : path ? userPath(path) : path;
    return { code: 'user_error', message: tr(fsMessages, lang, key, { path: named ?? tr(fsMessages, lang, 'the_file'), reason: e.message }), details: { path: named, errno: code } };
  }
  if (code === 'SQLITE_FULL') return { code: 'user_error', message: tr(fsMessages, lang, 'store_full') };
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) return { code: 'user_error', message: tr(fsMessages, lang, 'store_readonly') };
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return { code: 'bad_store', message: tr(fsMessages, lang, 'store_corrupt', { reason: e.message }) };
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR')) return { code: 'user_error', message: tr(fsMessages, lang, 'store_io', { reason: e.message }) };
  return null;
}

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'bad_request', 'unauthorized', 'forbidden_path', 'not_found', 'too_large', 'unsupported_media', 'user_error', 'validation_failed', 'no_store',
  'newer_store', 'bad_store', 'cancelled', 'conflict', 'internal',
]);

/** True when `c` is one of the engine's error codes. */
export function isErrorCode(c: unknown): c is ErrorCode {
  return typeof c === 'string' && CODES.has(c);
}

/** HTTP status for an error code. */
export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'bad_request':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden_path':
      return 403;
    case 'not_found':
      return 404;
    case 'too_large':
      return 413;
    case 'unsupported_media':
      return 415;
    case 'conflict':
      return 409;
    case 'user_error':
    case 'validation_failed':
    case 'no_store':
    case 'newer_store':
    case 'bad_store':
      return 422;
    case 'cancelled':
      return 499;
    case 'internal':
      return 500;
    default:
      return assertNever(code);
  }
}

/** Exhaustiveness helper for switches. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}
