/** How an operation is declared: a name, a zod input schema and a typed handler. */
import type { z } from 'zod';
import type { Engine } from '../engine';
import type { Lang } from '../i18n';
import type { Caller } from '../security/path-policy';

/** What every handler receives besides its input. */
export interface OpContext {
  engine: Engine;
  lang: Lang;
  /** Who called: the CLI (any path) or the app window (paths confined; see engine/security/path-policy.ts). */
  caller: Caller;
}

/** One operation of the API contract. */
export interface OpDef<S extends z.ZodType, R> {
  /** One line for docs and the CLI. */
  summary: string;
  input: S;
  /** Needs an open store (the engine answers 'no_store' otherwise). Default true. */
  needsStore?: boolean;
  run(input: z.output<S>, ctx: OpContext): R | Promise<R>;
}

/** Declares an operation; keeps its input and result types for the typed clients. */
export function defineOp<S extends z.ZodType, R>(def: OpDef<S, R>): OpDef<S, R> {
  return def;
}
