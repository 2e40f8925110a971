/** Writes validated rows into the TEMP stage table, many rows per INSERT to cut per-call overhead. */
import type Database from 'better-sqlite3';
import { BatchInsert } from './batch';

/** Buffers stage rows and inserts them in batches; call flush() before committing. */
export class StageWriter extends BatchInsert {
  constructor(db: Database.Database, table: string, width: number) {
    super(db, table, width);
  }
}
