/** `desk elasticity (--store FILE | --csv FILE --price COL --qty COL ...) [--json]`: price elasticities per SKU. */
import { flagError } from '../flag-messages';
import { resolve } from 'node:path';
import type { ElasticityEstimate, ElasticityResult } from '../../pricing/elasticity-types';
import { withStore } from '../store-arg';
import { printJson, str, type Command, type CommandArgs } from '../io';

function printTable(r: ElasticityResult, lang: 'en' | 'zh'): void {
  const w = (s: string): boolean => process.stdout.write(s + '\n');
  const f = (v: number | null): string => (v === null ? '—' : v.toFixed(2));
  w(`${'SKU'.padEnd(18)} ${'elasticity'.padStart(10)} ${'90% interval'.padStart(16)} ${'raw'.padStart(7)} ${'n'.padStart(5)} level    status`);
  for (const e of r.estimates) {
    const msg = e.status === 'fallback' ? `  ${lang === 'zh' ? e.message_zh : e.message_en}` : '';
    w(`${e.key.slice(0, 18).padEnd(18)} ${f(e.elasticity).padStart(10)} ${`[${f(e.lo)}, ${f(e.hi)}]`.padStart(16)} ${f(e.raw).padStart(7)} ${String(e.nObs).padStart(5)} ${e.level.padEnd(8)} ${e.status}${msg}`);
  }
  for (const p of r.priors) w(`prior ${p.key}: ${p.mean.toFixed(2)} (spread ${p.sd.toFixed(2)}, ${p.nSkus} SKUs)`);
}

async function fromCsv(args: CommandArgs, lang: 'en' | 'zh'): Promise<ElasticityResult> {
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
    const refused = result.estimates.filter((e: ElasticityEstimate) => e.status === 'fallback').length;
    if (refused) process.stderr.write(`${refused} of ${result.estimates.length} refused (price did not vary enough); their prior is shown.\n`);
  },
};
