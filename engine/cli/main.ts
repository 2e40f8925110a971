/** The `desk` command line: one entry, a table of commands, consistent flags and exit codes. */
import { parseArgs } from 'node:util';
import { EngineError, toErrorPayload } from '../errors';
import { EXIT, exitCodeFor, printJson, type Command, type CommandArgs } from './io';
import { commands } from './commands/index';

function usage(): string {
  const lines = ['Merchant Desk — desk <command> [options]', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', 'Every command takes --json (one JSON document on stdout) and --lang en|zh.');
  return lines.join('\n');
}

function parseFor(cmd: Command, argv: string[]): CommandArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    json: { type: 'boolean' },
    lang: { type: 'string' },
    help: { type: 'boolean' },
  };
  for (const [name, kind] of Object.entries(cmd.flags)) {
    options[name] = kind === 'multi' ? { type: 'string', multiple: true } : { type: kind };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { positionals, flags: values as CommandArgs['flags'], json: values.json === true };
  } catch (e) {
    throw new EngineError('user_error', `desk ${cmd.name}: ${(e as Error).message}. Usage: ${cmd.usage}`);
  }
}

/** Runs the CLI with argv (without node and script) and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const wantsJson = rest.includes('--json');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? EXIT.ok : EXIT.user;
  }
  const cmd = commands.find((c) => c.name === name);
  try {
    if (!cmd) throw new EngineError('user_error', `Unknown command '${name}'. Commands: ${commands.map((c) => c.name).join(', ')}`);
    const args = parseFor(cmd, rest);
    if (args.flags.help) {
      process.stdout.write(`${cmd.usage}\n  ${cmd.summary}\n`);
      return EXIT.ok;
    }
    const out = await cmd.run(args);
    return typeof out === 'number' ? out : EXIT.ok;
  } catch (e) {
    const err = toErrorPayload(e);
    if (wantsJson) printJson({ ok: false, error: err });
    const firstLine = err.message.split('\n')[0];
    process.stderr.write(`desk: ${firstLine}\n`);
    if (err.code === 'internal' && process.env.DESK_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return exitCodeFor(err);
  }
}
