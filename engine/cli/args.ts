/** Reads a command's flags with our own messages (both languages) instead of Node's parseArgs wording. */
import { parseArgs } from 'node:util';
import { EngineError } from '../errors';
import { defaultLang, tr, type Lang } from '../i18n';
import type { Command, CommandArgs } from './io';
import { cliMessages } from './messages';

/** Flags every command takes. */
export const GLOBAL_FLAGS: Command['flags'] = { json: 'boolean', lang: 'string', help: 'boolean', debug: 'boolean' };

/** The language asked for anywhere on the command line (`--lang zh`, `--lang=zh`), else the default. */
export function langOf(argv: string[]): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (v === 'zh' || v === 'en') return v;
  }
  return defaultLang();
}

/** Parses argv (after the command name) against the command's flags; a mistake is a one-line user error. */
export function parseCommandArgs(cmd: Command, argv: string[], lang: Lang): CommandArgs {
  const kinds: Command['flags'] = { ...GLOBAL_FLAGS, ...cmd.flags };
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, kind] of Object.entries(kinds)) options[name] = kind === 'multi' ? { type: 'string', multiple: true } : { type: kind };
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const say = (key: string, params: Record<string, unknown>): EngineError => new EngineError('user_error', tr(cliMessages, lang, key, { cmd: cmd.name, usage: cmd.usage, ...params }));
  const flags: CommandArgs['flags'] = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind === 'option-terminator' || t.kind === 'positional') continue;
    const kind = kinds[t.name];
    if (!kind) throw say('unknownOption', { option: t.rawName });
    if (kind === 'boolean') {
      if (t.value !== undefined) throw say('noValueExpected', { option: t.rawName, value: t.value });
      flags[t.name] = true;
      continue;
    }
    // Without an inline value, parseArgs takes the next word even when it is another flag (`--store --json`).
    // A negative number is a value (`--k -1`), for the command's own range check to refuse by name.
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-') && t.value.length > 1 && !/^-\d/.test(t.value))) throw say('missingValue', { option: t.rawName });
    if (kind === 'multi') flags[t.name] = [...((flags[t.name] as string[] | undefined) ?? []), t.value];
    else flags[t.name] = t.value;
  }
  if (flags.lang !== undefined && flags.lang !== 'en' && flags.lang !== 'zh') throw new EngineError('user_error', tr(cliMessages, lang, 'badLang', { value: flags.lang }));
  return { positionals, flags, json: flags.json === true, lang };
}
