/** The renderer's one typed client: Electron IPC when the preload exposes `window.desk`, loopback HTTP otherwise. */
import type { OpInput, OpName, OpResult } from '../../../engine/api/ops/index';

/** An error as it crosses the engine boundary. */
export interface DeskErrorPayload {
  code: string;
  message: string;
  details?: unknown;
  /** The message in both languages, where the engine gave both (a refused photo, a try-on refusal). */
  texts?: { en: string; zh: string };
}

/** Thrown by `call` when the engine answers with an error; carries the engine's code and details. */
export class DeskError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
    /** The message in both languages, where the engine gave both: a screen that keeps it can follow a language switch. */
    public readonly texts?: { en: string; zh: string },
    /** The language `message` was asked in (the UI language of the call); see errorMsg in i18n/error-msg.ts. */
    public readonly lang?: 'en' | 'zh',
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

/** Job progress as the engine pushes it. */
export interface JobEvent {
  jobId: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  done: number;
  total: number;
  phase: string | null;
  /** The phase in both languages, when the job gives both (see usePhaseText). */
  phases?: { en: string; zh: string } | null;
  etaSeconds: number | null;
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: DeskErrorPayload };

/** What the Electron preload exposes (named functions only). */
export interface DeskBridge {
  call(name: string, input: unknown, lang?: 'en' | 'zh'): Promise<unknown>;
  onJob(cb: (p: unknown) => void): () => void;
  openFileDialog(filters: { name: string; extensions: string[] }[]): Promise<string | null>;
  saveFileDialog(defaultName: string): Promise<string | null>;
  openFolderDialog?(): Promise<string | null>;
}

declare global {
  interface Window {
    desk?: DeskBridge;
  }
}

let language: 'en' | 'zh' = 'en';

/** Sets the language the engine answers messages in. */
export function setClientLanguage(lang: 'en' | 'zh'): void {
  language = lang;
}

/** True inside the desktop app (the preload bridge exists). */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.desk !== undefined;
}

/**
 * Browser mode: trades the token from `#token=...` (once, in a header) for an HttpOnly session cookie, and removes
 * it from the address bar. The token is never stored by the page nor put in any URL; every later request
 * (operations, events, downloads, images) is authenticated by the cookie.
 */
export async function startSession(): Promise<void> {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!m || isDesktop()) return;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  // The answer is read to the end, or the request stays open in the browser's eyes.
  await fetch('/api/session', { method: 'POST', headers: { authorization: `Bearer ${decodeURIComponent(m[1])}` } })
    .then((r) => r.text())
    .catch(() => undefined);
}

function asOutcome(body: unknown, status: number): Outcome {
  if (body && typeof body === 'object' && 'ok' in body) return body as Outcome;
  return { ok: false, error: { code: status === 401 ? 'unauthorized' : 'internal', message: `Unexpected answer (HTTP ${status})` } };
}

/** Options of a call: `signal` abandons it (the request is closed in the browser; IPC answers are dropped). */
export interface CallOptions {
  signal?: AbortSignal;
}

/** True for the rejection of a call or a follow that its AbortSignal stopped: not a failure to show. */
export function isAborted(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('The call was abandoned.', 'AbortError');
}

