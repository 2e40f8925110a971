/** Removes temporary files and folders that a process killed mid-write left behind (never those of a live process). */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { log } from '../log';

// Names made by tempPathFor (`.NAME.PID.N.tmp`) and by the model folder writer (`.NAME.PID.tmp`).
export const TEMP_NAME = /^\..+?\.(\d+)(?:\.\d+)?\.tmp(?:-wal|-shm|-journal)?$/;

/** True when a process with this id runs (this one always counts). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes dead processes' temporary names in `dir` (only those starting with `prefix`, when given); returns what it removed. */
export function removeDeadTemps(dir: string, prefix = '.'): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const m = TEMP_NAME.exec(n);
    if (!m || !n.startsWith(prefix) || isAlive(Number(m[1]))) continue;
    rmSync(join(dir, n), { recursive: true, force: true });
    removed.push(join(dir, n));
  }
  return removed;
}

/** Cleans the leftovers of a killed process around one store: its folder's temp copies and its model folders. */
export function cleanStoreLeftovers(storePath: string): string[] {
  if (storePath === ':memory:') return [];
  const dir = dirname(storePath);
  const base = basename(storePath);
  const stem = base.replace(/\.db$/, '');
  const removed = [
    ...removeDeadTemps(dir, `.${stem}.`),
    ...removeDeadTemps(join(dir, `${stem}.models`)),
    ...removeDeadTemps(join(dir, `${stem}.models`, 'pricing')),
    ...removeDeadTemps(join(dir, `${base}.models`)),
  ];
  if (removed.length) log.warn({ removed }, 'removed temporary files left by a stopped app');
  return removed;
}
