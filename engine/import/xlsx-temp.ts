/**
 * exceljs's streaming workbook reader copies worksheets to temporary files (through the `tmp` package) and removes
 * them only when it reaches their end; a read that fails part-way leaves them in the OS temp folder. `withTempCleanup`
 * records every temporary file made while its function runs (in that async context only, so two reads at once keep
 * their own) and removes them when it ends, however it ends.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

type Remove = () => void;
type FileCallback = (err: Error | null, name: string, fd: number, remove: Remove) => void;
interface TmpModule {
  file: (options: unknown, callback?: FileCallback) => void;
}

const scope = new AsyncLocalStorage<Remove[]>();
let hooked = false;

/** Wraps `tmp.file` of the copy of `tmp` exceljs loads, once per process. */
function hook(): void {
  if (hooked) return;
  hooked = true;
  const fromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
  const tmp = fromExceljs('tmp') as TmpModule;
  const original = tmp.file;
  tmp.file = function file(options: unknown, callback?: FileCallback): void {
    const cb = (typeof options === 'function' ? options : callback) as FileCallback;
    const made = scope.getStore();
    const recorded: FileCallback = (err, name, fd, remove) => {
      if (!err && made) made.push(remove);
      cb(err, name, fd, remove);
    };
    if (typeof options === 'function') original.call(this, recorded);
    else original.call(this, options, recorded);
  };
}

/** Runs `f`, then removes the temporary files exceljs made during it that are still there. */
export async function withTempCleanup<T>(f: () => Promise<T>): Promise<T> {
  hook();
  const made: Remove[] = [];
  try {
    return await scope.run(made, f);
  } finally {
    for (const remove of made) {
      try {
        remove();
      } catch {
        // Already removed by exceljs (tmp's remove callback runs once) or gone: nothing to do.
      }
    }
  }
}
