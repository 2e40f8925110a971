/** Who may use the loopback API: scripts with the per-run token, the page with an HttpOnly session cookie. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** How a request proved itself, or null when it did not. */
export type AuthKind = 'token' | 'cookie' | null;

/** Constant-time string comparison. */
function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads one cookie from the Cookie header. */
function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Token and cookie checks of the HTTP transport. The long-lived token travels only in the Authorization header
 * (never in a URL, so never in a log or a history); the page trades it once for a session cookie that is
 * HttpOnly (scripts cannot read it) and SameSite=Strict, and a cookie is honoured only on requests whose
 * Host, Origin and Sec-Fetch-Site say they come from this very origin (another port on 127.0.0.1 is refused).
 */
export class HttpAuth {
  private readonly sessions = new Set<string>();
  /** Set once the server listens. */
  port = 0;

  constructor(private readonly token: string) {}

  /** The cookie's name: per port, so two instances on one machine never clobber each other. */
  get cookieName(): string {
    return `desk_session_${this.port}`;
  }

  /** The origins the page can have. */
  private origins(): string[] {
    return [`http://127.0.0.1:${this.port}`, `http://localhost:${this.port}`];
  }

  /** True when the Host header names this server (refuses DNS-rebinding names). */
  hostOk(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return typeof host === 'string' && this.origins().some((o) => o === `http://${host.toLowerCase()}`);
  }

  /** True when the Authorization header carries the token. */
  hasToken(req: IncomingMessage): boolean {
    const h = req.headers.authorization;
    return typeof h === 'string' && h.startsWith('Bearer ') && same(h.slice(7), this.token);
  }

  /** True when the request carries a live session cookie and comes from this origin. */
  private hasSession(req: IncomingMessage): boolean {
    const sid = cookie(req, this.cookieName);
    if (!sid || ![...this.sessions].some((s) => same(sid, s))) return false;
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
    const origin = req.headers.origin;
    return origin === undefined || this.origins().includes(origin);
  }

  /** How the request authenticated. */
  check(req: IncomingMessage): AuthKind {
    if (!this.hostOk(req)) return null;
    if (this.hasToken(req)) return 'token';
    return this.hasSession(req) ? 'cookie' : null;
  }

  /** Opens a session for a page that showed the token; returns the Set-Cookie header value. */
  startSession(): string {
    const sid = randomBytes(32).toString('base64url');
    this.sessions.add(sid);
    return `${this.cookieName}=${sid}; HttpOnly; SameSite=Strict; Path=/api`;
  }

  /** Forgets every session (server shutdown). */
  clear(): void {
    this.sessions.clear();
  }
}
