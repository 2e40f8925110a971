/** Which compute backend selectBackend() would start, found without loading TensorFlow.js (it costs seconds). */
import { createRequire } from 'node:module';
import { BACKEND_PACKAGES, type BackendName } from './backend-names';

const require = createRequire(import.meta.url);

/** The first backend whose package is installed (or the DESK_BACKEND override), and why better ones were passed over. */
export interface BackendProbe {
  name: BackendName;
  skipped: { name: BackendName; reason: string }[];
  override: string | null;
  /** Always false: the backend was found, not started. selectBackend() starts it. */
  started: false;
}

/** Looks for each backend's package in order; 'cpu' is built into TensorFlow.js and always there. */
export function probeBackend(): BackendProbe {
  const override = process.env.DESK_BACKEND?.trim() || null;
  const skipped: BackendProbe['skipped'] = [];
  for (const [name, pkg] of BACKEND_PACKAGES) {
    if (override && override !== name) continue;
    if (!pkg) return { name, skipped, override, started: false };
    try {
      require.resolve(`${pkg}/package.json`);
      return { name, skipped, override, started: false };
    } catch {
      skipped.push({ name, reason: `${pkg} is not installed` });
    }
  }
  return { name: 'cpu', skipped, override, started: false };
}
