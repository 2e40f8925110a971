/**
 * Text search for the pickers and list filters: the user's text found anywhere in a column, in any case and width of
 * any script, matched as typed (no wildcards). SQLite's LIKE ignores case for A–Z only, so "émile" missed "Émile",
 * "ａｂｃ" missed "ABC" and Cyrillic or Greek names matched only in the case typed.
 */
import type Database from 'better-sqlite3';

/** The SQL function that folds a text for search, registered on every store connection (`registerTextSearch`). */
export const FOLD_FN = 'desk_fold';

// Texts of ASCII and CJK unified ideographs only (most names, titles and ids) fold by lower case alone: NFKC and case
// leave the ideographs as they are. The same set as a GLOB that is true where a text has any other character.
const PLAIN = /^[\u0000-\u007f\u4e00-\u9fff]*$/;
const NOT_PLAIN_GLOB = '*[^\u0001-\u007f\u4e00-\u9fff]*';

/**
 * A text folded for search: NFKC (full-width Latin and digits, ligatures and other compatibility forms become plain
 * letters), then case folded (upper then lower case, so ß and SS, ſ and s meet; a final ς is σ), then NFKC again for
 * what case mapping decomposed. Chinese ideographs are unchanged.
 */
export function foldText(s: string): string {
  if (PLAIN.test(s)) return s.toLowerCase();
  return s.normalize('NFKC').toUpperCase().toLowerCase().replace(/ς/g, 'σ').normalize('NFKC');
}

// Folded texts already seen (a search is typed a key at a time over the same rows): bounded, emptied when full.
const memo = new Map<string, string>();
const MEMO_MAX = 20_000;

function foldMemo(s: string): string {
  let f = memo.get(s);
  if (f === undefined) {
    f = foldText(s);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(s, f);
  }
  return f;
}

/** Registers `desk_fold(text)` on a connection (deterministic; NULL stays NULL). */
export function registerTextSearch(db: Database.Database): void {
  db.function(FOLD_FN, { deterministic: true }, (v: unknown) => (typeof v === 'string' ? foldMemo(v) : typeof v === 'number' || typeof v === 'bigint' ? foldText(String(v)) : null));
}

/**
 * SQL for `column` folded as `foldText` folds it. A text of ASCII and ideographs only is folded by SQLite's own lower(),
 * the same there, without a call into JavaScript (about 1 µs a row); only the others call `desk_fold`.
 */
export function folded(column: string): string {
  return `(CASE WHEN ${column} GLOB '${NOT_PLAIN_GLOB}' THEN ${FOLD_FN}(${column}) ELSE lower(${column}) END)`;
}

/**
 * SQL true where `column` holds the searched text; bind `searchParams(param, query)`. A text with an ideograph is first
 * looked for by that ideograph as stored (SQLite alone, no folding: folding leaves ideographs as they are), so a Chinese
 * search folds only the rows that hold it.
 */
export function holds(column: string, param: string): string {
  return `(instr(${column}, @${param}Anchor) > 0 AND instr(${folded(column)}, @${param}) > 0)`;
}

/** The parameters `holds(column, param)` reads: the folded text and its first ideograph ('' when none). */
export function searchParams(param: string, query: string): Record<string, string> {
  const q = foldText(query);
  return { [param]: q, [`${param}Anchor`]: /[\u4e00-\u9fff]/.exec(q)?.[0] ?? '' };
}
