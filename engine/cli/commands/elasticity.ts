/** `desk elasticity (--store FILE | --csv FILE --price COL --qty COL ...) [--json]`: price elasticities per SKU. */
import { flagError } from '../flag-messages';
import { resolve } from 'node:path';
import type { ElasticityEstimate, ElasticityResult } from '../../pricing/elasticity-types';
import { withStore } from '../store-arg';
import { categoryLabel } from '../../demo/categories';
import { tr, type Lang } from '../../i18n';
import { analysisCliMessages } from '../analysis-messages';
import { clipCols, printJson, str, tableLines, type Command, type CommandArgs } from '../io';

const REASONS = ['flat_price', 'few_levels', 'few_obs', 'implausible', 'singular'] as const;

// A prior's key in words: all products, the typical-retail default, or the category (服装 / Apparel where known).
function priorName(key: string, lang: Lang): string {
  return key === '*' || key === 'default' ? tr(analysisCliMessages, lang, `el_prior_${key}`) : categoryLabel(key, lang);
}

function printTable(r: ElasticityResult, lang: Lang): void {
  const t = (key: string, params: Record<string, unknown> = {}): string => tr(analysisCliMessages, lang, key, params);
  const w = (s: string): boolean => process.stdout.write(s + '\n');
  const f = (v: number | null): string => (v === null ? '—' : v.toFixed(2));
  const head = ['SKU', ...['elasticity', 'interval', 'raw', 'n', 'level', 'status'].map((k) => t(`el_col_${k}`))];
  const body = r.estimates.map((e) => {
    const text = lang === 'zh' ? e.message_zh : e.message_en;
    const msg = text ? `  ${text}` : '';
    return [clipCols(e.key, 18), f(e.elasticity), `[${f(e.lo)}, ${f(e.hi)}]`, f(e.raw), String(e.nObs), t(`el_level_${e.level}`), t(`el_status_${e.status}`) + msg];
  });
  for (const line of tableLines([head, ...body], { right: [false, true, true, true, true, false, false], minWidths: [18, 10, 16, 7, 5, 8] })) w(line);
  for (const p of r.priors) w(t('el_prior', { key: priorName(p.key, lang), mean: p.mean.toFixed(2), sd: p.sd.toFixed(2), n: p.nSkus }));
}

/** The note on refused SKUs: how many, and how many for each reason. */
function refusalNote(estimates: ElasticityEstimate[], lang: Lang): string | null {
  const refused = estimates.filter((e) => e.status === 'fallback');
  if (!refused.length) return null;
  const count = new Map<string, number>();
  for (const e of refused) count.set(e.reason ?? 'singular', (count.get(e.reason ?? 'singular') ?? 0) + 1);
  const known: readonly string[] = REASONS;
  const order = [...REASONS.filter((k) => count.has(k)), ...[...count.keys()].filter((k) => !known.includes(k))];
  const reasons = order.map((k) => tr(analysisCliMessages, lang, known.includes(k) ? `el_reason_${k}` : 'el_reason_other', { k: count.get(k), reason: k }));
  return tr(analysisCliMessages, lang, 'el_refused', { k: refused.length, n: estimates.length, reasons: reasons.join(tr(analysisCliMessages, lang, 'el_reason_sep')) });
}

async function fromCsv(args: CommandArgs, lang: Lang): Promise<ElasticityResult> {
  const { readTable } = await import('../../io/reader');
  const { estimateElasticities } = await import('../../pricing/elasticity');
  const { csvSeries } = await import('../../pricing/elasticity-csv');
  const file = resolve(str(args, 'csv') as string);
  const price = str(args, 'price');
  const qty = str(args, 'qty');
  if (!price || !qty) throw flagError(lang, 'elasticity_cols');
  const controls = str(args, 'controls')?.split(',').map((s) => s.trim()).filter(Boolean);
  const table = await readTable(file, { lang });
  const { series, controlNames } = csvSeries(table, { price, qty, group: str(args, 'group'), category: str(args, 'category'), date: str(args, 'date'), controls }, file, lang);
  return estimateElasticities(series, { controlNames, useControls: args.flags['no-controls'] !== true, shrink: args.flags['no-shrink'] !== true });
}

/** The elasticity command. */
export const elasticityCommand: Command = {
  name: 'elasticity',
  usage: 'desk elasticity (--store FILE [--sku SKU] | --csv FILE --price COL --qty COL [--group COL] [--category COL] [--controls COL,COL] [--date COL]) [--no-controls] [--no-shrink] [--json]',
  summary: {
    en: 'Estimate own-price elasticity per SKU with a 90% interval (refuses when the price never varied)',
    zh: '估计每个 SKU 的自身价格弹性及 90% 区间（价格从未变动时拒绝估计）',
  },
  flags: { store: 'string', sku: 'string', csv: 'string', price: 'string', qty: 'string', group: 'string', category: 'string', controls: 'string', date: 'string', 'no-controls': 'boolean', 'no-shrink': 'boolean' },
  run: async (args) => {
    const lang = args.lang;
    let result: ElasticityResult;
    if (str(args, 'csv')) result = await fromCsv(args, lang);
    else if (str(args, 'store')) {
      result = await withStore(args, 'elasticity', (engine) => engine.invoke('pricing.elasticity', { sku: str(args, 'sku'), useControls: args.flags['no-controls'] !== true, shrink: args.flags['no-shrink'] !== true }));
    } else throw flagError(lang, 'elasticity_source', { usage: elasticityCommand.usage });
    if (args.json) return printJson(result);
    printTable(result, lang);
    const note = refusalNote(result.estimates, lang);
    if (note) process.stderr.write(note + '\n');
  },
};
