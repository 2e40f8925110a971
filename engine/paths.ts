/** Where the app keeps its own files when not told otherwise. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The data folder: DESK_DATA_DIR, else ~/.merchant-desk (Electron passes its user-data folder). */
export function defaultDataDir(): string {
  return process.env.DESK_DATA_DIR ?? join(homedir(), '.merchant-desk');
}
