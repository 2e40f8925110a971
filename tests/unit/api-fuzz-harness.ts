/** API fuzzer shared by the unit test and the benchmark: random and mutated payloads for every operation, sent through the real HTTP transport. */
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { ops, type OpName } from '../../engine/api/ops/index';
import { openStore } from '../../engine/db/store';
import { generateDemo } from '../../engine/demo/generate';
import { Engine } from '../../engine/engine';
import { isErrorCode } from '../../engine/errors';
import { serve, type RunningServer } from '../../engine/http/server';

/** Builds a tiny demo store at `path` (12 SKUs, 28 days) without a worker thread. */
export async function makeFuzzStore(path: string): Promise<void> {
  const store = openStore(path);
  try {
    await generateDemo(store.db, { seed: 7, skus: 12, days: 28, end: '2026-10-31' }, { lang: 'en', progress: () => undefined, checkCancelled: () => undefined, isCancelled: () => false });
  } finally {
    store.close();
  }
}

/** How an operation may be fuzzed. */
type Policy =
  /** Any payload is sent; a success may change the store (the new state becomes the baseline). */
  | 'send'
  /** Starts long work (training, demo, forecasts): only payloads its schema refuses are sent. */
  | 'refused-only'
  /** Opens, creates or closes stores: any payload is sent, and the fuzz store is reopened afterwards. */
  | 'switch';

const SLOW: ReadonlySet<string> = new Set([
  'forecast.run', 'forecast.backtest', 'forecast.trainNeural', 'pricing.train', 'pricing.evaluate', 'pricing.elasticity.start',
  'demo.create', 'system.backend',
  // Visual search: these load a CNN (seconds each).
  'images.index', 'images.search', 'images.finetune',
  'recs.train.start',
  // Try-on loads the keypoint models (seconds on a busy core): only refused payloads are sent.
  'tryon.keypoints', 'tryon.render', 'tryon.batch', 'tryon.export', 'tryon.product', 'tryon.product.update', 'tryon.product.reset', 'tryon.photos.add',
  // Chats (issue 13): these load or train the text models.
  'chats.analyze', 'chats.suggest', 'text.train', 'text.evaluate',
  // autoStart starts agent training.
  'pricing.training',
]);
const SWITCH: ReadonlySet<string> = new Set(['store.open', 'store.create', 'store.close', 'store.restore']);

/** Operations that write a file at `path`: the fuzzer keeps that file inside its own folder (the API itself does not, yet). */
const WRITES_AT_PATH: ReadonlySet<string> = new Set(['store.backup', 'store.create', 'export.run', 'planning.export', 'demo.create', 'import.run', 'recs.export', 'recs.export.start']);

/** Rewrites a `path` that would land outside `dir` to a place inside it, so fuzzing never writes on the host. */
export function confine(op: string, body: string, dir: string): string {
  if (!WRITES_AT_PATH.has(op)) return body;
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return body;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v) || typeof (v as { path?: unknown }).path !== 'string') return body;
  const p = (v as { path: string }).path;
  const rel = relative(dir, resolve(dir, p));
  if (!rel.startsWith('..') && !isAbsolute(rel)) return body;
  return JSON.stringify({ ...v, path: join(dir, 'confined', p.replace(/[/\\:]/g, '_')) });
}

function policy(name: string): Policy {
  return SLOW.has(name) ? 'refused-only' : SWITCH.has(name) ? 'switch' : 'send';
}

