/** The engine host's message handling, as a plain function so Node tests can drive it without Electron. */
import { resolve } from 'node:path';
import type { Engine } from '../../engine/engine';
import { publicError } from '../../engine/security/public-error';
import { uiCaller, type PathUse } from '../../engine/security/path-policy';
import type { HostMessage, HostRequest } from './ipc';

/** What the dispatcher needs from its process: a way to answer main and a way to exit. */
export interface HostIo {
  post(m: HostMessage): void;
  exit(code: number): void;
}

/** True when `m` has the shape of a request from main. */
function isHostRequest(m: unknown): m is HostRequest {
  if (!m || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  if (r.type === 'call') return typeof r.id === 'number' && typeof r.name === 'string';
  if (r.type !== 'control') return false;
  return r.action === 'shutdown' || (r.action === 'grant' && typeof r.path === 'string' && (r.use === 'read' || r.use === 'write'));
}

/**
 * Builds the handler for messages from main. Calls run with the window's path policy (the data folder plus the
 * files granted by native dialogs) and internal errors reach the window as an id only. Only a `control` message
 * can shut the engine down: an operation named `__shutdown` is just an unknown operation.
 */
export function createHostDispatcher(engine: Engine, io: HostIo): (m: unknown) => void {
  const grants = new Map<string, PathUse>();
  const caller = uiCaller(grants);
  return (m) => {
    if (!isHostRequest(m)) return;
    switch (m.type) {
      case 'call':
        void engine.call(m.name, m.input, m.lang, caller).then((outcome) =>
          io.post({ type: 'reply', id: m.id, outcome: outcome.ok ? outcome : { ok: false, error: publicError(outcome.error, m.lang ?? engine.lang) } }),
        );
        return;
      case 'control':
        if (m.action === 'grant') {
          // A save dialog's pick allows writing (and reading back); an open dialog's only reading.
          const path = resolve(m.path);
          if (grants.get(path) !== 'write') grants.set(path, m.use);
          return;
        }
        void engine.close().then(() => io.exit(0));
        return;
    }
  };
}
