/** Messages between the engine and the visual-search worker thread. */
import type { ErrorPayload } from '../../errors';
import type { Lang } from '../../i18n';
import type { QueryEmbedding, QueryOptions } from './embed';

/** A photo to detect and embed. */
export interface QueryRequest {
  id: number;
  image: Uint8Array;
  opts: QueryOptions;
  lang: Lang;
}

/** The worker's answer to one request. */
export type QueryReply = { id: number; ok: true; result: QueryEmbedding } | { id: number; ok: false; error: ErrorPayload };