/** A valid payload per operation, with real ids from the fuzz store. */
function examples(ctx: { sku: string; imageId: number; storePath: string; csv: string }): Record<OpName, Record<string, unknown>> {
  const { sku } = ctx;
  return {
    'forecast.run': { horizon: 7, model: 'snaive' },
    'forecast.backtest': { horizon: 7, folds: 1, models: ['snaive'] },
    'forecast.get': { sku, days: 30 },
    'forecast.accuracy': {},
    'forecast.latest': {},
    'forecast.whatif': { sku, discountPct: 10 },
    'forecast.trainNeural': { horizon: 7, epochs: 1 },
    'forecast.neuralRuns': { limit: 5 },
    'planning.plan': { serviceLevel: 0.9, reviewDays: 7, today: '2026-10-31' },
    'planning.status': { serviceLevel: 0.9 },
    'planning.suggestions': {},
    'planning.updateSuggestion': { id: 1, quantity: 3 },
    'planning.export': { format: 'csv', path: 'fuzz-plan.csv' },
    'store.info': { backend: false },
    'store.current': {},
    'store.recent': {},
    'store.open': { path: ctx.storePath },
    'store.create': { path: 'fuzz-new.db' },
    'store.close': {},
    'store.backup': { path: 'fuzz-backup.db' },
    'store.restore': { path: 'no-such-backup.db' },
    'store.check': {},
    'settings.get': {},
    'settings.set': { key: 'fuzz', value: { a: 1 } },
    'import.kinds': {},
    'import.preview': { kind: 'products', path: ctx.csv },
    'import.run': { kind: 'products', path: 'no-such-file.csv', dryRun: true },
    'import.history': { limit: 5 },
    'jobs.list': { limit: 5 },
    'jobs.get': { jobId: 'nope' },
    'jobs.cancel': { jobId: 'nope' },
    'jobs.wait': { jobId: 'nope', timeoutMs: 10 },
    'pricing.elasticity': { sku, save: false },
    'pricing.elasticity.start': {},
    'pricing.elasticity.saved': { sku },
    'pricing.guardrails.get': { sku },
    'pricing.guardrails.set': { scope: 'sku', key: sku, rules: { minPrice: 1 } },
    'export.formats': {},
    'export.run': { format: 'csv', path: 'fuzz-out.csv' },
    'export.mappings.list': {},
    'export.mappings.save': { name: 'fuzz', format: 'csv', columns: [{ column: 'SKU', field: 'sku' }] },
    'dashboard.summary': { days: 7 },
    'dashboard.area': { area: 'pricing' },
    'system.backend': { measure: false },
    'products.image': { id: ctx.imageId },
    'products.list': { q: sku.slice(0, 3), limit: 5 },
    'pricing.train': { episodes: 1 },
    'pricing.training': { autoStart: false },
    'pricing.recommend': { sku, draws: 20, days: 1 },
    'pricing.recommendations': { limit: 5 },
    'pricing.decide': { ids: [1], action: 'reject' },
    'pricing.apply': { ids: [1] },
    'pricing.curve': { sku, points: 5 },
    'pricing.competitors': { sku, days: 7 },
    'pricing.evaluate': { seeds: 2 },
    'demo.create': { path: 'fuzz-demo.db', skus: 12, days: 28 },
    // Visual search
    'images.import': { path: ctx.csv, skipInvalid: true },
    'images.index': {},
    'images.status': {},
    'images.search': { productId: 1, k: 5 },
    'images.graphWeight': { weight: 0.2 },
    'images.graphWeight.tune': {},
    'images.finetune': { backbone: 'colour', views: 1, steps: 5 },
    'images.duplicates': { limit: 10 },
    'images.dismissDuplicate': { imageA: ctx.imageId, imageB: ctx.imageId + 1 },
    'images.thumbnail': { id: ctx.imageId },
    'recs.train.start': { models: ['pop'], epochs: 1, ensemble: 2 },
    'recs.status': {},
    'recs.refresh': {},
    'recs.customers': { query: '', limit: 5 },
    'recs.customers.search': { query: 'c00', limit: 5 },
    'recs.forCustomer': { customer: 1, k: 5, tail: 0.2 },
    'recs.forProduct': { sku, k: 5 },
    'recs.export': { path: 'fuzz-recs.csv', k: 3 },
    'recs.export.start': { path: 'fuzz-recs-job.csv', k: 3 },
    'tryon.keypoints': { photo: { path: 'photo.jpg' } },
    'tryon.products': { limit: 10 },
    'tryon.product': { sku },
    'tryon.product.update': { sku, type: 'eyewear' },
    'tryon.product.reset': { sku },
    'tryon.render': { photo: { photoId: 1 }, sku, person: 0, adjust: { dx: 2, dy: -3, scale: 1.1, rotateDeg: 5 } },
    'tryon.photos': {},
    'tryon.photos.add': { path: 'photo.jpg' },
    'tryon.gallery': { limit: 5 },
    'tryon.export': { ids: [1], size: 800, background: 'white', format: 'png' },
    'tryon.batch': { photoIds: [1], skus: [sku] },
    // Chats (issue 13).
    'chats.analyze': {},
    'chats.list': { search: 'order', limit: 10 },
    'chats.get': { conversation: 1 },
    'chats.suggest': { conversation: 1, limit: 3 },
    'chats.useSuggestion': { conversation: 1, slug: 'shipping-time' },
    'chats.analytics': {},
    'kb.list': {},
    'kb.save': { slug: 'fuzz-article', titleEn: 'Fuzz', bodyEn: 'Body', variants: [{ lang: 'en', channel: 'email', body: 'Dear customer' }] },
    'kb.delete': { slug: 'fuzz-article' },
    'text.evaluate': { task: 'sentiment', csv: ctx.csv, text: 'text', label: 'label' },
    'text.train': { task: 'intents', csv: ctx.csv, text: 'text', label: 'label', out: 'fuzz-model' },
    'text.columns': { csv: ctx.csv },
    'text.models': {},
    'text.useModel': { task: 'sentiment', dir: null },
  };
}

