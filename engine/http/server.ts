/** Loopback HTTP transport: the API on 127.0.0.1 behind a token or session cookie, job events over SSE, and the built UI. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Engine } from '../engine';
import { toErrorPayload } from '../errors';
import { tr, type Lang } from '../i18n';
import type { JobProgress } from '../jobs/types';
import { log } from '../log';
import { publicError } from '../security/public-error';
import { handleApi, type ApiDeps } from './api';
import { httpMessages } from './messages';
import { HttpAuth } from './auth';
import { MIME, PAGE_CSP, sendError } from './respond';
import { DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_UPLOAD_TTL_MS, Uploads } from './uploads';

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
  /** Largest upload, bytes (default 512 MB). */
  maxUploadBytes?: number;
  /** How long an upload no operation has used is kept, ms (default 24 h). */
  uploadTtlMs?: number;
}

/** A running server. */
export interface RunningServer {
  server: Server;
  port: number;
  token: string;
  /** Base URL without the token. */
  baseUrl: string;
  /** URL to open in a browser: carries the token in the fragment (never sent to a server) for the page to trade for a cookie. */
  appUrl: string;
  close(): Promise<void>;
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
  const sse = new Set<ServerResponse>();
  const uploads = new Uploads(join(engine.options.dataDir, 'uploads'), opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, opts.uploadTtlMs ?? DEFAULT_UPLOAD_TTL_MS);
  const cleared = uploads.clearLeftovers();
  if (cleared) log.info({ files: cleared }, 'removed uploads left by an earlier run');
  const deps: ApiDeps = { engine, auth: new HttpAuth(token), uploads, maxBodyBytes: opts.maxBodyBytes ?? 10 * 1024 * 1024, sse };

  const onJob = (p: JobProgress): void => {
    uploads.onJob(p);
    const line = `event: job\ndata: ${JSON.stringify(p)}\n\n`;
    for (const res of sse) res.write(line);
  };
  const onStore = (path: string | null): void => {
    const line = `event: store\ndata: ${JSON.stringify({ path })}\n\n`;
    for (const res of sse) res.write(line);
  };
  engine.on('job', onJob);
  engine.on('store', onStore);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handled = url.pathname.startsWith('/api/') ? handleApi(deps, req, res, url) : Promise.resolve().then(() => serveStatic(opts.staticDir, req.method, url.pathname, res, engine.lang));
    handled.catch((e: unknown) => {
      // An engine exception never kills the server, and its detail goes to the log, not to the page.
      if (!res.headersSent) sendError(res, publicError(toErrorPayload(e, engine.lang), engine.lang, e));
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
  deps.auth.port = port;
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
      deps.auth.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Serves the built UI (SPA fallback to index.html) with the page CSP. */
function serveStatic(staticDir: string | undefined, method: string | undefined, path: string, res: ServerResponse, lang: Lang): void {
  if (!staticDir) return sendError(res, { code: 'not_found', message: tr(httpMessages, lang, 'no_ui') });
  if (method !== 'GET' && method !== 'HEAD') return sendError(res, { code: 'bad_request', message: tr(httpMessages, lang, 'only_get') });
  let file = safeJoin(staticDir, path === '/' ? '/index.html' : path);
  if (!file) return sendError(res, { code: 'not_found', message: tr(httpMessages, lang, 'not_found') });
  if (!existsSync(file) || !statSync(file).isFile()) file = join(staticDir, 'index.html'); // SPA fallback
  const isHtml = extname(file) === '.html';
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  createReadStream(file).pipe(res);
}
