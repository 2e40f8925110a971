/** The `desk` command line: one entry, a table of commands, consistent flags and exit codes. */
import { toErrorPayload, type ErrorPayload } from '../errors';
import { tr, type Lang } from '../i18n';
import { langOf, parseCommandArgs } from './args';
import { EXIT, exitCodeFor, printJson } from './io';
import { commands } from './commands/index';
import { cliMessages } from './messages';

function usage(lang: Lang): string {
  const lines = [tr(cliMessages, lang, 'usageTitle'), '', tr(cliMessages, lang, 'commandsTitle')];
  for (const c of commands) lines.push(`  ${c.usage}`, `      ${c.summary[lang]}`);
  lines.push('', tr(cliMessages, lang, 'usageFooter'));
  return lines.join('\n');
}

/** The line printed for an error: command messages already start with `desk …`, engine messages get the prefix. */
function errorLine(message: string): string {
  const first = message.split('\n')[0];
  return /^desk[ ：:]/.test(first) ? first : `desk: ${first}`;
}

/**
 * An operation's refusal of its input, said as the flag that gave it: "desk recs for: --k 0: Too small…" rather than
 * "Invalid input for recs.forCustomer: k: …". Left as it is where the field is no flag of the command.
 */
function asFlagError(err: ErrorPayload, name: string, rest: string[], lang: Lang): ErrorPayload {
  const d = err.details as { operation?: unknown; issues?: { field: string; message: string }[] } | undefined;
  const cmd = commands.find((c) => c.name === name);
  if (err.code !== 'bad_request' || typeof d?.operation !== 'string' || !d.issues?.length || !cmd) return err;
  const { field, message } = d.issues[0];
  const flag = cmd.fieldFlags?.[field] ?? field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  if (!(flag in cmd.flags)) return err;
  const at = rest.findIndex((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
  const given = at < 0 ? undefined : rest[at].includes('=') ? rest[at].slice(rest[at].indexOf('=') + 1) : rest[at + 1];
  const sub = rest[0] && !rest[0].startsWith('-') ? ` ${rest[0]}` : '';
  // Reworded in the reader's language only: the operation's two-language texts would say the other sentence.
  const { texts: _operationTexts, ...payload } = err;
  return { ...payload, code: 'user_error', message: tr(cliMessages, lang, 'badFlagValue', { cmd: `${name}${sub}`, option: `--${flag}`, value: given ?? '', reason: message }) };
}

/** Runs the CLI with argv (without node and script) and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const lang = langOf(argv);
  const debug = argv.includes('--debug') || process.env.DESK_DEBUG === '1';
  // Global flags may also come before the command: `desk --lang zh info ...`.
  let i = 0;
  while (i < argv.length) {
    if (argv[i] === '--debug' || argv[i].startsWith('--lang=')) i += 1;
    else if (argv[i] === '--lang') i += 2;
    else break;
  }
  const [name, ...rest] = argv.slice(i);
  const wantsJson = rest.includes('--json');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage(lang) + '\n');
    return name ? EXIT.ok : EXIT.user;
  }
  try {
    const cmd = commands.find((c) => c.name === name);
    if (!cmd) {
      const message = tr(cliMessages, lang, 'unknownCommand', { name, list: commands.map((c) => c.name).join(', ') });
      if (wantsJson) printJson({ ok: false, error: { code: 'user_error', message } });
      process.stderr.write(`${message}\n`);
      return EXIT.user;
    }
    const args = parseCommandArgs(cmd, rest, lang);
    if (args.flags.help) {
      process.stdout.write(`${cmd.usage}\n  ${cmd.summary[lang]}\n`);
      return EXIT.ok;
    }
    const out = await cmd.run(args);
    return typeof out === 'number' ? out : EXIT.ok;
  } catch (e) {
    const err = asFlagError(toErrorPayload(e, lang), name, rest, lang);
    if (wantsJson) printJson({ ok: false, error: err });
    if (err.code === 'internal') {
      process.stderr.write(`${tr(cliMessages, lang, 'internal', { message: err.message.split('\n')[0] })}\n`);
      process.stderr.write(debug && e instanceof Error ? `${e.stack}\n` : `${tr(cliMessages, lang, 'debugHint')}\n`);
    } else process.stderr.write(`${errorLine(err.message)}\n`);
    return exitCodeFor(err);
  }
}
