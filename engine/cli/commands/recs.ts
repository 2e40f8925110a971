/** `desk recs train|for|export|evaluate`: recommendations on a store or an interactions file. */
import { flagError } from '../flag-messages';
import { basename, resolve } from 'node:path';
import { EngineError } from '../../errors';
import { tr, type Catalog, type Lang } from '../../i18n';
import type { ItemsFileContent } from '../../recs/file-input';
import type { TailReport } from '../../recs/tail-choice';
import { withStore } from '../store-arg';
import type { EvaluateStage } from '../../recs/evaluate';
import { num, padColsEnd, padColsStart, printJson, progressBar, runJobWithProgress, str, termColumns, type Command, type CommandArgs } from '../io';

const USAGE = [
  'desk recs train --store FILE [--max-seconds N] [--ensemble K] [--threads N] [--json]',
  'desk recs for --store FILE (--customer ID | --sku SKU) [--k 10] [--tail G] [--json]',
  'desk recs export --store FILE --out FILE [--k 10] [--tail G] [--list recommended|revisit]',
  'desk recs evaluate (--store FILE | --interactions FILE --format sasrec|csv [--user COL --item COL --time COL] [--items FILE [--items-id COL]]) [--protocol full|sampled100] [--models LIST] [--seed N] [--epochs N] [--max-seconds N] [--ensemble K] [--threads N] [--json]',
].join('\n       ');

interface Row {
  model: string;
  hr: number;
  ndcg: number;
  coverage: number;
  tailShare: number;
  trainSeconds: number;
  skipped: string | null;
  users?: number;
  ndcgNew?: number;
  newTargets?: number;
}


function printComparison(rows: Row[], lang: Lang, catalog: Catalog): void {
  const w = (s: string): boolean => process.stdout.write(s + '\n');
  const h = (key: string): string => tr(catalog, lang, key);
  // Where some held-out items repeat the customer's history, a column scores the others (what the lists can show).
  const ref = rows.find((r) => !r.skipped && r.users !== undefined && r.newTargets !== undefined);
  const repeats = ref && (ref.newTargets as number) < (ref.users as number) ? ref : null;
  // The column is as wide as its heading ("新接触 NDCG" takes 11 terminal columns), so the figures stay under it.
  const newWidth = Math.max(9, termColumns(h('col_new')));
  const extra = (r: Row): string => (repeats ? ` ${(repeats.newTargets ? (r.ndcgNew ?? 0).toFixed(4) : '—').padStart(newWidth)}` : '');
  w(`${padColsEnd(h('col_model'), 11)} ${'HR@10'.padStart(7)} ${'NDCG@10'.padStart(8)} ${padColsStart(h('col_cover'), 9)} ${padColsStart(h('col_tail'), 6)} ${padColsStart(h('col_train'), 8)}${repeats ? ` ${padColsStart(h('col_new'), newWidth)}` : ''}`);
  for (const r of rows) {
    if (r.skipped) w(`${r.model.padEnd(11)} ${tr(catalog, lang, 'row_skipped', { reason: r.skipped })}`);
    else w(`${r.model.padEnd(11)} ${r.hr.toFixed(4).padStart(7)} ${r.ndcg.toFixed(4).padStart(8)} ${r.coverage.toFixed(4).padStart(9)} ${(100 * r.tailShare).toFixed(1).padStart(5)}% ${r.trainSeconds.toFixed(1).padStart(8)}${extra(r)}`);
  }
  if (repeats) {
    const users = repeats.users as number;
    const fresh = repeats.newTargets as number;
    w(fresh ? tr(catalog, lang, 'repeats_note', { share: ((100 * (users - fresh)) / users).toFixed(1), users: fresh }) : tr(catalog, lang, 'repeats_none'));
  }
}

