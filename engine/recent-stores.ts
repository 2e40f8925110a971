/** The recent-stores list with what each path holds now (apart from recent.ts, which the CLI loads for every command). */
import { storeFileState } from './db/store';
import { recentPaths, type RecentStore } from './recent';

/** Recent stores, newest first, each with what its path holds now (a file replaced since is not offered as a store). */
export function recentStores(dataDir: string): RecentStore[] {
  return recentPaths(dataDir).map((r) => ({ path: r.path, openedAt: r.openedAt, state: storeFileState(r.path) }));
}
