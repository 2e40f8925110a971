/** `desk check --store FILE [--json]`: is the store file damaged, and if so what to do (exit 3). */
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { workerEntryUrl } from '../../bundle-paths';
import { checkMessages } from '../../db/check-messages';
import type { CheckPhase, StoreCheck } from '../../db/integrity';
import type { CheckWorkerInput, CheckWorkerMessage } from '../../db/check-worker';
import { storeMessages } from '../../db/messages';
import { EngineError, isErrorCode } from '../../errors';
import { tr, type Lang } from '../../i18n';
import { defaultDataDir } from '../../paths';
import { startPoolThread } from '../../pool-thread';
import { EXIT, printJson, required, type Command } from '../io';

const CHECK_URL = workerEntryUrl('store-check-worker.mjs', 'db/check-boot.mjs');

/** Runs the check in a thread of its own, drawing "Checking FILE (N MB): phase · s" on stderr once it takes over a second. */
async function runCheck(path: string, lang: Lang, dataDir: string): Promise<StoreCheck> {
  const t0 = Date.now();
  const size = (statSync(path).size / 1048576).toFixed(1);
  const tty = process.stderr.isTTY;
  let phase: CheckPhase = 'pages';
  let drawn = false;
  let lastPhaseLine: CheckPhase | null = null;
  const draw = (): void => {
    const seconds = Math.floor((Date.now() - t0) / 1000);
    if (seconds < 1) return;
    const line = tr(checkMessages, lang, 'checking', { file: basename(path), size, phase: tr(checkMessages, lang, `phase_${phase}`), seconds });
    if (tty) process.stderr.write(`\r${line}\x1b[K`);
    else if (lastPhaseLine !== phase) process.stderr.write(`${line}\n`); // a log gets a line per phase, not per second
    lastPhaseLine = phase;
    drawn = true;
  };
  const timer = setInterval(draw, 1000);
  let result: StoreCheck | null = null;
  try {
    const { done } = startPoolThread<CheckWorkerMessage>(CHECK_URL, { path, lang, dataDir } satisfies CheckWorkerInput, 'the store check', (m) => {
      if (m.type === 'phase') phase = m.phase;
      else result = m.result;
    });
    await done.catch((e: Error & { code?: string }) => {
      throw isErrorCode(e.code) ? new EngineError(e.code, e.message) : e;
    });
  } finally {
    clearInterval(timer);
    if (drawn && tty) process.stderr.write('\r\x1b[K');
  }
  if (!result) throw new Error('the store check ended without an answer');
  return result;
}

/** The verdict as lines of text in `lang`. */
export function verdictLines(r: StoreCheck, lang: Lang, dataDir: string): string[] {
  const m = (key: string, p: Record<string, unknown> = {}): string => tr(checkMessages, lang, key, p);
  if (r.ok) return [m('sound', { file: r.file, seconds: r.seconds.toFixed(r.seconds < 1 ? 2 : 1) })];
  const more = r.more ? m('more', { limit: r.limit }) : '';
  const lines = [m('damaged', { file: r.file, count: r.problems.length, more })];
  if (r.damaged.length) {
    const parts = r.damaged.map((d) => (d.type === 'table' ? m('part_table', { table: d.table }) : m('part_index', { table: d.table, name: d.name })));
    lines.push(m('where', { parts: parts.join(lang === 'zh' ? '；' : '; ') }));
  }
  lines.push(m('found'), ...r.problems.map((p) => `  ${p}`), m('risk'), m('todo'));
  if (r.backups.length) lines.push(m('backups'), ...r.backups.map((b) => `  ${b}`));
  else lines.push(m('no_backups', { dir: join(dataDir, 'backups') }));
  return lines;
}

/** The check command. */
export const checkCommand: Command = {
  name: 'check',
  usage: 'desk check --store FILE [--json]',
  summary: { en: checkMessages.en.summary, zh: checkMessages.zh.summary },
  flags: { store: 'string' },
  run: async (args) => {
    const path = resolve(required(args, 'store', 'check'));
    if (!existsSync(path)) throw new EngineError('not_found', tr(storeMessages, args.lang, 'not_found', { path }), { path });
    const dataDir = defaultDataDir();
    const r = await runCheck(path, args.lang, dataDir);
    if (args.json) printJson(r);
    else process.stdout.write(verdictLines(r, args.lang, dataDir).join('\n') + '\n');
    return r.ok ? EXIT.ok : EXIT.damaged;
  },
};
