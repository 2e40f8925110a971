/** `desk export FORMAT --store FILE --out FILE [...]`: marketplace price lists, guardrail-checked. */
import { flagError } from '../flag-messages';
import { resolve } from 'node:path';
import { exportCatalog } from '../../export/messages';
import { EXPORT_ENCODINGS, EXPORT_FORMATS, type ExportEncoding, type ExportFormat } from '../../export/types';
import { tr } from '../../i18n';
import { withStore } from '../store-arg';
import { printJson, required, str, type Command } from '../io';

/** The export command. */
export const exportCommand: Command = {
  name: 'export',
  usage: `desk export ${EXPORT_FORMATS.join('|')} --store FILE --out FILE [--encoding utf8|utf8-bom|gb18030] [--only-changed] [--since DATE] [--mapping ID | --preset taobao|jd|pinduoduo|other] [--shopify-legacy] [--amazon-min-max] [--ebay-site US --ebay-country US --ebay-currency USD --ebay-key auto|itemid|customlabel] [--json]`,
  summary: {
    en: 'Write a price and stock list for a marketplace; rows that would break a guardrail are held back (listed in FILE.held.csv). --only-changed: rows whose price or stock differs from what the last export to that marketplace sent (products.price when never exported); --since DATE: rows whose price changed on or after DATE',
    zh: '为电商平台写出价格和库存表；会触犯价格护栏的行被暂扣（列在 FILE.held.csv 中）。--only-changed：只写价格或库存与上次导出到该平台时不同的行（从未导出时与 products.price 比较）；--since DATE：只写在该日期及之后改过价的行',
  },
  flags: {
    store: 'string', out: 'string', encoding: 'string', 'only-changed': 'boolean', since: 'string', mapping: 'string', preset: 'string',
    'shopify-legacy': 'boolean', 'amazon-min-max': 'boolean', 'ebay-site': 'string', 'ebay-country': 'string', 'ebay-currency': 'string', 'ebay-key': 'string',
  },
  // A refused option is named by its flag: it said "Invalid input for export.run: options.ebayCurrency: …".
  fieldFlags: { 'options.ebaySiteId': 'ebay-site', 'options.ebayCountry': 'ebay-country', 'options.ebayCurrency': 'ebay-currency', 'options.ebayKey': 'ebay-key', mappingId: 'mapping' },
  run: async (args) => {
    const format = args.positionals[0];
    if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw flagError(args.lang, format ? 'export_format_got' : 'export_format', { valid: EXPORT_FORMATS.join(', '), value: format });
    }
    // One column layout: a saved mapping or a preset, not both (the mapping won silently); and only a csv or xlsx has
    // one to choose (the other formats have their marketplace's columns; --preset was silently ignored).
    if (str(args, 'mapping') !== undefined && str(args, 'preset') !== undefined) throw flagError(args.lang, 'export_mapping_preset', { mapping: str(args, 'mapping'), preset: str(args, 'preset') });
    for (const flag of ['preset', 'mapping']) {
      if (str(args, flag) !== undefined && format !== 'csv' && format !== 'xlsx') throw flagError(args.lang, 'export_layout_format', { flag: `--${flag}`, format });
    }
    // No --encoding: the engine takes the one the preset or mapping remembers (Taobao: GB18030), else UTF-8.
    const encoding = str(args, 'encoding');
    if (encoding !== undefined && !(EXPORT_ENCODINGS as readonly string[]).includes(encoding)) throw flagError(args.lang, 'export_encoding', { valid: EXPORT_ENCODINGS.join(', '), value: encoding });
    const mapping = str(args, 'mapping');
    if (mapping !== undefined && !/^\d+$/.test(mapping)) throw flagError(args.lang, 'export_mapping', { value: mapping });
    const out = resolve(required(args, 'out', 'export'));
    const result = await withStore(args, 'export', (engine) =>
      engine.invoke('export.run', {
        format: format as ExportFormat,
        path: out,
        encoding: encoding as ExportEncoding | undefined,
        onlyChanged: args.flags['only-changed'] === true,
        since: str(args, 'since') ?? null,
        mappingId: mapping ? Number(mapping) : undefined,
        preset: str(args, 'preset'),
        options: {
          shopifyLegacy: args.flags['shopify-legacy'] === true,
          amazonMinMax: args.flags['amazon-min-max'] === true,
          ebaySiteId: str(args, 'ebay-site'),
          ebayCountry: str(args, 'ebay-country'),
          ebayCurrency: str(args, 'ebay-currency'),
          ebayKey: str(args, 'ebay-key') as 'auto' | 'itemid' | 'customlabel' | undefined,
        },
      }),
    );
    if (args.json) return printJson(result);
    const lang = args.lang;
    const say = (key: string, params: Record<string, unknown>): void => void process.stdout.write(`${tr(exportCatalog, lang, key, params)}\n`);
    say('cli_written', { n: result.rowsWritten, path: result.path, target: result.targetName[lang] });
    // No row to send: the file has its header alone, and why (it said "0 rows written" and no more).
    if (result.empty) {
      process.stdout.write(`${lang === 'zh' ? result.empty.message_zh : result.empty.message_en}\n`);
      if (result.unchanged > 0) say('cli_empty_all', {});
    }
    if (result.rowsHeld) {
      // Each kind of hold by its own reason: a missing ItemID or another currency is no guardrail's.
      const kinds = ['guardrails', 'no_item_id', 'currency_mismatch', 'no_price'] as const;
      const why = kinds.flatMap((k) => {
        const n = result.held.filter((h) => h.kind === k).length;
        return n ? [tr(exportCatalog, lang, `held_${k}`, { n })] : [];
      });
      say('cli_held', { n: result.rowsHeld, path: result.heldPath, why: why.join(lang === 'zh' ? '，' : ', ') });
      for (const h of result.held.slice(0, 20)) process.stdout.write(`  ${h.sku}: ${h.reasons.map((r) => (lang === 'zh' ? r.message_zh : r.message_en)).join(' ')}\n`);
      if (result.held.length > 20) say('cli_more', { n: result.held.length - 20 });
    }
  },
};
