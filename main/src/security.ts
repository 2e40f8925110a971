/** Electron hardening: app:// protocol with a traversal guard, CSP, no navigation, no popups, no permissions. */
import { app, net, protocol, session, shell, type BrowserWindow } from 'electron';
import { normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allowedExternalUrl } from './links';

/** Content security policy for every page the app serves. */
export const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Resolves a URL path inside root; null when it would escape it. */
export function guardedPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(resolve(root, '.' + (decoded.startsWith('/') ? decoded : `/${decoded}`)));
  const rootN = resolve(root);
  return full === rootN || full.startsWith(rootN + sep) ? full : null;
}

/** Serves the built renderer from app://desk/ with the CSP header. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (req) => {
    const url = new URL(req.url);
    const p = guardedPath(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!p) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(p).toString()).catch(() => net.fetch(pathToFileURL(resolve(rendererDir, 'index.html')).toString()));
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CSP);
    return new Response(res.body, { status: res.status, headers });
  });
}

/** Denies permission requests, popups and navigation away from the app. */
export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith('app://desk/')) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Only links to the allow-listed hosts open, in the system browser; everything else is refused.
      const allowed = allowedExternalUrl(url);
      if (allowed) void shell.openExternal(allowed);
      return { action: 'deny' };
    });
  });
}

/** True when an IPC message comes from the app's own window and page. */
export function isTrustedSender(win: BrowserWindow | null, sender: Electron.WebContents, frameUrl: string | undefined): boolean {
  return !!win && sender.id === win.webContents.id && typeof frameUrl === 'string' && frameUrl.startsWith('app://desk/');
}