/** Values that have broken parsers before: boundaries, wrong types, paths, injections, odd text. */
const NASTY: unknown[] = [
  null, true, false, 0, -0, -1, 1.5, -1e308, 1e308, 2 ** 53, -(2 ** 53), 2 ** 31, 4294967296, '', ' ', '0', '-1', 'NaN', 'Infinity', 'null',
  'true', '[]', '{}', [], {}, [[]], [null], { a: { b: { c: [] } } }, '2026-02-30', '9999-99-99', '0000-00-00', '2026-10-31T25:61:00Z',
  '../../../../etc/passwd', '/etc/passwd', '/', '.', '..', 'C:\\Windows\\win.ini', '\\\\server\\share\\x.db', 
  '/proc/self/x.db', '/nonexistent/x.db', 'x\u0000.db', 'a\u0000b', '\u0000', "'; DROP TABLE products; --", '" OR 1=1 --', '%s%s%n', '${7*7}', '{name}',
  '<script>alert(1)</script>', '=cmd|"/c calc"!A1', '🙂'.repeat(50), '中文商品', '\u202e\u0301\ufeff', '\ud800', 'é'.repeat(3),
  'x'.repeat(5000), { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, '__proto__', 'constructor',
];

const jsonLeaf = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 40 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));

/** Random JSON, deep and wide. */
const randomJson: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'medium' },
  fc.jsonValue({ maxDepth: 6 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })),
  fc.constantFrom(...NASTY),
);

/** Nested garbage: a value buried `depth` arrays or objects deep. */
const nested = fc.tuple(fc.integer({ min: 20, max: 400 }), jsonLeaf, fc.boolean()).map(([depth, leaf, arr]) => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = arr ? [v] : { x: v };
  return v;
});

/** A huge string (up to 300 KB) in some field. */
const huge = fc.tuple(fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom('a', '中', '🙂', '\u0000', ',', '"', '\n')).map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

