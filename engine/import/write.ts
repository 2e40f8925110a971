/** The write phase of an import: one synchronous transaction that counts, samples and merges the stage. */
import type Database from 'better-sqlite3';
import { log } from '../log';
import { REBUILD } from './rebuild-step';
export { rebuildIndexes } from './rebuild-step';
import type { Cell, ImportPlan } from './types';

/** Counts of what changed (or would change) and a sample of changed rows. */
export interface WriteOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows that repeated an earlier row's key in the same file: the last of them was written. */
  duplicates: number;
  sample: Record<string, unknown>[];
}

/** Changed rows shown in an import's report. */
export const SAMPLE_SIZE = 20;

function run(db: Database.Database, sql: string, params: Record<string, Cell>): void {
  const used = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
  const stmt = db.prepare(sql);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  if (Object.keys(used).length) stmt.run(used);
  else stmt.run();
  const cpu = process.cpuUsage(c0);
  log.debug({ ms: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMb: Math.round(process.memoryUsage.rss() / 1e6), sql: sql.slice(0, 80).replace(/\s+/g, ' ') }, 'import statement');
}

/** Classifies staged rows against the store and merges them (rolled back for a dry run). */
export function writeStage(db: Database.Database, plan: ImportPlan, staged: number, dryRun: boolean, checkCancelled?: () => void): WriteOutcome {
  // BEGIN IMMEDIATE takes the write lock up front; nothing inside awaits, so the lock is held only for the merge.
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const sql of plan.prepare) run(db, sql, plan.params);
    checkCancelled?.();
    const duplicates = plan.dedupe ? ((db.prepare(plan.dedupe.count).get() as { n: number }).n ?? 0) : 0;
    if (duplicates > 0 && plan.dedupe) run(db, plan.dedupe.remove, {});
    const counts = { insert: 0, update: 0, unchanged: 0 };
    const empty = isEmpty(db, plan.targetTable);
    if (empty) counts.insert = staged - duplicates;
    else {
      const rows = db.prepare(`SELECT action, count(*) AS n FROM (${plan.classify}) GROUP BY action`).all() as { action: keyof typeof counts; n: number }[];
      for (const r of rows) counts[r.action] = r.n;
    }
    const sample = db.prepare(`SELECT * FROM (${plan.classify}) WHERE action <> 'unchanged' LIMIT ${SAMPLE_SIZE}`).all() as Record<string, unknown>[];
    skuNames(db, sample);
    for (const r of sample) for (const h of plan.hidden ?? []) delete r[h];
    const dropped = new Map<string, { name: string; sql: string }[]>();
    for (const t of [...(empty ? [plan.targetTable] : []), ...(plan.alsoFills ?? []).filter((t) => isEmpty(db, t))]) dropped.set(t, plainIndexes(db, t));
    for (const ix of [...dropped.values()].flat()) db.exec(`DROP INDEX main."${ix.name}"`);
    const rebuild = (table: string): void => {
      for (const ix of dropped.get(table) ?? []) run(db, ix.sql, {});
      dropped.delete(table);
    };
    for (const sql of plan.merge) {
      checkCancelled?.();
      const back = REBUILD.exec(sql);
      if (back) rebuild(back[1]);
      else run(db, sql, plan.params);
    }
    for (const table of [...dropped.keys()]) rebuild(table);
    checkCancelled?.();
    const t0 = performance.now();
    db.exec(dryRun ? 'ROLLBACK' : 'COMMIT');
    log.debug({ ms: Math.round(performance.now() - t0), dryRun }, 'import commit');
    return { inserted: counts.insert, updated: counts.update, unchanged: counts.unchanged, duplicates, sample };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

function isEmpty(db: Database.Database, table: string): boolean {
  return db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined;
}

/**
 * Non-unique indexes of an empty table, with the SQL that made them. Loading into the table without them and then
 * building each one by sorting beats updating it row by row (1M order lines: 1.9 s CPU instead of 3.3 s); the drop
 * and the rebuild happen inside the write transaction, so other connections never see the table without them.
 */
function plainIndexes(db: Database.Database, table: string): { name: string; sql: string }[] {
  const list = db.prepare(`SELECT name FROM pragma_index_list(?) WHERE "unique" = 0 AND origin = 'c'`).pluck().all(table) as string[];
  const sqlOf = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck();
  return list.map((name) => ({ name, sql: sqlOf.get(name) as string }));
}

/** Stage rows hold product ids in `sku`: show the SKU text in samples. */
export function skuNames(db: Database.Database, rows: Record<string, unknown>[]): void {
  if (!rows.length || !('sku' in rows[0]) || typeof rows[0].sku !== 'number') return;
  const get = db.prepare('SELECT sku FROM products WHERE id = ?').pluck();
  for (const r of rows) if (typeof r.sku === 'number') r.sku = get.get(r.sku) as string;
}
