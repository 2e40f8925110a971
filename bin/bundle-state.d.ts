/** Types of bin/bundle-state.js (plain JS: `desk` loads it before any TypeScript tooling). */

/** Folder of the engine bundle under the repository root. */
export declare const BUNDLE_DIR: string;
/** Name of the manifest the build writes last. */
export declare const MANIFEST: string;
/** True when root/engine/dist holds a complete bundle and no source it was built from changed since. */
export declare function bundleIsFresh(root: string): boolean;
