// Bundles the Electron main process and preload (CommonJS, as Electron's sandboxed preload requires).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: ['main/src/main.ts'], outfile: 'main/dist/main.cjs' });
await build({ ...common, entryPoints: ['main/src/preload.ts'], outfile: 'main/dist/preload.cjs' });
process.stdout.write('built main/dist/main.cjs and main/dist/preload.cjs\n');