async function httpCall(name: string, input: unknown, signal?: AbortSignal): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(`/api/op/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-desk-lang': language },
      body: JSON.stringify(input ?? {}),
      signal,
    });
  } catch (e) {
    throwIfAborted(signal);
    return { ok: false, error: { code: 'offline', message: (e as Error).message } };
  }
  const body: unknown = await res.json().catch(() => null);
  throwIfAborted(signal);
  return asOutcome(body, res.status);
}

/** Calls any operation by name (for operations whose types are not in the contract this build was typed against). */
export async function callLoose<R>(name: string, input: unknown, opts: CallOptions = {}): Promise<R> {
  throwIfAborted(opts.signal);
  const lang = language;
  const out = window.desk ? ((await window.desk.call(name, input, lang)) as Outcome) : await httpCall(name, input, opts.signal);
  throwIfAborted(opts.signal);
  if (!out.ok) throw new DeskError(out.error.code, out.error.message, out.error.details, out.error.texts, lang);
  return out.result as R;
}

/** Calls one engine operation with its typed input; rejects with a DeskError (or an AbortError once `opts.signal` aborts). */
export function call<N extends OpName>(name: N, input: OpInput<N>, opts?: CallOptions): Promise<OpResult<N>> {
  return callLoose<OpResult<N>>(name, input, opts);
}

// Every subscriber of the page shares one event stream: a stream per screen (or per job followed) used up the
// browser's six connections to the server, and the app then waited seconds for any answer.
const jobListeners = new Set<{ cb: (p: JobEvent) => void }>();
let closeJobStream: (() => void) | null = null;

function openJobStream(emit: (p: JobEvent) => void): () => void {
  if (window.desk) return window.desk.onJob((p) => emit(p as JobEvent));
  const es = new EventSource('/api/events');
  const listener = (e: MessageEvent<string>): void => emit(JSON.parse(e.data) as JobEvent);
  es.addEventListener('job', listener);
  return () => {
    es.removeEventListener('job', listener);
    es.close();
  };
}

/**
 * Subscribes to job progress (IPC events or server-sent events); returns the unsubscribe function. The page holds one
 * stream, opened with the first subscriber and closed with the last.
 */
export function onJob(cb: (p: JobEvent) => void): () => void {
  const entry = { cb };
  jobListeners.add(entry);
  closeJobStream ??= openJobStream((p) => {
    for (const l of [...jobListeners]) l.cb(p);
  });
  return () => {
    if (!jobListeners.delete(entry) || jobListeners.size > 0) return;
    closeJobStream?.();
    closeJobStream = null;
  };
}

/** Sends a browser-picked file to the engine's upload folder; resolves with the path the engine can read. */
export async function uploadFile(file: File): Promise<string> {
  const lang = language;
  let res: Response;
  try {
    res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-desk-lang': lang },
      body: file,
    });
  } catch (e) {
    // The engine not reachable: said like any call's (errorMsg words 'offline' in the UI language).
    throw new DeskError('offline', (e as Error).message, undefined, undefined, lang);
  }
  const out = asOutcome(await res.json().catch(() => null), res.status);
  if (!out.ok) throw new DeskError(out.error.code, out.error.message, out.error.details, out.error.texts, lang);
  return (out.result as { path: string }).path;
}

/** A link that downloads a file the engine wrote under its data folder (browser mode; the session cookie authenticates it). */
export function downloadUrl(path: string): string {
  return `/api/download?path=${encodeURIComponent(path)}`;
}

/** URL of a product image, or null where the transport cannot serve images. */
export function imageUrl(id: number): string | null {
  return window.desk ? (desktopImages.get(id) ?? null) : `/api/image/${id}`;
}

// In the desktop app images come through the engine as data URLs, fetched once and kept.
const desktopImages = new Map<number, string>();
const desktopPending = new Map<number, Promise<string | null>>();

/** Loads an image for the desktop app (resolves at once in the browser, where imageUrl works directly). */
export function loadImage(id: number): Promise<string | null> {
  const known = imageUrl(id);
  if (known) return Promise.resolve(known);
  let p = desktopPending.get(id);
  if (!p) {
    p = call('products.image', { id }).then(
      (r) => {
        desktopImages.set(id, r.dataUrl);
        return r.dataUrl;
      },
      () => null,
    );
    desktopPending.set(id, p);
  }
  return p;
}

/** Native open dialog in the desktop app (null elsewhere or when cancelled). */
export async function pickFileNative(extensions: string[]): Promise<string | null> {
  return window.desk ? window.desk.openFileDialog([{ name: extensions.join(', '), extensions }]) : null;
}

/** Native folder dialog in the desktop app (null elsewhere or when cancelled). */
export async function pickFolderNative(): Promise<string | null> {
  return window.desk?.openFolderDialog ? window.desk.openFolderDialog() : null;
}

/** Native save dialog in the desktop app (null elsewhere or when cancelled). */
export async function saveFileNative(defaultName: string): Promise<string | null> {
  return window.desk ? window.desk.saveFileDialog(defaultName) : null;
}
