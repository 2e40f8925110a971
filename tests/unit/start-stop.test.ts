// `npm start` in the browser mode: stopping it stops `desk serve` too, however it is stopped. Linux only (the child
// is found through /proc); the Electron window is not started (DESK_BROWSER=1) because it cannot run here.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, until } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const linux = process.platform === 'linux';

/** True while pid is a live process (a zombie waiting to be reaped counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  const f = `/proc/${pid}/task/${pid}/children`;
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

const started: ChildProcess[] = [];
const leftovers: number[] = [];
const folders: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const c of started.splice(0)) c.kill('SIGKILL');
  for (const pid of leftovers.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const f of folders.splice(0)) f.cleanup();
});

/** Starts `sh -c "node scripts/start.js"` (what `npm start` runs) on a fresh store; resolves the shell, start.js and serve pids. */
async function startLikeNpm(): Promise<{ sh: ChildProcess; start: number; serve: number }> {
  const t = tempDir('desk-start-');
  folders.push(t);
  const env = { ...process.env, DESK_DATA_DIR: t.dir, DESK_LANG: 'en', DESK_BROWSER: '1', DESK_START_NO_BUILD: '1', PORT: '0' };
  // desk init remembers the store, so start.js serves it instead of generating the demo.
  expect(spawnSync(process.execPath, ['bin/desk.js', 'init', '--store', join(t.dir, 'shop.db')], { cwd: ROOT, env }).status).toBe(0);
  const sh = spawn('sh', ['-c', 'node scripts/start.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(sh);
  let out = '';
  sh.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  expect(await until(() => out.includes('http://127.0.0.1:'), 60_000)).toBe(true);
  const start = childrenOf(sh.pid!)[0];
  const serve = childrenOf(start)[0];
  expect(start > 0 && serve > 0).toBe(true);
  leftovers.push(start, serve);
  expect(readFileSync(`/proc/${serve}/cmdline`, 'utf8')).toContain('serve');
  return { sh, start, serve };
}

describe.skipIf(!linux)(`npm start ends its children${linux ? '' : ' — skipped: needs Linux /proc to find the child process'}`, () => {
  it('SIGTERM to the shell npm runs it in (as npm passes it on) also ends start.js and desk serve', async () => {
    const { sh, start, serve } = await startLikeNpm();
    sh.kill('SIGTERM');
    expect(await until(() => !alive(start) && !alive(serve), 10_000)).toBe(true);
  });

  it('SIGKILL to start.js itself still ends desk serve (its IPC channel closes)', async () => {
    const { start, serve } = await startLikeNpm();
    process.kill(start, 'SIGKILL');
    expect(await until(() => !alive(serve), 10_000)).toBe(true);
  });
});
