/** `npm run bench -- NAME [NAME...]`: runs the named benchmarks (all when none given). */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : available;
let failed = false;
for (const name of names) {
  if (!available.includes(name)) {
    process.stderr.write(`Unknown benchmark '${name}'. Available: ${available.join(', ')}\n`);
    process.exitCode = 1;
    continue;
  }
  process.stdout.write(`\n=== bench: ${name} (${new Date().toISOString().slice(0, 10)}) ===\n`);
  const mod = (await import(`./${name}.bench.ts`)) as { run: (args: string[]) => Promise<void> };
  try {
    await mod.run(process.argv.slice(2));
  } catch (e) {
    failed = true;
    process.stderr.write(`bench ${name} failed: ${(e as Error).stack}\n`);
  }
}
if (failed) process.exitCode = 1;
