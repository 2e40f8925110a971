/** What the app window may see of an error: internal details stay in the log, the user gets an id to quote. */
import { randomUUID } from 'node:crypto';
import type { ErrorPayload } from '../errors';
import { tr, type Lang } from '../i18n';
import { log } from '../log';
import { securityCatalog } from './messages';

/** An id for an internal error, taken from its details when the engine already logged one. */
function errorIdOf(error: ErrorPayload): string | null {
  const d = error.details;
  return d && typeof d === 'object' && 'errorId' in d && typeof d.errorId === 'string' ? d.errorId : null;
}

/**
 * The error as a transport to the app window sends it: an internal error becomes a generic message in the
 * caller's language with an error id (logging the detail under that id when nobody has yet); others pass as they are.
 */
export function publicError(error: ErrorPayload, lang: Lang, cause?: unknown): ErrorPayload {
  if (error.code !== 'internal') return error;
  let id = errorIdOf(error);
  if (!id) {
    id = randomUUID();
    log.error({ err: cause ?? error.message, errorId: id }, 'internal error');
  }
  return { code: 'internal', message: tr(securityCatalog, lang, 'internal', { id }), details: { errorId: id } };
}
