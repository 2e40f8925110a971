/** The list of recently opened stores, kept as JSON in the app's data folder. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// Only the type from the store module: the CLI loads this file for every command (desk --help included), and the
// store module pulls in the database driver and the logger.
import type { StoreFileState } from './db/store';
import { writeFileAtomic } from './fs/atomic';

/** One recently opened store. */
export interface RecentStore {
  path: string;
  openedAt: string;
  /** What the path holds now: only a 'store' can be opened ('missing': deleted or moved; 'not_a_store': replaced). */
  state: StoreFileState;
}

interface Remembered {
  path: string;
  openedAt: string;
}

function isRemembered(r: unknown): r is Remembered {
  return typeof r === 'object' && r !== null && typeof (r as Remembered).path === 'string' && typeof (r as Remembered).openedAt === 'string';
}

function file(dataDir: string): string {
  return join(dataDir, 'recent.json');
}

/** The remembered paths, newest first, as written (no file is looked at). */
export function recentPaths(dataDir: string): Remembered[] {
  if (!existsSync(file(dataDir))) return [];
  try {
    const list = JSON.parse(readFileSync(file(dataDir), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter(isRemembered) : [];
  } catch {
    return [];
  }
}

/** Puts a store at the head of the recent list (max 10). */
export function rememberStore(dataDir: string, path: string): void {
  if (path === ':memory:') return;
  const list = recentPaths(dataDir).filter((r) => r.path !== path).map(({ path: p, openedAt }) => ({ path: p, openedAt }));
  list.unshift({ path, openedAt: new Date().toISOString() });
  // Atomic: a crash mid-write must not leave a half list (which would read as no recent stores at all).
  writeFileAtomic(file(dataDir), JSON.stringify(list.slice(0, 10), null, 2));
}
