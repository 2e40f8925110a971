/** Inserts rows many per statement (multi-row VALUES) to cut the per-call cost; used by the stage and the direct load. */
import type Database from 'better-sqlite3';
import type { Cell } from './types';

const BATCH_ROWS = 64;

/** Buffers rows for one `INSERT INTO target VALUES ...` and runs it per full batch; call flush() before reading back. */
export class BatchInsert {
  private readonly buf: Cell[];
  private n = 0;
  private readonly full: Database.Statement;
  private readonly partial = new Map<number, Database.Statement>();

  /**
   * `target` is a table with an optional column list, e.g. `orders (id, order_no)`; `tail` follows the VALUES (e.g. an
   * upsert clause); `before` runs before each insert (e.g. to write the rows a foreign key of these points at).
   */
  constructor(
    private readonly db: Database.Database,
    private readonly target: string,
    private readonly width: number,
    private readonly tail = '',
    private readonly before?: () => void,
  ) {
    this.buf = new Array<Cell>(width * BATCH_ROWS).fill(null);
    this.full = db.prepare(this.sql(BATCH_ROWS));
  }

  private sql(rows: number): string {
    const one = `(${new Array(this.width).fill('?').join(', ')})`;
    return `INSERT INTO ${this.target} VALUES ${new Array(rows).fill(one).join(', ')} ${this.tail}`;
  }

  /** Adds one row: `width` values of `row` from index `from` (they are copied). */
  add(row: readonly Cell[], from = 0): void {
    const base = this.n * this.width;
    for (let i = 0; i < this.width; i++) this.buf[base + i] = row[from + i];
    if (++this.n === BATCH_ROWS) {
      this.before?.();
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
    this.before?.();
    stmt.run(this.buf.slice(0, this.n * this.width));
    this.n = 0;
  }
}
