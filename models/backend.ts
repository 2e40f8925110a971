/** Picks the TensorFlow.js compute backend in one place: tfjs-node-gpu > tfjs-node > wasm > cpu. */
import { createRequire } from 'node:module';
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
  const a = tf.randomUniform([n, n], 0, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], 0, 1, 'float32', 2);
  try {
    tf.tidy(() => tf.matMul(a, b)).dataSync();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    }
    const secs = (performance.now() - t0) / 1000;
    return (2 * n * n * n * reps) / secs / 1e9;
  } finally {
    a.dispose();
    b.dispose();
  }
}
