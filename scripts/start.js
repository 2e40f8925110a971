// `npm start`: opens the desktop app where an Electron binary exists; otherwise serves the same app to the browser on
// 127.0.0.1 and prints the URL. Builds what is stale first (UI, engine bundle); the first run generates the demo store.
// Every child ends with this process: signals are passed on, and `desk` children hold an IPC channel that closes
// when this process dies in any way (even SIGKILL), which ends them too.
// DESK_BROWSER=1 uses the browser even where Electron exists; DESK_START_NO_BUILD=1 skips the build steps.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = process.env.DESK_DATA_DIR ?? join(homedir(), '.merchant-desk');
const build = process.env.DESK_START_NO_BUILD !== '1';

/** Children still running; each gets the signal this process receives. */
const children = new Set();
let stopping = false;

function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function stopAll(signal) {
  stopping = true;
  for (const c of children) c.kill(signal);
  // Children that ignore the signal do not keep this process (and so themselves) alive.
  setTimeout(() => {
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  }, 5000).unref();
  if (!children.size) process.exit(0);
}
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => stopAll(s));
// `npm start` runs this under `sh -c`; a SIGTERM to npm ends npm and the shell but never reaches this process, which
// is then adopted by another parent. Noticing that is how this process (and so its children) ends with npm.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !stopping) stopAll('SIGTERM');
}, 500).unref();

/** Runs a `desk` command as a child tied to this process; resolves with its exit code. */
function desk(args, opts = {}) {
  const child = track(spawn(process.execPath, [join(root, 'bin', 'desk.js'), ...args], { cwd: root, stdio: ['inherit', 'inherit', 'inherit', 'ipc'], ...opts }));
  return new Promise((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
}

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

function ensureEngineBuilt() {
  // Prebuilt engine: `desk` and the desktop engine host start in a fraction of a second instead of compiling TypeScript.
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-engine.js'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 2);
}

function electronBinary() {
  if (process.env.DESK_BROWSER === '1') return null;
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

if (build) {
  ensureRendererBuilt();
  ensureEngineBuilt();
}
const electron = electronBinary();
if (electron) {
  if (build) {
    const b = spawnSync(process.execPath, [join(root, 'scripts', 'build-main.js')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 2);
  }
  const child = track(spawn(electron, [root], { stdio: 'inherit' }));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write('No Electron binary on this machine, so Merchant Desk runs in your browser instead.\n');
  mkdirSync(dataDir, { recursive: true });
  let store = lastStore();
  if (!store) {
    store = join(dataDir, 'demo.db');
    if (!existsSync(store)) {
      process.stderr.write('First run: generating the demo store…\n');
      const code = await desk(['demo', '--out', store]);
      if (code !== 0 || stopping) process.exit(code || 1);
    }
  }
  const port = process.env.PORT ?? '5180';
  const code = await desk(['serve', '--store', store, '--port', port, '--data-dir', dataDir]);
  process.exit(code);
}
