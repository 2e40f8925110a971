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
