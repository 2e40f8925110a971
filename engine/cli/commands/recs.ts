/** `desk recs train|for|export|evaluate`: recommendations on a store or an interactions file. */
import { flagError } from '../flag-messages';
import { resolve } from 'node:path';
import { countText, tr } from '../../i18n';
import { withStore } from '../store-arg';
import { printJson, runJobWithProgress, str, type Command, type CommandArgs } from '../io';
import { evaluateCmd } from './recs-evaluate';
import { numberIn, printComparison, RECS_USAGE, RECS_USAGES, transformerFlags, wholeIn, type Row } from './recs-shared';

/** One ranked list, a line per item: rank, SKU, title and reason. */
function printList(items: readonly { rank: number; sku: string; title: string; reason: string }[]): void {
  for (const it of items) process.stdout.write(`${String(it.rank).padStart(3)}  ${it.sku.padEnd(14)} ${it.title}  — ${it.reason}\n`);
}

/** `--k` (list length, as recs.forCustomer and recs.export take it: 1-50) and `--tail` (γ, 0-2), checked by name. */
function listFlags(args: CommandArgs): { k: number; tail: number } {
  return { k: wholeIn(args, 'k', 1, 50) ?? 10, tail: numberIn(args, 'tail', 0, 2) ?? 0 };
}

async function trainCmd(args: CommandArgs): Promise<void> {
  const lang = args.lang;
  const { recsCatalog } = await import('../../recs/messages');
  const { MIN_EVAL_CUSTOMERS, MIN_INTERACTIONS } = await import('../../recs/store-run');
  const { MIN_EVAL_LENGTH } = await import('../../recs/split');
  const { anyCustomerWithEvents } = await import('../../recs/data');
  const say = (key: string, params: Record<string, unknown> = {}): void => void process.stdout.write(tr(recsCatalog, lang, key, params) + '\n');
  let toldNobody = false;
  const job = await withStore(args, 'recs train', async (engine) => {
    // Nobody with enough events to measure on: said at once, before the run (which then only builds the lists it can,
    // in a moment), not after minutes of progress bars for models that cannot be compared.
    const nobody = !anyCustomerWithEvents(engine.store.db, MIN_EVAL_LENGTH);
    if (nobody && !args.json) {
      say('fallback_too_little_history', { customers: MIN_EVAL_CUSTOMERS, events: MIN_INTERACTIONS });
      say('nothing_measured', { min: MIN_EVAL_LENGTH });
      toldNobody = true;
    }
    return runJobWithProgress(engine, () => engine.invoke('recs.train.start', transformerFlags(args)), 'recs', { quiet: nobody });
  });
  const res = job.result as { runId: string; primary: string; primaryBy?: 'new' | 'all'; comparison: Row[]; fallback: string | null; tailEffect: { gamma: number; ndcg: number; tailShare: number }[]; tailForm?: string };
  if (args.json) return printJson(res);
  if (toldNobody) return;
  // Why the Transformer did not train (the screen shows the same line).
  if (res.fallback) say(`fallback_${res.fallback}`, { customers: MIN_EVAL_CUSTOMERS, events: MIN_INTERACTIONS });
  // Nobody to measure on: a table of zeros would read as models that fail, so say what is missing instead.
  if (res.comparison.every((r) => r.users === 0)) return say('nothing_measured', { min: MIN_EVAL_LENGTH });
  printComparison(res.comparison, lang, recsCatalog);
  // The model by its name in the reader's language, its id (the table's first column, --models) beside it.
  const name = tr(recsCatalog, lang, `model_${res.primary}`);
  const model = lang === 'zh' ? `${name}（${res.primary}）` : `${name} (${res.primary})`;
  say(res.primaryBy === 'new' ? 'lists_from_new' : 'lists_from_all', { model });
  const form = tr(recsCatalog, lang, `tail_form_${res.tailForm ?? 'discount'}`);
  for (const t of res.tailEffect) say('tail_step', { form, gamma: t.gamma, ndcg: t.ndcg.toFixed(4), tail: (100 * t.tailShare).toFixed(1) });
}

