// Engine host for Electron's utility process: runs the prebuilt engine (engine/dist/engine-host.mjs, `npm run build`)
// when it is up to date, else registers the TypeScript loader and runs the sources (development).
import { fileURLToPath } from 'node:url';
import { bundleIsFresh } from '../bin/bundle-state.js';

if (bundleIsFresh(fileURLToPath(new URL('..', import.meta.url)))) {
  await import('../engine/dist/engine-host.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./src/engine-host.ts');
}
