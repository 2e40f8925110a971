/** Checking a store file for damage: SQLite's integrity check and foreign-key check, said in the user's words. */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { both, EngineError, type Bilingual } from '../errors';
import { tr, type Lang } from '../i18n';
import { checkMessages } from './check-messages';
import { storeMessages } from './messages';
import { keptBackups } from './kept-backups';

/** How many problems a check lists at most (SQLite stops looking after that many). */
export const CHECK_LIMIT = 20;

/** A table or index the integrity check found damaged (SQLite's names: the reader sees its table). */
export interface DamagedPart {
  name: string;
  type: 'table' | 'index';
  /** The table an index belongs to (the table itself for a table). */
  table: string;
}

/** The outcome of checking a store. */
export interface StoreCheck {
  /** True when both checks found nothing. */
  ok: boolean;
  /** The store file checked. */
  file: string;
  /** What the checks found, at most CHECK_LIMIT of each: SQLite's own lines, then broken links in the caller's language. */
  problems: string[];
  /** True when a kind of problem reached the limit: there may be more than are listed. */
  more: boolean;
  /** The most problems listed of each kind. */
  limit: number;
  /** Tables and indexes the integrity check's lines point at. */
  damaged: DamagedPart[];
  /** Backups of this store on disk, newest first (see kept-backups.ts). */
  backups: string[];
  /** How long the check took. */
  seconds: number;
  /** When it finished (ISO time). */
  checkedAt: string;
}

/** The two steps of a check, for progress lines and bars. */
export type CheckPhase = 'pages' | 'links';

/**
 * SQLite's `integrity_check(limit)` as one line per problem, [] when the file is sound. SQLite may put several
 * problems in one row, under a "*** in database main ***" heading, and add "database disk image is malformed".
 */
export function integrityProblems(db: Database.Database, limit = CHECK_LIMIT): string[] {
  const rows = db.pragma(`integrity_check(${Math.max(1, Math.floor(limit))})`) as { integrity_check: string }[];
  const lines = rows.flatMap((r) => String(r.integrity_check).split('\n')).filter((l) => l.trim() && !/^\*\*\* in database /.test(l));
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines.slice(0, limit);
}

/** Rows that point at a row that is not there (`PRAGMA foreign_key_check`), said in `lang`; at most `limit`. */
export function foreignKeyProblems(db: Database.Database, lang: Lang, limit = CHECK_LIMIT): string[] {
  const out: string[] = [];
  for (const r of db.prepare('PRAGMA foreign_key_check').iterate() as Iterable<{ table: string; rowid: number | null; parent: string }>) {
    out.push(tr(checkMessages, lang, r.rowid === null ? 'fk_problem_norowid' : 'fk_problem', { table: r.table, rowid: r.rowid, parent: r.parent }));
    if (out.length >= limit) break;
  }
  return out;
}

/** The tables and indexes an integrity line names: by their b-tree ("Tree N", N its root page) or as an index. */
export function damagedParts(db: Database.Database, problems: readonly string[]): DamagedPart[] {
  const roots = new Set<number>();
  const indexes = new Set<string>();
  for (const p of problems) {
    const m = /^Tree (\d+) /.exec(p);
    if (m) roots.add(Number(m[1]));
    // "row 12 missing from index X", "wrong # of entries in index X", "non-unique entry in index X"
    const ix = /\b(?:from|in) index (\S+)$/.exec(p);
    if (ix) indexes.add(ix[1]);
  }
  if (!roots.size && !indexes.size) return [];
  let schema: { name: string; type: 'table' | 'index'; tbl_name: string; rootpage: number }[];
  try {
    schema = db.prepare("SELECT name, type, tbl_name, rootpage FROM sqlite_schema WHERE type IN ('table', 'index')").all() as typeof schema;
  } catch {
    return []; // the schema itself is unreadable: the lines say what SQLite found
  }
  return schema.filter((s) => roots.has(s.rootpage) || (s.type === 'index' && indexes.has(s.name))).map((s) => ({ name: s.name, type: s.type, table: s.tbl_name }));
}

