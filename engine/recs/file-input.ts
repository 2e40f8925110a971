/** Reads an interactions file for `desk recs evaluate`: SASRec text (`user item` per line) or a table with named columns. */
import { basename } from 'node:path';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { ioMessages } from '../io/messages';
import { readTable, readTextFile } from '../io/reader';
import type { ContentFeatures } from '../../models/recommend/tower';
import { textFeatures, TEXT_DIM } from './content';
import { fromRows, parseSasrec } from './data';
import { recsCatalog } from './messages';
import type { Interactions } from './types';

/** Loads the file; bad lines are counted in `problems`, a missing column is a user error naming the columns. */
export async function loadInteractionsFile(path: string, o: { format: 'sasrec' | 'csv'; user?: string; item?: string; time?: string; lang: Lang }): Promise<Interactions> {
  if (o.format === 'sasrec') {
    const text = readTextFile(path, { lang: o.lang });
    const d = parseSasrec(text);
    // Not one `user item` line: the file is in another format (a rating or time column, a header of names).
    if (d.problems.lines > 0 && d.problems.badLines === d.problems.lines) {
      const first = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
      throw new EngineError('user_error', tr(recsCatalog, o.lang, 'not_sasrec', { file: basename(path), n: d.problems.lines, line: first.trim().slice(0, 80) }), { file: path });
    }
    return d;
  }
  if (!o.user || !o.item) throw new EngineError('user_error', tr(recsCatalog, o.lang, 'need_columns'));
  const t = await readTable(path, { lang: o.lang });
  const col = (name: string): number => {
    const i = t.header.findIndex((h) => h === name || h.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new EngineError('user_error', tr(ioMessages, o.lang, 'no_column', { file: basename(path), column: name, columns: t.header.join(', ') }), { file: path, column: name });
    return i;
  };
  return fromRows(t.rows, { user: col(o.user), item: col(o.item), time: o.time ? col(o.time) : null }, t.rowNumbers);
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
}

/**
 * Reads a catalogue for `desk recs evaluate --interactions`: one row per item, its id in column `id` (default below)
 * and its text in every other column (title, genres, description…), tokenised as the store's product
 * titles are (content.ts). Items of the interactions without a row get no text.
 */
export async function loadItemsFile(path: string, itemIds: readonly string[], o: { id?: string; preferId?: string; lang: Lang }): Promise<ItemsFileContent> {
  const t = await readTable(path, { lang: o.lang });
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
  return { content: { text, textDim: TEXT_DIM, image: null, imageDim: 0 }, rows: t.rows.length, matched: seen.size, unknown, duplicates };
}