// One model's tail-control choice (validation) and its test effect, in the CLI's language.
function tailLine(lang: Lang, catalog: Catalog, model: string, c: TailReport): string {
  const pct = (x: number): string => (100 * x).toFixed(1);
  return tr(catalog, lang, 'tail_choice', {
    model, form: tr(catalog, lang, `tail_form_${c.form}`), gamma: c.gamma, validTail: pct(c.tailShare), validPlain: pct(c.plainTailShare), validLoss: pct(c.loss),
    testTail: pct(c.test.tailShare), testPlain: pct(c.test.plainTailShare), testNdcg: c.test.ndcg.toFixed(4), testPlainNdcg: c.test.plainNdcg.toFixed(4), testLoss: pct(c.test.loss),
  });
}

/**
 * The Transformer's training budget: `--max-seconds N` (shared by the ensemble's members; a member starts only when it
 * has time to finish), `--ensemble K` (at most K members, 1-5) and `--threads N` (members trained side by side, 1-8;
 * default one per core on the wasm and cpu backends).
 */
function transformerFlags(args: CommandArgs): { maxSeconds?: number; ensemble?: number; threads?: number } {
  const maxSeconds = wholeIn(args, 'max-seconds', 1, 3600);
  const ensemble = wholeIn(args, 'ensemble', 1, 5);
  const threads = wholeIn(args, 'threads', 1, 8);
  return { ...(maxSeconds ? { maxSeconds } : {}), ...(ensemble ? { ensemble } : {}), ...(threads ? { threads } : {}) };
}

/** A whole-number flag inside its documented range, else a user error naming it (absent: undefined). */
function wholeIn(args: CommandArgs, name: string, min: number, max: number): number | undefined {
  const raw = str(args, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw flagError(args.lang, 'flag_range', { cmd: `recs ${args.positionals[0] ?? ''}`.trim(), name, min, max, value: raw });
  return v;
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
      const label = `${s.model} (${s.index}/${s.count})`;
      if (s.stage === 'training') {
        draw = progressBar(label, lang);
        started = Date.now();
        show(0, 1, tr(catalog, lang, 'eval_training'));
      } else if (s.stage === 'scoring') {
        const phase = tr(catalog, lang, 'eval_scoring', { seconds: s.seconds.toFixed(1) });
        if (process.stderr.isTTY) show(1, 1, phase);
        else process.stderr.write(`${label}: ${phase}\n`);
      } else {
        if (draw && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        draw = null;
        process.stderr.write(tr(catalog, lang, s.stage === 'done' ? 'eval_done' : 'eval_failed', { label, seconds: s.seconds.toFixed(1), ndcg: (s.ndcg ?? 0).toFixed(4) }) + '\n');
      }
    },
    progress: (done, total, phase) => {
      if (current?.stage === 'training') show(done, total, recsPhase(lang, phase));
    },
  };
}

