/** Writes validated rows into the TEMP stage table, many rows per INSERT to cut per-call overhead. */
import type Database from 'better-sqlite3';
import type { Cell } from './types';

const BATCH_ROWS = 64;

/** Buffers stage rows and inserts them in batches; call flush() before committing. */
export class StageWriter {
  private readonly buf: Cell[];
  private n = 0;
  private readonly full: Database.Statement;
  private readonly partial = new Map<number, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly width: number,
  ) {
    this.buf = new Array<Cell>(width * BATCH_ROWS).fill(null);
    this.full = db.prepare(this.sql(BATCH_ROWS));
  }

  private sql(rows: number): string {
    const one = `(${new Array(this.width).fill('?').join(', ')})`;
    return `INSERT INTO ${this.table} VALUES ${new Array(rows).fill(one).join(', ')}`;
  }

  /** Adds one row (its values are copied). */
  add(row: readonly Cell[]): void {
    const base = this.n * this.width;
    for (let i = 0; i < this.width; i++) this.buf[base + i] = row[i];
    if (++this.n === BATCH_ROWS) {
      this.full.run(this.buf);
      this.n = 0;
    }
  }

  /** Inserts whatever is buffered. */
  flush(): void {
    if (this.n === 0) return;
    let stmt = this.partial.get(this.n);
    if (!stmt) {
      stmt = this.db.prepare(this.sql(this.n));
      this.partial.set(this.n, stmt);
    }
    stmt.run(this.buf.slice(0, this.n * this.width));
    this.n = 0;
  }
}
