/** Collects rejected rows: a capped list for the report and, with skipInvalid, a CSV file of every reject. */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Reject } from './types';

/** Most rejects kept in an error's details or a report; the count goes on. */
export const REJECT_LIST_CAP = 1000;

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Gathers rejects; writes them to `path` (created on the first reject) when given. */
export class RejectCollector {
  readonly list: Reject[] = [];
  count = 0;
  private fd: number | null = null;
  private buf = '';

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
    if (this.fd === null) {
      this.fd = openSync(this.path, 'w');
      this.buf = '\ufeff' + ['row', 'column', 'value', 'reason', ...this.headers].map(csvCell).join(',') + '\r\n';
    }
    this.buf += [String(r.row), r.column, r.value, r.reason, ...cells].map(csvCell).join(',') + '\r\n';
    if (this.buf.length > 65_536) this.flush();
  }

  private flush(): void {
    if (this.fd !== null && this.buf) writeSync(this.fd, this.buf);
    this.buf = '';
  }

  /** Flushes and closes the file; returns its path, or null when nothing was rejected. */
  close(): string | null {
    if (this.fd === null) return null;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
    return this.path;
  }
}
