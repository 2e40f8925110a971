/** Loopback HTTP transport: the API on 127.0.0.1 with a per-run token, job events over SSE, and the built UI. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep, basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../engine';
import { httpStatus, type ErrorPayload } from '../errors';
import { parseLang } from '../i18n';
import type { JobProgress } from '../jobs/types';
import { log } from '../log';

/** Options for the HTTP transport. */
export interface ServeOptions {
  engine: Engine;
  port?: number;
  /** Folder with the built renderer (index.html); omitted: API only. */
  staticDir?: string;
  /** Fixed token (tests); default: 32 random bytes. */
  token?: string;
  /** Largest request body accepted for API calls, bytes. */
  maxBodyBytes?: number;
}

/** A running server. */
export interface RunningServer {
  server: Server;
  port: number;
  token: string;
  /** Base URL without the token. */
  baseUrl: string;
  /** URL to open in a browser: carries the token for the page to pick up. */
  appUrl: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.db': 'application/vnd.sqlite3',
};

const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

function sendError(res: ServerResponse, error: ErrorPayload): void {
  sendJson(res, httpStatus(error.code), { ok: false, error });
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw Object.assign(new Error(`Request body over ${max} bytes`), { tooLarge: true });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Constant-time token comparison. */
function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(req: IncomingMessage, url: URL): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7);
  const x = req.headers['x-desk-token'];
  if (typeof x === 'string') return x;
  return url.searchParams.get('token');
}

/** Resolves a request path inside `root`, refusing traversal. */
export function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  const rootN = resolve(root);
  return full === rootN || full.startsWith(rootN + sep) ? full : null;
}

/** Starts the transport on 127.0.0.1 (never another interface). */
export async function serve(opts: ServeOptions): Promise<RunningServer> {
  const { engine } = opts;
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 10 * 1024 * 1024;
  const sse = new Set<ServerResponse>();

  const onJob = (p: JobProgress): void => {
    const line = `event: job\ndata: ${JSON.stringify(p)}\n\n`;
    for (const res of sse) res.write(line);
  };
  const onStore = (path: string | null): void => {
    const line = `event: store\ndata: ${JSON.stringify({ path })}\n\n`;
    for (const res of sse) res.write(line);
  };
  engine.on('job', onJob);
  engine.on('store', onStore);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/api/')) {
      if (!tokenMatches(bearer(req, url), token)) {
        return sendError(res, { code: 'unauthorized', message: 'Missing or wrong token' });
      }
      const lang = parseLang(req.headers['x-desk-lang']) ?? parseLang(url.searchParams.get('lang'));
      if (path.startsWith('/api/op/')) {
        if (req.method !== 'POST') return sendError(res, { code: 'bad_request', message: 'Use POST for operations' });
        const name = decodeURIComponent(path.slice('/api/op/'.length));
        let body: unknown = {};
        try {
          const text = await readBody(req, maxBody);
          body = text.trim() ? (JSON.parse(text) as unknown) : {};
        } catch (e) {
          const tooLarge = (e as { tooLarge?: boolean }).tooLarge;
          return sendError(res, { code: 'bad_request', message: tooLarge ? (e as Error).message : 'Request body is not valid JSON' });
        }
        const out = await engine.call(name, body, lang);
        return out.ok ? sendJson(res, 200, out) : sendError(res, out.error);
      }
      if (path === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        sse.add(res);
        req.on('close', () => sse.delete(res));
        return;
      }
      if (path === '/api/upload' && req.method === 'POST') {
        // The browser cannot hand us a file path: the file is stored under the data folder and its path returned.
        const name = basename(url.searchParams.get('name') ?? 'upload.bin').replace(/[^\w.\-一-龥]/g, '_');
        const dir = join(engine.options.dataDir, 'uploads');
        mkdirSync(dir, { recursive: true });
        const dest = join(dir, `${Date.now()}-${name}`);
        await pipeline(req, createWriteStream(dest));
        return sendJson(res, 200, { ok: true, result: { path: dest, sizeBytes: statSync(dest).size } });
      }
      if (path === '/api/download' && req.method === 'GET') {
        const rel = url.searchParams.get('path') ?? '';
        const file = safeJoin(engine.options.dataDir, rel.startsWith(engine.options.dataDir) ? rel.slice(engine.options.dataDir.length) : rel);
        if (!file || !existsSync(file) || !statSync(file).isFile()) return sendError(res, { code: 'not_found', message: `No such file: ${rel}` });
        res.writeHead(200, {
          'content-type': MIME[extname(file)] ?? 'application/octet-stream',
          'content-disposition': `attachment; filename="${encodeURIComponent(basename(file))}"`,
        });
        createReadStream(file).pipe(res);
        return;
      }
      if (path.startsWith('/api/image/') && req.method === 'GET') {
        const id = Number(path.slice('/api/image/'.length));
        if (!engine.hasStore || !Number.isInteger(id)) return sendError(res, { code: 'not_found', message: 'No such image' });
        const row = engine.store.db.prepare('SELECT mime, bytes FROM images WHERE id = ?').get(id) as { mime: string; bytes: Buffer } | undefined;
        if (!row) return sendError(res, { code: 'not_found', message: `No image ${id}` });
        res.writeHead(200, { 'content-type': row.mime, 'cache-control': 'private, max-age=3600' });
        res.end(row.bytes);
        return;
      }
      return sendError(res, { code: 'not_found', message: `No API route ${path}` });
    }
    // Static UI.
    if (!opts.staticDir) return sendError(res, { code: 'not_found', message: 'No UI is served here' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, { code: 'bad_request', message: 'Only GET' });
    let file = safeJoin(opts.staticDir, path === '/' ? '/index.html' : path);
    if (!file) return sendError(res, { code: 'not_found', message: 'Not found' });
    if (!existsSync(file) || !statSync(file).isFile()) file = join(opts.staticDir, 'index.html'); // SPA fallback
    const isHtml = extname(file) === '.html';
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    createReadStream(file).pipe(res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // An engine exception never kills the server.
      log.error({ err: e }, 'request failed');
      if (!res.headersSent) sendError(res, { code: 'internal', message: (e as Error).message ?? 'Internal error' });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    server,
    port,
    token,
    baseUrl,
    appUrl: `${baseUrl}/#token=${token}`,
    close: async () => {
      engine.off('job', onJob);
      engine.off('store', onStore);
      for (const r of sse) r.end();
      sse.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
