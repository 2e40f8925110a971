/** Reads an interactions file for `desk recs evaluate`: SASRec text (`user item` per line) or a table with named columns. */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { ioMessages } from '../io/messages';
import { emptyFileError, readTable, readText } from '../io/reader';
import type { ContentFeatures } from '../../models/recommend/tower';
import { textFeatures, TEXT_DIM } from './content';
import { fromRows, parseSasrec } from './data';
import { recsCatalog } from './messages';
import { SKIPPED_LINES_SHOWN, type Interactions } from './types';

/**
 * How a file's text was decoded, and what may be wrong with it: `guessed` (not UTF-8; read in the encoding detected
 * from its start), `invalid` (read as UTF-8 from its start, but later bytes are not UTF-8: ids with such bytes may have
 * merged; `line` is the first line with one). Null when the encoding was given, the file is UTF-8 (or has a BOM) or
 * is a workbook.
 */
export type EncodingWarning = { kind: 'guessed'; encoding: string } | { kind: 'invalid'; line: number };

/** An interactions file as read: the interactions, the encoding used (null for a workbook) and any warning about it. */
export type InteractionsFile = Interactions & { encoding: string | null; encodingWarning: EncodingWarning | null };

/** What the decoding of a file suggests, given its lines (1-based line numbers) and whether the encoding was forced. */
function encodingWarning(encoding: string | null, forced: boolean, lines: Iterable<[number, readonly string[]]>): EncodingWarning | null {
  if (forced || encoding === null || /^utf-16/.test(encoding)) return null;
  if (encoding !== 'utf-8') return { kind: 'guessed', encoding };
  // Detection reads the first 64 KB: a file whose first non-ASCII bytes come later is read as UTF-8, and every byte that
  // is not UTF-8 becomes U+FFFD, so two Chinese names can come out as the same id.
  for (const [line, cells] of lines) if (cells.some((c) => c.includes('\ufffd'))) return { kind: 'invalid', line };
  return null;
}

/** Pairs each table row with its line number in the file. */
function* numbered(rows: readonly string[][], rowNumbers: readonly number[] | undefined): Iterable<[number, readonly string[]]> {
  for (const [i, row] of rows.entries()) yield [rowNumbers?.[i] ?? i + 2, row];
}

/**
 * Loads the file in `encoding` (normalised; detected when absent); bad lines (a cell too many, an unclosed quote,
 * no user or item, an unreadable time) are counted in `problems` and named by line, never fatal; a missing column is a
 * user error naming the columns.
 */