async function forCmd(args: CommandArgs): Promise<void> {
  const lang = args.lang;
  const customer = str(args, 'customer');
  const sku = str(args, 'sku');
  if (!customer && !sku) throw flagError(lang, 'recs_for', { usage: RECS_USAGES.for });
  // One list at a time: a customer's, or a product's; both given would silently answer only one of them.
  if (customer && sku) throw flagError(lang, 'recs_for_both', { customer, sku, usage: RECS_USAGES.for });
  const { k, tail } = listFlags(args);
  const { recsCatalog } = await import('../../recs/messages');
  return withStore(args, 'recs for', async (engine) => {
    if (customer) {
      const r = await engine.invoke('recs.forCustomer', { customer, k, tail });
      if (args.json) return printJson(r);
      // An empty list says why, and what would fill it, rather than printing nothing.
      if (!r.items.length) process.stdout.write(tr(recsCatalog, lang, r.history.length ? 'no_items' : 'no_history', { id: r.customer.externalId }) + '\n');
      printList(r.items);
      if (r.revisit.length) {
        process.stdout.write(`${tr(recsCatalog, lang, 'revisit_heading')}\n`);
        printList(r.revisit);
      }
      return;
    }
    const r = await engine.invoke('recs.forProduct', { sku: sku as string, k });
    if (args.json) return printJson(r);
    for (const [name, list] of [['similar', r.similar], ['together', r.together]] as const) {
      process.stdout.write(`${tr(recsCatalog, lang, `${name}_heading`)}\n`);
      // An empty list says why under its heading, rather than the next heading following at once.
      if (!list.length) process.stdout.write(`${tr(recsCatalog, lang, `${name}_none`, { sku: r.product.sku })}\n`);
      printList(list);
    }
  });
}

async function exportCmd(args: CommandArgs): Promise<void> {
  const lang = args.lang;
  const out = str(args, 'out');
  if (!out) throw flagError(lang, 'recs_export', { usage: RECS_USAGES.export });
  const list = str(args, 'list') ?? 'recommended';
  if (list !== 'recommended' && list !== 'revisit') throw flagError(lang, 'recs_list', { value: list, usage: RECS_USAGES.export });
  const { k, tail } = listFlags(args);
  return withStore(args, 'recs export', async (engine) => {
    const path = resolve(out);
    const { recsCatalog } = await import('../../recs/messages');
    // A job with a progress line (customers read, then rows written): a workbook of the demo's 49,110 rows takes seconds.
    const job = await runJobWithProgress(engine, () => engine.invoke('recs.export.start', { path, k, tail, list, format: /\.json$/i.test(path) ? 'json' : /\.xlsx$/i.test(path) ? 'xlsx' : 'csv' }), tr(recsCatalog, lang, 'export_label'), { quiet: args.json });
    const r = job.result as { path: string; rows: number; customers: number };
    if (args.json) return printJson(r);
    process.stdout.write(tr(recsCatalog, lang, list === 'revisit' ? 'exported_revisit' : 'exported', { rows: countText(r.rows, lang), customers: countText(r.customers, lang), path: r.path }) + '\n');
  });
}

/** The recs command. */
export const recsCommand: Command = {
  name: 'recs',
  usage: RECS_USAGE,
  summary: {
    en: 'Recommendations: train and compare models, per-customer and per-product lists, export, offline evaluation',
    zh: '推荐：训练并比较模型、按顾客和商品的推荐列表、导出、离线评估',
  },
  flags: { items: 'string', 'items-id': 'string', store: 'string', customer: 'string', sku: 'string', k: 'string', tail: 'string', out: 'string', list: 'string', interactions: 'string', format: 'string', user: 'string', item: 'string', time: 'string', encoding: 'string', protocol: 'string', models: 'string', seed: 'string', epochs: 'string', 'max-seconds': 'string', ensemble: 'string', threads: 'string' },
  run: async (args) => {
    const sub = args.positionals[0];
    switch (sub) {
      case 'train':
        return trainCmd(args);
      case 'for':
        return forCmd(args);
      case 'export':
        return exportCmd(args);
      case 'evaluate':
        return evaluateCmd(args, args.lang);
      default:
        throw flagError(args.lang, 'recs_sub', { value: sub ?? '', usage: 'desk recs train|for|export|evaluate (desk recs --help shows the flags of each)' });
    }
  },
};
