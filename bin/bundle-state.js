// Whether the prebuilt engine bundle (engine/dist/, made by `npm run build`) matches the sources it was built from.
// Kept tiny and dependency-free: `desk` runs it on every start.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folder of the engine bundle under the repository root. */
export const BUNDLE_DIR = join('engine', 'dist');

/** Name of the manifest the build writes last: build start time and every source file it read. */
export const MANIFEST = 'inputs.json';

/** True when root/engine/dist holds a complete bundle and no source it was built from changed since. */
export function bundleIsFresh(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, BUNDLE_DIR, MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  if (!manifest || typeof manifest.builtAt !== 'number' || !Array.isArray(manifest.inputs)) return false;
  try {
    for (const rel of manifest.inputs) if (statSync(join(root, rel)).mtimeMs > manifest.builtAt) return false;
    for (const rel of manifest.outputs ?? []) statSync(join(root, rel));
  } catch {
    return false; // a source was removed or renamed, or an output is missing
  }
  return true;
}
