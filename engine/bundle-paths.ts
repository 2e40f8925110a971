/** Where the engine's files are, whether it runs from TypeScript sources (tsx) or from the bundle in engine/dist/. */

// esbuild defines this as true when it builds engine/dist/ (scripts/build-engine.js); under tsx it does not exist.
declare const __DESK_BUNDLE__: boolean | undefined;

/** True when this code runs from the prebuilt bundle in engine/dist/. */
export const BUNDLED: boolean = typeof __DESK_BUNDLE__ !== 'undefined' && __DESK_BUNDLE__;

/**
 * URL of a file given relative to the `engine/` folder. The bundle's chunks all sit in engine/dist/, one level below,
 * so one relative path works from sources and from the bundle.
 */
export function engineFileUrl(rel: string): URL {
  return new URL((BUNDLED ? '../' : './') + rel, import.meta.url);
}

/** Entry of a worker thread: the bundled worker when bundled, else its bootstrap that loads the TypeScript through tsx. */
export function workerEntryUrl(bundled: string, boot: string): URL {
  return BUNDLED ? engineFileUrl(`dist/${bundled}`) : engineFileUrl(boot);
}

/** The host process's Node flags without the TypeScript loader (`--import tsx`, `--import=tsx/esm`, a path into tsx/). */
export function withoutTsx(argv: readonly string[]): string[] {
  const isTsx = (v: string): boolean => /(^|[\\/])tsx([\\/]|$)/.test(v);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^(--import|--loader|--experimental-loader|--require|-r)(?:=(.*))?$/.exec(a);
    if (m && m[2] === undefined && isTsx(argv[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (m && m[2] !== undefined && isTsx(m[2])) continue;
    out.push(a);
  }
  return out;
}

/**
 * Options for every worker thread the engine starts: a bundled worker is plain JavaScript, so it starts without the
 * host process's TypeScript loader (a bench or test run under `--import tsx` would otherwise boot it in each thread,
 * which the app never does); its other flags stay. From the sources the thread keeps them all.
 */
export const WORKER_FLAGS: { execArgv?: string[] } = BUNDLED ? { execArgv: withoutTsx(process.execArgv) } : {};
