/** The list of recently opened stores, kept as JSON in the app's data folder. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './fs/atomic';

/** One recently opened store. */
export interface RecentStore {
  path: string;
  openedAt: string;
  exists: boolean;
}

function file(dataDir: string): string {
  return join(dataDir, 'recent.json');
}

/** Recent stores, newest first. */
export function recentStores(dataDir: string): RecentStore[] {
  if (!existsSync(file(dataDir))) return [];
  try {
    const list = JSON.parse(readFileSync(file(dataDir), 'utf8')) as { path: string; openedAt: string }[];
    return list.map((r) => ({ ...r, exists: existsSync(r.path) }));
  } catch {
    return [];
  }
}

/** Puts a store at the head of the recent list (max 10). */
export function rememberStore(dataDir: string, path: string): void {
  if (path === ':memory:') return;
  const list = recentStores(dataDir).filter((r) => r.path !== path).map(({ path: p, openedAt }) => ({ path: p, openedAt }));
  list.unshift({ path, openedAt: new Date().toISOString() });
  // Atomic: a crash mid-write must not leave a half list (which would read as no recent stores at all).
  writeFileAtomic(file(dataDir), JSON.stringify(list.slice(0, 10), null, 2));
}
