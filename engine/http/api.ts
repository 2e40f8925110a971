/** The `/api/*` routes of the loopback transport: session, operations, events, upload, download, images. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname } from 'node:path';
import type { Engine } from '../engine';
import { both, EngineError, toErrorPayload, type ErrorCode, type ErrorPayload } from '../errors';
import { parseLang, tr, type Lang } from '../i18n';
import { servableImageType } from '../security/image-types';
import { securityCatalog } from '../security/messages';
import { confinePath, uiCaller } from '../security/path-policy';
import { publicError } from '../security/public-error';
import type { HttpAuth } from './auth';
import { httpMessages } from './messages';
import { MIME, apiHeaders, readBody, sendError, sendJson } from './respond';
import type { Uploads } from './uploads';

/** What the API routes need from the server. */
export interface ApiDeps {
  engine: Engine;
  auth: HttpAuth;
  uploads: Uploads;
  maxBodyBytes: number;
  /** Open event streams. */
  sse: Set<ServerResponse>;
}

/** A string field of an operation's input, when it has one. */
function field(body: unknown, name: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

/** Sends an error as the page may see it (internal details stay in the log). */
function fail(res: ServerResponse, e: unknown, lang: Lang): void {
  sendError(res, publicError(toErrorPayload(e, lang), lang, e));
}

/** A refusal of the request itself, in `lang` with both languages as `texts` (a screen keeping it follows a switch). */
function refusal(code: ErrorCode, key: string, lang: Lang): ErrorPayload {
  return new EngineError(code, both(httpMessages, key), undefined, lang).toPayload(lang);
}

/** Runs one operation for the page: paths confined, uploads tracked until the operation has used them. */
async function op(d: ApiDeps, req: IncomingMessage, res: ServerResponse, name: string, lang: Lang): Promise<void> {
  if (req.method !== 'POST') return sendError(res, refusal('bad_request', 'use_post', lang));
  let body: unknown = {};
  try {
    const text = await readBody(req, d.maxBodyBytes);
    body = text.trim() ? (JSON.parse(text) as unknown) : {};
  } catch (e) {
    const tooLarge = (e as { tooLarge?: boolean }).tooLarge;
    return sendError(res, tooLarge ? { code: 'too_large', message: (e as Error).message } : refusal('bad_request', 'bad_json', lang));
  }
  const out = await d.engine.call(name, body, lang, uiCaller());
  if (!out.ok) return sendError(res, publicError(out.error, lang));
  const path = field(body, 'path');
  if (typeof path === 'string') {
    // An upload is deleted once the operation that reads it has done so (a dry run or a failed import keeps it).
    if (name === 'store.restore') d.uploads.remove(path);
    const jobId = field(out.result, 'jobId');
    if ((name === 'import.run' || name === 'images.import') && field(body, 'dryRun') !== true && typeof jobId === 'string') d.uploads.track(jobId, path);
  }
  sendJson(res, 200, out);
}

/** Streams a file of the data folder as an attachment. */
function download(d: ApiDeps, res: ServerResponse, url: URL, lang: Lang): void {
  const rel = url.searchParams.get('path') ?? '';
  const { dataDir } = d.engine.options;
  const file = confinePath({ caller: uiCaller(), dataDir, lang }, rel, { base: dataDir, use: 'read' });
  if (!existsSync(file) || !statSync(file).isFile()) return sendError(res, { code: 'not_found', message: tr(httpMessages, lang, 'no_file', { path: rel }) });
  res.writeHead(
    200,
    apiHeaders({
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(basename(file))}`,
      'cache-control': 'no-store',
    }),
  );
  createReadStream(file).pipe(res);
}

/** Serves a product image when its stored type is one the app shows. */
function image(d: ApiDeps, res: ServerResponse, idText: string, lang: Lang): void {
  const id = Number(idText);
  if (!d.engine.hasStore || !Number.isInteger(id)) return sendError(res, { code: 'not_found', message: tr(httpMessages, lang, 'no_such_image') });
  const row = d.engine.store.db.prepare('SELECT mime, bytes FROM images WHERE id = ?').get(id) as { mime: string; bytes: Buffer } | undefined;
  if (!row) return sendError(res, { code: 'not_found', message: tr(httpMessages, lang, 'no_image', { id }) });
  const mime = servableImageType(row.mime);
  if (!mime) return sendError(res, { code: 'unsupported_media', message: tr(securityCatalog, lang, 'image_type', { mime: row.mime }), details: { mime: row.mime } });
  res.writeHead(200, apiHeaders({ 'content-type': mime, 'cache-control': 'private, max-age=3600', 'content-length': row.bytes.length }));
  res.end(row.bytes);
}

/** Receives an upload, answering 413 (and closing the connection) past the limit. */
async function upload(d: ApiDeps, req: IncomingMessage, res: ServerResponse, url: URL, lang: Lang): Promise<void> {
  try {
    const result = await d.uploads.receive(req, url.searchParams.get('name') ?? 'upload.bin', lang);
    sendJson(res, 200, { ok: true, result });
  } catch (e) {
    if (!(e instanceof EngineError && e.code === 'too_large')) throw e;
    // The rest of the body is not read: answer, then drop the connection.
    res.setHeader('connection', 'close');
    res.once('finish', () => req.destroy());
    fail(res, e, lang);
  }
}

/** Handles one `/api/*` request. */
export async function handleApi(d: ApiDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  const lang = parseLang(req.headers['x-desk-lang']) ?? parseLang(url.searchParams.get('lang')) ?? d.engine.lang;
  if (path === '/api/session' && req.method === 'POST') {
    // The page trades the token (from its URL fragment, sent in the Authorization header) for an HttpOnly cookie.
    if (!d.auth.hostOk(req) || !d.auth.hasToken(req)) return sendError(res, { code: 'unauthorized', message: tr(httpMessages, lang, 'bad_token') });
    return sendJson(res, 200, { ok: true, result: { session: true } }, { 'set-cookie': d.auth.startSession() });
  }
  if (!d.auth.check(req)) return sendError(res, { code: 'unauthorized', message: tr(httpMessages, lang, 'bad_token') });
  try {
    if (path.startsWith('/api/op/')) {
      let name: string;
      try {
        name = decodeURIComponent(path.slice('/api/op/'.length));
      } catch {
        return sendError(res, refusal('bad_request', 'bad_op_name', lang));
      }
      return await op(d, req, res, name, lang);
    }
    if (path === '/api/events' && req.method === 'GET') {
      res.writeHead(200, apiHeaders({ 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' }));
      res.write(': connected\n\n');
      d.sse.add(res);
      req.on('close', () => d.sse.delete(res));
      return;
    }
    if (path === '/api/upload' && req.method === 'POST') return await upload(d, req, res, url, lang);
    if (path === '/api/download' && req.method === 'GET') return download(d, res, url, lang);
    if (path.startsWith('/api/image/') && req.method === 'GET') return image(d, res, path.slice('/api/image/'.length), lang);
  } catch (e) {
    if (res.headersSent) return void res.end();
    return fail(res, e, lang);
  }
  sendError(res, { code: 'not_found', message: tr(httpMessages, lang, 'no_route', { path }) });
}
