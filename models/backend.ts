/** Picks the TensorFlow.js compute backend in one place (tfjs-node-gpu > tfjs-node > wasm > cpu), and where training loops run (a GPU through WebGPU when there is a fast one). */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_ORDER, type BackendName } from './backend-names';

/** Re-exported: the backend names live in a file without TensorFlow.js so `desk info` can name them cheaply. */
export { BACKEND_ORDER, type BackendName };

/** What was chosen and why. */
export interface BackendInfo {
  name: BackendName;
  /** tf.getBackend() after selection. */
  tfBackend: string;
  /** Why the better ones were not used. */
  skipped: { name: BackendName; reason: string }[];
  /** The environment override, when one was given. */
  override: string | null;
}

const require = createRequire(import.meta.url);
let chosen: Promise<BackendInfo> | null = null;

function isBackendName(v: string): v is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(v);
}

async function tryBackend(name: BackendName): Promise<void> {
  switch (name) {
    case 'tensorflow-gpu':
      // Optional dependency: present only where libtensorflow with CUDA could be installed.
      require('@tensorflow/tfjs-node-gpu');
      if (!(await tf.setBackend('tensorflow'))) throw new Error('tensorflow backend did not initialise');
      return;
    case 'tensorflow':
      require('@tensorflow/tfjs-node');
      if (!(await tf.setBackend('tensorflow'))) throw new Error('tensorflow backend did not initialise');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
      wasm.setWasmPaths(join(dir, 'dist') + '/');
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not initialise');
      return;
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend did not initialise');
      return;
  }
}

/**
 * Initialises the best backend present (once per thread). DESK_BACKEND=wasm|cpu|tensorflow|tensorflow-gpu
 * forces one; a forced backend that cannot load is an error naming the valid values.
 */