/**
 * Checks an open connection's database: integrity (pages, records, indexes) then links (foreign keys), calling
 * `onPhase` before each. A check SQLite itself stops with "malformed" is a finding, not a failure.
 */
export function checkDb(db: Database.Database, file: string, o: { lang: Lang; dataDir: string; limit?: number; onPhase?: (p: CheckPhase) => void }): StoreCheck {
  const t0 = performance.now();
  const limit = o.limit ?? CHECK_LIMIT;
  const problems: string[] = [];
  let damaged: DamagedPart[] = [];
  let more = false;
  o.onPhase?.('pages');
  try {
    const found = integrityProblems(db, limit);
    problems.push(...found);
    more = found.length >= limit;
    damaged = damagedParts(db, found);
  } catch (e) {
    if (!isCorrupt(e)) throw e;
    problems.push((e as Error).message);
  }
  o.onPhase?.('links');
  try {
    const links = foreignKeyProblems(db, o.lang, limit);
    problems.push(...links);
    more ||= links.length >= limit;
  } catch (e) {
    if (!isCorrupt(e)) throw e;
    if (!problems.includes((e as Error).message)) problems.push((e as Error).message);
  }
  const ok = problems.length === 0;
  return {
    ok,
    file,
    problems,
    more,
    limit,
    damaged,
    backups: ok ? [] : keptBackups(file, o.dataDir),
    seconds: Math.round((performance.now() - t0) / 10) / 100,
    checkedAt: new Date().toISOString(),
  };
}

/** True for SQLite saying the file is damaged (rather than busy, missing or not a database). */
export function isCorrupt(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'));
}

/**
 * SQLite's "malformed" said naming the store: `opening` when the file cannot be opened at all, else an action on an
 * open store that read a damaged page.
 */
export function damagedStoreError(path: string, reason: string, opening = true): EngineError {
  return new EngineError('bad_store', both(storeMessages, opening ? 'damaged' : 'damaged_in_use', { path, reason }), { path, reason });
}

/**
 * Checks the store file at `path` without writing to it (a read-only connection; nothing is migrated, so a store of
 * another schema version is checked as it is). A file SQLite cannot read as a database, or an SQLite file of another
 * program, is refused with a message naming it; one whose schema is unreadable is damaged.
 */
export function checkStoreFile(path: string, o: { lang: Lang; dataDir: string; limit?: number; onPhase?: (p: CheckPhase) => void }): StoreCheck {
  const t0 = performance.now();
  let db: Database.Database;
  try {
    // Read-only leaves the -wal and -shm files SQLite makes for a WAL store beside it; a connection that may write
    // removes them when it closes. So: read-only only when a -wal is there already (another program has the store
    // open, or its committed pages wait there), else a connection refused every write (query_only).
    const readonly = existsSync(`${path}-wal`);
    db = new Database(path, { readonly, fileMustExist: true });
    if (!readonly) db.pragma('query_only = ON');
  } catch (e) {
    throw new EngineError('user_error', both(storeMessages, 'cannot_open', { path, reason: (e as Error).message }), { path });
  }
  try {
    let names: string[];
    try {
      names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    } catch (e) {
      if (isCorrupt(e)) {
        const reason = (e as Error).message;
        return { ok: false, file: path, problems: [reason], more: false, limit: o.limit ?? CHECK_LIMIT, damaged: [], backups: keptBackups(path, o.dataDir), seconds: Math.round((performance.now() - t0) / 10) / 100, checkedAt: new Date().toISOString() };
      }
      if (/not a database|file is encrypted/i.test((e as Error).message)) throw new EngineError('user_error', both(storeMessages, 'not_a_store', { path }), { path });
      throw e;
    }
    if (!names.includes('schema_migrations')) {
      const tables = names.filter((n) => !n.startsWith('sqlite_'));
      const msg: Bilingual = tables.length
        ? both(storeMessages, 'foreign_db', { path, tables: tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '') })
        : both(checkMessages, 'empty_file', { path });
      throw new EngineError('user_error', msg, { path });
    }
    return checkDb(db, path, o);
  } finally {
    db.close();
  }
}