export async function loadInteractionsFile(path: string, o: { format: 'sasrec' | 'csv'; user?: string; item?: string; time?: string; encoding?: string; lang: Lang }): Promise<InteractionsFile> {
  if (o.format === 'sasrec') {
    const { text, encoding } = readText(path, { lang: o.lang, encoding: o.encoding });
    // 0 bytes: said as empty, not as a run over no lines that finds nobody to evaluate.
    if (text.length === 0 && statSync(path).size === 0) throw emptyFileError(path, o.lang);
    const d = parseSasrec(text);
    // Not one `user item` line: the file is in another format (a rating or time column, a header of names).
    if (d.problems.lines > 0 && d.problems.badLines === d.problems.lines) {
      const first = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
      throw new EngineError('user_error', tr(recsCatalog, o.lang, 'not_sasrec', { file: basename(path), n: d.problems.lines, line: first.trim().slice(0, 80) }), { file: path });
    }
    const lines = function* (): Iterable<[number, readonly string[]]> {
      for (const [i, l] of text.split(/\r?\n/).entries()) yield [i + 1, [l]];
    };
    return { ...d, encoding, encodingWarning: encodingWarning(encoding, o.encoding !== undefined, lines()) };
  }
  if (!o.user || !o.item) throw new EngineError('user_error', tr(recsCatalog, o.lang, 'need_columns'));
  const broken: number[] = [];
  let firstProblem: ItemsFileContent['firstProblem'] = null;
  const t = await readTable(path, {
    lang: o.lang,
    encoding: o.encoding,
    onProblem: (p) => {
      firstProblem ??= { line: p.row, column: p.column, reason: p.reason };
      broken.push(p.row);
    },
  });
  const col = (name: string): number => {
    const i = t.header.findIndex((h) => h === name || h.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new EngineError('user_error', tr(ioMessages, o.lang, 'no_column', { file: basename(path), column: name, columns: t.header.join(', ') }), { file: path, column: name });
    return i;
  };
  const d = fromRows(t.rows, { user: col(o.user), item: col(o.item), time: o.time ? col(o.time) : null }, t.rowNumbers, broken);
  return { ...d, encoding: t.encoding, encodingWarning: encodingWarning(t.encoding, o.encoding !== undefined, numbered(t.rows, t.rowNumbers)) };
}

/** What an items file gave the interactions' items: their content features and how many matched. */
export interface ItemsFileContent {
  content: ContentFeatures;
  /** Rows read from the file. */
  rows: number;
  /** Items of the interactions with a row (the rest have no text: zero features, learned from behaviour alone). */
  matched: number;
  /** Rows whose id is not an item of the interactions (ignored), and repeated ids (the first row is kept). */
  unknown: number;
  duplicates: number;
  /**
   * Rows the reader could not take (a cell more than the header, an unclosed quote, a cell over the limits), left out
   * and counted as the interactions file's are: `skippedLines` the first SKIPPED_LINES_SHOWN of their line numbers.
   */
  badLines: number;
  skippedLines: number[];
  /** The first of them: where and why, in the caller's language (null when none). */
  firstProblem: { line: number; column: string; reason: string } | null;
  /** The encoding it was read in (null for a workbook) and any warning about it, as for the interactions file. */
  encoding: string | null;
  encodingWarning: EncodingWarning | null;
}

/**
 * Reads a catalogue for `desk recs evaluate --interactions`: one row per item, its id in column `id` (default below)
 * and its text in every other column (title, genres, description…), tokenised as the store's product
 * titles are (content.ts). Items of the interactions without a row get no text. Broken rows are left out and counted
 * (`badLines`, `skippedLines`), never fatal.
 */
export async function loadItemsFile(path: string, itemIds: readonly string[], o: { id?: string; preferId?: string; encoding?: string; lang: Lang }): Promise<ItemsFileContent> {
  // A broken row is left out and named by its line, never the end of the run, as in the interactions file.
  const broken: number[] = [];
  let firstProblem: ItemsFileContent['firstProblem'] = null;
  const t = await readTable(path, {
    lang: o.lang,
    encoding: o.encoding,
    onProblem: (p) => {
      firstProblem ??= { line: p.row, column: p.column, reason: p.reason };
      broken.push(p.row);
    },
  });
  const named = (name: string): number => t.header.findIndex((h) => h === name || h.toLowerCase() === name.toLowerCase());
  // Without --items-id: the interactions' item column when the catalogue has one of that name (movieId in both
  // MovieLens files), else the first column.
  let idCol = o.preferId && named(o.preferId) >= 0 ? named(o.preferId) : 0;
  if (o.id) {
    idCol = named(o.id);
    if (idCol < 0) throw new EngineError('user_error', tr(ioMessages, o.lang, 'no_column', { file: basename(path), column: o.id, columns: t.header.join(', ') }), { file: path, column: o.id });
  }
  const index = new Map(itemIds.map((id, i) => [id, i]));
  const parts: (string | null)[][] = itemIds.map(() => []);
  const seen = new Set<number>();
  let unknown = 0;
  let duplicates = 0;
  for (const row of t.rows) {
    const i = index.get((row[idCol] ?? '').trim());
    if (i === undefined) {
      unknown++;
      continue;
    }
    if (seen.has(i)) {
      duplicates++;
      continue;
    }
    seen.add(i);
    parts[i] = row.filter((_, c) => c !== idCol);
  }
  const text = textFeatures(parts.map((p) => ({ parts: p })));
  const encodingWarned = encodingWarning(t.encoding, o.encoding !== undefined, numbered(t.rows, t.rowNumbers));
  const skippedLines = broken.slice(0, SKIPPED_LINES_SHOWN);
  return { content: { text, textDim: TEXT_DIM, image: null, imageDim: 0 }, rows: t.rows.length, matched: seen.size, unknown, duplicates, badLines: broken.length, skippedLines, firstProblem, encoding: t.encoding, encodingWarning: encodingWarned };
}

