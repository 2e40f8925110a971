/** A streaming CSV/TSV parser: any delimiter, quoted fields with embedded newlines, CRLF; fast path for unquoted lines. */

/** Receives each record with its 1-based row number (header = row 1); return false to stop reading. */
export type RowHandler = (fields: string[], row: number) => boolean | void;

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

/** Incremental parser: push decoded text chunks, then `end()`. Calls the handler for each record. */
export class CsvParser {
  private rest = '';
  private row = 0;
  private stopped = false;

  constructor(
    private readonly delim: string,
    private readonly onRow: RowHandler,
  ) {}

  /** True once the handler asked to stop. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Parses a chunk of text; an incomplete last record waits for the next chunk. */
  push(text: string): void {
    this.parse(this.rest.length ? this.rest + text : text, false);
  }

  /** Parses whatever is left (a last line without a newline). */
  end(): void {
    if (this.rest.length) this.parse(this.rest, true);
    this.rest = '';
  }

  private emit(fields: string[]): void {
    this.row++;
    if (fields.length === 1 && fields[0] === '') return; // a blank line still counts as a row
    if (this.onRow(fields, this.row) === false) this.stopped = true;
  }

  private parse(buf: string, final: boolean): void {
    const len = buf.length;
    const delim = this.delim;
    let pos = 0;
    let nextQuote = buf.indexOf('"');
    while (pos < len && !this.stopped) {
      let nl = buf.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) break;
        nl = len;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf('"', pos);
      if (nextQuote === -1 || nextQuote >= nl) {
        const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        this.emit(buf.slice(pos, end).split(delim));
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
    const fields: string[] = [];
    let i = start;
    for (;;) {
      let field = '';
      if (i < len && buf[i] === '"') {
        i++;
        for (;;) {
          const j = buf.indexOf('"', i);
          if (j === -1) {
            if (!final) return -1;
            field += buf.slice(i);
            i = len;
            break;
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
      fields.push(field);
      if (i >= len) {
        if (!final) return -1;
        this.emit(fields);
        return len;
      }
      if (buf[i] === '\n') {
        this.emit(fields);
        return i + 1;
      }
      i++; // delimiter
    }
  }
}