async function evaluateCmd(args: CommandArgs, lang: Lang): Promise<void> {
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
  const { evaluateModels } = await import('../../recs/evaluate');
  const { PRODUCT_ENSEMBLE } = await import('../../recs/ensemble');
  const { loadInteractionsFile, loadItemsFile } = await import('../../recs/file-input');
  const { isEvaluable, MIN_EVAL_LENGTH } = await import('../../recs/split');
  const run = async (d: Awaited<ReturnType<typeof loadInteractionsFile>>, items: ItemsFileContent | null = null, source = ''): Promise<void> => {
    // Read and checked before any model trains, so a long run says at once what it is working on.
    process.stderr.write(tr(recsCatalog, lang, 'problems', { ...d.problems }) + '\n');
    const skipped = d.problems.skippedLines ?? [];
    if (skipped.length) {
      const more = (d.problems.skippedTotal ?? 0) > skipped.length;
      process.stderr.write(tr(recsCatalog, lang, 'skipped_lines', { file: basename(source), lines: skipped.join(', '), more: more ? tr(recsCatalog, lang, 'skipped_more') : '' }) + '\n');
    }
    const interactions = d.seqs.reduce((a, s) => a + s.length, 0);
    if (!d.seqs.some(isEvaluable)) {
      throw new EngineError('user_error', tr(recsCatalog, lang, 'nothing_to_evaluate', { source: basename(source), users: d.userIds.length, interactions, min: MIN_EVAL_LENGTH }), source ? { file: source } : undefined);
    }
    if (items) process.stderr.write(tr(recsCatalog, lang, 'items_file', { rows: items.rows, matched: items.matched, withoutText: d.itemIds.length - items.matched, unknown: items.unknown, duplicates: items.duplicates, items: d.itemIds.length }) + '\n');
    const { onStage, progress } = evaluateProgress(lang, recsCatalog, recsPhase);
    // Each model's tail control (form and γ) is chosen on the validation item and measured on the test item: `tailControl`.
    const rows = await evaluateModels(d, { models: models.filter(isModelName), protocol, seed, tailControl: true, onStage, hooks: { progress }, modelOptions: { sasrec: { ensemble: ensemble ?? PRODUCT_ENSEMBLE, ...(epochs ? { epochs } : {}), ...(maxSeconds ? { maxSeconds } : {}), ...(threads ? { workers: threads } : {}), ...(items ? { content: items.content } : {}) } } });
    const itemsFile = items ? { path: str(args, 'items'), rows: items.rows, matched: items.matched, withoutText: d.itemIds.length - items.matched, unknown: items.unknown, duplicates: items.duplicates } : null;
    const out = { protocol, seed, users: d.userIds.length, items: d.itemIds.length, interactions, problems: d.problems, itemsFile, models: rows };
    if (args.json) return printJson(out);
    process.stdout.write(tr(recsCatalog, lang, 'eval_summary', { users: out.users, items: out.items, interactions: out.interactions, protocol }) + '\n');
    printComparison(rows, lang, recsCatalog);
    for (const r of rows) if (r.tailControl) process.stdout.write(tailLine(lang, recsCatalog, r.model, r.tailControl) + '\n');
  };
  const file = str(args, 'interactions');
  if (file) {
    const format = str(args, 'format') ?? 'sasrec';
    if (format !== 'sasrec' && format !== 'csv') throw flagError(lang, 'recs_format', { value: format });
    const d = await loadInteractionsFile(resolve(file), { format, user: str(args, 'user'), item: str(args, 'item'), time: str(args, 'time'), lang });
    const itemsPath = str(args, 'items');
    return run(d, itemsPath ? await loadItemsFile(resolve(itemsPath), d.itemIds, { id: str(args, 'items-id'), preferId: str(args, 'item'), lang }) : null, resolve(file));
  }
  if (str(args, 'items')) throw new EngineError('user_error', tr(recsCatalog, lang, 'items_need_interactions'));
  if (!str(args, 'store')) throw new EngineError('user_error', tr(recsCatalog, lang, 'need_source'));
  const { fromStore, withoutEmpty } = await import('../../recs/data');
  await withStore(args, 'recs evaluate', async (engine) => run(withoutEmpty(fromStore(engine.store.db)), null, resolve(str(args, 'store') as string)));
}

/** One ranked list, a line per item: rank, SKU, title and reason. */
function printList(items: readonly { rank: number; sku: string; title: string; reason: string }[]): void {
  for (const it of items) process.stdout.write(`${String(it.rank).padStart(3)}  ${it.sku.padEnd(14)} ${it.title}  — ${it.reason}\n`);
}

