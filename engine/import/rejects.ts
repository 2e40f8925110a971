/** Collects rejected rows: a capped list for the report and, with skipInvalid, a CSV file of every reject (through the one writer). */
import { CsvStreamWriter } from '../io/writer';
import { REJECTS_LEAD } from './mapping';
import type { Reject } from './types';

/** Most rejects kept in an error's details or a report; the count goes on. */
export const REJECT_LIST_CAP = 1000;

/** Gathers rejects; writes them to `path` (created on the first reject, in place once closed) when given. */
export class RejectCollector {
  readonly list: Reject[] = [];
  count = 0;
  private out: CsvStreamWriter | null = null;

  constructor(
    private readonly path: string | null,
    private headers: string[] = [],
  ) {}

  /** Sets the original header row written after the row/column/value/reason columns. */
  setHeaders(headers: string[]): void {
    this.headers = headers;
  }

  /** Records one rejected row with its original cells. */
  add(r: Reject, cells: readonly string[]): void {
    this.count++;
    if (this.list.length < REJECT_LIST_CAP) this.list.push(r);
    if (!this.path) return;
    if (this.out === null) {
      this.out = new CsvStreamWriter(this.path);
      this.out.row([...REJECTS_LEAD, ...this.headers]);
    }
    // Cells come from the user's file: the writer escapes any that a spreadsheet would run as a formula.
    this.out.row([String(r.row), r.column, r.value, r.reason, ...cells]);
  }

  /** Forgets every reject and drops the file being written (the rows are read again). */
  discard(): void {
    this.out?.abort();
    this.out = null;
    this.count = 0;
    this.list.length = 0;
  }

  /** Flushes and closes the file; returns its path, or null when nothing was rejected. */
  close(): string | null {
    if (this.out === null) return null;
    this.out.close();
    this.out = null;
    return this.path;
  }
}
