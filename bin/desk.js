#!/usr/bin/env node
// Entry of the `desk` command. Runs the prebuilt engine (engine/dist/cli.mjs from `npm run build`) when it is up to
// date with the sources, else the TypeScript sources through tsx (development). Closed pipes end quietly; crashes
// print one line, and the stack only with --debug.
import { fileURLToPath } from 'node:url';
import { bundleIsFresh } from './bundle-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const debug = argv.includes('--debug') || process.env.DESK_DEBUG === '1';

// The engine's log lines are JSON for operators: quiet for a person at a terminal, everything with --debug.
// `desk serve` is a server and keeps warnings. DESK_LOG set by the caller wins.
process.env.DESK_LOG ??= debug ? 'debug' : argv[0] === 'serve' ? 'warn' : 'silent';

// `desk info | head -3`: the reader went away; nothing left to say to it, and that is not a failure.
const onStreamError = (e) => {
  if (e && (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED')) process.exit(0);
  throw e;
};
process.stdout.on('error', onStreamError);
process.stderr.on('error', onStreamError);

// Registered before any library adds its own (the wasm backend's rethrows and prints its minified source, exit 7).
const crash = (e) => {
  if (e && e.code === 'EPIPE') process.exit(0);
  try {
    const text = debug && e instanceof Error ? e.stack : String(e instanceof Error ? e.message : e).split('\n')[0];
    process.stderr.write(`desk: internal error: ${text}\n${debug ? '' : '(run again with --debug for details)\n'}`);
  } catch {
    // stderr is gone too
  }
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// Started with an IPC channel (`npm start`): when the parent ends, however it ends, the channel closes and this
// process stops as if sent SIGTERM (`desk serve` closes its server and store first).
if (process.send) {
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.channel?.unref();
}

let runCli;
if (process.env.DESK_FROM_SOURCE !== '1' && bundleIsFresh(root)) {
  if (debug) process.setSourceMapsEnabled(true);
  ({ runCli } = await import('../engine/dist/cli.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../engine/cli/main.ts'));
}
process.exitCode = await runCli(argv);
