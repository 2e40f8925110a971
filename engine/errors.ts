/** Typed errors that cross every boundary as plain `{ code, message, details }` objects. */

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
}

/** An error the engine raises on purpose, with a code a caller can act on. */
export class EngineError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'EngineError';
  }

  /** Plain-object form for transports. */
  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into a wire payload; unknown errors become 'internal'. */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (e instanceof EngineError) return e.toPayload();
  if (e && typeof e === 'object' && 'code' in e && 'message' in e && typeof (e as ErrorPayload).message === 'string') {
    const p = e as ErrorPayload;
    if (isErrorCode(p.code)) return { code: p.code, message: p.message, details: p.details };
  }
  if ((e as { code?: unknown } | null)?.code === 'SQLITE_BUSY') {
    return { code: 'conflict', message: 'The store is busy with a running job (for example an import); try again when it finishes.' };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message };
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
