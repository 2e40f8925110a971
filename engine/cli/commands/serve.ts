/** `desk serve --store FILE [--port N] [--open]`: the app in the browser over the loopback transport. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import { securityCatalog } from '../../security/messages';
import { defaultDataDir } from '../../paths';
import { engineFileUrl } from '../../bundle-paths';
import { flagError } from '../flag-messages';
import { num, printJson, str, type Command } from '../io';
import { cliMessages } from '../messages';
import { newEngine } from '../store-arg';

/** Folder of the built renderer. */
export const RENDERER_DIST = fileURLToPath(engineFileUrl('../renderer/dist'));

/** The serve command. */
export const serveCommand: Command = {
  name: 'serve',
  usage: 'desk serve [--store FILE] [--port N] [--open] [--data-dir DIR] [--max-upload-mb N (default 512, or DESK_MAX_UPLOAD_MB)]',
  summary: { en: 'Serve the app and its API on 127.0.0.1 and print the URL to open', zh: '在 127.0.0.1 上提供应用及其 API，并打印要打开的网址' },
  flags: { store: 'string', port: 'string', open: 'boolean', 'data-dir': 'string', 'max-upload-mb': 'string' },
  run: async (args) => {
    // Checked first: a wrong flag is said before the store is opened.
    const port = num(args, 'port', 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw flagError(args.lang, 'serve_port', { value: str(args, 'port') ?? port });
    const dataDir = resolve(str(args, 'data-dir') ?? defaultDataDir());
    const engine = await newEngine(args, dataDir);
    const { serve } = await import('../../http/server');
    const { rememberStore } = await import('../../recent');
    const storeArg = str(args, 'store');
    if (storeArg) {
      const p = resolve(storeArg);
      if (!existsSync(p)) throw new EngineError('user_error', tr(cliMessages, args.lang, 'serve_notFound', { path: p }));
      await engine.open(p);
      rememberStore(dataDir, p);
      // Warm up once after opening: the dashboard's sales cube is built now, not on the first page load.
      await engine.call('dashboard.summary', { days: 28 });
    }
    const staticDir = existsSync(join(RENDERER_DIST, 'index.html')) ? RENDERER_DIST : undefined;
    if (!staticDir) process.stderr.write(`${tr(cliMessages, args.lang, 'serve_noUi')}\n`);
    const uploadMb = num(args, 'max-upload-mb', Number(process.env.DESK_MAX_UPLOAD_MB ?? 512));
    if (!Number.isFinite(uploadMb) || uploadMb <= 0) throw new EngineError('user_error', tr(securityCatalog, engine.lang, 'upload_limit_flag', { value: uploadMb }));
    let running: Awaited<ReturnType<typeof serve>>;
    try {
      running = await serve({ engine, port, staticDir, token: process.env.DESK_TOKEN, maxUploadBytes: Math.round(uploadMb * 1024 * 1024) });
    } catch (e) {
      // Another program (or another desk) has the port: say which, and how to pick another.
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw flagError(args.lang, 'serve_port_busy', { port });
      throw e;
    }
    if (args.json) printJson({ url: running.appUrl, baseUrl: running.baseUrl, port: running.port, token: running.token, store: storeArg ? resolve(storeArg) : null });
    else process.stdout.write(`${tr(cliMessages, args.lang, 'serve_running', { url: running.appUrl })}\n`);
    if (args.flags.open) {
      const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
      spawn(opener, [running.appUrl], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
    }
    await new Promise<void>((done) => {
      const stop = (): void => {
        void running.close().then(() => engine.close()).then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
