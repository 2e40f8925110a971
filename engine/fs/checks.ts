/** Checks on paths a user names, made before the file system or SQLite sees them. */
import { statSync } from 'node:fs';
import { both, EngineError } from '../errors';
import { fsMessages } from './messages';

/** True when `path` is an existing regular file; false for folders, devices, bad names and missing paths. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** True when `path` is an existing folder. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Refuses a name with a NUL character: SQLite would cut it there and use another file. */
export function refuseNul(path: string): string {
  if (path.includes('\0')) throw new EngineError('user_error', both(fsMessages, 'null_byte'), { path: path.replace(/\0/g, '\\0') });
  return path;
}
