/** Builds the renderer once when renderer/dist is missing (or older than its sources), and the engine bundle when stale. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Vitest global setup. */
export default function setup(): void {
  const engine = spawnSync(process.execPath, [join(root, 'scripts', 'build-engine.js'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (engine.status !== 0) throw new Error('engine build failed');
  const index = join(root, 'renderer', 'dist', 'index.html');
  const stale = existsSync(index) && newest(join(root, 'renderer', 'src')) > statSync(index).mtimeMs;
  if (existsSync(index) && !stale) return;
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite emit React's development build (jsxDEV): test what ships.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('renderer build failed');
}
