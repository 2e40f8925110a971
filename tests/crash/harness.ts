/** Crash harness: runs an operation in a child process, kills it with SIGKILL at a random moment, then checks the store. */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Engine } from '../../engine/engine';
import { readAgent } from '../../engine/pricing/agent-store';
import { PIPE_ENV, runOp, type ChildOp } from './child';
import { rng, type World } from './world';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What one kill did and what the checks after it found. */
export interface KillOutcome {
  op: ChildOp;
  /** False when the operation ended before the kill landed (not counted as a kill). */
  killed: boolean;
  /** Where the kill landed: the job's progress fraction, or ms after start for export. */
  at: string;
  integrityOk: boolean;
  /** Invariants a half-written operation would break (empty when none). */
  halfWritten: string[];
  /** Jobs/runs still queued or running after reopening (should be 0). */
  stuck: number;
  /** Jobs/runs the reopen marked interrupted. */
  reconciled: number;
  /** Temporary files still there after reopening. */
  strays: string[];
  nextOk: boolean;
  nextError: string | null;
  /** Seconds: the killed child, the checks and reopen, the next operation. */
  seconds: { child: number; checks: number; next: number };
}

/** Reference figures of one uninterrupted run of each operation (from `reference`). */
export interface Reference {
  exportLines: number;
  exportMs: number;
}

function args(op: ChildOp, world: World, runDir: string): string {
  return op === 'import' || op === 'first-import' || op === 'first-import-piped' ? world.ordersCsv : op === 'export' ? join(runDir, 'out', 'prices.csv') : '';
}

function countLines(path: string): number {
  return readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0).length;
}

/** Runs the export once in-process on a copy of the base store: its row count and duration. */
export async function reference(world: World): Promise<Reference> {
  const dir = join(world.dir, 'reference');
  mkdirSync(join(dir, 'out'), { recursive: true });
  copyFileSync(world.base, join(dir, 'shop.db'));
  const engine = new Engine({ dataDir: dir, lang: 'en' });
  await engine.open(join(dir, 'shop.db'));
  // The second (warm) run is the window: a fresh child also loads the export code, so kills land inside it.
  await runOp(engine, 'export', args('export', world, dir));
  const t0 = performance.now();
  await runOp(engine, 'export', args('export', world, dir));
  const exportMs = performance.now() - t0;
  await engine.close();
  return { exportLines: countLines(args('export', world, dir)), exportMs };
}

