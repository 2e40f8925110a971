// `npm test`: builds the engine bundle when stale, runs the unit suite, then the end-to-end suite in Debian's Chromium;
// ends with one summary line and, for each skipped group, where it is and why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { skippedLines } from './test-summary.js';

const root = new URL('..', import.meta.url).pathname;
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const out = join(root, 'tests', 'artifacts');
mkdirSync(out, { recursive: true });

const suites = [{ name: 'unit', config: 'vitest.config.ts' }];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(join(root, 'tests', 'e2e', 'vitest.config.ts'))) {
  if (existsSync(chromium)) suites.push({ name: 'e2e', config: 'tests/e2e/vitest.config.ts' });
  else if (process.env.DESK_SKIP_E2E !== '1') {
    process.stderr.write(`npm test: Chromium not found at ${chromium}. Install it (apt-get install chromium) or set CHROMIUM_PATH; DESK_SKIP_E2E=1 runs the unit suite alone.\n`);
    process.exit(1);
  }
}

// The tests run `desk` as it ships: from the prebuilt engine (tsx is for development only).
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-engine.js'), '--if-stale'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const skippedWhy = [];
let passed = 0;
let failed = 0;
let skipped = 0;
let status = 0;
for (const s of suites) {
  const report = join(out, `${s.name}-results.json`);
  process.stdout.write(`\n── ${s.name} tests ──\n`);
  const r = spawnSync(process.execPath, [vitest, 'run', '--config', s.config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) status = r.status ?? 1;
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests ?? 0;
    failed += j.numFailedTests ?? 0;
    skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    skippedWhy.push(...skippedLines(s.name, j, root));
  } else if (r.status !== 0) failed += 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
if (skippedWhy.length) process.stdout.write(`Skipped:\n${skippedWhy.join('\n')}\n`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
