/** `desk recs evaluate`: the models compared offline on a store or an interactions file (the README's contract). */
import { basename, resolve } from 'node:path';
import { EngineError } from '../../errors';
import { durationText, tr, type Catalog, type Lang } from '../../i18n';
import type { EncodingWarning, ItemsFileContent } from '../../recs/file-input';
import type { Protocol } from '../../recs/metrics';
import type { TailReport } from '../../recs/tail-choice';
import type { Interactions } from '../../recs/types';
import type { EvaluateStage } from '../../recs/evaluate';
import { flagError } from '../flag-messages';
import { num, printJson, progressBar, str, type CommandArgs } from '../io';
import { withStore } from '../store-arg';
import { printComparison, transformerFlags, wholeIn } from './recs-shared';

/** A note about the input or the protocol, printed on stderr before any model trains and kept in `--json`'s `warnings`. */
interface Warning {
  code: 'encoding_guessed' | 'encoding_invalid' | 'sampled_short';
  message: string;
  file?: string;
}

// One model's tail-control choice (validation) and its test effect, in the CLI's language. Under sampled100 the test
// item's NDCG@10 is quoted under that protocol, as the table above it is, and the line says so.
function tailLine(lang: Lang, catalog: Catalog, model: string, c: TailReport, protocol: Protocol): string {
  const pct = (x: number): string => (100 * x).toFixed(1);
  const asTable = protocol === 'sampled100' ? c.test.sampled100 : undefined;
  const ndcg = asTable ?? c.test;
  return tr(catalog, lang, 'tail_choice', {
    model, form: tr(catalog, lang, `tail_form_${c.form}`), gamma: c.gamma, validTail: pct(c.tailShare), validPlain: pct(c.plainTailShare), validLoss: pct(c.loss),
    testTail: pct(c.test.tailShare), testPlain: pct(c.test.plainTailShare), testNdcg: ndcg.ndcg.toFixed(4), testPlainNdcg: ndcg.plainNdcg.toFixed(4), testLoss: pct(ndcg.loss),
  }) + (asTable ? tr(catalog, lang, 'tail_test_protocol', { protocol }) : '');
}

/**
 * Progress of `desk recs evaluate` on stderr (stdout keeps the table or the one JSON document): a bar per model with
 * its training phase and time left (a line per 10% when stderr is not a terminal), then one line as each model is
 * done. Runs on large files take many minutes, most of them in the Transformer.
 */
