/**
 * `npm run bench -- cli [--runs N]`: start-up time of the `desk` command from the prebuilt engine: `desk --help`,
 * `desk info` on a small demo store, and `node -e 0` as the floor, median of N runs (default 9) with wall and CPU time
 * and peak RSS; then the same two commands from the TypeScript sources through tsx (the development path) for scale.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, type BenchRow } from './table';

const root = fileURLToPath(new URL('../..', import.meta.url));
const desk = join(root, 'bin', 'desk.js');

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Median of a list. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One run: wall time here; CPU time and peak RSS from GNU time when installed (else NaN). */
function timed(args: string[], env: NodeJS.ProcessEnv): Sample {
  const cmd = GNU_TIME ?? process.execPath;
  const argv = GNU_TIME ? ['-f', '%U %S %M', process.execPath, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  if (!GNU_TIME) return { wallMs, cpuMs: NaN, rssMb: NaN };
  const [u, sys, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wallMs, cpuMs: (u + sys) * 1000, rssMb: kb / 1024 };
}

function measure(args: string[], env: NodeJS.ProcessEnv, runs: number): Sample {
  timed(args, env); // warm the file cache
  const samples = Array.from({ length: runs }, () => timed(args, env));
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)), rssMb: median(samples.map((s) => s.rssMb)) };
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--runs');
  const runs = i >= 0 ? Number(args[i + 1]) : 9;
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-engine.js'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('engine build failed');
  const dir = mkdtempSync(join(tmpdir(), 'desk-cli-bench-'));
  try {
    const env = { ...process.env, DESK_DATA_DIR: dir, DESK_LANG: 'en' };
    const store = join(dir, 'demo.db');
    const gen = spawnSync(process.execPath, [desk, 'demo', '--out', store, '--skus', '12', '--days', '60', '--end', '2026-10-31'], { cwd: root, env, encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`demo failed: ${gen.stderr}`);
    const floor = measure(['-e', '0'], env, runs);
    const help = measure([desk, '--help'], env, runs);
    const info = measure([desk, 'info', '--store', store], env, runs);
    const src = { ...env, DESK_FROM_SOURCE: '1' };
    const srcRuns = Math.max(3, Math.round(runs / 3));
    const helpSrc = measure([desk, '--help'], src, srcRuns);
    const infoSrc = measure([desk, 'info', '--store', store], src, srcRuns);
    const rows: BenchRow[] = [
      { metric: '`desk --help` wall (median)', ours: help.wallMs, peerName: '`node -e 0`', peer: floor.wallMs, unit: 'ms', target: '< 300 ms' },
      { metric: '`desk --help` CPU', ours: help.cpuMs, peerName: '`node -e 0`', peer: floor.cpuMs, unit: 'ms' },
      { metric: '`desk --help` peak RSS', ours: help.rssMb, peerName: '`node -e 0`', peer: floor.rssMb, unit: 'MB' },
      { metric: '`desk info` wall (median, 12-SKU demo store)', ours: info.wallMs, peerName: '`node -e 0`', peer: floor.wallMs, unit: 'ms', target: '< 1,000 ms' },
      { metric: '`desk info` CPU', ours: info.cpuMs, peerName: '`node -e 0`', peer: floor.cpuMs, unit: 'ms' },
      { metric: '`desk info` peak RSS', ours: info.rssMb, peerName: '`node -e 0`', peer: floor.rssMb, unit: 'MB' },
      { metric: '`desk --help` wall from sources (tsx, development)', ours: helpSrc.wallMs, peerName: 'prebuilt', peer: help.wallMs, unit: 'ms' },
      { metric: '`desk info` wall from sources (tsx, development)', ours: infoSrc.wallMs, peerName: 'prebuilt', peer: info.wallMs, unit: 'ms' },
      { metric: '`desk info` peak RSS from sources', ours: infoSrc.rssMb, peerName: 'prebuilt', peer: info.rssMb, unit: 'MB' },
    ];
    printTable(`desk start-up, median of ${runs} runs (${srcRuns} from sources); load average ${loadavg()[0].toFixed(1)}`, rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
