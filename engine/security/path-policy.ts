/** Who is calling, and which files that caller may name: the CLI names any path, the app window only its own. */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { securityCatalog } from './messages';
import { makeDirs } from '../fs/mkdirs';

/** How a file is used: read (import, preview, restore, open) or written (export, backup, create, rejects). */
export type PathUse = 'read' | 'write';

/** Files picked in a native dialog, by absolute path, with what the pick allows (a save dialog allows writing). */
export type PathGrants = ReadonlyMap<string, PathUse>;

/** The caller of an operation: the CLI (the machine's owner: any path) or the app window (confined). */
export type Caller = { kind: 'cli' } | { kind: 'ui'; grants: PathGrants };

/** The owner's policy: in-process calls and the CLI. */
export const CLI_CALLER: Caller = { kind: 'cli' };

/** The app window's policy: the data folder, plus the files granted by native dialogs. */
export function uiCaller(grants: PathGrants = new Map()): Caller {
  return { kind: 'ui', grants };
}

/**
 * Resolves symlinks on the longest part of `p` that exists, so a link inside the data folder that points
 * out of it is judged by where it leads. The part that does not exist yet (a file to write) is kept as is.
 */
export function realResolve(p: string): string {
  const abs = resolve(p);
  let head = abs;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const up = dirname(head);
    if (up === head) return abs;
    tail.unshift(basename(head));
    head = up;
  }
  try {
    return join(realpathSync(head), ...tail);
  } catch {
    return abs;
  }
}

/** True when `p` lies in the store's own models folder (`<store>.models/`, symlinks followed), where the app writes the models it trains. */
export function inStoreModels(storePath: string, p: string): boolean {
  if (!storePath || storePath === ':memory:') return false;
  const rel = relative(realResolve(`${storePath}.models`), realResolve(p));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** True when `p` is `root` or inside it (both absolute, already resolved). */
export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** What a path check needs: the caller, the data folder and the answer language. */
export interface PathCheck {
  caller: Caller;
  dataDir: string;
  lang: Lang;
}

/** Options of one path check. */
export interface ConfineOptions {
  /** Folder a relative path is resolved against. */
  base: string;
  use: PathUse;
  /** Further files the engine itself recorded (recent stores, the open store) that the window may read. */
  known?: readonly string[];
}

/**
 * Resolves a path an operation received and, for the app window, refuses it with `forbidden_path` unless it lies
 * in the data folder (after following `..` and symlinks) or is a file the user picked in a dialog for this use.
 * The one helper every operation that takes a path goes through.
 */
export function confinePath(check: PathCheck, p: string, opts: ConfineOptions): string {
  if (p.includes('\0')) throw new EngineError('bad_request', tr(securityCatalog, check.lang, 'bad_path', { path: JSON.stringify(p) }), { path: p });
  const full = isAbsolute(p) ? resolve(p) : resolve(opts.base, p);
  if (check.caller.kind === 'cli') return full;
  makeDirs(check.dataDir);
  const real = realResolve(full);
  if (isInside(realResolve(check.dataDir), real)) return full;
  const grant = check.caller.grants.get(full) ?? check.caller.grants.get(real);
  if (grant && (grant === 'write' || opts.use === 'read')) return full;
  if (opts.use === 'read' && opts.known?.some((k) => resolve(k) === full || realResolve(k) === real)) return full;
  throw new EngineError('forbidden_path', tr(securityCatalog, check.lang, 'forbidden_path', { path: p, dataDir: check.dataDir }), { path: p, use: opts.use });
}

/** `confinePath` for an operation handler's context. */
export function opPath(ctx: { engine: { options: { dataDir: string } }; lang: Lang; caller: Caller }, p: string, opts: ConfineOptions): string {
  return confinePath({ caller: ctx.caller, dataDir: ctx.engine.options.dataDir, lang: ctx.lang }, p, opts);
}
