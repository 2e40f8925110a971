/** `npm run bench -- fuzz-files [--files=N] [--seed=S]`: thousands of mutated CSV/XLSX/ZIP files over every import kind. */
import fc from 'fast-check';
import { bench, seedProducts, type Bench } from '../unit/import-helpers';
import { caseArb, tryCase } from '../unit/fuzz-files';
import { printTable, type BenchRow } from './table';

function flag(args: string[], name: string, fallback: number): number {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  const v = a ? Number(a.slice(name.length + 3)) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Runs the file fuzzer and prints what happened. */
export async function run(args: string[]): Promise<void> {
  const files = flag(args, 'files', 3000);
  const seed = flag(args, 'seed', 20_261_201);
  let crashes = 0;
  const onCrash = (): void => void crashes++;
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const stores = new Map<string, { b: Bench; used: number }>();
  const storeFor = async (kind: string): Promise<Bench> => {
    let s = stores.get(kind);
    // A fresh store now and then keeps each one small (successful imports grow it).
    if (!s || s.used >= 150) {
      s?.b.cleanup();
      const b = bench();
      await seedProducts(b);
      s = { b, used: 0 };
      stores.set(kind, s);
    }
    s.used++;
    return s.b;
  };
  const t = { ok: 0, user_error: 0, internal: 0, hang: 0, changed: 0, integrity: 0, silent: 0 };
  const byContainer = new Map<string, number>();
  const examples: string[] = [];
  const ms: number[] = [];
  const t0 = performance.now();
  const cases = fc.sample(caseArb(1_200_000), { numRuns: files, seed });
  for (const [n, c] of cases.entries()) {
    const b = await storeFor(c.kind);
    const o = await tryCase(b.store.db, b.dir, c, n, 30_000);
    t[o.result]++;
    if (o.storeChangedOnError) t.changed++;
    if (!o.integrityOk) t.integrity++;
    if (o.silentLoss) t.silent++;
    byContainer.set(c.container, (byContainer.get(c.container) ?? 0) + 1);
    ms.push(o.ms);
    const bad = o.result === 'internal' || o.result === 'hang' || o.storeChangedOnError || !o.integrityOk || o.silentLoss;
    if (bad && examples.length < 10) examples.push(`#${n} ${c.kind}/${c.container} ${o.result} ${o.silentLoss ?? ''} ${(o.message ?? '').slice(0, 160)} ${JSON.stringify(c.mutations).slice(0, 200)}`);
  }
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  for (const s of stores.values()) s.b.cleanup();
  ms.sort((a, b) => a - b);
  const row = (metric: string, ours: number, target: string): BenchRow => ({ metric, ours, peer: '—', peerName: '—', ratio: '—', target });
  printTable(`Fuzzed import files (seed ${seed}; ${[...byContainer].map(([k, v]) => `${k} ${v}`).join(', ')}; ${((performance.now() - t0) / 1000).toFixed(0)} s)`, [
    row('files tried', files, ''),
    row('imported', t.ok, ''),
    row('typed user errors', t.user_error, ''),
    row('crashes (uncaught)', crashes, '0'),
    row('internal errors', t.internal, '0'),
    row('hangs (> 30 s)', t.hang, '0'),
    row('store changed on error', t.changed, '0'),
    row('integrity_check not ok', t.integrity, '0'),
    row('silent loss (rows missing)', t.silent, '0'),
    row('median ms per file', ms[Math.floor(ms.length / 2)] ?? 0, ''),
    row('p99 ms per file', ms[Math.floor(ms.length * 0.99)] ?? 0, ''),
  ]);
  for (const e of examples) process.stdout.write(`  ${e}\n`);
}
