/** Text search with LIKE: the user's text matched as typed, never as a pattern. */

/** Escapes LIKE's wildcards (`%`, `_`) and the escape character itself; use with `ESCAPE '\'`. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
