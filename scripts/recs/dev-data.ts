/** Development: the interactions the dev scripts read (MovieLens ratings as the product's CSV import reads them, or a store). */
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { fromStore, withoutEmpty } from '../../engine/recs/data';
import { loadInteractionsFile } from '../../engine/recs/file-input';
import type { Interactions } from '../../engine/recs/types';

/** A MovieLens ratings.csv (userId, movieId, timestamp), time-ordered per user. */
export function movieLens(file: string): Promise<Interactions> {
  return loadInteractionsFile(resolve(file), { format: 'csv', user: 'userId', item: 'movieId', time: 'timestamp', lang: 'en' });
}

/** `--store FILE` (the store's customers, as `desk recs train` reads them; also its product ids) or a ratings file (the first argument). */
export async function storeOrRatings(args: readonly string[]): Promise<{ d: Interactions; db: Database.Database | null; productDbIds: number[] | null }> {
  const at = args.indexOf('--store');
  if (at < 0) return { d: await movieLens(args[0]), db: null, productDbIds: null };
  const db = new Database(args[at + 1], { readonly: true });
  const all = fromStore(db);
  return { d: withoutEmpty(all), db, productDbIds: all.productDbIds };
}