function mutations(example: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(example);
  const withKey = (f: (k: string) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    keys.length ? fc.constantFrom(...keys).chain(f) : fc.constant(example);
  return fc.oneof(
    fc.constant(example),
    // one field gets a value from the nasty list (paths, dates, boundaries, injections)
    { arbitrary: withKey((k) => fc.constantFrom(...NASTY).map((v) => ({ ...example, [k]: v }))), weight: 3 },
    // one field gets a wrong or nasty value
    withKey((k) => fc.oneof(jsonLeaf, nested, huge, randomJson).map((v) => ({ ...example, [k]: v }))),
    // every field gets a random value
    fc.tuple(...keys.map(() => jsonLeaf)).map((vs) => Object.fromEntries(keys.map((k, i) => [k, vs[i]]))),
    // missing fields
    fc.subarray(keys).map((drop) => Object.fromEntries(Object.entries(example).filter(([k]) => !drop.includes(k)))),
    // extra fields
    fc.dictionary(fc.string({ maxLength: 10 }), jsonLeaf, { minKeys: 1, maxKeys: 4 }).map((extra) => ({ ...example, ...extra })),
    // the value wrapped in an array, or a number turned negative
    withKey((k) => fc.constant({ ...example, [k]: typeof example[k] === 'number' ? -(example[k] as number) - 1 : [example[k]] })),
  );
}

/** One fuzz case: operation, body text and language. */
export interface FuzzCase {
  op: string;
  body: string;
  lang: 'en' | 'zh';
}

function caseArb(names: string[], ex: Record<string, Record<string, unknown>>): fc.Arbitrary<FuzzCase> {
  return fc.tuple(fc.constantFrom(...names), fc.constantFrom<'en' | 'zh'>('en', 'zh'), fc.nat(99)).chain(([op, lang, roll]) => {
    const body: fc.Arbitrary<string> =
      roll < 55 ? mutations(ex[op]).map((v) => JSON.stringify(v) ?? '')
        : roll < 75 ? randomJson.map((v) => JSON.stringify(v) ?? '')
          : roll < 85 ? nested.map((v) => JSON.stringify(v) ?? '')
            : roll < 90 ? huge.map((s) => JSON.stringify({ ...ex[op], [Object.keys(ex[op])[0] ?? 'x']: s }))
              // bodies that are not JSON at all
              : fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('{', '{"a":', '[1,2', 'undefined', '\u0000', '{"a":1}{"b":2}'));
    return body.map((b) => ({ op, body: b, lang }));
  });
}

/** Something the fuzzer found. */
export interface Finding {
  kind: '500' | 'untyped' | 'store-changed' | 'no-answer';
  op: string;
  body: string;
  detail: string;
}

/** Totals of a fuzz run. */
export interface FuzzReport {
  tried: number;
  sent: number;
  ok: number;
  typedErrors: number;
  /** Valid payloads of long-work operations that were not sent. */
  skippedValid: number;
  findings: Finding[];
  integrity: string;
  opsCovered: number;
  seconds: number;
  /** Milliseconds spent per operation (answer plus store check). */
  msByOp: Record<string, number>;
}

/** Content hash of every table of the store (a separate read connection sees what is committed). */
function storeHash(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const h = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    for (const t of tables) {
      h.update(`\u0000${t}\u0000`);
      for (const row of db.prepare(`SELECT * FROM "${t}"`).raw().iterate() as Iterable<unknown[]>) {
        h.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v)));
      }
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

/** Options of a fuzz run. */
export interface FuzzOptions {
  /** Folder of its own (the data folder of the engine). */
  dir: string;
  /** A fuzz store made by makeFuzzStore; it is copied, never touched. */
  template: string;
  payloads: number;
  seed: number;
  /** Called with each case before it is sent (a crash of the whole process leaves the last one behind). */
  trace?: (c: FuzzCase) => void;
}

