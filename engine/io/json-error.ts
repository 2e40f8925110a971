/** Where a JSON text stops being valid, as a line and column a user can look up (JSON.parse in Node 20 seldom says). */

/** True when `prefix` could still be the start of a valid JSON text (JSON.parse fails only for running out of input). */
function viablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (e) {
    const m = (e as Error).message;
    if (/Unexpected end of JSON input/.test(m)) return true;
    const at = /at position (\d+)/.exec(m);
    return at !== null && Number(at[1]) >= prefix.length;
  }
}

/**
 * The 1-based line and column of the first character that makes `text` invalid JSON (the end of the text when it is cut
 * short), or null when it parses. A prefix that cannot be completed never becomes completable by reading on, so a
 * binary search on the prefix length finds the spot with JSON.parse itself: no second JSON parser.
 */
export function jsonErrorAt(text: string): { line: number; column: number } | null {
  if (viablePrefix(text)) {
    try {
      JSON.parse(text);
      return null;
    } catch {
      // cut short: the error is at the end
    }
  }
  let lo = 0;
  let hi = text.length;
  // Invariant: text.slice(0, lo) is viable; text.slice(0, hi + 1) is not (or hi is the end).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (viablePrefix(text.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  const before = text.slice(0, lo);
  const line = before.split('\n').length;
  const column = lo - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** Where and why a JSON text is not valid: thrown by the readers that parse a user's JSON file, worded by the caller. */
export class JsonSyntaxError extends Error {
  constructor(
    /** 1-based line in the file. */
    readonly line: number,
    /** 1-based column on that line. */
    readonly column: number,
    /** True when the text ends before the JSON is complete (a file cut short), false for a wrong character. */
    readonly cutShort: boolean,
    /** The wrong character, as a reader can see it ("o", "U+0007"); '' when cut short. */
    readonly char: string,
  ) {
    super(cutShort ? `JSON cut short at line ${line}, column ${column}` : `unexpected ${char} in JSON at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * Parses `text` as JSON; a syntax error becomes a JsonSyntaxError at its line and column, counted from `firstLine` (the
 * text's line in its file, for one line of a JSON Lines file). A text that is valid as far as it goes is cut short: the
 * place given is just after its last character.
 */
export function parseJsonAt(text: string, firstLine = 1): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const trimmed = text.trimEnd();
    const at = jsonErrorAt(trimmed) ?? { line: trimmed.split('\n').length, column: trimmed.length - trimmed.lastIndexOf('\n') };
    const offset = offsetOf(trimmed, at.line, at.column);
    const cutShort = offset >= trimmed.length;
    const ch = cutShort ? '' : String.fromCodePoint(trimmed.codePointAt(offset) ?? 0);
    const char = /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? ch : `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new JsonSyntaxError(at.line + firstLine - 1, at.column, cutShort, cutShort ? '' : char);
  }
}

function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at + column - 1;
}
