/**
 * GPU benchmark: training on the GPU through WebGPU (Dawn: Vulkan, Metal or Direct3D 12) against the same training on
 * wasm, each in its own process on the same machine (gpu-child.ts: DESK_GPU=webgpu, then DESK_GPU=off). Both score on
 * the thread's backend afterwards, as the app does. Where no GPU answers, the GPU column says why and the wasm
 * figures still print.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printTable, type BenchRow } from './table';

interface ChildResult {
  device: string;
  gpu: string | null;
  gflopsBase: number;
  gflopsDevice: number;
  sasrec: { seconds: number; steps: number; loss: number; hitRate: number; epochHitRates: number[]; scoreSeconds: number };
  hybrid: { seconds: number; steps: number; loss: number; meanP50: number; predictSeconds: number };
}

// The child sits beside this file (gpu-child.ts, or gpu-child.mjs where the benchmark was bundled for a GPU machine).
const child = fileURLToPath(import.meta.url).replace(/gpu\.bench\.(ts|mjs)$/, 'gpu-child.$1');

function runWith(gpu: 'webgpu' | 'off'): ChildResult | string {
  const r = spawnSync(process.execPath, [...process.execArgv, child], { env: { ...process.env, DESK_GPU: gpu }, encoding: 'utf8', timeout: Number(process.env.DESK_BENCH_CHILD_S ?? 900) * 1000 });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status === 0 && line.startsWith('{')) return JSON.parse(line) as ChildResult;
  // The child's own error names why (the wasm module prints its whole source on an uncaught error: skip that).
  const text = r.stderr || r.stdout || String(r.error ?? '');
  const why = /DESK_GPU=webgpu, but [^\n]*/.exec(text)?.[0] ?? text.split('\n').find((l) => l.startsWith('Error')) ?? `exit ${r.status}`;
  if (gpu === 'off') process.stderr.write(`${(r.stderr ?? '').slice(-1500)}\n`);
  return why.trim().slice(0, 200);
}

/** Runs with the GPU, then without, and prints one table (ours = GPU, peer = wasm; times: lower is better). */
export async function run(): Promise<void> {
  const gpu = runWith('webgpu');
  const cpu = runWith('off');
  if (typeof cpu === 'string') throw new Error(`the wasm run failed: ${cpu}`);
  const g = typeof gpu === 'string' ? null : gpu;
  if (!g) process.stdout.write(`GPU run skipped: ${gpu}\n`);
  else process.stdout.write(`GPU: ${g.gpu}\n`);
  const na = 'n/a';
  const rows: BenchRow[] = [
    { metric: 'matMul 1024, GFLOP/s (higher is better)', ours: g?.gflopsDevice ?? na, peer: cpu.gflopsBase, peerName: 'wasm' },
    { metric: `recommender, ${cpu.sasrec.steps} training steps + 2 epoch-end checks (lower is better)`, ours: g?.sasrec.seconds ?? na, peer: cpu.sasrec.seconds, peerName: 'wasm', unit: 's' },
    { metric: 'recommender, loss after them (should agree)', ours: g?.sasrec.loss ?? na, peer: cpu.sasrec.loss, peerName: 'wasm' },
    { metric: 'recommender, next item in top 10 of 256 customers (should agree)', ours: g?.sasrec.hitRate ?? na, peer: cpu.sasrec.hitRate, peerName: 'wasm' },
    { metric: `forecaster, ${cpu.hybrid.steps} training steps (lower is better)`, ours: g?.hybrid.seconds ?? na, peer: cpu.hybrid.seconds, peerName: 'wasm', unit: 's' },
    { metric: 'forecaster, loss after them (should agree)', ours: g?.hybrid.loss ?? na, peer: cpu.hybrid.loss, peerName: 'wasm' },
    { metric: 'forecaster, mean P50 of 300 series × 28 days (should agree)', ours: g?.hybrid.meanP50 ?? na, peer: cpu.hybrid.meanP50, peerName: 'wasm' },
  ];
  printTable(g ? `Training on ${g.gpu} (WebGPU) against wasm, same machine` : 'Training on wasm only (no GPU here)', rows);
}
