/** `desk import KIND FILE --store FILE [...]`: import a file with a progress bar; one-line errors naming file, row and column. */
import { resolve } from 'node:path';
import { EngineError } from '../../errors';
import { tr, type Lang } from '../../i18n';
import type { ImportResult } from '../../import/runner';
import { IMPORT_KIND_NAMES, findKind } from '../../import/kinds/index';
import { showControls } from '../../import/values';
import { shownFileName } from '../../fs/upload-name';
import type { ImageImportResult } from '../../vision/import/run';
import { printJson, runJobWithProgress, str, type Command, type CommandArgs } from '../io';
import { cliMessages } from '../messages';
import { withStore } from '../store-arg';

function parseMap(args: CommandArgs): Record<string, string> | undefined {
  const raw = args.flags.map;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  if (!list.length) return undefined;
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.lastIndexOf('=');
    if (eq <= 0 || eq === item.length - 1) throw new EngineError('user_error', tr(cliMessages, args.lang, 'import_map', { item }));
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

/** A kind as the reader calls it: its Chinese label in Chinese ("商品"), its name in English ("products"). */
function kindWord(kind: string, lang: Lang): string {
  return lang === 'zh' ? (findKind(kind)?.label.zh ?? kind) : kind;
}

/** The summary printed after an import, in the reader's language. */
export function importSummary(r: ImportResult, lang: Lang): string {
  const t = (key: string, params: Record<string, unknown> = {}): string => tr(cliMessages, lang, key, params);
  const format = [r.format, r.encoding, r.delimiter ? t('import_delimiter', { delimiter: JSON.stringify(r.delimiter) }) : ''].filter(Boolean).join(lang === 'zh' ? '，' : ', ');
  const lines = [
    t(r.dryRun ? 'import_dry' : 'import_done', { kind: kindWord(r.kind, lang), file: r.file }),
    t('import_format', { format }),
    t('import_rows', { total: r.rowsTotal, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected }),
    t('import_columns', { columns: r.mapping.map((m) => `${m.column}→${m.field}`).join(', ') }),
  ];
  // A header and nothing under it succeeds with zeros everywhere: say plainly that there was nothing to import.
  if (r.rowsTotal === 0) lines.push(t('import_no_rows', { file: shownFileName(r.file) }));
  if (r.duplicates > 0) lines.push(t('import_duplicates', { n: r.duplicates }));
  if (r.newRowsCurrency?.note) lines.push(`  ${r.newRowsCurrency.note}`);
  if (r.rejected > 0 && r.inserted + r.updated + r.unchanged === 0) lines.push(t('import_all_rejected', { n: r.rejected }));
  for (const [field, d] of Object.entries(r.dateFormats ?? {})) {
    if (d.ambiguous) lines.push(t('import_ambiguous', { column: r.mapping.find((m) => m.field === field)?.column ?? field }));
  }
  if (r.rejectsFile) lines.push(t(r.dryRun ? 'import_rejectsFile_dry' : 'import_rejectsFile', { file: r.rejectsFile }));
  else if (r.dryRun && r.rejected > 0) lines.push(t('import_rejects_dry'));
  for (const x of r.rejects.slice(0, 5)) lines.push(t('import_reject', { row: x.row, column: x.column, reason: x.reason, value: showControls(x.value) }));
  return lines.join('\n');
}

/** `desk import images PATH`: product photos from a folder or zip, as a job with a progress bar. */
function importImages(args: CommandArgs, file: string): Promise<void> {
  const rejects = str(args, 'rejects');
  const params = { path: resolve(file), skipInvalid: args.flags['skip-invalid'] === true, ...(rejects ? { rejectsPath: resolve(rejects) } : {}) };
  return withStore(args, 'import', async (engine) => {
    const job = await runJobWithProgress(engine, () => engine.invoke('images.import', params), tr(cliMessages, args.lang, 'import_label', { kind: args.lang === 'zh' ? '图片' : 'images' }));
    const r = job.result as ImageImportResult;
    if (args.json) return printJson({ ok: true, jobId: job.jobId, result: r });
    const lines = [tr(cliMessages, args.lang, 'import_images', { file: r.path, files: r.files, inserted: r.inserted, unchanged: r.unchanged, rejected: r.rejected })];
    for (const x of r.shared.slice(0, 5)) lines.push(tr(cliMessages, args.lang, 'import_images_shared', { file: x.file, owner: x.ownerSku, sku: x.sku }));
    if (r.rejectsFile) lines.push(tr(cliMessages, args.lang, 'import_rejectsFile', { file: r.rejectsFile }));
    for (const x of r.rejects.slice(0, 5)) lines.push(`  ${x.file}: ${x.reason}`);
    process.stdout.write(lines.join('\n') + '\n');
  });
}

/** The import command. */
export const importCommand: Command = {
  name: 'import',
  usage: `desk import KIND FILE --store FILE [--map SRC=FIELD]... [--encoding E] [--date-format dmy|mdy|ymd|iso|excel] [--dry-run] [--skip-invalid] [--rejects FILE] [--json]`,
  summary: {
    en: `Import a CSV, TSV or XLSX file (KIND: ${IMPORT_KIND_NAMES.join(', ')}), or product photos from a folder or .zip (KIND: images); start with \`desk init\` for a new store`,
    zh: `导入 CSV、TSV 或 XLSX 文件（KIND：${IMPORT_KIND_NAMES.join('、')}），或从文件夹或 .zip 导入商品照片（KIND：images）；新店铺先运行 \`desk init\``,
  },
  flags: { store: 'string', map: 'multi', encoding: 'string', 'date-format': 'string', 'dry-run': 'boolean', 'skip-invalid': 'boolean', rejects: 'string' },
  run: (args) => {
    const [kind, file] = args.positionals;
    if (!kind || !file) throw new EngineError('user_error', tr(cliMessages, args.lang, 'import_needs', { usage: importCommand.usage }));
    if (kind === 'images') return importImages(args, file);
    if (!IMPORT_KIND_NAMES.includes(kind)) throw new EngineError('user_error', tr(cliMessages, args.lang, 'import_kind', { kind, kinds: IMPORT_KIND_NAMES.join(', ') }));
    const rejects = str(args, 'rejects');
    const params = {
      kind,
      path: resolve(file),
      encoding: str(args, 'encoding'),
      map: parseMap(args),
      dateFormat: str(args, 'date-format'),
      dryRun: args.flags['dry-run'] === true,
      skipInvalid: args.flags['skip-invalid'] === true,
      rejectsPath: rejects ? resolve(rejects) : undefined,
    };
    return withStore(args, 'import', async (engine) => {
      const job = await runJobWithProgress(engine, () => engine.invoke('import.run', params), tr(cliMessages, args.lang, 'import_label', { kind: kindWord(kind, args.lang) }));
      const result = job.result as ImportResult;
      if (args.json) printJson({ ok: true, jobId: job.jobId, result });
      else process.stdout.write(importSummary(result, args.lang) + '\n');
    });
  },
};
