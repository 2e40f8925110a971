// Bundles the engine ahead of time into engine/dist/ (ESM, code-split): the CLI, the job worker, the forecasting and
// pricing pools and the desktop engine host. Packages stay external (native modules, wasm, TensorFlow.js), but zod. Writes
// engine/dist/inputs.json last, which bin/bundle-state.js uses to tell whether the bundle is up to date.
// `node scripts/build-engine.js [--if-stale]`.
import { build } from 'esbuild';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_DIR, MANIFEST, bundleIsFresh } from '../bin/bundle-state.js';

const root = new URL('..', import.meta.url).pathname;
const outdir = join(root, BUNDLE_DIR);

/** Entry name in engine/dist/ (plus .mjs) -> source. Worker names are the ones engine/bundle-paths.ts asks for. */
const entries = {
  cli: 'engine/cli/main.ts',
  'job-worker': 'engine/jobs/worker.ts',
  'forecast-pool-worker': 'engine/forecast/pool-worker.ts',
  'train-pool-worker': 'engine/pricing/train-pool-worker.ts',
  'recs-member-worker': 'engine/recs/member-worker.ts',
  'vision-query-worker': 'engine/vision/query/worker.ts',
  'import-writer-worker': 'engine/import/pipe/writer-worker.ts',
  'store-check-worker': 'engine/db/check-worker.ts',
  'engine-host': 'main/src/engine-host.ts',
  // The Engine class as the app's engine host runs it, for benchmarks that time a job the way the app runs it.
  engine: 'engine/engine.ts',
};

// An entry added here since the last build makes the old bundle stale too.
const hasEveryEntry = () => Object.keys(entries).every((n) => existsSync(join(outdir, `${n}.mjs`)));
if (process.argv.includes('--if-stale') && bundleIsFresh(root) && hasEveryEntry()) process.exit(0);

const builtAt = Date.now();
// Built beside the old bundle and swapped in, so a `desk` starting meanwhile sees a whole bundle or none (then tsx).
const tmp = `${outdir}.tmp-${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: tmp,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages stay external, but for zod: as ~450 separate ES modules it took 60-100 ms to load in every job worker
  // and CLI command that validates input; bundled, it is part of one chunk.
  plugins: [
    {
      name: 'external-packages-but-zod',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.kind === 'entry-point' || args.path === 'zod' || args.path.startsWith('zod/') ? undefined : { path: args.path, external: true },
        );
        // Of zod's 64 message locales the engine uses English and Simplified Chinese (engine/zod-messages.ts): the
        // other 62 would be half of the chunk (755 KB against 396 KB; loading it 74-81 against 48-56 ms of CPU).
        b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-locales' } : undefined));
        b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
          contents: ['en', 'zh-CN'].map((l) => `export { default as ${l.replace('-', '')} } from ${JSON.stringify(join(root, 'node_modules/zod/v4/locales', `${l}.js`))};`).join('\n'),
          resolveDir: root,
        }));
      },
    },
  ],
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  define: { __DESK_BUNDLE__: 'true' },
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
// Files only: not packages, nor the virtual module of zod's locales ('zod-locales:…').
const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules') && !p.startsWith('zod-locales:'));
const outputs = Object.keys(entries).map((n) => join(BUNDLE_DIR, `${n}.mjs`));
writeFileSync(join(tmp, MANIFEST), JSON.stringify({ builtAt, inputs, outputs }, null, 1));
const old = `${outdir}.old-${process.pid}`;
if (existsSync(outdir)) renameSync(outdir, old);
renameSync(tmp, outdir);
rmSync(old, { recursive: true, force: true });
process.stdout.write(`built ${BUNDLE_DIR}/ (${Object.keys(entries).join(', ')}) in ${((Date.now() - builtAt) / 1000).toFixed(1)} s\n`);
