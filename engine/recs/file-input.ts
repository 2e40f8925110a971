/** Reads an interactions file for `desk recs evaluate`: SASRec text (`user item` per line) or a table with named columns. */
import { basename } from 'node:path';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { ioMessages } from '../io/messages';
import { readTable, readTextFile } from '../io/reader';
import { fromRows, parseSasrec } from './data';
import { recsCatalog } from './messages';
import type { Interactions } from './types';

/** Loads the file; bad lines are counted in `problems`, a missing column is a user error naming the columns. */
export async function loadInteractionsFile(path: string, o: { format: 'sasrec' | 'csv'; user?: string; item?: string; time?: string; lang: Lang }): Promise<Interactions> {
  if (o.format === 'sasrec') return parseSasrec(readTextFile(path, { lang: o.lang }));
  if (!o.user || !o.item) throw new EngineError('user_error', tr(recsCatalog, o.lang, 'need_columns'));
  const t = await readTable(path, { lang: o.lang });
  const col = (name: string): number => {
    const i = t.header.findIndex((h) => h === name || h.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new EngineError('user_error', tr(ioMessages, o.lang, 'no_column', { file: basename(path), column: name, columns: t.header.join(', ') }), { file: path, column: name });
    return i;
  };
  return fromRows(t.rows, { user: col(o.user), item: col(o.item), time: o.time ? col(o.time) : null });
}
