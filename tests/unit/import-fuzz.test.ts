import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bench, seedProducts, type Bench } from './import-helpers';
import { SAMPLES, caseArb, tryCase, type FuzzCase } from './fuzz-files';

const stores = new Map<string, Bench>();
beforeAll(async () => {
  for (const kind of Object.keys(SAMPLES)) {
    const b = bench();
    await seedProducts(b);
    stores.set(kind, b);
  }
});
afterAll(() => {
  for (const b of stores.values()) b.cleanup();
});

describe('fuzzed import files (the long run is `npm run bench -- fuzz-files`)', () => {
  it('150 mutated CSV/XLSX/ZIP files over every import kind: a typed user error or success (reading every row), never an internal error; the store is unchanged on error and intact', async () => {
    const cases = fc.sample(caseArb(80_000), { numRuns: 150, seed: 20_261_201 });
    const bad: { n: number; kind: string; container: string; mutations: string; problem: string }[] = [];
    const tally = { ok: 0, user_error: 0, internal: 0, hang: 0 };
    for (const [n, c] of cases.entries()) {
      const b = stores.get(c.kind) as Bench;
      const o = await tryCase(b.store.db, b.dir, c, n, 10_000);
      tally[o.result]++;
      const problem = o.silentLoss ? `silent loss: ${o.silentLoss}` : o.result === 'internal' || o.result === 'hang' ? `${o.result}: ${o.message ?? ''}` : o.storeChangedOnError ? 'store changed on error' : !o.integrityOk ? 'integrity_check failed' : '';
      if (problem) bad.push({ n, kind: c.kind, container: c.container, mutations: JSON.stringify(c.mutations).slice(0, 300), problem });
    }
    expect(bad).toEqual([]);
    // The generator reaches both outcomes (a fuzzer that only ever fails or only ever succeeds tests little).
    expect(tally.ok).toBeGreaterThan(10);
    expect(tally.user_error).toBeGreaterThan(10);
  }, 60_000);

  it('a quote opening any cell of any data row never lets an import succeed with rows missing (it swallowed the rest of the file before)', async () => {
    let n = 1000;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(SAMPLES)), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), async (kind, row, cell) => {
        const c: FuzzCase = { kind, container: 'csv', mutations: [{ t: 'openQuote', row, cell }], skipInvalid: false, lang: 'en', entries: [] };
        const b = stores.get(kind) as Bench;
        const o = await tryCase(b.store.db, b.dir, c, n++, 10_000);
        expect(o.silentLoss).toBeUndefined();
        expect(['ok', 'user_error']).toContain(o.result);
        // A quote that is never closed (as a strict independent parser sees it) must be named, not swallow the rest.
        if (o.reference === 'unclosed') expect(o.message).toMatch(/row \d+, column .+: a quote opened in this cell is never closed/);
        expect([o.storeChangedOnError, o.integrityOk]).toEqual([false, true]);
      }),
      { numRuns: 40, seed: 7 },
    );
  }, 60_000);
});
