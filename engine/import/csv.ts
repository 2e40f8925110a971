/** A streaming CSV/TSV parser: any delimiter, quoted fields with embedded newlines, CRLF; fast path for unquoted lines; size limits. */

/** Receives each record with its 1-based row number (header = row 1); return false to stop reading. */
export type RowHandler = (fields: string[], row: number) => boolean | void;

/** Why a record could not be read as cells. */
export type CsvProblemKind = 'unclosed_quote' | 'field_too_long' | 'row_too_long';

/** A record the parser skipped: its row number, the 1-based cell where the trouble is, and why. */
export interface CsvProblem {
  kind: CsvProblemKind;
  row: number;
  column: number;
  /** The record's cells, when it could be split into them (a cell over the limit), so the whole row can be reported. */
  cells?: string[];
}

/** Receives a broken record (already skipped); throw to stop reading. */
export type ProblemHandler = (p: CsvProblem) => void;

/** The most characters one cell and one record may hold (documented in the README under "Importing files"). */
export const CSV_LIMITS = { fieldChars: 65_536, rowChars: 1_048_576 } as const;

/** Thrown by the default problem handler: the file is broken at `problem`. */
export class CsvFormatError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(`CSV ${problem.kind} at row ${problem.row}, column ${problem.column}`);
    this.name = 'CsvFormatError';
  }
}

/** Delimiters the sniffer considers. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Guesses the delimiter from the first lines of a file (the one that splits lines most consistently). */
export function sniffDelimiter(sample: string): string {
  const lines = sample
    .replace(/"(?:[^"]|"")*"/g, '""')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  // The last line of a sample may be cut short.
  if (lines.length > 2) lines.pop();
  let best: string = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => l.split(d).length - 1);
    if (!counts.length || counts[0] === 0) continue;
    const same = counts.filter((c) => c === counts[0]).length / counts.length;
    const score = same * 1000 + counts[0];
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function throwProblem(p: CsvProblem): void {
  throw new CsvFormatError(p);
}

/** Incremental parser: push decoded text chunks, then `end()`. Calls the handler for each record, `onProblem` for each broken one. */
export class CsvParser {
  private rest = '';
  private row = 0;
  private stopped = false;
  /** After a broken record: text up to the next line break is dropped (reading resumes on the next line). */
  private skipping = false;

  constructor(
    private readonly delim: string,
    private readonly onRow: RowHandler,
    private readonly onProblem: ProblemHandler = throwProblem,
    private readonly limits: { fieldChars: number; rowChars: number } = CSV_LIMITS,
  ) {}

  /** True once the handler asked to stop. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Parses a chunk of text; an incomplete last record waits for the next chunk. */
  push(text: string): void {
    this.parse(this.rest.length ? this.rest + text : text, false);
  }

  /** Parses whatever is left (a last line without a newline); an open quote here is reported where it opened. */
  end(): void {
    if (this.rest.length) this.parse(this.rest, true);
    this.rest = '';
  }

  private emit(fields: string[]): void {
    this.row++;
    if (fields.length === 1 && fields[0] === '') return; // a blank line still counts as a row
    if (this.onRow(fields, this.row) === false) this.stopped = true;
  }

  /** Reports a broken record starting at `start` and returns where reading resumes: the line after the one it began on. */
  private broken(kind: CsvProblemKind, column: number, buf: string, start: number, final: boolean, cells?: string[]): number {
    this.row++;
    this.onProblem(cells ? { kind, row: this.row, column, cells } : { kind, row: this.row, column });
    const nl = buf.indexOf('\n', start);
    if (nl !== -1) return nl + 1;
    if (!final) this.skipping = true;
    return buf.length;
  }

  private cellOf(buf: string, from: number, to: number): number {
    let n = 1;
    for (let k = buf.indexOf(this.delim, from); k !== -1 && k < to; k = buf.indexOf(this.delim, k + 1)) n++;
    return n;
  }

  private parse(buf: string, final: boolean): void {
    const len = buf.length;
    const delim = this.delim;
    const { fieldChars, rowChars } = this.limits;
    let pos = 0;
    if (this.skipping) {
      const nl = buf.indexOf('\n');
      if (nl === -1) {
        this.rest = '';
        if (final) this.skipping = false;
        return;
      }
      this.skipping = false;
      pos = nl + 1;
    }
    let nextQuote = buf.indexOf('"', pos);
    while (pos < len && !this.stopped) {
      let nl = buf.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) {
          // A line this long without a break is not a table row (a binary file, or one huge cell): skip it instead of buffering it all.
          if (len - pos > rowChars) pos = this.broken('row_too_long', this.cellOf(buf, pos, pos + rowChars), buf, pos, false);
          break;
        }
        nl = len;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf('"', pos);
      if (nextQuote === -1 || nextQuote >= nl) {
        const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        const fields = buf.slice(pos, end).split(delim);
        if (end - pos > fieldChars) {
          if (end - pos > rowChars) {
            pos = this.broken('row_too_long', this.cellOf(buf, pos, pos + rowChars), buf, pos, final);
            continue;
          }
          const big = fields.findIndex((f) => f.length > fieldChars);
          if (big !== -1) {
            pos = this.broken('field_too_long', big + 1, buf, pos, final, fields);
            continue;
          }
        }
        this.emit(fields);
        pos = nl + 1;
        continue;
      }
      const next = this.parseQuoted(buf, pos, final);
      if (next === -1) break;
      pos = next;
    }
    this.rest = pos < len ? buf.slice(pos) : '';
  }

  /** Parses one record that contains quotes; returns the position after it, or -1 when it needs more text. */
  private parseQuoted(buf: string, start: number, final: boolean): number {
    const len = buf.length;
    const delim = this.delim;
    const { fieldChars, rowChars } = this.limits;
    const fields: string[] = [];
    let tooLong = 0;
    let i = start;
    for (;;) {
      let field = '';
      if (i < len && buf[i] === '"') {
        const open = i;
        i++;
        for (;;) {
          const j = buf.indexOf('"', i);
          if (j === -1) {
            // Still open: at the end of the file, or past the cell limit, the quote is never closed where a person meant it to be.
            if (final || len - open > fieldChars) return this.broken('unclosed_quote', fields.length + 1, buf, start, final);
            return -1;
          }
          field += buf.slice(i, j);
          if (j + 1 >= len && !final) return -1;
          if (buf[j + 1] === '"') {
            field += '"';
            i = j + 2;
          } else {
            i = j + 1;
            break;
          }
        }
      }
      // Unquoted text (or stray text after a closing quote) up to the delimiter or end of line.
      while (i < len) {
        const c = buf[i];
        if (c === delim || c === '\n') break;
        if (c === '\r' && (i + 1 >= len || buf[i + 1] === '\n')) {
          if (i + 1 >= len && !final) return -1;
          i++;
          continue;
        }
        field += c;
        i++;
      }
      if (field.length > fieldChars && !tooLong) tooLong = fields.length + 1;
      fields.push(field);
      if (i - start > rowChars) return this.broken('row_too_long', fields.length, buf, start, final);
      if (i >= len) {
        if (!final) return -1;
        if (tooLong) return this.broken('field_too_long', tooLong, buf, len, final, fields);
        this.emit(fields);
        return len;
      }
      if (buf[i] === '\n') {
        if (tooLong) {
          this.row++;
          this.onProblem({ kind: 'field_too_long', row: this.row, column: tooLong, cells: fields });
        } else this.emit(fields);
        return i + 1;
      }
      i++; // delimiter
    }
  }
}
