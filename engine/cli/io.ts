/** CLI plumbing shared by every command: exit codes, --json output, progress bars on stderr. */
import type { Engine } from '../engine';
import { EngineError, type ErrorPayload } from '../errors';
import { tr, type Lang } from '../i18n';
import type { JobProgress, JobRecord } from '../jobs/types';
import { cliMessages } from './messages';

/** Exit codes: 0 ok, 1 user error, 2 internal error, 3 the store checked is damaged (`desk check`). */
export const EXIT = { ok: 0, user: 1, internal: 2, damaged: 3 } as const;

/** What a command gets: its parsed flags and positionals. */
export interface CommandArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  /** --lang, else DESK_LANG / the OS locale. */
  lang: Lang;
}

/** A CLI command. */
export interface Command {
  name: string;
  usage: string;
  /** One line for `desk --help`, in both languages. */
  summary: Record<Lang, string>;
  /** Flags it takes: name -> type; 'multi' may repeat. */
  flags: Record<string, 'string' | 'boolean' | 'multi'>;
  /** Operation fields given by a flag of another name (`options.ebayCurrency` by `--ebay-currency`), for refusals. */
  fieldFlags?: Record<string, string>;
  run(args: CommandArgs): Promise<unknown>;
}

/** Prints the one JSON document a --json command outputs. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A string flag or undefined. */
export function str(args: CommandArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** A required string flag, else a user error naming it. */
export function required(args: CommandArgs, name: string, cmd: string): string {
  const v = str(args, name);
  if (!v) throw new EngineError('user_error', tr(cliMessages, args.lang, 'required', { cmd, name }));
  return v;
}

/** A numeric flag with a default; a non-number is a user error. */
export function num(args: CommandArgs, name: string, fallback: number): number {
  const v = str(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new EngineError('user_error', tr(cliMessages, args.lang, 'notNumber', { name, value: v }));
  return n;
}

/** Exit code for an error payload. */
export function exitCodeFor(e: ErrorPayload): number {
  return e.code === 'internal' ? EXIT.internal : EXIT.user;
}

function fmtEta(s: number | null, lang: Lang): string {
  if (s === null || !Number.isFinite(s)) return '';
  if (s < 60) return ` ${tr(cliMessages, lang, 'eta_seconds', { s })}`;
  return ` ${tr(cliMessages, lang, 'eta_minutes', { m: Math.floor(s / 60), s: lang === 'zh' ? s % 60 : String(s % 60).padStart(2, '0') })}`;
}

/** A job phase or status in the reader's language (phases the CLI does not know pass through). */
function word(prefix: 'phase' | 'status', v: string | null, lang: Lang): string {
  if (!v) return '';
  const key = `${prefix}_${v}`;
  return key in cliMessages.en ? tr(cliMessages, lang, key) : v;
}

/** Terminal columns a string takes: CJK and full-width characters take two (for tables with Chinese headers). */
export function termColumns(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}

/** padEnd by terminal columns. */
export const padColsEnd = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - termColumns(s)));

/** padStart by terminal columns. */
export const padColsStart = (s: string, w: number): string => ' '.repeat(Math.max(0, w - termColumns(s))) + s;

/** The start of a string that fits in `w` terminal columns (a long SKU or a Chinese group name cut to its column). */
export function clipCols(s: string, w: number): string {
  let out = '';
  for (const ch of s) {
    if (termColumns(out + ch) > w) break;
    out += ch;
  }
  return out;
}

/**
 * A table's lines with columns lined up by terminal width (Chinese headers and names take two columns a character):
 * each column as wide as its widest cell or `minWidths[i]`, right-aligned where `right[i]`; no trailing spaces.
 */
export function tableLines(rows: string[][], o: { right: readonly boolean[]; minWidths?: readonly number[]; sep?: string }): string[] {
  const n = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => Math.max(o.minWidths?.[i] ?? 0, ...rows.map((r) => termColumns(r[i] ?? ''))));
  return rows.map((r) => r.map((c, i) => (o.right[i] ? padColsStart(c, widths[i]) : padColsEnd(c, widths[i]))).join(o.sep ?? ' ').trimEnd());
}

/** Least time between two progress lines that only report a new phase (not a terminal). */
export const PHASE_LINE_MS = 30_000;

/**
 * Draws a job's progress bar on stderr (not a terminal: a line per 10%, and one for a new phase at most every
 * PHASE_LINE_MS).
 */
export function progressBar(label: string, lang: Lang = 'en'): (p: JobProgress) => void {
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  let lastPhase = '';
  let lastLineAt = 0;
  return (raw) => {
    const p = { ...raw, phase: word('phase', raw.phase, lang) };
    // A finished job has no time left to tell: its line ends with how it ended ('(done)', '（完成）').
    const end = p.status !== 'running' ? tr(cliMessages, lang, 'status_end', { status: word('status', p.status, lang) }) : fmtEta(p.etaSeconds, lang);
    const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const pct = Math.round(frac * 100);
    if (tty) {
      const width = 28;
      const filled = Math.round(frac * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      process.stderr.write(`\r${label} ${bar} ${String(pct).padStart(3)}% ${p.phase}${end}\x1b[K`);
      if (p.status !== 'running') process.stderr.write('\n');
    } else {
      // Not a terminal (a log, a pipe): a line per tenth done, and one when the phase moves on (an epoch, a stage) at
      // most every 30 s, so a long tenth still shows the run is alive.
      const decile = Math.floor(pct / 10);
      const now = Date.now();
      const moved = p.phase !== lastPhase && now - lastLineAt >= PHASE_LINE_MS;
      if (decile !== lastDecile || moved || p.status !== 'running') {
        lastDecile = decile;
        lastPhase = p.phase;
        lastLineAt = now;
        process.stderr.write(`${label} ${pct}% ${p.phase}${end}\n`);
      }
    }
  };
}

/** Runs a job to the end with a progress bar; Ctrl-C cancels it. Throws on failure. */
export async function runJobWithProgress(engine: Engine, start: () => JobRecord | Promise<JobRecord>, label: string, opts: { quiet?: boolean } = {}): Promise<JobRecord> {
  const job = await start();
  // Quiet: a job the command has already said all there is to say about (no progress bar to watch).
  const draw = opts.quiet ? (): void => undefined : progressBar(label, engine.lang);
  const onJob = (p: JobProgress): void => {
    if (p.jobId === job.jobId) draw(p);
  };
  engine.on('job', onJob);
  const onSigint = (): void => {
    process.stderr.write(`\n${tr(cliMessages, engine.lang, 'cancelling')}\n`);
    engine.jobs.cancel(job.jobId);
  };
  process.once('SIGINT', onSigint);
  try {
    const done = await engine.jobs.wait(job.jobId);
    if (done.status !== 'succeeded') {
      const err = done.error ?? { code: 'internal', message: `Job ${done.status}` };
      throw new EngineError(err.code === 'cancelled' ? 'cancelled' : (err.code as ErrorPayload['code']), err.message, err.details);
    }
    return done;
  } finally {
    engine.off('job', onJob);
    process.off('SIGINT', onSigint);
  }
}
