/**
 * Where a first orders import writes while the file is read: on this thread inside one transaction of the job's
 * connection, or (a large file, a store on disk, two cores) on a writing thread with its own connection and the same
 * one transaction, fed through shared memory (pipe/client.ts), so reading and validating overlap with SQLite's inserts.
 */
import type Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { log } from '../log';
import { DirectOrdersLoad, feedSums } from './orders-direct';
import { OrdersPlanner, planStart } from './orders-plan';
import { PipedTarget } from './pipe/client';
import { pipeLimits } from './pipe/prewarm';
import type { Cell } from './types';

/** One write transaction fed stage rows; begin → open → add... → finish → commit, or rollback at any point. */
export interface DirectTarget {
  /** 'piped' when a second thread writes. */
  readonly mode: 'local' | 'piped';
  /** Takes the write lock (BEGIN IMMEDIATE); returns once it is held. */
  begin(): void;
  /** The stage columns, once the plan is known. */
  open(columns: readonly string[]): void;
  /** One valid stage row, in file order. */
  add(row: readonly Cell[]): void;
  /** Flushes the rows, writes daily_sales and rebuilds the indexes (still inside the transaction). */
  finish(): void;
  commit(): void;
  /** Rolls back whatever was written (no-op after commit); waits until the lock is released. */
  rollback(): void;
}

/**
 * Smallest file that goes through the writing thread: 16 MiB (about 340,000 order lines). On the quiet 2-core build
 * machine (2026-12-02 15:55 UTC, `desk import orders`, the two paths alternated) the second thread took a 48 MB,
 * 1M-line file from 7.41 s to 5.39 s (mean of 5 pairs, same CPU time: 7.3 / 7.2 s), gave no gain at 10 MB (2.34 s
 * against 2.37 s) and cost 0.1 s at 2 MB. DESK_IMPORT_PIPE_MIN_BYTES sets another size for a process; tests lower it
 * (and the crash harness's `first-import-piped` sets it to 1).
 */
export { pipeLimits };

/** The one-thread target: the job's own connection, foreign-key checks off for the load (runner.ts says why). */
class LocalTarget implements DirectTarget {
  readonly mode = 'local';
  private planner: OrdersPlanner | null = null;
  private load: DirectOrdersLoad | null = null;
  private fk: number | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly now: string,
  ) {}

  begin(): void {
    // The pragma only changes outside a transaction.
    this.fk = this.db.pragma('foreign_keys', { simple: true }) as number;
    this.db.pragma('foreign_keys = OFF');
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      this.restore();
      throw e;
    }
  }

  open(columns: readonly string[]): void {
    this.planner = new OrdersPlanner(columns, this.now, planStart(this.db));
    this.load = new DirectOrdersLoad(this.db, this.planner.shape, this.now, (fields, msg) => log.debug(fields, msg));
  }

  add(row: readonly Cell[]): void {
    if (this.planner && this.load) this.planner.plan(row, this.load);
  }

  finish(): void {
    if (!this.planner || !this.load) return;
    feedSums(this.load, this.planner.sums);
    this.planner = null;
    this.load.endSums();
  }

  commit(): void {
    this.db.exec('COMMIT');
    this.restore();
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.restore();
  }

  private restore(): void {
    if (this.fk === null) return;
    this.db.pragma(`foreign_keys = ${this.fk ? 'ON' : 'OFF'}`);
    this.fk = null;
  }
}

/**
 * True when a first orders import of `fileBytes` into the store behind `db` goes through a writing thread: a large
 * file, two or more cores, and a store on disk in WAL mode (the second connection must open the same file, and the
 * job's own connection must still read while the writer holds the lock).
 */
export function pipeWanted(db: Database.Database, fileBytes: number): boolean {
  return fileBytes >= pipeLimits.minBytes && availableParallelism() >= 2 && !db.memory && db.name !== '' && (db.pragma('journal_mode', { simple: true }) as string) === 'wal';
}

/** The target for a first orders import of `fileBytes` into the store behind `db`. */
export function directTarget(db: Database.Database, fileBytes: number, now: string): DirectTarget {
  return pipeWanted(db, fileBytes) ? new PipedTarget(db, now) : new LocalTarget(db, now);
}
