/** `desk init --store FILE [--json]`: creates an empty store, so a merchant can begin with their own files. */
import { existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import { IMPORT_KIND_NAMES } from '../../import/kinds/index';
import { defaultDataDir } from '../../paths';
import { printJson, required, type Command } from '../io';
import { cliMessages } from '../messages';
import { newEngine } from '../store-arg';
import { makeDirs } from '../../fs/mkdirs';

/** The init command. */
export const initCommand: Command = {
  name: 'init',
  usage: 'desk init --store FILE [--json]',
  summary: {
    en: 'Create an empty store for your own shop (then `desk import KIND FILE --store FILE`); never overwrites a file',
    zh: '为自己的店铺新建一个空的店铺文件（然后运行 `desk import KIND FILE --store FILE`）；不会覆盖已有文件',
  },
  flags: { store: 'string' },
  run: async (args) => {
    const path = resolve(required(args, 'store', 'init'));
    if (existsSync(path)) throw new EngineError('user_error', tr(cliMessages, args.lang, 'init_exists', { path }));
    makeDirs(dirname(path));
    const dataDir = defaultDataDir();
    const engine = await newEngine(args, dataDir);
    let ok = false;
    try {
      const store = await engine.open(path, { create: true });
      // `npm start` and the desktop app open the most recent store: the new one.
      const { rememberStore } = await import('../../recent');
      rememberStore(dataDir, store.path);
      ok = true;
      if (args.json) return printJson({ path: store.path, schemaVersion: store.schemaVersion });
      process.stdout.write(`${tr(cliMessages, args.lang, 'init_done', { path: store.path, version: store.schemaVersion })}\n`);
      process.stdout.write(`${tr(cliMessages, args.lang, 'init_next', { path: store.path, kinds: IMPORT_KIND_NAMES.join(', ') })}\n`);
    } finally {
      await engine.close();
      // A failed init leaves no store behind (the file did not exist before: checked above), so trying again works.
      if (!ok) for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
      // Loaded here, not at the top: every command's module loads for `desk --help`, and this one pulls in the logger.
      (await import('../../fs/leftovers')).removeEmptyPendingDir(path);
    }
  },
};