/** Spawns the child on `store` and kills it with SIGKILL when `shouldKill` says so (or lets it finish). */
function runAndKill(op: ChildOp, store: string, arg: string, plan: { fraction: number; extraMs: number }): Promise<{ killed: boolean; at: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, op, store, arg], { cwd: ROOT, env: { ...process.env, DESK_LOG: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let startedAt = 0;
    let armed = false;
    let at = '';
    let buf = '';
    let err = '';
    const kill = (where: string): void => {
      if (armed) return;
      armed = true;
      setTimeout(() => {
        if (child.exitCode !== null) return;
        at = where;
        child.kill('SIGKILL');
      }, plan.extraMs);
    };
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'started') {
          startedAt = performance.now();
          if (op === 'export') kill(`${Math.round(plan.extraMs)} ms`);
        } else if (line.startsWith('progress ')) {
          const [, done, total] = line.split(' ').map(Number);
          const f = total > 0 ? done / total : 0;
          if (f >= plan.fraction) kill(`${Math.round(f * 100)}% +${Math.round(plan.extraMs)} ms`);
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, at });
      else if (code === 0) resolve({ killed: false, at: startedAt ? 'finished first' : 'never started' });
      else reject(new Error(`crash child ${op} exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

const STATUS_TABLES = [
  ['jobs', "status IN ('queued', 'running')"],
  ['import_runs', "status = 'running'"],
  ['pricing_runs', "status = 'running'"],
] as const;

function unfinished(db: Database.Database): number {
  return STATUS_TABLES.reduce((n, [t, w]) => n + (db.prepare(`SELECT count(*) AS n FROM ${t} WHERE ${w}`).get() as { n: number }).n, 0);
}

/** Invariants that a half-written operation would break; returns the broken ones (`baseLines`: order lines before the import). */
export function halfWritten(db: Database.Database, world: World, storePath: string, ref: Reference, exportPath: string, baseLines = world.baseLines): string[] {
  const bad: string[] = [];
  const one = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) bad.push(`${fk.length} foreign-key violations`);
  const objects = one("SELECT count(*) AS n FROM sqlite_schema WHERE type IN ('index', 'trigger')");
  if (objects !== world.schemaObjects) bad.push(`${objects} of ${world.schemaObjects} indexes and triggers`);
  const salesOff = one(`WITH agg AS (SELECT l.product_id AS pid, substr(o.ordered_at, 1, 10) AS date, sum(l.quantity) AS units, sum(l.quantity * l.unit_price - l.discount) AS revenue
      FROM order_lines l JOIN orders o ON o.id = l.order_id GROUP BY 1, 2)
    SELECT (SELECT count(*) FROM agg LEFT JOIN daily_sales s ON s.product_id = agg.pid AND s.date = agg.date WHERE s.product_id IS NULL OR abs(s.units - agg.units) > 1e-6 OR abs(s.revenue - agg.revenue) > 1e-6)
         + (SELECT count(*) FROM daily_sales s WHERE s.source = 'orders' AND s.units != 0 AND NOT EXISTS (SELECT 1 FROM agg WHERE agg.pid = s.product_id AND agg.date = s.date)) AS n`);
  if (salesOff) bad.push(`${salesOff} daily_sales rows differ from the sum of their order lines`);
  const lines = one('SELECT count(*) AS n FROM order_lines');
  const newOrders = one("SELECT count(*) AS n FROM orders WHERE order_no LIKE 'N-%'");
  const imported = one("SELECT count(*) AS n FROM import_runs WHERE status = 'succeeded' AND dry_run = 0");
  if (!((lines === baseLines && newOrders === 0 && imported === 0) || (lines === baseLines + world.newLines && newOrders === world.newOrders))) {
    bad.push(`import half there: ${lines - baseLines} of ${world.newLines} new lines, ${newOrders} of ${world.newOrders} orders, ${imported} succeeded runs`);
  }
  // A later run replaces the choices of earlier ones for the same SKUs, so only the latest run must have all of its own.
  const emptyRuns = one(`SELECT count(*) AS n FROM (SELECT id, sku_count FROM forecast_runs WHERE kind = 'forecast' ORDER BY created_at DESC LIMIT 1) r
    WHERE r.sku_count > 0 AND (SELECT count(*) FROM forecast_choice c WHERE c.run_id = r.id) != r.sku_count`);
  if (emptyRuns) bad.push('the latest forecast run does not have all of its forecasts');
  const trained = one("SELECT count(*) AS n FROM pricing_runs WHERE kind = 'train' AND status = 'succeeded'");
  let damaged = 0;
  const agent = readAgent(storePath, 'mugs', () => damaged++);
  if (damaged) bad.push('damaged pricing agent file');
  if (trained && !agent) bad.push('training recorded as succeeded but no agent file');
  if (existsSync(exportPath)) {
    const n = countLines(exportPath);
    if (n !== ref.exportLines) bad.push(`export file has ${n} of ${ref.exportLines} lines`);
  }
  return bad;
}

function tempNames(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (/\.tmp(?:$|-)|\.tmp\b/.test(e.name)) out.push(p);
    else if (e.isDirectory()) out.push(...tempNames(p));
  }
  return out;
}

/**
 * One kill: copies the base store, runs `op` in a child, kills it at a random point, then checks, reopens, and runs
 * `op` again.
 * `earlier` (0–1, default 1) scales the random point towards the start: a retry after the operation finished before
 * its kill (a fast import on a loaded machine, where the progress lines reach this process late) aims earlier.
 */
export async function killOnce(world: World, op: ChildOp, ref: Reference, runDir: string, random: () => number, earlier = 1): Promise<KillOutcome> {
  mkdirSync(join(runDir, 'out'), { recursive: true });
  const store = join(runDir, 'shop.db');
  const first = op === 'first-import' || op === 'first-import-piped';
  copyFileSync(first ? world.firstBase : world.base, store);
  const baseLines = first ? 0 : world.baseLines;
  const arg = args(op, world, runDir);
  // Jobs: a random point of their progress plus up to 0.4 s; export: a random moment within 90% of its in-process duration.
  const plan = op === 'export' ? { fraction: 0, extraMs: random() * ref.exportMs * 0.9 * earlier } : { fraction: random() * 0.97 * earlier, extraMs: random() * 400 * earlier };
  const t0 = performance.now();
  const { killed, at } = await runAndKill(op, store, arg, plan);
  const t1 = performance.now();
  // Checks on the file as the kill left it (opening it replays the WAL, as any next start would).
  const raw = new Database(store);
  const integrity = raw.pragma('integrity_check', { simple: true });
  const exportPath = op === 'export' ? arg : join(runDir, 'out', 'none.csv');
  const half = halfWritten(raw, world, store, ref, exportPath, baseLines);
  const before = unfinished(raw);
  raw.close();
  const engine = new Engine({ dataDir: runDir, lang: 'en' });
  await engine.open(store);
  const stuck = unfinished(engine.store.db);
  const strays = tempNames(runDir).map((p) => relative(runDir, p));
  let nextOk = true;
  let nextError: string | null = null;
  const t2 = performance.now();
  const saved = process.env.DESK_IMPORT_PIPE_MIN_BYTES;
  try {
    // The job's worker reads the environment when it starts: the retry takes the same path as the killed run.
    if (op === 'first-import-piped') Object.assign(process.env, PIPE_ENV);
    await runOp(engine, op, arg);
    const after = halfWritten(engine.store.db, world, store, ref, exportPath, baseLines);
    if ((op === 'import' || first) && (engine.store.db.prepare('SELECT count(*) AS n FROM order_lines').get() as { n: number }).n !== baseLines + world.newLines) after.push('import did not complete on retry');
    if (op === 'export' && (!existsSync(arg) || statSync(arg).size === 0)) after.push('no export file on retry');
    if (after.length) throw new Error(after.join('; '));
  } catch (e) {
    nextOk = false;
    nextError = (e as Error).message;
  } finally {
    if (saved === undefined) delete process.env.DESK_IMPORT_PIPE_MIN_BYTES;
    else process.env.DESK_IMPORT_PIPE_MIN_BYTES = saved;
  }
  await engine.close();
  const s = (ms: number): number => Math.round(ms / 100) / 10;
  return { op, killed, at, integrityOk: integrity === 'ok', halfWritten: half, stuck, reconciled: before, strays, nextOk, nextError, seconds: { child: s(t1 - t0), checks: s(t2 - t1), next: s(performance.now() - t2) } };
}

/** Kill plan: `count` kills over the operations, in a shuffled order drawn from `seed`. */
export function killPlan(ops: readonly ChildOp[], count: number, seed: number): { order: ChildOp[]; random: () => number } {
  const random = rng(seed);
  const order = Array.from({ length: count }, (_, i) => ops[i % ops.length]);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return { order, random };
}

/** Per-operation totals as a Markdown table. */
export function summaryTable(outcomes: KillOutcome[]): string {
  const ops = [...new Set(outcomes.map((o) => o.op))];
  const head = ['operation', 'runs', 'kills landed', 'mid-run (reconciled)', 'finished first', 'integrity failures', 'half-written', 'stuck runs', 'rows reconciled', 'stray temp files', 'next-op failures'];
  const rows = [...ops, 'all'].map((op) => {
    const os = op === 'all' ? outcomes : outcomes.filter((o) => o.op === op);
    return [op, os.length, os.filter((o) => o.killed).length, os.filter((o) => o.reconciled > 0).length, os.filter((o) => !o.killed).length, os.filter((o) => !o.integrityOk).length, os.filter((o) => o.halfWritten.length).length,
      os.reduce((n, o) => n + o.stuck, 0), os.reduce((n, o) => n + o.reconciled, 0), os.reduce((n, o) => n + o.strays.length, 0), os.filter((o) => !o.nextOk).length].map(String);
  });
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(head), `| ${w.map((n) => '-'.repeat(n)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
