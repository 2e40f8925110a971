/** Opens the store named by --store for a command and closes it afterwards. */
import { resolve } from 'node:path';
import type { Engine } from '../engine';
import { required, type CommandArgs } from './io';
import { defaultDataDir } from '../paths';
import { makeDirs } from '../fs/mkdirs';

/** A new engine on the default data folder, speaking the command's language; loaded on demand so `desk --help` stays fast. */
export async function newEngine(args: CommandArgs, dataDir: string = defaultDataDir()): Promise<Engine> {
  const { Engine } = await import('../engine');
  makeDirs(dataDir);
  return new Engine({ dataDir, lang: args.lang });
}

/** Opens `--store FILE` (which must exist unless `create`), runs `fn`, then closes the engine. */
export async function withStore<T>(args: CommandArgs, cmd: string, fn: (engine: Engine) => Promise<T>, opts: { create?: boolean } = {}): Promise<T> {
  const path = resolve(required(args, 'store', cmd));
  const engine = await newEngine(args);
  await engine.open(path, { create: opts.create ?? false });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