export function selectBackend(): Promise<BackendInfo> {
  chosen ??= (async () => {
    const override = process.env.DESK_BACKEND?.trim() || null;
    if (override && !isBackendName(override)) {
      throw new Error(`DESK_BACKEND='${override}' is not a backend; valid values: ${BACKEND_ORDER.join(', ')}`);
    }
    const order: BackendName[] = override ? [override as BackendName] : [...BACKEND_ORDER];
    const skipped: BackendInfo['skipped'] = [];
    for (const name of order) {
      try {
        await tryBackend(name);
        await tf.ready();
        return { name, tfBackend: tf.getBackend(), skipped, override };
      } catch (e) {
        skipped.push({ name, reason: (e as Error).message.split('\n')[0] });
      }
    }
    throw new Error(`No TensorFlow.js backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
  })();
  return chosen;
}

/** Measures matMul speed on the chosen backend, in GFLOP/s (for Settings and `desk info`). */
export async function measureGflops(n = 256, reps = 5): Promise<number> {
  await selectBackend();
  return activeGflops(n, reps);
}

/** Why training stays off the GPU: a code the screens translate, and the details in English. */
export type GpuReason = 'off' | 'native' | 'no-package' | 'no-adapter' | 'software' | 'slow' | 'failed';

class GpuUnavailable extends Error {
  constructor(readonly code: GpuReason, message: string) {
    super(message);
  }
}

/** What Dawn's node package exports (typed here: it ships browser typings only). */
interface DawnAdapter {
  info: { vendor: string; architecture: string; device?: string; description: string; isFallbackAdapter?: boolean };
}
interface DawnGpu {
  requestAdapter(options: { powerPreference: 'high-performance' | 'low-power' }): Promise<DawnAdapter | null>;
}
interface DawnModule {
  create: (options: string[]) => DawnGpu;
  globals: Record<string, unknown>;
}

/**
 * Starts TensorFlow.js's WebGPU backend on Dawn (the optional `webgpu` package: Vulkan, Metal or Direct3D 12) and
 * returns the adapter's name. A hardware adapter is required: a software one (SwiftShader, lavapipe) is slower than
 * wasm. tfjs-backend-webgpu registers itself only when `navigator.gpu` exists at import, so that is set first.
 * DESK_WEBGPU_FLAGS passes Dawn's own options, ';'-separated (e.g. 'adapter=NVIDIA …' on a machine with two GPUs).
 */
async function startWebgpu(): Promise<string> {
  // On Linux Dawn needs the Vulkan loader; without it Dawn would only print a warning on stderr and find nothing.
  if (process.platform === 'linux' && !hasVulkanLoader()) throw new GpuUnavailable('no-adapter', 'no GPU adapter: no Vulkan loader (libvulkan.so.1) is installed');
  let dawn: DawnModule;
  try {
    dawn = (await import('webgpu')) as unknown as DawnModule;
  } catch {
    throw new GpuUnavailable('no-package', 'the optional package webgpu is not installed');
  }
  const g = globalThis as Record<string, unknown>;
  for (const [k, v] of Object.entries(dawn.globals)) if (!(k in g)) g[k] = v;
  const flags = (process.env.DESK_WEBGPU_FLAGS ?? '').split(';').map((f) => f.trim()).filter(Boolean);
  const gpu = dawn.create(flags);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new GpuUnavailable('no-adapter', 'no GPU adapter: no Vulkan, Metal or Direct3D 12 driver answered');
  const info = adapter.info;
  // `device` is the GPU's name where the driver gives one; `description` is often the driver's version string.
  const name = [info.device || info.description, info.architecture].filter(Boolean).join(' ') || info.vendor || 'unknown GPU';
  if (info.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe/i.test(name)) throw new GpuUnavailable('software', `only a software adapter (${name}): slower than wasm`);
  const nav = (g.navigator ?? {}) as Record<string, unknown>;
  Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  if (!g.navigator) g.navigator = nav;
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new GpuUnavailable('failed', `the webgpu backend did not initialise on ${name}`);
  return name;
}

/** Whether libvulkan.so.1 is in a library directory the dynamic loader searches (LD_LIBRARY_PATH, then the usual ones). */
function hasVulkanLoader(): boolean {
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`, `/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`, '/usr/lib64', '/usr/lib', '/lib64', '/lib', '/usr/local/lib'];
  return dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')));
}

/** matMul GFLOP/s of the active backend (asynchronous reads: webgpu cannot read synchronously in Node). */
async function activeGflops(n: number, reps: number): Promise<number> {
  const [a, b] = [tf.randomUniform([n, n], 0, 1, 'float32', 1), tf.randomUniform([n, n], 0, 1, 'float32', 2)];
  try {
    const w = tf.matMul(a, b);
    await w.data();
    w.dispose();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    }
    return (2 * n * n * n * reps) / ((performance.now() - t0) / 1000) / 1e9;
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** Where training loops run: the GPU through WebGPU, or the thread's own backend (with the reason). */
export interface TrainingDevice {
  /** 'webgpu', or the thread's backend. */
  name: BackendName | 'webgpu';
  /** The TensorFlow.js backend training loops run on. */
  tfBackend: string;
  /** The GPU's name when training runs on it. */
  gpu: string | null;
  /** matMul speed of the GPU over the thread's backend, when measured. */
  speedup: number | null;
  /** Why training stays on the thread's backend (null when it runs on the GPU), as a code and in English. */
  code: GpuReason | null;
  reason: string | null;
}

/** The GPU must multiply matrices this many times faster than wasm to be used automatically (per-step overheads). */
export const GPU_MIN_SPEEDUP = 4;
let device: Promise<TrainingDevice> | null = null;

/**
 * Decides once per thread where training loops run. DESK_GPU=auto (default) uses a hardware GPU through WebGPU when
 * the thread's backend is wasm or cpu and the GPU multiplies 512×512 matrices at least GPU_MIN_SPEEDUP times
 * faster; DESK_GPU=webgpu requires the GPU (an error when there is none); DESK_GPU=off never uses it. Everything
 * outside training loops (scoring, inference, every synchronous read) stays on the thread's backend.
 */
export function trainingDevice(): Promise<TrainingDevice> {
  device ??= (async (): Promise<TrainingDevice> => {
    const base = await selectBackend();
    const pref = process.env.DESK_GPU?.trim().toLowerCase() || 'auto';
    if (!['auto', 'webgpu', 'off'].includes(pref)) throw new Error(`DESK_GPU='${pref}' is not valid; use auto, webgpu or off`);
    const stay = (code: GpuReason, reason: string): TrainingDevice => ({ name: base.name, tfBackend: base.tfBackend, gpu: null, speedup: null, code, reason });
    if (pref === 'off') return stay('off', 'DESK_GPU=off');
    if (pref === 'auto' && base.name !== 'wasm' && base.name !== 'cpu') return stay('native', `${base.name} already runs natively`);
    let gpu: string;
    try {
      gpu = await startWebgpu();
    } catch (e) {
      await tf.setBackend(base.tfBackend);
      if (pref === 'webgpu') throw new Error(`DESK_GPU=webgpu, but ${(e as Error).message}`);
      return stay(e instanceof GpuUnavailable ? e.code : 'failed', (e as Error).message.split('\n')[0]);
    }
    // Only where a GPU answered: the same product timed on the GPU and on the thread's backend.
    const onGpu = pref === 'auto' ? await activeGflops(512, 4) : null;
    await tf.setBackend(base.tfBackend);
    const speedup = onGpu === null ? null : onGpu / (await activeGflops(512, 4));
    if (speedup !== null && speedup < GPU_MIN_SPEEDUP) return { ...stay('slow', `${gpu} multiplies only ${speedup.toFixed(1)}× faster than ${base.name}`), speedup };
    return { name: 'webgpu', tfBackend: 'webgpu', gpu, speedup, code: null, reason: null };
  })();
  return device;
}

/**
 * Runs a training loop on the training device. `held()` lists every tensor the model keeps (weights and constants);
 * before the loop hands over (at its end, or through `onThread` for an epoch-end check that reads synchronously) each
 * is read once asynchronously, which leaves a copy on the CPU, so the thread's backend takes them over without a
 * synchronous GPU read. On the thread's own backend both are plain calls.
 */
export async function onTrainingDevice<T>(held: () => tf.Tensor[], loop: (onThread: <R>(f: () => Promise<R> | R) => Promise<R>) => Promise<T>): Promise<T> {
  const dev = await trainingDevice();
  const base = (await selectBackend()).tfBackend;
  if (dev.tfBackend === base) return loop(async (f) => f());
  const handBack = async (): Promise<void> => {
    await Promise.all(held().filter((t) => !t.isDisposed).map((t) => t.data()));
    await tf.setBackend(base);
  };
  await tf.setBackend(dev.tfBackend);
  try {
    return await loop(async (f) => {
      await handBack();
      try {
        return await f();
      } finally {
        await tf.setBackend(dev.tfBackend);
      }
    });
  } finally {
    // A failed read must not hide the loop's own error: the thread's backend is restored either way.
    await handBack().catch(() => tf.setBackend(base));
  }
}

/** What Settings and `desk info` show of the training device. */
export type TrainingSummary = Omit<TrainingDevice, 'tfBackend'>;

/** Where training runs, for Settings and `desk info`; never throws (a failed decision is reported as 'failed'). */
export async function trainingSummary(): Promise<TrainingSummary> {
  try {
    const { tfBackend: _t, ...summary } = await trainingDevice();
    return summary;
  } catch (e) {
    return { name: (await selectBackend()).name, gpu: null, speedup: null, code: 'failed', reason: (e as Error).message };
  }
}

/**
 * Test seam: makes training loops in this thread run on the given TensorFlow.js backend (a registered one; null: decide
 * again from DESK_GPU and the machine). Tests use it with a stand-in for a GPU that refuses synchronous reads as WebGPU
 * does in Node; no GPU exists on the test machines.
 */
export function setTrainingDeviceForTests(tfBackend: string | null): void {
  device = tfBackend === null ? null : Promise.resolve({ name: 'webgpu', tfBackend, gpu: `test stand-in (${tfBackend})`, speedup: null, code: null, reason: null });
}
