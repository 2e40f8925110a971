/**
 * Main's side of the engine relay, free of Electron so Node tests can drive it: starts the engine host through an
 * injected `fork`, relays calls, keeps control messages (shutdown, path grants) on their own message type,
 * restarts a host that died (at most `maxRestarts` within `windowMs`) and tells the user through `notify`.
 */
import type { HostCall, HostControl, HostMessage, HostRequest } from './ipc';
import { engineDownText } from './messages';

/** The part of Electron's UtilityProcess the relay uses. */
export interface HostHandle {
  postMessage(m: HostRequest): void;
  on(event: 'message', cb: (m: HostMessage) => void): void;
  on(event: 'exit', cb: (code: number) => void): void;
  kill(): boolean;
}

/** What the user is told about the engine: it was restarted, or it keeps failing and was left stopped. */
export type EngineNotice = { kind: 'restarted'; attempt: number; max: number; reason: string } | { kind: 'failed'; reason: string };

/** Options of the relay. */
export interface RelayOptions {
  fork: () => HostHandle;
  notify: (n: EngineNotice) => void;
  /** Job progress from the engine, for the window. */
  onJob?: (progress: unknown) => void;
  maxRestarts?: number;
  windowMs?: number;
  now?: () => number;
}

/** A failed call's outcome, shaped like the engine's, in the caller's language. */
function failure(reason: string, lang: 'en' | 'zh' | undefined): unknown {
  return { ok: false, error: { code: 'internal', message: engineDownText(lang ?? 'en', reason), details: { reason } } };
}

/** Sliding-window restart budget: `max` restarts within `windowMs`. */
export class RestartBudget {
  private readonly times: number[] = [];
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Records a restart at `now` when the budget allows one; false when it is spent. */
  take(now: number): boolean {
    while (this.times.length && now - this.times[0] >= this.windowMs) this.times.shift();
    if (this.times.length >= this.max) return false;
    this.times.push(now);
    return true;
  }

  /** Restarts used within the window (after the last `take`). */
  get used(): number {
    return this.times.length;
  }
}

/** The relay between the window and the engine host. */
export class EngineRelay {
  private host: HostHandle | null = null;
  private hostError: string | null = null;
  private stopping = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (outcome: unknown) => void; lang?: 'en' | 'zh' }>();
  private readonly grants: HostControl[] = [];
  private readonly budget: RestartBudget;
  private readonly now: () => number;

  constructor(private readonly opts: RelayOptions) {
    this.budget = new RestartBudget(opts.maxRestarts ?? 3, opts.windowMs ?? 60_000);
    this.now = opts.now ?? Date.now;
  }

  /** True while a host runs. */
  get running(): boolean {
    return this.host !== null;
  }

  /** Starts the engine host. */
  start(): void {
    const host = this.opts.fork();
    this.host = host;
    this.hostError = null;
    // A restarted host learns the files the user already picked.
    for (const g of this.grants) host.postMessage(g);
    host.on('message', (m) => this.onMessage(m));
    host.on('exit', (code) => this.onExit(host, code));
  }

  private onMessage(m: HostMessage): void {
    switch (m.type) {
      case 'reply':
        this.pending.get(m.id)?.resolve(m.outcome);
        this.pending.delete(m.id);
        break;
      case 'job':
        this.opts.onJob?.(m.progress);
        break;
      case 'fatal':
        this.hostError = m.message;
        break;
      case 'ready':
        break;
    }
  }

  private onExit(host: HostHandle, code: number): void {
    if (host !== this.host) return;
    this.host = null;
    const reason = this.hostError ?? `exit code ${code}`;
    // If the engine dies, no call waits forever.
    this.rejectAll(reason);
    if (this.stopping) return;
    if (this.budget.take(this.now())) {
      this.start();
      this.opts.notify({ kind: 'restarted', attempt: this.budget.used, max: this.budget.max, reason });
    } else {
      this.hostError = reason;
      this.opts.notify({ kind: 'failed', reason });
    }
  }

  private rejectAll(reason: string): void {
    for (const [, p] of this.pending) p.resolve(failure(reason, p.lang));
    this.pending.clear();
  }

  /** Relays one operation call from the window: always a `call` message, whatever its name. */
  call(name: string, input: unknown, lang?: 'en' | 'zh'): Promise<unknown> {
    const host = this.host;
    if (!host) return Promise.resolve(failure(this.hostError ?? 'stopped', lang));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, lang });
      host.postMessage({ type: 'call', id, name, input, lang } satisfies HostCall);
    });
  }

  /** Allows the window to use a file the user picked in a native dialog. */
  grant(path: string, use: 'read' | 'write'): void {
    const g: HostControl = { type: 'control', action: 'grant', path, use };
    this.grants.push(g);
    this.host?.postMessage(g);
  }

  /** Asks the engine to close its store and exit; it is not restarted afterwards. */
  shutdown(): void {
    this.stopping = true;
    this.host?.postMessage({ type: 'control', action: 'shutdown' });
  }
}