function evaluateProgress(lang: Lang, catalog: Catalog, recsPhase: (lang: Lang, phase: string) => string): { onStage: (s: EvaluateStage) => void; progress: (done: number, total: number, phase: string) => void } {
  let draw: ReturnType<typeof progressBar> | null = null;
  let started = 0;
  let current: EvaluateStage | null = null;
  const show = (done: number, total: number, phase: string, status: 'running' | 'succeeded' = 'running'): void => {
    const frac = total > 0 ? done / total : 0;
    const elapsed = (Date.now() - started) / 1000;
    const etaSeconds = status === 'running' && frac > 0.02 && frac < 1 ? Math.round((elapsed * (1 - frac)) / frac) : null;
    draw?.({ jobId: 'evaluate', kind: 'recs.evaluate', status, done, total, phase, etaSeconds });
  };
  return {
    onStage: (s) => {
      current = s;
      // In Chinese the whole line takes Chinese punctuation: 'pop（1/2）：已训练 …', not 'pop (1/2): 已训练 …'.
      const label = tr(catalog, lang, 'eval_label', { model: s.model, i: s.index, n: s.count });
      if (s.stage === 'training') {
        draw = progressBar(label, lang);
        started = Date.now();
        show(0, 1, tr(catalog, lang, 'eval_training'));
      } else if (s.stage === 'scoring') {
        const phase = tr(catalog, lang, 'eval_scoring', { time: durationText(s.seconds, lang) });
        if (process.stderr.isTTY) show(1, 1, phase);
        else process.stderr.write(`${tr(catalog, lang, 'eval_phase_line', { label, phase })}\n`);
      } else {
        if (draw && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        draw = null;
        process.stderr.write(tr(catalog, lang, s.stage === 'done' ? 'eval_done' : 'eval_failed', { label, time: durationText(s.seconds, lang), ndcg: (s.ndcg ?? 0).toFixed(4) }) + '\n');
      }
    },
    progress: (done, total, phase) => {
      if (current?.stage === 'training') show(done, total, recsPhase(lang, phase));
    },
  };
}

/** The encoding of `--encoding` as the importer names it (gbk → gb18030, utf8 → utf-8), or a user error as `desk import` gives. */
async function encodingFlag(args: CommandArgs): Promise<string | undefined> {
  const given = str(args, 'encoding');
  if (given === undefined) return undefined;
  const { normaliseEncoding } = await import('../../import/encoding');
  const { importMessages } = await import('../../import/messages');
  return normaliseEncoding(given, (e) => tr(importMessages, args.lang, 'bad_encoding', { encoding: e }));
}

/** Runs `desk recs evaluate`. */
export async function evaluateCmd(args: CommandArgs, lang: Lang): Promise<void> {
  const { recsCatalog, recsPhase } = await import('../../recs/messages');
  const { MODEL_NAMES, isModelName } = await import('../../recs/registry');
  const protocol = str(args, 'protocol') ?? 'full';
  if (protocol !== 'full' && protocol !== 'sampled100') throw flagError(lang, 'recs_protocol', { value: protocol });
  // Each model once, in the order given.
  const models = [...new Set((str(args, 'models') ?? MODEL_NAMES.join(',')).split(',').map((s) => s.trim()).filter(Boolean))];
  for (const m of models) if (!isModelName(m)) throw new EngineError('user_error', tr(recsCatalog, lang, 'bad_models', { model: m, valid: MODEL_NAMES.join(', ') }));
  if (!models.length) throw flagError(lang, 'recs_no_models', { valid: MODEL_NAMES.join(', ') });
  const seed = num(args, 'seed', 42);
  const epochs = wholeIn(args, 'epochs', 1, 500);
  const { maxSeconds, ensemble, threads } = transformerFlags(args);
  const encoding = await encodingFlag(args);
  const { evaluateModels } = await import('../../recs/evaluate');
  const { PRODUCT_ENSEMBLE } = await import('../../recs/ensemble');
  const { loadInteractionsFile, loadItemsFile } = await import('../../recs/file-input');
  const { isEvaluable, MIN_EVAL_LENGTH } = await import('../../recs/split');
  const { sampledShortfall } = await import('../../recs/metrics');
  const encodingNote = (w: EncodingWarning | null, file: string): Warning | null =>
    w && { code: `encoding_${w.kind}`, file, message: tr(recsCatalog, lang, `encoding_${w.kind}`, { file: basename(file), ...w }) };
  const run = async (d: Interactions & { encoding?: string | null; encodingWarning?: EncodingWarning | null }, items: ItemsFileContent | null = null, source = ''): Promise<void> => {
    // Read and checked before any model trains, so a long run says at once what it is working on.
    process.stderr.write(tr(recsCatalog, lang, 'problems', { ...d.problems }) + '\n');
    const skipped = d.problems.skippedLines ?? [];
    if (skipped.length) {
      const more = (d.problems.skippedTotal ?? 0) > skipped.length;
      process.stderr.write(tr(recsCatalog, lang, 'skipped_lines', { file: basename(source), lines: skipped.join(', '), more: more ? tr(recsCatalog, lang, 'skipped_more') : '' }) + '\n');
    }
    const interactions = d.seqs.reduce((a, s) => a + s.length, 0);
    const evalUsers = d.seqs.flatMap((s, u) => (isEvaluable(s) ? [u] : []));
    const warnings: Warning[] = [encodingNote(d.encodingWarning ?? null, source), items && encodingNote(items.encodingWarning, resolve(str(args, 'items') ?? ''))].filter((w): w is Warning => w !== null);
    for (const w of warnings) process.stderr.write(w.message + '\n');
    if (!evalUsers.length) {
      throw new EngineError('user_error', tr(recsCatalog, lang, 'nothing_to_evaluate', { source: basename(source), users: d.userIds.length, interactions, min: MIN_EVAL_LENGTH }), source ? { file: source } : undefined);
    }
    // sampled100 cannot draw 100 where fewer items are left: say against how many those customers' items were ranked.
    const sampled = protocol === 'sampled100' ? sampledShortfall(d, evalUsers) : null;
    if (sampled?.short) {
      const ranked = sampled.fewest === sampled.most ? String(sampled.fewest) : `${sampled.fewest}–${sampled.most}`;
      const w: Warning = { code: 'sampled_short', message: tr(recsCatalog, lang, 'sampled_short', { short: sampled.short, users: sampled.users, items: d.itemIds.length, ranked }) };
      warnings.push(w);
      process.stderr.write(w.message + '\n');
    }
    if (items) {
      process.stderr.write(tr(recsCatalog, lang, 'items_file', { rows: items.rows, matched: items.matched, withoutText: d.itemIds.length - items.matched, unknown: items.unknown, duplicates: items.duplicates, items: d.itemIds.length }) + '\n');
      if (items.firstProblem) {
        const file = basename(str(args, 'items') ?? '');
        const more = items.badLines > items.skippedLines.length ? tr(recsCatalog, lang, 'skipped_more') : '';
        process.stderr.write(tr(recsCatalog, lang, 'items_skipped', { file, n: items.badLines, lines: items.skippedLines.join(', '), more, ...items.firstProblem }) + '\n');
      }
    }
    const { onStage, progress } = evaluateProgress(lang, recsCatalog, recsPhase);
    // Each model's tail control (form and γ) is chosen on the validation item and measured on the test item: `tailControl`.
    const rows = await evaluateModels(d, { models: models.filter(isModelName), protocol, seed, tailControl: true, onStage, hooks: { progress }, modelOptions: { sasrec: { ensemble: ensemble ?? PRODUCT_ENSEMBLE, ...(epochs ? { epochs } : {}), ...(maxSeconds ? { maxSeconds } : {}), ...(threads ? { workers: threads } : {}), ...(items ? { content: items.content } : {}) } } });
    const itemsFile = items ? { path: str(args, 'items'), rows: items.rows, matched: items.matched, withoutText: d.itemIds.length - items.matched, unknown: items.unknown, duplicates: items.duplicates, badLines: items.badLines, skippedLines: items.skippedLines, firstProblem: items.firstProblem, encoding: items.encoding } : null;
    const out = { protocol, seed, users: d.userIds.length, items: d.itemIds.length, interactions, problems: d.problems, itemsFile, encoding: d.encoding ?? null, sampled, warnings, models: rows };
    if (args.json) return printJson(out);
    process.stdout.write(tr(recsCatalog, lang, 'eval_summary', { users: out.users, items: out.items, interactions: out.interactions, protocol }) + '\n');
    printComparison(rows, lang, recsCatalog);
    for (const r of rows) if (r.tailControl) process.stdout.write(tailLine(lang, recsCatalog, r.model, r.tailControl, protocol) + '\n');
  };
  const file = str(args, 'interactions');
  if (file) {
    const format = str(args, 'format') ?? 'sasrec';
    if (format !== 'sasrec' && format !== 'csv') throw flagError(lang, 'recs_format', { value: format });
    const d = await loadInteractionsFile(resolve(file), { format, user: str(args, 'user'), item: str(args, 'item'), time: str(args, 'time'), encoding, lang });
    const itemsPath = str(args, 'items');
    return run(d, itemsPath ? await loadItemsFile(resolve(itemsPath), d.itemIds, { id: str(args, 'items-id'), preferId: str(args, 'item'), encoding, lang }) : null, resolve(file));
  }
  if (str(args, 'items')) throw new EngineError('user_error', tr(recsCatalog, lang, 'items_need_interactions'));
  if (encoding !== undefined) throw new EngineError('user_error', tr(recsCatalog, lang, 'encoding_need_file'));
  if (!str(args, 'store')) throw new EngineError('user_error', tr(recsCatalog, lang, 'need_source'));
  const { fromStore, withoutEmpty } = await import('../../recs/data');
  await withStore(args, 'recs evaluate', async (engine) => run(withoutEmpty(fromStore(engine.store.db)), null, resolve(str(args, 'store') as string)));
}
