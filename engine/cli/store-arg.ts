/** Opens the store named by --store for a command and closes it afterwards. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Engine } from '../engine';
import { parseLang } from '../i18n';
import { required, type CommandArgs } from './io';
import { defaultDataDir } from '../paths';

/** Opens `--store FILE` (which must exist unless `create`), runs `fn`, then closes the engine. */
export async function withStore<T>(args: CommandArgs, cmd: string, fn: (engine: Engine) => Promise<T>, opts: { create?: boolean } = {}): Promise<T> {
  const path = resolve(required(args, 'store', cmd));
  const dataDir = defaultDataDir();
  mkdirSync(dataDir, { recursive: true });
  const engine = new Engine({ dataDir, lang: parseLang(args.flags.lang) });
  await engine.open(path, { create: opts.create ?? false });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