/** The recs command. */
export const recsCommand: Command = {
  name: 'recs',
  usage: USAGE,
  summary: {
    en: 'Recommendations: train and compare models, per-customer and per-product lists, export, offline evaluation',
    zh: '推荐：训练并比较模型、按顾客和商品的推荐列表、导出、离线评估',
  },
  flags: { items: 'string', 'items-id': 'string', store: 'string', customer: 'string', sku: 'string', k: 'string', tail: 'string', out: 'string', list: 'string', interactions: 'string', format: 'string', user: 'string', item: 'string', time: 'string', protocol: 'string', models: 'string', seed: 'string', epochs: 'string', 'max-seconds': 'string', ensemble: 'string', threads: 'string' },
  run: async (args) => {
    const lang = args.lang;
    const sub = args.positionals[0];
    const k = num(args, 'k', 10);
    const tail = num(args, 'tail', 0);
    switch (sub) {
      case 'train': {
        const job = await withStore(args, 'recs train', (engine) => runJobWithProgress(engine, () => engine.invoke('recs.train.start', transformerFlags(args)), 'recs'));
        const res = job.result as { runId: string; primary: string; primaryBy?: 'new' | 'all'; comparison: Row[]; fallback: string | null; tailEffect: { gamma: number; ndcg: number; tailShare: number }[]; tailForm?: string };
        if (args.json) return printJson(res);
        const { recsCatalog } = await import('../../recs/messages');
        const { MIN_EVAL_CUSTOMERS, MIN_INTERACTIONS } = await import('../../recs/store-run');
        const { MIN_EVAL_LENGTH } = await import('../../recs/split');
        // Why the Transformer did not train (the screen shows the same line).
        if (res.fallback) process.stdout.write(tr(recsCatalog, lang, `fallback_${res.fallback}`, { customers: MIN_EVAL_CUSTOMERS, events: MIN_INTERACTIONS }) + '\n');
        // Nobody to measure on: a table of zeros would read as models that fail, so say what is missing instead.
        if (res.comparison.every((r) => r.users === 0)) {
          process.stdout.write(tr(recsCatalog, lang, 'nothing_measured', { min: MIN_EVAL_LENGTH }) + '\n');
          return;
        }
        printComparison(res.comparison, lang, recsCatalog);
        process.stdout.write(tr(recsCatalog, lang, res.primaryBy === 'new' ? 'lists_from_new' : 'lists_from_all', { model: res.primary }) + '\n');
        const form = tr(recsCatalog, lang, `tail_form_${res.tailForm ?? 'discount'}`);
        for (const t of res.tailEffect) process.stdout.write(tr(recsCatalog, lang, 'tail_step', { form, gamma: t.gamma, ndcg: t.ndcg.toFixed(4), tail: (100 * t.tailShare).toFixed(1) }) + '\n');
        return;
      }
      case 'for': {
        const customer = str(args, 'customer');
        const sku = str(args, 'sku');
        if (!customer && !sku) throw flagError(lang, 'recs_for', { usage: USAGE });
        return withStore(args, 'recs for', async (engine) => {
          if (customer) {
            const r = await engine.invoke('recs.forCustomer', { customer, k, tail });
            if (args.json) return printJson(r);
            printList(r.items);
            if (r.revisit.length) {
              const { recsCatalog } = await import('../../recs/messages');
              process.stdout.write(`${tr(recsCatalog, lang, 'revisit_heading')}\n`);
              printList(r.revisit);
            }
            return;
          }
          const r = await engine.invoke('recs.forProduct', { sku: sku as string, k });
          if (args.json) return printJson(r);
          const { recsCatalog } = await import('../../recs/messages');
          for (const [name, list] of [['similar_heading', r.similar], ['together_heading', r.together]] as const) {
            process.stdout.write(`${tr(recsCatalog, lang, name)}\n`);
            printList(list);
          }
        });
      }
      case 'export': {
        const out = str(args, 'out');
        if (!out) throw flagError(lang, 'recs_export', { usage: USAGE });
        const list = str(args, 'list') ?? 'recommended';
        if (list !== 'recommended' && list !== 'revisit') throw flagError(lang, 'recs_list', { value: list, usage: USAGE });
        return withStore(args, 'recs export', async (engine) => {
          const path = resolve(out);
          const r = await engine.invoke('recs.export', { path, k, tail, list, format: /\.json$/i.test(path) ? 'json' : 'csv' });
          if (args.json) return printJson(r);
          const { recsCatalog } = await import('../../recs/messages');
          process.stdout.write(tr(recsCatalog, lang, list === 'revisit' ? 'exported_revisit' : 'exported', { rows: r.rows, customers: r.customers, path: r.path }) + '\n');
        });
      }
      case 'evaluate':
        return evaluateCmd(args, lang);
      default:
        throw flagError(lang, 'recs_sub', { value: sub ?? '', usage: USAGE });
    }
  },
};
