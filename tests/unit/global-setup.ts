/** Builds the engine bundle (engine/dist/) once before the unit tests when it is missing or stale, as `npm test` does. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Vitest global setup. */
export default function setup(): void {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-engine.js'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('engine build failed');
}
