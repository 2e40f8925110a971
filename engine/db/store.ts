/** Opening, migrating and closing a shop's store file (one SQLite file per shop). */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { both, EngineError } from '../errors';
import { copyFileAtomic } from '../fs/atomic';
import { refuseNul } from '../fs/checks';
import { damagedStoreError, isCorrupt } from './integrity';
import { storeMessages } from './messages';
import { log } from '../log';
import { engineFileUrl } from '../bundle-paths';
import { registerTextSearch } from './queries/text-search';

/** An open store: the single writer connection plus where it lives. */
export interface Store {
  db: Database.Database;
  path: string;
  schemaVersion: number;
  close(): void;
}

/** One numbered migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

// Read from the source folder, also when the engine runs from its bundle (engine/dist/).
const MIGRATIONS_DIR = fileURLToPath(engineFileUrl('db/migrations'));

/** Reads the numbered migration files shipped with this version of the app. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(dir, f), 'utf8');
      return {
        version: Number(f.slice(0, 3)),
        name: f.replace(/\.sql$/, ''),
        sql,
        sha256: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/** The schema version this build of the app writes. */
export function latestSchemaVersion(migrations: Migration[] = loadMigrations()): number {
  return migrations.length ? migrations[migrations.length - 1].version : 0;
}

/** Options for openStore. */
export interface OpenOptions {
  /** Create the file when it does not exist (default true). */
  create?: boolean;
  readonly?: boolean;
  /** Migrations to apply; defaults to the shipped ones (tests pass older sets). */
  migrations?: Migration[];
  /** Copy the file aside before migrating an existing store (default true). */
  backup?: boolean;
}

function applyPragmas(db: Database.Database, readonly: boolean): void {
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

/** Opens (and creates or migrates) the store at `path`; ':memory:' gives a fresh in-memory store. */
export function openStore(path: string, opts: OpenOptions = {}): Store {
  refuseNul(path);
  const migrations = opts.migrations ?? loadMigrations();
  const isMemory = path === ':memory:';
  const existed = isMemory ? false : existsSync(path);
  if (!existed && !isMemory && opts.create === false) {
    throw new EngineError('not_found', both(storeMessages, 'not_found', { path }), { path });
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.create === false });
  } catch (e) {
    throw new EngineError('user_error', both(storeMessages, 'cannot_open', { path, reason: (e as Error).message }), { path });
  }
  try {
    // Before any pragma or migration writes to it: another program's database is refused untouched.
    if (existed) refuseForeign(db, path);
    try {
      applyPragmas(db, opts.readonly ?? false);
    } catch (e) {
      if (isNotADatabase(e)) throw new EngineError('user_error', both(storeMessages, 'not_a_store', { path }), { path });
      throw e;
    }
    // The searches of the pickers and list filters (any case and width, any script) use it.
    registerTextSearch(db);
    const version = migrate(db, migrations, { path, existed, backup: opts.backup ?? true, readonly: opts.readonly ?? false });
    return {
      db,
      path,
      schemaVersion: version,
      close() {
        if (db.open) {
          if (!opts.readonly) {
            try {
              // Without waiting: another process writing to the store (a `desk` import beside the app) keeps the WAL.
              db.pragma('busy_timeout = 0');
              db.pragma('wal_checkpoint(TRUNCATE)');
            } catch {
              // another connection may hold the WAL; closing still checkpoints what it can
            }
          }
          db.close();
        }
      },
    };
  } catch (e) {
    db.close();
    // A file cut short or overwritten in its first pages: said naming it, not as SQLite's bare "malformed".
    if (isCorrupt(e)) throw damagedStoreError(path, (e as Error).message);
    throw e;
  }
}

interface AppliedRow {
  version: number;
  name: string;
  sha256: string;
}

/** What a store path holds now: a store, nothing, or some other file. */
export type StoreFileState = 'store' | 'missing' | 'not_a_store';

/**
 * Says whether `path` holds a Merchant Desk store, with the same check that makes opening refuse another program's file,
 * and without changing the file (nothing is written; the connection only reads the schema). When it cannot tell (the
 * file is locked or unreadable now) it answers 'store', so that opening it reports the real reason.
 */
export function storeFileState(path: string): StoreFileState {
  try {
    if (!statSync(path).isFile()) return 'not_a_store';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'store';
  }
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch {
    return 'store';
  }
  try {
    // A store always has its migrations table: an empty file or database is not one (opening would make it one).
    return refuseForeign(db, path).length ? 'store' : 'not_a_store';
  } catch (e) {
    return e instanceof EngineError ? 'not_a_store' : 'store';
  } finally {
    db.close();
  }
}

/** Refuses an SQLite file with tables but no schema_migrations: not a store (nor an empty file that can become one). Returns the tables. */
function refuseForeign(db: Database.Database, path: string): string[] {
  let names: string[];
  try {
    names = db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  } catch (e) {
    if (isNotADatabase(e)) throw new EngineError('user_error', both(storeMessages, 'not_a_store', { path }), { path });
    throw e;
  }
  if (names.length && !names.includes('schema_migrations')) {
    const tables = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
    throw new EngineError('user_error', both(storeMessages, 'foreign_db', { path, tables }), { path });
  }
  return names;
}

function isNotADatabase(e: unknown): boolean {
  return e instanceof Error && /not a database|file is encrypted/i.test(e.message);
}

/** Applies pending migrations, each in its own transaction; returns the resulting schema version. */
export function migrate(
  db: Database.Database,
  migrations: Migration[],
  ctx: { path: string; existed: boolean; backup: boolean; readonly: boolean },
): number {
  let applied: AppliedRow[];
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
    applied = db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  } catch (e) {
    if (isNotADatabase(e)) {
      throw new EngineError('user_error', both(storeMessages, 'not_a_store', { path: ctx.path }), { path: ctx.path });
    }
    throw e;
  }
  const known = new Map(migrations.map((m) => [m.version, m]));
  const latest = latestSchemaVersion(migrations);
  const current = applied.length ? applied[applied.length - 1].version : 0;
  if (current > latest) {
    throw new EngineError(
      'newer_store',
      both(storeMessages, 'newer', { path: ctx.path, current, latest }),
      { path: ctx.path, storeVersion: current, appVersion: latest },
    );
  }
  for (const row of applied) {
    const m = known.get(row.version);
    if (!m) {
      throw new EngineError('bad_store', both(storeMessages, 'unknown_migration', { path: ctx.path, migration: row.name }), {
        path: ctx.path,
        migration: row.name,
      });
    }
    if (m.sha256 !== row.sha256) {
      throw new EngineError(
        'bad_store',
        both(storeMessages, 'hash_mismatch', { path: ctx.path, migration: row.name }),
        { path: ctx.path, migration: row.name },
      );
    }
  }
  const pending = migrations.filter((m) => m.version > current);
  if (!pending.length) return current;
  if (ctx.readonly) {
    throw new EngineError('bad_store', both(storeMessages, 'readonly_migrate', { path: ctx.path, latest }), { path: ctx.path });
  }
  if (ctx.existed && current > 0 && ctx.backup) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const backupPath = `${ctx.path}.bak-v${current}-${stamp}`;
    db.pragma('wal_checkpoint(TRUNCATE)');
    // Whole or absent: a copy cut short must not pass for the store as it was before the migration.
    copyFileAtomic(ctx.path, backupPath);
    log.info({ backupPath }, 'store backed up before migrating');
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, m.sha256, new Date().toISOString());
    })();
    log.info({ migration: m.name }, 'migration applied');
  }
  db.pragma(`user_version = ${latest}`);
  return latest;
}
