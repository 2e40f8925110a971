/** The compute backends, best first, with the package each needs (null: built into TensorFlow.js). No TensorFlow import. */

/** Backends the app can run on, best first. */
export const BACKEND_ORDER = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** One of the backends. */
export type BackendName = (typeof BACKEND_ORDER)[number];

/** Backend -> the npm package that provides it, in BACKEND_ORDER. */
export const BACKEND_PACKAGES: readonly (readonly [BackendName, string | null])[] = [
  ['tensorflow-gpu', '@tensorflow/tfjs-node-gpu'],
  ['tensorflow', '@tensorflow/tfjs-node'],
  ['wasm', '@tensorflow/tfjs-backend-wasm'],
  ['cpu', null],
];