/** Sends `payloads` random and mutated payloads over every operation through HTTP and checks each answer and the store. */
export async function runApiFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const storePath = join(o.dir, 'shop.db');
  copyFileSync(o.template, storePath);
  const csv = join(o.dir, 'products.csv');
  writeFileSync(csv, 'sku,title,price\nFZ-1,Fuzz,9.5\n');
  const engine = new Engine({ dataDir: o.dir, lang: 'en' });
  await engine.open(storePath);
  const srv: RunningServer = await serve({ engine });
  const db = engine.store.db;
  const sku = db.prepare('SELECT sku FROM products ORDER BY id LIMIT 1').pluck().get() as string;
  const imageId = (db.prepare('SELECT id FROM images ORDER BY id LIMIT 1').pluck().get() as number | undefined) ?? 1;
  const ex = examples({ sku, imageId, storePath, csv });
  const names = Object.keys(ops);
  const cases = fc.sample(caseArb(names, ex), { numRuns: o.payloads, seed: o.seed });
  const report: FuzzReport = { tried: 0, sent: 0, ok: 0, typedErrors: 0, skippedValid: 0, findings: [], integrity: '', opsCovered: 0, seconds: 0, msByOp: {} };
  const covered = new Set<string>();
  let baseline = storeHash(storePath);
  // data_version of a connection of our own moves whenever any other connection commits: the full hash runs only then.
  let watch = new Database(storePath, { readonly: true });
  const version = (): number => watch.pragma('data_version', { simple: true }) as number;
  let seen = version();
  const short = (s: string): string => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);
  try {
    for (const raw of cases) {
      const c = { ...raw, body: confine(raw.op, raw.body, o.dir) };
      report.tried++;
      if (policy(c.op) === 'refused-only') {
        let parsed: unknown;
        try {
          parsed = c.body.trim() ? JSON.parse(c.body) : {};
        } catch {
          parsed = undefined; // not JSON: the transport refuses it before the schema
        }
        if (parsed !== undefined && (ops[c.op as OpName].input as z.ZodType).safeParse(parsed ?? {}).success) {
          report.skippedValid++;
          continue;
        }
      }
      report.sent++;
      covered.add(c.op);
      o.trace?.(c);
      const switched = policy(c.op) === 'switch';
      // store.restore copies over the store's files: a connection of ours left open on them would read a truncated map.
      if (switched) watch.close();
      const started = performance.now();
      let status = 0;
      let text = '';
      try {
        const res = await fetch(`${srv.baseUrl}/api/op/${c.op}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${srv.token}`, 'x-desk-lang': c.lang },
          body: c.body,
          signal: AbortSignal.timeout(60_000),
        });
        status = res.status;
        text = await res.text();
      } catch (e) {
        report.findings.push({ kind: 'no-answer', op: c.op, body: short(c.body), detail: (e as Error).message });
        break;
      }
      let body: { ok?: unknown; result?: { jobId?: unknown }; error?: { code?: unknown; message?: unknown } } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // an answer that is not JSON is untyped
      }
      if (status === 500 || body.error?.code === 'internal') {
        report.findings.push({ kind: '500', op: c.op, body: short(c.body), detail: short(text) });
      } else if (status !== 200 && !(isErrorCode(body.error?.code) && typeof body.error?.message === 'string' && body.error.message.length > 0)) {
        report.findings.push({ kind: 'untyped', op: c.op, body: short(c.body), detail: `${status} ${short(text)}` });
      }
      if (status === 200) report.ok++;
      else report.typedErrors++;
      // A started job (import of an existing file) runs to its end before the store is compared.
      const jobId = body.result?.jobId;
      if (status === 200 && typeof jobId === 'string' && engine.hasStore) await engine.jobs.wait(jobId).catch(() => undefined);
      if (switched && (!engine.hasStore || engine.store.path !== storePath)) await engine.open(storePath);
      if (switched) watch = new Database(storePath, { readonly: true });
      const v = version();
      const now = switched || v !== seen ? storeHash(storePath) : baseline;
      seen = v;
      if (status !== 200 && now !== baseline) report.findings.push({ kind: 'store-changed', op: c.op, body: short(c.body), detail: `status ${status}` });
      baseline = now;
      report.msByOp[c.op] = (report.msByOp[c.op] ?? 0) + performance.now() - started;
    }
  } finally {
    if (watch.open) watch.close();
    if (!engine.hasStore) await engine.open(storePath);
    report.integrity = String(engine.store.db.pragma('integrity_check', { simple: true }));
    await srv.close();
    await engine.close();
  }
  report.opsCovered = covered.size;
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}
