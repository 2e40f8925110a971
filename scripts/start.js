// `npm start`: opens the desktop app where an Electron binary exists; otherwise serves the same app to
// the browser on 127.0.0.1 and prints the URL. First run generates the built-in demo store.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const dataDir = process.env.DESK_DATA_DIR ?? join(homedir(), '.merchant-desk');

function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureRendererBuilt() {
  const index = join(root, 'renderer', 'dist', 'index.html');
  const src = join(root, 'renderer', 'src');
  if (existsSync(index) && (!existsSync(src) || statSync(index).mtimeMs >= newestMtime(src))) return;
  process.stderr.write('Building the UI (first run)…\n');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) process.exit(r.status ?? 2);
}

function electronBinary() {
  try {
    const p = require('electron'); // the package exports the binary's path, or throws when it was not downloaded
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function lastStore() {
  try {
    const list = JSON.parse(readFileSync(join(dataDir, 'recent.json'), 'utf8'));
    return list.map((r) => r.path).find((p) => existsSync(p)) ?? null;
  } catch {
    return null;
  }
}

ensureRendererBuilt();
const electron = electronBinary();
if (electron) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build-main.js')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 2);
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write('No Electron binary on this machine, so Merchant Desk runs in your browser instead.\n');
  mkdirSync(dataDir, { recursive: true });
  let store = lastStore();
  if (!store) {
    store = join(dataDir, 'demo.db');
    if (!existsSync(store)) {
      process.stderr.write('First run: generating the demo store…\n');
      const g = spawnSync(process.execPath, [join(root, 'bin', 'desk.js'), 'demo', '--out', store], { cwd: root, stdio: 'inherit' });
      if (g.status !== 0) process.exit(g.status ?? 2);
    }
  }
  const port = process.env.PORT ?? '5180';
  const child = spawn(process.execPath, [join(root, 'bin', 'desk.js'), 'serve', '--store', store, '--port', port, '--data-dir', dataDir], { cwd: root, stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
